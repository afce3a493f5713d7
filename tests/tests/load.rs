//! 10,000 sends at concurrency 64 against a local keep-alive server: zero errors, a pooled
//! connection per concurrent caller rather than one per send, and memory that stays flat.
//! Run with `--nocapture` to see the figures.

mod common;

use common::payload;
use generated_client::types::PublicMessageEgg;
use generated_client::Client;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Instant;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

const SENDS: usize = 10_000;
const CONCURRENCY: usize = 64;

/// Answers every request on every connection with the same 201, keeping connections open.
async fn keep_alive_server(
    connections: Arc<AtomicUsize>,
    requests: Arc<AtomicUsize>,
) -> (String, tokio::task::JoinHandle<()>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let body = payload("response-comment.json");
    let answer = format!(
        "HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nLocation: /messages/1\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    let answer: Arc<[u8]> = answer.into_bytes().into();
    let handle = tokio::spawn(async move {
        loop {
            let Ok((stream, _)) = listener.accept().await else {
                return;
            };
            connections.fetch_add(1, Ordering::Relaxed);
            let (answer, requests) = (Arc::clone(&answer), Arc::clone(&requests));
            tokio::spawn(async move {
                let (read, mut write) = stream.into_split();
                let mut reader = BufReader::new(read);
                loop {
                    let mut length = 0usize;
                    let mut line = String::new();
                    loop {
                        line.clear();
                        match reader.read_line(&mut line).await {
                            Ok(0) | Err(_) => return,
                            Ok(_) => {}
                        }
                        if line == "\r\n" {
                            break;
                        }
                        if let Some((name, value)) = line.split_once(':') {
                            if name.eq_ignore_ascii_case("content-length") {
                                length = value.trim().parse().unwrap_or(0);
                            }
                        }
                    }
                    let mut body = vec![0; length];
                    if reader.read_exact(&mut body).await.is_err() {
                        return;
                    }
                    requests.fetch_add(1, Ordering::Relaxed);
                    if write.write_all(&answer).await.is_err() {
                        return;
                    }
                }
            });
        }
    });
    (base, handle)
}

/// Resident memory of this process, from /proc (Linux).
fn rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

async fn send_all(client: &Client, egg: &Arc<PublicMessageEgg>, count: usize) -> usize {
    let next = Arc::new(AtomicUsize::new(0));
    let mut workers = Vec::new();
    for _ in 0..CONCURRENCY {
        let (client, egg, next) = (client.clone(), Arc::clone(egg), Arc::clone(&next));
        workers.push(tokio::spawn(async move {
            let mut failures = 0;
            while next.fetch_add(1, Ordering::Relaxed) < count {
                if client.post_thread_messages(7340981265, &egg).await.is_err() {
                    failures += 1;
                }
            }
            failures
        }));
    }
    let mut failures = 0;
    for worker in workers {
        failures += worker.await.unwrap();
    }
    failures
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ten_thousand_sends_at_concurrency_64() {
    let connections = Arc::new(AtomicUsize::new(0));
    let requests = Arc::new(AtomicUsize::new(0));
    let (base, server) = keep_alive_server(Arc::clone(&connections), Arc::clone(&requests)).await;
    let client = Client::new("load-test-token")
        .with_base_url(base)
        .with_max_retries(0);
    let egg: Arc<PublicMessageEgg> =
        Arc::new(serde_json::from_str(&payload("request-comment.json")).unwrap());

    // Warm up: fill the pool, let allocators settle, then measure.
    let warm = 1_000;
    assert_eq!(send_all(&client, &egg, warm).await, 0);
    let rss_before = rss_kib();
    let started = Instant::now();
    let failures = send_all(&client, &egg, SENDS).await;
    let elapsed = started.elapsed();
    let rss_after = rss_kib();
    server.abort();

    let opened = connections.load(Ordering::Relaxed);
    eprintln!(
        "load: {SENDS} sends at concurrency {CONCURRENCY} in {:.2} s ({:.0}/s), {failures} errors, {opened} connections opened, RSS {} KiB -> {} KiB",
        elapsed.as_secs_f64(),
        SENDS as f64 / elapsed.as_secs_f64(),
        rss_before.unwrap_or(0),
        rss_after.unwrap_or(0)
    );
    assert_eq!(failures, 0);
    assert_eq!(requests.load(Ordering::Relaxed), warm + SENDS);
    assert!(
        opened <= CONCURRENCY * 2,
        "connections are reused: {opened} opened for {} sends",
        warm + SENDS
    );
    if let (Some(before), Some(after)) = (rss_before, rss_after) {
        assert!(
            after < before + 32 * 1024,
            "memory grew from {before} KiB to {after} KiB"
        );
    }
}
