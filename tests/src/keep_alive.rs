//! A minimal HTTP/1.1 server on 127.0.0.1 that keeps connections open and answers every
//! request with the same bytes: the far end for load tests and send benchmarks, fast
//! enough that the client is what gets measured.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

/// A running server; it stops when dropped.
pub struct KeepAliveServer {
    pub base_url: String,
    /// Connections accepted so far.
    pub connections: Arc<AtomicUsize>,
    /// Requests answered so far.
    pub requests: Arc<AtomicUsize>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for KeepAliveServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl KeepAliveServer {
    /// Starts answering `status` with `body` as `application/json`, on the current runtime.
    pub async fn start(status: u16, body: &str) -> KeepAliveServer {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind a loopback port");
        let base_url = format!("http://{}", listener.local_addr().expect("bound address"));
        let answer = format!(
            "HTTP/1.1 {status} Canned\r\nContent-Type: application/json\r\nLocation: /messages/1\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        );
        let answer: Arc<[u8]> = answer.into_bytes().into();
        let connections = Arc::new(AtomicUsize::new(0));
        let requests = Arc::new(AtomicUsize::new(0));
        let (opened, answered) = (Arc::clone(&connections), Arc::clone(&requests));
        let task = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                opened.fetch_add(1, Ordering::Relaxed);
                tokio::spawn(serve(stream, Arc::clone(&answer), Arc::clone(&answered)));
            }
        });
        KeepAliveServer {
            base_url,
            connections,
            requests,
            task,
        }
    }

    pub fn connections(&self) -> usize {
        self.connections.load(Ordering::Relaxed)
    }

    pub fn requests(&self) -> usize {
        self.requests.load(Ordering::Relaxed)
    }
}

async fn serve(stream: tokio::net::TcpStream, answer: Arc<[u8]>, answered: Arc<AtomicUsize>) {
    let (read, mut write) = stream.into_split();
    let mut reader = BufReader::new(read);
    let mut line = String::new();
    loop {
        let mut length = 0usize;
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
        answered.fetch_add(1, Ordering::Relaxed);
        if write.write_all(&answer).await.is_err() {
            return;
        }
    }
}
