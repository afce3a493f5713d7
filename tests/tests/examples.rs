//! The example programs are fixed interfaces (acceptance checks and users rely on
//! them): their arguments, output lines and exit codes are checked here as a user runs them.

mod common;

use common::{cargo_run, payload, root, Canned, Server};
use serde_json::Value;

/// A server for an example program to call, started only once the example programs are
/// built: the server gives up 30 s after it starts, and on a fresh clone building an
/// example takes longer than that.
fn server(answers: Vec<Canned>) -> Server {
    static BUILT: std::sync::Once = std::sync::Once::new();
    BUILT.call_once(|| {
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
        let out = std::process::Command::new(cargo)
            .args(["build", "-q", "-p", "generated-client", "--examples"])
            .current_dir(root())
            .output()
            .expect("cargo starts");
        assert!(
            out.status.success(),
            "building the examples failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    });
    Server::start(answers)
}

fn compact(json: &str) -> String {
    serde_json::from_str::<Value>(json)
        .expect("payload is JSON")
        .to_string()
}

fn roundtrip(kind: &str, stdin: &str) -> (i32, String, String) {
    let out = cargo_run(
        &[
            "-p",
            "generated-client",
            "--example",
            "roundtrip",
            "--",
            kind,
        ],
        stdin,
    );
    (
        out.status.code().expect("exited"),
        String::from_utf8(out.stdout).expect("utf-8 stdout"),
        String::from_utf8(out.stderr).expect("utf-8 stderr"),
    )
}

#[test]
fn roundtrip_prints_each_value_reencoded() {
    let input = [
        compact(&payload("response-message.json")),
        compact(&payload("response-assignment.json")),
        r#"{"type":"SOMETHING_NEW","a":1}"#.to_owned(),
    ]
    .join("\n");
    let (code, stdout, stderr) = roundtrip("response", &input);
    assert_eq!(code, 0, "{stderr}");
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 3, "{stdout}");
    for (line, sent) in lines.iter().zip(input.lines()) {
        assert_eq!(
            serde_json::from_str::<Value>(line).unwrap(),
            serde_json::from_str::<Value>(sent).unwrap()
        );
    }
}

#[test]
fn roundtrip_reports_lines_that_do_not_decode_and_exits_1() {
    let input = format!(
        "{}\nnot json\n{{\"type\":\"COMMENT\"}}\n",
        compact(&payload("request-comment.json"))
    );
    let (code, stdout, _) = roundtrip("request", &input);
    assert_eq!(code, 1);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 3, "{stdout}");
    assert_eq!(lines[0], compact(&payload("request-comment.json")));
    assert!(lines[1].starts_with("error: "), "{}", lines[1]);
    assert!(
        lines[2].starts_with("error: ") && lines[2].contains("missing field"),
        "{}",
        lines[2]
    );
}

#[test]
fn roundtrip_error_bodies() {
    let input = format!(
        "{}\n{}",
        compact(&payload("error-400.json")),
        compact(&payload("error-minimal.json"))
    );
    let (code, stdout, _) = roundtrip("error", &input);
    assert_eq!(code, 0);
    assert_eq!(stdout.lines().count(), 2);
}

#[test]
fn roundtrip_rejects_an_unknown_mode() {
    let (code, _, stderr) = roundtrip("responses", "");
    assert_eq!(code, 2);
    assert!(stderr.contains("usage"), "{stderr}");
}

fn send_message(args: &[&str], stdin: &str) -> (i32, String, String) {
    let mut all = vec!["-p", "generated-client", "--example", "send_message", "--"];
    all.extend_from_slice(args);
    let out = cargo_run(&all, stdin);
    (
        out.status.code().expect("exited"),
        String::from_utf8(out.stdout).expect("utf-8 stdout"),
        String::from_utf8(out.stderr).expect("utf-8 stderr"),
    )
}

/// Runs `send_message` against `server` with the MESSAGE payload, a token, thread 5, and
/// `extra` flags.
fn send_to(server: &Server, extra: &[&str]) -> (i32, String, String) {
    let (base, body) = (server.base_url(), body_file());
    let mut args = vec![
        "--base-url",
        &base,
        "--token",
        "t",
        "--thread-id",
        "5",
        "--body",
        &body,
    ];
    args.extend_from_slice(extra);
    send_message(&args, "")
}

fn body_file() -> String {
    common::root()
        .join("tests/payloads/request-message.json")
        .display()
        .to_string()
}

#[test]
fn send_message_prints_the_created_message_and_location() {
    let server = server(vec![Canned::json(201, &payload("response-message.json"))
        .with_header("Location", "https://example.test/messages/1")]);
    let base = server.base_url();
    let body = body_file();
    let (code, stdout, stderr) = send_message(
        &[
            "--base-url",
            &base,
            "--token",
            "secret-token",
            "--thread-id",
            "7340981265",
            "--body",
            &body,
        ],
        "",
    );
    let requests = server.finish();
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        stdout.trim_end(),
        compact(&payload("response-message.json"))
    );
    assert!(
        stderr.contains("Location: https://example.test/messages/1"),
        "{stderr}"
    );
    assert_eq!(
        requests[0].target,
        "/conversations/v3/conversations/threads/7340981265/messages"
    );
    assert_eq!(
        requests[0].header("authorization"),
        Some("Bearer secret-token")
    );
}

