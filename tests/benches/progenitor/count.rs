//! Decodes the message N times with one decoder, for instruction counts under
//! `valgrind --tool=callgrind`, which repeat where wall time on a shared machine does not;
//! and, with `check`, says once whether each typed decode works. See `run.sh` beside
//! this file.
//!
//!   count ours|ours_client_path|progenitor|value|ignored_any N
//!   count check
//!   count interleaved [ROUNDS]
//!
//! `interleaved` times the decoders in turn, one batch of 20 decodes each per round, so a
//! machine whose speed drifts during the run slows all of them alike; it prints each
//! decoder's median batch time per decode and the median, over rounds, of each one's
//! time over `IgnoredAny`'s and over progenitor's in the same round.

use serde::de::IgnoredAny;
use serde::{de::DeserializeOwned, Serialize};
use std::fmt::Debug;
use std::hint::black_box;

fn main() {
    let mut args = std::env::args().skip(1);
    let which = args.next().expect("ours | ours_client_path | progenitor | value | ignored_any | check");
    let path = std::env::var("PAYLOAD").expect("PAYLOAD names the message file");
    let text = std::fs::read_to_string(path).unwrap();
    let input: serde_json::Value = serde_json::from_str(&text).unwrap();
    // Compact, as the API sends it.
    let bytes = input.to_string().into_bytes();

    if which == "check" {
        println!("payload {}", bytes.len());
        check::<ours_client::types::PublicMessage>("ours", &bytes, &input);
        check::<by_progenitor::types::PublicMessage>("progenitor", &bytes, &input);
        return;
    }

    if which == "interleaved" {
        let rounds = args.next().map_or(2000, |n| n.parse().expect("ROUNDS is a number"));
        interleaved(&bytes, rounds);
        return;
    }

    let n: usize = args.next().expect("N").parse().expect("N is a number");
    let shared = bytes::Bytes::from(bytes.clone());
    for _ in 0..n {
        match which.as_str() {
            "ours" => drop(black_box(
                serde_json::from_slice::<ours_client::types::PublicMessage>(black_box(&bytes))
                    .unwrap(),
            )),
            "ours_client_path" => drop(black_box(client_path(black_box(&shared)))),
            "progenitor" => drop(black_box(
                serde_json::from_slice::<by_progenitor::types::PublicMessage>(black_box(&bytes))
                    .unwrap(),
            )),
            "value" => drop(black_box(
                serde_json::from_slice::<serde_json::Value>(black_box(&bytes)).unwrap(),
            )),
            "ignored_any" => drop(black_box(
                serde_json::from_slice::<IgnoredAny>(black_box(&bytes)).unwrap(),
            )),
            other => panic!("unknown decoder {other}"),
        }
    }
}

/// Prints one line: `check LABEL ok VARIANT ROUNDTRIP` or `check LABEL failed ERROR`.
/// VARIANT is the start of the value's `Debug` form (which variant the union chose);
/// ROUNDTRIP says whether encoding the value again gives back the input exactly
/// (`same`) or how many of the input's leaf values are missing or changed.
fn check<T: DeserializeOwned + Serialize + Debug>(label: &str, bytes: &[u8], input: &serde_json::Value) {
    match serde_json::from_slice::<T>(bytes) {
        Ok(decoded) => {
            let debug = format!("{decoded:?}");
            let variant = debug.split(['(', ' ', '{']).next().unwrap_or("");
            let again = serde_json::to_value(&decoded).unwrap();
            let lost = leaves_not_kept(input, &again);
            let roundtrip = if lost == 0 { "same".to_string() } else { format!("{lost}-leaves-lost-or-changed") };
            println!("check {label} ok {variant} {roundtrip}");
        }
        Err(e) => println!("check {label} failed {e}"),
    }
}

/// How many leaf values (including nulls and empty containers) of `input` are not found,
/// equal, at the same place in `output`.
fn leaves_not_kept(input: &serde_json::Value, output: &serde_json::Value) -> usize {
    use serde_json::Value;
    match (input, output) {
        (Value::Object(a), Value::Object(b)) if !a.is_empty() => a
            .iter()
            .map(|(k, v)| b.get(k).map_or_else(|| leaves(v), |w| leaves_not_kept(v, w)))
            .sum(),
        (Value::Array(a), Value::Array(b)) if !a.is_empty() => a
            .iter()
            .enumerate()
            .map(|(i, v)| b.get(i).map_or_else(|| leaves(v), |w| leaves_not_kept(v, w)))
            .sum(),
        (a, b) => usize::from(a != b),
    }
}

fn leaves(v: &serde_json::Value) -> usize {
    match v {
        serde_json::Value::Object(m) if !m.is_empty() => m.values().map(leaves).sum(),
        serde_json::Value::Array(a) if !a.is_empty() => a.iter().map(leaves).sum(),
        _ => 1,
    }
}

/// See the module comment. Outputs are dropped after their batch is timed, as divan does.
fn interleaved(bytes: &[u8], rounds: usize) {
    const BATCH: usize = 20;
    /// One batch: per-decode microseconds, the outputs dropped after the clock stops.
    fn batch<T>(bytes: &[u8], decode: impl Fn(&[u8]) -> T) -> f64 {
        let mut kept = Vec::with_capacity(BATCH);
        let started = std::time::Instant::now();
        for _ in 0..BATCH {
            kept.push(decode(black_box(bytes)));
        }
        let took = started.elapsed().as_secs_f64() * 1e6 / BATCH as f64;
        drop(black_box(kept));
        took
    }
    // The body as the client holds it: `Bytes`, shared rather than copied.
    let shared = bytes::Bytes::copy_from_slice(bytes);
    let names = ["ours", "ours_client_path", "progenitor", "value", "ignored_any"];
    let mut times: Vec<Vec<f64>> = vec![Vec::with_capacity(rounds); names.len()];
    for _ in 0..rounds {
        times[0].push(batch(bytes, |b| {
            serde_json::from_slice::<ours_client::types::PublicMessage>(b).unwrap()
        }));
        times[1].push(batch(bytes, |_| client_path(black_box(&shared))));
        times[2].push(batch(bytes, |b| {
            serde_json::from_slice::<by_progenitor::types::PublicMessage>(b).unwrap()
        }));
        times[3].push(batch(bytes, |b| serde_json::from_slice::<serde_json::Value>(b).unwrap()));
        times[4].push(batch(bytes, |b| serde_json::from_slice::<IgnoredAny>(b).unwrap()));
    }
    let median = |mut v: Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    let (progenitor, floor) = (2, 4);
    println!("interleaved: {rounds} rounds of {BATCH} decodes each, per decode");
    for (i, name) in names.iter().enumerate() {
        let over = |base: usize| median(times[i].iter().zip(&times[base]).map(|(t, b)| t / b).collect());
        println!(
            "  {name:<18} median {:>7.3} µs   /ignored_any {:>5.2}×   /progenitor {:>5.2}×",
            median(times[i].clone()),
            over(floor),
            over(progenitor)
        );
    }
}

/// How our client reads an answer: the sans-IO response function of the operation that
/// returns one message, given the body as the client holds it (`Bytes`, shared).
fn client_path(body: &bytes::Bytes) -> ours_client::GetThreadMessageResponse {
    let answer = http::Response::builder()
        .status(200)
        .header("content-type", "application/json")
        .body(body.clone())
        .unwrap();
    ours_client::sans_io::get_thread_message_response(answer).unwrap()
}
