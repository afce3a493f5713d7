//! One HubSpot message decoded five ways in one divan binary: into our generated
//! `PublicMessage` (with `from_slice`, and the way our client reads an answer), into
//! progenitor's type for the same schema, into `serde_json::Value`
//! and into `IgnoredAny` (the floor: parsing with nothing kept). See `run.sh` beside this
//! file.
//!
//! Both clients are in one binary, so Cargo unifies serde_json's features: ours turns on
//! `preserve_order` and `float_roundtrip`, which then apply to every decoder here
//! (`Value` keeps its objects in an `IndexMap`).

use divan::black_box;
use serde::de::IgnoredAny;

fn main() {
    // Each typed decode must work before anything is timed. run.sh skips the progenitor
    // benchmark (`--skip progenitor`) when its type fails, after printing why.
    let bytes = message();
    serde_json::from_slice::<ours_client::types::PublicMessage>(&bytes)
        .expect("our PublicMessage decodes the payload");
    if let Err(e) = serde_json::from_slice::<by_progenitor::types::PublicMessage>(&bytes) {
        eprintln!("progenitor's PublicMessage does not decode the payload: {e}");
    }
    divan::main();
}

fn message() -> Vec<u8> {
    let path = std::env::var("PAYLOAD").expect("PAYLOAD names the message file");
    let text = std::fs::read_to_string(path).unwrap();
    // Compact, as the API sends it.
    serde_json::from_str::<serde_json::Value>(&text)
        .unwrap()
        .to_string()
        .into_bytes()
}

#[divan::bench]
fn ours(b: divan::Bencher) {
    let bytes = message();
    b.bench(|| {
        serde_json::from_slice::<ours_client::types::PublicMessage>(black_box(&bytes)).unwrap()
    });
}

/// How our client reads an answer: the sans-IO function for the operation that returns
/// one message (status check, one UTF-8 check of the body, then the body decoded as text).
/// Progenitor's client reads with `reqwest::Response::json`, which is `from_slice` as in
/// `progenitor` below.
#[divan::bench]
fn ours_client_path(b: divan::Bencher) {
    let bytes = bytes::Bytes::from(message());
    b.bench(|| {
        let answer = http::Response::builder()
            .status(200)
            .header("content-type", "application/json")
            .body(black_box(&bytes).clone())
            .unwrap();
        ours_client::sans_io::get_thread_message_response(answer).unwrap()
    });
}

#[divan::bench]
fn progenitor(b: divan::Bencher) {
    let bytes = message();
    b.bench(|| {
        serde_json::from_slice::<by_progenitor::types::PublicMessage>(black_box(&bytes))
            .expect("progenitor's PublicMessage decodes the payload")
    });
}

#[divan::bench]
fn value(b: divan::Bencher) {
    let bytes = message();
    b.bench(|| serde_json::from_slice::<serde_json::Value>(black_box(&bytes)).unwrap());
}

#[divan::bench]
fn ignored_any(b: divan::Bencher) {
    let bytes = message();
    b.bench(|| serde_json::from_slice::<IgnoredAny>(black_box(&bytes)).unwrap());
}
