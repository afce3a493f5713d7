//! Decodes the message N times with one decoder, for instruction counts under
//! `valgrind --tool=callgrind` (repeatable where wall time on this machine is not); see
//! `run.sh` beside this file.

use serde::de::IgnoredAny;
use std::hint::black_box;

fn main() {
    let mut args = std::env::args().skip(1);
    let which = args.next().expect("before | after | ignored_any");
    let n: usize = args.next().expect("N").parse().expect("N is a number");
    let path = std::env::var("PAYLOAD").expect("PAYLOAD names the message file");
    let text = std::fs::read_to_string(path).unwrap();
    let bytes = serde_json::from_str::<serde_json::Value>(&text)
        .unwrap()
        .to_string()
        .into_bytes();
    for _ in 0..n {
        match which.as_str() {
            "before" => drop(black_box(
                serde_json::from_slice::<client_before::types::PublicMessage>(black_box(&bytes))
                    .unwrap(),
            )),
            "after" => drop(black_box(
                serde_json::from_slice::<client_after::types::PublicMessage>(black_box(&bytes))
                    .unwrap(),
            )),
            _ => drop(black_box(
                serde_json::from_slice::<IgnoredAny>(black_box(&bytes)).unwrap(),
            )),
        }
    }
}