#[test]
fn send_message_reads_the_body_from_stdin() {
    let server = server(vec![Canned::json(201, &payload("response-comment.json"))]);
    let base = server.base_url();
    let (code, stdout, stderr) = send_message(
        &[
            "--base-url",
            &base,
            "--token",
            "t",
            "--thread-id",
            "5",
            "--body",
            "-",
        ],
        &payload("request-comment.json"),
    );
    let requests = server.finish();
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        stdout.trim_end(),
        compact(&payload("response-comment.json"))
    );
    let sent: Value = serde_json::from_slice(&requests[0].body).unwrap();
    assert_eq!(
        sent,
        serde_json::from_str::<Value>(&payload("request-comment.json")).unwrap()
    );
}

#[test]
fn send_message_reports_a_hubspot_error_and_exits_1() {
    let server = server(vec![Canned::json(400, &payload("error-400.json"))]);
    let (code, stdout, stderr) = send_to(&server, &[]);
    server.finish();
    assert_eq!(code, 1);
    assert!(stdout.is_empty(), "{stdout}");
    let error: Value = serde_json::from_str(&payload("error-400.json")).unwrap();
    for needle in [
        "400",
        error["category"].as_str().unwrap(),
        error["message"].as_str().unwrap(),
        error["correlationId"].as_str().unwrap(),
    ] {
        assert!(stderr.contains(needle), "stderr lacks {needle:?}: {stderr}");
    }
}

#[test]
fn send_message_refuses_a_body_that_does_not_decode_with_exit_2() {
    // Nothing listens here: a body that does not decode must never be sent.
    let (code, stdout, stderr) = send_message(
        &[
            "--base-url",
            "http://127.0.0.1:9",
            "--token",
            "t",
            "--thread-id",
            "5",
            "--body",
            "-",
        ],
        r#"{"type":"MESSAGE","text":"no channel"}"#,
    );
    assert_eq!(code, 2, "{stderr}");
    assert!(stdout.is_empty());
    assert!(stderr.contains("missing field"), "{stderr}");
}

#[test]
fn send_message_needs_its_arguments() {
    let (code, _, stderr) = send_message(&["--token", "t"], "");
    assert_eq!(code, 2);
    assert!(stderr.contains("--thread-id"), "{stderr}");
}

#[test]
fn send_message_names_the_rate_limit_policy() {
    let limited = r#"{"status":"error","message":"You have reached your daily limit.","errorType":"RATE_LIMIT","correlationId":"5e0c2a44-1b1b-4c4c-9d9d-777788889999","policyName":"DAILY"}"#;
    let server = server(vec![Canned::json(429, limited)]);
    let (code, stdout, stderr) = send_to(&server, &["--max-retries", "2"]);
    assert_eq!(server.stop().len(), 1, "a daily limit is not retried");
    assert_eq!(code, 1);
    assert!(stdout.is_empty());
    assert!(
        stderr.contains("429") && stderr.contains("DAILY"),
        "{stderr}"
    );
    assert!(
        stderr.contains("5e0c2a44-1b1b-4c4c-9d9d-777788889999"),
        "{stderr}"
    );
}

#[test]
fn send_message_gives_up_after_its_timeout() {
    let server = server(vec![Canned::silent()]);
    let (code, _, stderr) = send_to(&server, &["--timeout", "0.3", "--max-retries", "0"]);
    assert_eq!(server.stop().len(), 1);
    assert_eq!(code, 1);
    assert!(stderr.contains("no answer within 300 ms"), "{stderr}");
}

#[test]
fn send_message_rejects_bad_flag_values_with_exit_2() {
    for args in [["--timeout", "soon"], ["--max-retries", "-1"]] {
        let mut all = vec!["--token", "t", "--thread-id", "5", "--body", "-"];
        all.extend_from_slice(&args);
        let (code, _, stderr) = send_message(&all, "{}");
        assert_eq!(code, 2, "{args:?}: {stderr}");
        assert!(stderr.contains(args[0]), "{stderr}");
    }
}

