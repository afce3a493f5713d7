//! The generated client's speed, each figure beside its baseline from the same run:
//! decoding against `serde_json::Value` and `serde::de::IgnoredAny` (parse and skip) on the
//! same bytes, encoding, and sends per second against bare reqwest sending the same bytes.
//!
//! `cargo bench -p tests --bench client`

use divan::black_box;
use generated_client::types::{PublicMessage, PublicMessageEgg, ResponseAttachment};
use generated_client::{Client, PostThreadMessagesRequest};
use serde::de::IgnoredAny;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use tests::keep_alive::KeepAliveServer;

fn main() {
    divan::main();
}

fn payload(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("payloads")
        .join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    // Compact, as the API sends it.
    serde_json::from_str::<serde_json::Value>(&text)
        .unwrap()
        .to_string()
}

/// The 2 KB MESSAGE: three attachment kinds, two senders, two recipients, a status.
fn message() -> Vec<u8> {
    payload("response-message.json").into_bytes()
}

/// A page of 50 messages, as a list endpoint returns them.
fn page() -> Vec<u8> {
    let one = payload("response-message.json");
    let items: Vec<&str> = std::iter::repeat_n(one.as_str(), 50).collect();
    format!(
        r#"{{"results":[{}],"paging":{{"next":{{"after":"50"}}}}}}"#,
        items.join(",")
    )
    .into_bytes()
}

#[derive(serde::Deserialize)]
struct Page {
    #[allow(dead_code)]
    results: Vec<PublicMessage>,
}

mod decode_message {
    use super::*;

    #[divan::bench]
    fn typed(b: divan::Bencher) {
        let bytes = message();
        b.counter(divan::counter::BytesCount::new(bytes.len()))
            .bench(|| serde_json::from_slice::<PublicMessage>(black_box(&bytes)).unwrap());
    }

    /// The way the client reads an answer: the sans-IO response function for the
    /// operation that returns one message (status check, then the body decoded).
    #[divan::bench]
    fn client_path(b: divan::Bencher) {
        let bytes = bytes::Bytes::from(message());
        b.counter(divan::counter::BytesCount::new(bytes.len()))
            .bench(|| {
                let response = http::Response::builder()
                    .status(200)
                    .header("content-type", "application/json")
                    .body(black_box(&bytes).clone())
                    .unwrap();
                generated_client::sans_io::get_thread_message_response(response).unwrap()
            });
    }

    #[divan::bench]
    fn value(b: divan::Bencher) {
        let bytes = message();
        b.counter(divan::counter::BytesCount::new(bytes.len()))
            .bench(|| serde_json::from_slice::<serde_json::Value>(black_box(&bytes)).unwrap());
    }

    #[divan::bench]
    fn ignored_any(b: divan::Bencher) {
        let bytes = message();
        b.counter(divan::counter::BytesCount::new(bytes.len()))
            .bench(|| serde_json::from_slice::<IgnoredAny>(black_box(&bytes)).unwrap());
    }
}

mod decode_page_of_50 {
    use super::*;

    #[divan::bench]
    fn typed(b: divan::Bencher) {
        let bytes = page();
        b.counter(divan::counter::BytesCount::new(bytes.len()))
            .bench(|| serde_json::from_slice::<Page>(black_box(&bytes)).unwrap());
    }

    #[divan::bench]
    fn value(b: divan::Bencher) {
        let bytes = page();
        b.counter(divan::counter::BytesCount::new(bytes.len()))
            .bench(|| serde_json::from_slice::<serde_json::Value>(black_box(&bytes)).unwrap());
    }

    #[divan::bench]
    fn ignored_any(b: divan::Bencher) {
        let bytes = page();
        b.counter(divan::counter::BytesCount::new(bytes.len()))
            .bench(|| serde_json::from_slice::<IgnoredAny>(black_box(&bytes)).unwrap());
    }
}

const ATTACHMENTS: &[&str] = &[
    "attachment-file.json",
    "attachment-location.json",
    "attachment-contact.json",
    "attachment-unsupported-content.json",
    "attachment-message-header.json",
    "attachment-quick-replies.json",
    "attachment-whatsapp-template-metadata.json",
    "attachment-social-media-metadata.json",
];

/// The first attachment of a payload, alone.
fn attachment(file: &str) -> Vec<u8> {
    let message: serde_json::Value = serde_json::from_str(&payload(file)).unwrap();
    message["attachments"][0].to_string().into_bytes()
}

mod decode_attachment {
    use super::*;

    #[divan::bench(args = ATTACHMENTS)]
    fn typed(b: divan::Bencher, file: &str) {
        let bytes = attachment(file);
        b.bench(|| serde_json::from_slice::<ResponseAttachment>(black_box(&bytes)).unwrap());
    }

    #[divan::bench(args = ATTACHMENTS)]
    fn value(b: divan::Bencher, file: &str) {
        let bytes = attachment(file);
        b.bench(|| serde_json::from_slice::<serde_json::Value>(black_box(&bytes)).unwrap());
    }

    #[divan::bench(args = ATTACHMENTS)]
    fn ignored_any(b: divan::Bencher, file: &str) {
        let bytes = attachment(file);
        b.bench(|| serde_json::from_slice::<IgnoredAny>(black_box(&bytes)).unwrap());
    }
}

mod encode_request {
    use super::*;

    #[divan::bench]
    fn typed(b: divan::Bencher) {
        let egg: PublicMessageEgg = serde_json::from_str(&payload("request-message.json")).unwrap();
        b.bench(|| serde_json::to_vec(black_box(&egg)).unwrap());
    }

