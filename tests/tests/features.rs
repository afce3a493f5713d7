//! The generated crate's Cargo features, seen from a user's crate: without default
//! features it is types and sans-IO only (no reqwest, no tokio in the graph) and that is
//! enough to build a request and read an answer; with `rustls-ring` the client builds
//! without AWS-LC and starts without a crypto provider installed by the program.
//!
//! Each check is a small crate under `target/features-check/` depending on
//! `generated-client` by path, built in one persistent target directory so later runs are
//! warm.

mod common;

use common::root;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A user crate named `name`: `generated-client` with `features` (the rest of its
/// dependency entry), `http` and `bytes`, any `extra` dependency lines, and `main`.
fn user_crate(name: &str, features: &str, extra: &str, main: &str) -> PathBuf {
    let dir = root().join("target/features-check").join(name);
    fs::create_dir_all(dir.join("src")).expect("create the user crate");
    let client = root().join("generated-client");
    write_if_changed(
        &dir.join("Cargo.toml"),
        &format!(
            "[package]\nname = \"{name}\"\nversion = \"0.1.0\"\nedition = \"2021\"\npublish = false\n\n\
             [dependencies]\ngenerated-client = {{ path = {client:?}, {features} }}\n\
             http = \"1.3\"\nbytes = \"1.11\"\n{extra}\n[workspace]\n",
            client = client.display().to_string(),
        ),
    );
    write_if_changed(&dir.join("src/main.rs"), main);
    // The project's lock file: the same versions the project builds with.
    let lock = fs::read_to_string(root().join("Cargo.lock")).expect("read Cargo.lock");
    write_if_changed(&dir.join("Cargo.lock"), &lock);
    dir
}

fn write_if_changed(path: &Path, text: &str) {
    if fs::read_to_string(path).ok().as_deref() != Some(text) {
        fs::write(path, text).expect("write");
    }
}

fn cargo(dir: &Path, args: &[&str]) -> Output {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let output = Command::new(cargo)
        .args(args)
        .current_dir(dir)
        .env(
            "CARGO_TARGET_DIR",
            root().join("target/features-check/target"),
        )
        .envs(common::LEAN_BUILD)
        .output()
        .expect("cargo runs");
    assert!(
        output.status.success(),
        "cargo {args:?} in {} failed:\n{}\n{}",
        dir.display(),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

/// The names of the packages in the normal (not build, not dev) dependency graph.
fn normal_dependencies(dir: &Path) -> Vec<String> {
    let output = cargo(dir, &["tree", "-e", "normal", "--prefix", "none"]);
    let mut names: Vec<String> = String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|line| line.split_whitespace().next())
        .map(str::to_owned)
        .collect();
    names.sort();
    names.dedup();
    names
}

/// Every package built for the crate, build dependencies included (what a clean build
/// compiles).
fn all_dependencies(dir: &Path) -> Vec<String> {
    let output = cargo(dir, &["tree", "-e", "normal,build", "--prefix", "none"]);
    let mut names: Vec<String> = String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|line| line.split_whitespace().next())
        .map(str::to_owned)
        .collect();
    names.sort();
    names.dedup();
    names
}

const SANS_IO_MAIN: &str = r#"use generated_client::sans_io::{post_thread_messages_request, post_thread_messages_response};
use generated_client::types::{PublicMessage, PublicMessageEgg};
use generated_client::{ClientError, Credentials, PostThreadMessagesRequest};

fn main() {
    let egg: PublicMessageEgg = serde_json_from(REQUEST);
    let request = post_thread_messages_request(
        generated_client::DEFAULT_BASE_URL,
        &Credentials::bearer("pat-na1-0000"),
        &PostThreadMessagesRequest::new(7340981265, egg),
    )
    .expect("the request builds");
    assert_eq!(request.method(), http::Method::POST);
    assert_eq!(
        request.uri().to_string(),
        "https://api.hubapi.com/conversations/v3/conversations/threads/7340981265/messages"
    );
    assert_eq!(request.headers()["authorization"], "Bearer pat-na1-0000");
    assert!(!request.body().is_empty());

    let answer = http::Response::builder()
        .status(201)
        .body(bytes::Bytes::from_static(RESPONSE.as_bytes()))
        .unwrap();
    let created = post_thread_messages_response(answer).expect("the answer decodes");
    assert_eq!(created.status, 201);
    assert!(matches!(created.body, PublicMessage::Message(_)));

    let refused = http::Response::builder()
        .status(429)
        .header("retry-after", "3")
        .body(bytes::Bytes::new())
        .unwrap();
    match post_thread_messages_response(refused) {
        Err(ClientError::RateLimited(limit)) => assert_eq!(limit.retry_after, Some(std::time::Duration::from_secs(3))),
        other => panic!("{other:?}"),
    }

    // The webhook checks are sans-IO too.
    let secret = generated_client::webhooks::ClientSecret::new("secret");
    assert!(generated_client::webhooks::verify_v1(&secret, b"[]", "00").is_err());
    println!("sans-IO ok");
}

fn serde_json_from<T: serde::de::DeserializeOwned>(text: &str) -> T {
    serde_json::from_str(text).expect("a valid payload")
}

const REQUEST: &str = include_str!(PAYLOAD_REQUEST);
const RESPONSE: &str = include_str!(PAYLOAD_RESPONSE);
"#;

#[test]
fn without_default_features_the_crate_is_types_and_sans_io_only() {
    let payloads = root().join("tests/payloads");
    let main = SANS_IO_MAIN
        .replace(
            "PAYLOAD_REQUEST",
            &format!("{:?}", payloads.join("request-message.json")),
        )
        .replace(
            "PAYLOAD_RESPONSE",
            &format!("{:?}", payloads.join("response-message.json")),
        );
    // serde and serde_json read the payloads; the crate depends on both anyway.
    let dir = user_crate(
        "sans-io-only",
        "default-features = false",
        "serde = \"1.0.228\"\nserde_json = \"1.0.145\"\n",
        &main,
    );

    let graph = normal_dependencies(&dir);
    assert!(
        graph.iter().any(|name| name == "generated-client"),
        "{graph:?}"
    );
    for absent in [
        "reqwest",
        "tokio",
        "hyper",
        "rustls",
        "tracing",
        "futures-util",
        "futures-core",
    ] {
        assert!(
            !graph.iter().any(|name| name == absent),
            "{absent} is in the graph without default features: {graph:?}"
        );
    }

    let output = cargo(&dir, &["run", "--quiet"]);
    assert_eq!(String::from_utf8_lossy(&output.stdout).trim(), "sans-IO ok");
}

#[test]
fn the_ring_client_builds_without_aws_lc_and_starts_without_a_provider() {
    let main = r#"fn main() {
    // Panics inside reqwest when rustls has no crypto provider.
    let client = generated_client::Client::new("token");
    assert_eq!(client.base_url(), generated_client::DEFAULT_BASE_URL);
    println!("ring client ok");
}
"#;
    let dir = user_crate(
        "ring-client",
        "default-features = false, features = [\"rustls-ring\"]",
        "",
        main,
    );
    let graph = all_dependencies(&dir);
    for present in ["reqwest", "rustls", "ring", "tokio"] {
        assert!(
            graph.iter().any(|name| name == present),
            "{present} is missing: {graph:?}"
        );
    }
    for absent in ["aws-lc-rs", "aws-lc-sys", "cmake", "openssl-sys"] {
        assert!(
            !graph.iter().any(|name| name == absent),
            "{absent} is built with rustls-ring: {graph:?}"
        );
    }
    let output = cargo(&dir, &["run", "--quiet"]);
    assert_eq!(
        String::from_utf8_lossy(&output.stdout).trim(),
        "ring client ok"
    );
}