fn list_messages(args: &[&str]) -> (i32, String, String) {
    let mut all = vec!["-p", "generated-client", "--example", "list_messages", "--"];
    all.extend_from_slice(args);
    let out = cargo_run(&all, "");
    (
        out.status.code().expect("exited"),
        String::from_utf8(out.stdout).expect("utf-8 stdout"),
        String::from_utf8(out.stderr).expect("utf-8 stderr"),
    )
}

/// A page of the payload files `messages`, ending with the cursor `next`.
fn messages_page(messages: &[&str], next: Option<&str>) -> String {
    let results: Vec<String> = messages.iter().map(|m| compact(&payload(m))).collect();
    let paging = next.map_or(String::new(), |after| {
        format!(r#","paging":{{"next":{{"after":"{after}"}}}}"#)
    });
    format!(r#"{{"results":[{}]{paging}}}"#, results.join(","))
}

#[test]
fn list_messages_prints_every_message_of_every_page_once_in_order() {
    let server = server(vec![
        Canned::json(
            200,
            &messages_page(
                &["response-message.json", "response-comment.json"],
                Some("p2"),
            ),
        ),
        Canned::json(429, r#"{"message":"slow down","policyName":"SECONDLY"}"#)
            .with_header("Retry-After", "0"),
        Canned::json(200, &messages_page(&["response-assignment.json"], None)),
    ]);
    let base = server.base_url();
    let (code, stdout, stderr) = list_messages(&[
        "--base-url",
        &base,
        "--token",
        "pat-na1-x",
        "--thread-id",
        "42",
        "--limit",
        "2",
    ]);
    let received = server.finish();
    assert_eq!(code, 0, "{stderr}");
    let expected: Vec<String> = [
        "response-message.json",
        "response-comment.json",
        "response-assignment.json",
    ]
    .iter()
    .map(|p| compact(&payload(p)))
    .collect();
    let lines: Vec<String> = stdout.lines().map(compact).collect();
    assert_eq!(lines, expected);
    assert_eq!(received.len(), 3);
    assert!(
        received[0].target.ends_with("/threads/42/messages?limit=2"),
        "{}",
        received[0].target
    );
    assert!(
        received[2].target.contains("after=p2"),
        "{}",
        received[2].target
    );
}

#[test]
fn list_messages_stops_at_max_items_without_fetching_further() {
    let server = server(vec![
        Canned::json(200, &messages_page(&["response-message.json"], Some("p2"))),
        Canned::json(
            200,
            &messages_page(
                &["response-comment.json", "response-assignment.json"],
                Some("p3"),
            ),
        ),
        Canned::json(
            200,
            &messages_page(&["response-welcome-message.json"], None),
        ),
    ]);
    let base = server.base_url();
    let (code, stdout, stderr) = list_messages(&[
        "--base-url",
        &base,
        "--token",
        "t",
        "--thread-id",
        "1",
        "--max-items",
        "2",
    ]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(stdout.lines().count(), 2, "{stdout}");
    assert_eq!(server.stop().len(), 2);
}

#[test]
fn list_messages_reports_a_hubspot_error_and_exits_1() {
    let server = server(vec![
        Canned::json(200, &messages_page(&["response-message.json"], Some("p2"))),
        Canned::json(
            404,
            &payload("error-400.json").replace("VALIDATION_ERROR", "OBJECT_NOT_FOUND"),
        ),
    ]);
    let base = server.base_url();
    let (code, stdout, stderr) =
        list_messages(&["--base-url", &base, "--token", "t", "--thread-id", "1"]);
    server.finish();
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(
        stdout.lines().count(),
        1,
        "what came before the error is printed"
    );
    assert!(stderr.contains("HTTP status: 404"), "{stderr}");
    assert!(stderr.contains("category: OBJECT_NOT_FOUND"), "{stderr}");
    assert!(stderr.contains("message: "), "{stderr}");
    assert!(stderr.contains("correlationId: "), "{stderr}");
}

#[test]
fn list_messages_needs_its_arguments() {
    for args in [
        &["--token", "t"][..],
        &["--thread-id", "1"],
        &["--token", "t", "--thread-id", "x"],
        &["--token", "t", "--thread-id", "1", "--limit", "many"],
        &["--token", "t", "--thread-id", "1", "--max-items", "-1"],
        &["--token", "t", "--thread-id", "1", "--colour", "red"],
        &["--token", "t", "--thread-id"],
    ] {
        let (code, stdout, stderr) = list_messages(args);
        assert_eq!(code, 2, "{args:?}: {stderr}");
        assert!(stdout.is_empty());
        assert!(stderr.contains("usage: list_messages"), "{stderr}");
    }
}