    #[divan::bench]
    fn value(b: divan::Bencher) {
        let value: serde_json::Value =
            serde_json::from_str(&payload("request-message.json")).unwrap();
        b.bench(|| serde_json::to_vec(black_box(&value)).unwrap());
    }
}

/// Sends per batch: 2,000 at concurrency 64 against a local keep-alive server.
const BATCH: usize = 2_000;
const CONCURRENCY: usize = 64;

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap()
}

mod sends_2000_at_64 {
    use super::*;

    /// Through the generated client: encode, send, decode the 201 into `PublicMessage`.
    #[divan::bench(sample_count = 10)]
    fn generated_client(b: divan::Bencher) {
        let rt = runtime();
        let server = rt.block_on(KeepAliveServer::start(
            201,
            &payload("response-comment.json"),
        ));
        let client = Client::new("bench-token")
            .with_base_url(&server.base_url)
            .with_max_retries(0);
        let egg: PublicMessageEgg = serde_json::from_str(&payload("request-comment.json")).unwrap();
        let egg = Arc::new(PostThreadMessagesRequest::new(7340981265, egg));
        b.bench(|| {
            rt.block_on(async {
                let next = Arc::new(AtomicUsize::new(0));
                let workers: Vec<_> = (0..CONCURRENCY)
                    .map(|_| {
                        let (client, egg, next) =
                            (client.clone(), Arc::clone(&egg), Arc::clone(&next));
                        tokio::spawn(async move {
                            while next.fetch_add(1, Ordering::Relaxed) < BATCH {
                                client.post_thread_messages(&egg).await.unwrap();
                            }
                        })
                    })
                    .collect();
                for w in workers {
                    w.await.unwrap();
                }
            })
        });
    }

    /// Bare reqwest: the same request bytes and headers, the answer read but not decoded.
    #[divan::bench(sample_count = 10)]
    fn bare_reqwest(b: divan::Bencher) {
        bare(b, reqwest::Client::new(), None, false, None);
    }

    /// Bare reqwest with the client's timeouts (10 s connect, 30 s per request): what the
    /// timeouts cost, apart from the generated code.
    #[divan::bench(sample_count = 10)]
    fn bare_reqwest_with_timeouts(b: divan::Bencher) {
        let http = reqwest::Client::builder()
            .connect_timeout(std::time::Duration::from_secs(10))
            .build()
            .unwrap();
        bare(
            b,
            http,
            Some(std::time::Duration::from_secs(30)),
            false,
            None,
        );
    }

    /// Bare reqwest with the timeouts, decoding the answer into `PublicMessage` as the
    /// client does: everything but the generated code's own overhead.
    #[divan::bench(sample_count = 10)]
    fn bare_reqwest_with_timeouts_and_decode(b: divan::Bencher) {
        let http = reqwest::Client::builder()
            .connect_timeout(std::time::Duration::from_secs(10))
            .build()
            .unwrap();
        bare(
            b,
            http,
            Some(std::time::Duration::from_secs(30)),
            true,
            None,
        );
    }

    /// Bare reqwest doing all the client's work: the timeouts, the typed request encoded
    /// for every send (the client encodes it every call), the answer decoded into
    /// `PublicMessage` the way `reqwest::Response::json` does. The target compares with
    /// this one.
    #[divan::bench(sample_count = 10)]
    fn bare_reqwest_same_work(b: divan::Bencher) {
        let http = reqwest::Client::builder()
            .connect_timeout(std::time::Duration::from_secs(10))
            .build()
            .unwrap();
        let egg: PublicMessageEgg = serde_json::from_str(&payload("request-comment.json")).unwrap();
        bare(
            b,
            http,
            Some(std::time::Duration::from_secs(30)),
            true,
            Some(Arc::new(egg)),
        );
    }

    /// Bare reqwest at concurrency 64: `encode`, when given, is encoded for every send;
    /// otherwise the request bytes are encoded once.
    fn bare(
        b: divan::Bencher,
        http: reqwest::Client,
        timeout: Option<std::time::Duration>,
        decode: bool,
        encode: Option<Arc<PublicMessageEgg>>,
    ) {
        let rt = runtime();
        let server = rt.block_on(KeepAliveServer::start(
            201,
            &payload("response-comment.json"),
        ));
        let url = format!(
            "{}/conversations/v3/conversations/threads/7340981265/messages",
            server.base_url
        );
        let body: bytes::Bytes = payload("request-comment.json").into_bytes().into();
        b.bench(|| {
            rt.block_on(async {
                let next = Arc::new(AtomicUsize::new(0));
                let workers: Vec<_> = (0..CONCURRENCY)
                    .map(|_| {
                        let (http, url, body, next, encode) = (
                            http.clone(),
                            url.clone(),
                            body.clone(),
                            Arc::clone(&next),
                            encode.clone(),
                        );
                        tokio::spawn(async move {
                            while next.fetch_add(1, Ordering::Relaxed) < BATCH {
                                let mut request = http
                                    .post(&url)
                                    .header("authorization", "Bearer bench-token")
                                    .header("accept", "application/json")
                                    .header("content-type", "application/json")
                                    .body(match &encode {
                                        Some(egg) => serde_json::to_vec(&**egg).unwrap().into(),
                                        None => body.clone(),
                                    });
                                if let Some(timeout) = timeout {
                                    request = request.timeout(timeout);
                                }
                                let response = request.send().await.unwrap();
                                assert_eq!(response.status(), 201);
                                let bytes = response.bytes().await.unwrap();
                                if decode {
                                    black_box(
                                        serde_json::from_slice::<PublicMessage>(&bytes).unwrap(),
                                    );
                                } else {
                                    black_box(bytes);
                                }
                            }
                        })
                    })
                    .collect();
                for w in workers {
                    w.await.unwrap();
                }
            })
        });
    }
}
