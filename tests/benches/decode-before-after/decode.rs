//! The 2 KB message decoded by the types of two generator versions, in one binary; see
//! `run.sh` beside this file.

use divan::black_box;
use serde::de::IgnoredAny;

fn main() {
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
fn before(b: divan::Bencher) {
    let bytes = message();
    b.bench(|| {
        serde_json::from_slice::<client_before::types::PublicMessage>(black_box(&bytes)).unwrap()
    });
}

#[divan::bench]
fn after(b: divan::Bencher) {
    let bytes = message();
    b.bench(|| {
        serde_json::from_slice::<client_after::types::PublicMessage>(black_box(&bytes)).unwrap()
    });
}

#[divan::bench]
fn ignored_any(b: divan::Bencher) {
    let bytes = message();
    b.bench(|| serde_json::from_slice::<IgnoredAny>(black_box(&bytes)).unwrap());
}
