//! 10,000 sends at concurrency 64 against a local keep-alive server: zero errors, a pooled
//! connection per concurrent caller rather than one per send, and memory that stays flat.
//! Run with `--nocapture` to see the figures.

mod common;

use common::payload;
use generated_client::types::PublicMessageEgg;
use generated_client::{Client, PostThreadMessagesRequest};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Instant;
use tests::keep_alive::KeepAliveServer;

const SENDS: usize = 10_000;
const CONCURRENCY: usize = 64;

/// Resident memory of this process, from /proc (Linux).
fn rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

async fn send_all(client: &Client, egg: &Arc<PostThreadMessagesRequest>, count: usize) -> usize {
    let next = Arc::new(AtomicUsize::new(0));
    let mut workers = Vec::new();
    for _ in 0..CONCURRENCY {
        let (client, egg, next) = (client.clone(), Arc::clone(egg), Arc::clone(&next));
        workers.push(tokio::spawn(async move {
            let mut failures = 0;
            while next.fetch_add(1, Ordering::Relaxed) < count {
                if client.post_thread_messages(&egg).await.is_err() {
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
    let server = KeepAliveServer::start(201, &payload("response-comment.json")).await;
    let client = Client::new("load-test-token")
        .with_base_url(&server.base_url)
        .with_max_retries(0);
    let egg: PublicMessageEgg = serde_json::from_str(&payload("request-comment.json")).unwrap();
    let egg = Arc::new(PostThreadMessagesRequest::new(7340981265, egg));

    // Warm up: fill the pool, let allocators settle, then measure.
    let warm = 1_000;
    assert_eq!(send_all(&client, &egg, warm).await, 0);
    let rss_before = rss_kib();
    let started = Instant::now();
    let failures = send_all(&client, &egg, SENDS).await;
    let elapsed = started.elapsed();
    let rss_after = rss_kib();
    let opened = server.connections();
    eprintln!(
        "load: {SENDS} sends at concurrency {CONCURRENCY} in {:.2} s ({:.0}/s), {failures} errors, {opened} connections opened, RSS {} KiB -> {} KiB",
        elapsed.as_secs_f64(),
        SENDS as f64 / elapsed.as_secs_f64(),
        rss_before.unwrap_or(0),
        rss_after.unwrap_or(0)
    );
    assert_eq!(failures, 0);
    assert_eq!(server.requests(), warm + SENDS);
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
