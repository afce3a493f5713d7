//! The `verify_webhook` example is a fixed interface: its flags, output lines and exit codes
//! are checked here as a user runs it (`cargo run -p generated-client --example
//! verify_webhook -- ...`).
//!
//! The signatures were computed with Python's standard library, not this crate:
//! `python3 -c 'import hmac,hashlib,base64,sys; print(base64.b64encode(hmac.new(sys.argv[1].encode(), b"".join(a.encode() for a in sys.argv[2:]), hashlib.sha256).digest()).decode())' "$SECRET" POST "$URI" "$BODY" 1767225600000`

mod common;

use common::cargo_run;
use serde_json::Value;
use std::path::PathBuf;

const SECRET: &str = "9c1d3e5f-2a4b-4c6d-8e0f-1a2b3c4d5e6f";
const URI: &str = "https://example.com/hubspot/webhooks?portal=62515";
const TIMESTAMP: &str = "1767225600000";
/// Thirty seconds after [`TIMESTAMP`].
const NOW: &str = "1767225630000";

/// A new message with a field this version does not know, a property change, and an event
/// kind this version does not know.
const EVENTS: &str = r#"[{"eventId":101,"subscriptionId":12345,"portalId":62515,"appId":54321,"occurredAt":1767225590000,"subscriptionType":"conversation.newMessage","attemptNumber":0,"objectId":7340981265,"messageId":"a1b2c3d4","messageType":"MESSAGE","changeFlag":"NEW_MESSAGE","sentimentHint":"calm"},{"eventId":102,"subscriptionId":12346,"portalId":62515,"appId":54321,"occurredAt":1767225591000,"subscriptionType":"conversation.propertyChange","attemptNumber":1,"objectId":7340981265,"propertyName":"status","propertyValue":"CLOSED","changeSource":"USER"},{"eventId":103,"subscriptionId":12347,"portalId":62515,"appId":54321,"occurredAt":1767225592000,"subscriptionType":"conversation.reopened","attemptNumber":0,"objectId":7340981265,"reopenedBy":{"actorId":"A-1"}}]"#;
const EVENTS_SIGNATURE: &str = "afzwAUPmCQFxTjTEHD5ZiTdJXVAbN/otEelLCtoszrM=";

/// A genuine body that is not an array of events.
const OBJECT: &str = r#"{"eventId":101}"#;
const OBJECT_SIGNATURE: &str = "88A8/1mzK7oDmJfnSPC5A9OH2Va72RVwGEF6FAf5HlI=";

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn verify_webhook(args: &[&str], stdin: &str) -> Run {
    let mut all = vec![
        "-p",
        "generated-client",
        "--example",
        "verify_webhook",
        "--",
    ];
    all.extend_from_slice(args);
    let out = cargo_run(&all, stdin);
    Run {
        code: out.status.code().expect("exited"),
        stdout: String::from_utf8(out.stdout).expect("utf-8 stdout"),
        stderr: String::from_utf8(out.stderr).expect("utf-8 stderr"),
    }
}

/// A file holding `contents`, removed when dropped.
struct BodyFile(PathBuf);

impl BodyFile {
    fn new(name: &str, contents: &str) -> BodyFile {
        let path =
            std::env::temp_dir().join(format!("verify-webhook-{}-{name}.json", std::process::id()));
        std::fs::write(&path, contents).expect("temp file written");
        BodyFile(path)
    }

    fn path(&self) -> String {
        self.0.display().to_string()
    }
}

impl Drop for BodyFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// The flags of the genuine request, with `body` as `--body` and `changes` replacing or
/// adding flags.
fn args<'a>(body: &'a str, changes: &[(&'a str, &'a str)]) -> Vec<&'a str> {
    let mut flags = vec![
        ("--secret", SECRET),
        ("--method", "POST"),
        ("--uri", URI),
        ("--timestamp", TIMESTAMP),
        ("--signature", EVENTS_SIGNATURE),
        ("--body", body),
        ("--now", NOW),
    ];
    for (flag, value) in changes {
        match flags.iter_mut().find(|(f, _)| f == flag) {
            Some(slot) => slot.1 = value,
            None => flags.push((flag, value)),
        }
    }
    flags.into_iter().flat_map(|(f, v)| [f, v]).collect()
}

fn assert_refused(run: &Run, code: i32, needle: &str) {
    assert_eq!(run.code, code, "stderr: {}", run.stderr);
    assert!(run.stdout.is_empty(), "stdout: {}", run.stdout);
    assert!(
        run.stderr.contains(needle),
        "stderr lacks {needle:?}: {}",
        run.stderr
    );
    assert!(
        !run.stderr.contains(SECRET),
        "the secret leaked: {}",
        run.stderr
    );
}

fn assert_events_printed(run: &Run) {
    assert_eq!(run.code, 0, "stderr: {}", run.stderr);
    let sent: Vec<Value> = serde_json::from_str(EVENTS).unwrap();
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), sent.len(), "{}", run.stdout);
    for (line, sent) in lines.iter().zip(&sent) {
        assert!(
            !line.contains(": ") && !line.contains(", "),
            "not compact: {line}"
        );
        assert_eq!(&serde_json::from_str::<Value>(line).unwrap(), sent);
    }
    // The field and the event kind this version does not know come out unchanged.
    assert!(
        lines[0].contains(r#""sentimentHint":"calm""#),
        "{}",
        lines[0]
    );
    let unknown_kind = serde_json::to_string(&sent[2]).unwrap();
    assert_eq!(lines[2], unknown_kind);
}

#[test]
fn a_genuine_request_prints_its_events() {
    let body = BodyFile::new("genuine", EVENTS);
    let run = verify_webhook(&args(&body.path(), &[]), "");
    assert_events_printed(&run);
    assert!(!run.stdout.contains(SECRET) && !run.stderr.contains(SECRET));
}

#[test]
fn the_body_can_come_from_stdin() {
    let run = verify_webhook(&args("-", &[]), EVENTS);
    assert_events_printed(&run);
}

#[test]
fn a_wrong_signature_is_refused_with_exit_1() {
    let wrong = "bfzwAUPmCQFxTjTEHD5ZiTdJXVAbN/otEelLCtoszrM=";
    let run = verify_webhook(&args("-", &[("--signature", wrong)]), EVENTS);
    assert_refused(&run, 1, "signature does not match");
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);

    let other_secret = "9c1d3e5f-2a4b-4c6d-8e0f-1a2b3c4d5e6e";
    let run = verify_webhook(&args("-", &[("--secret", other_secret)]), EVENTS);
    assert_refused(&run, 1, "signature does not match");
    assert!(!run.stderr.contains(other_secret));

    let run = verify_webhook(&args("-", &[("--signature", "not base64!")]), EVENTS);
    assert_refused(&run, 1, "not valid base64");
}

#[test]
fn a_changed_request_is_refused_with_exit_1() {
    let changed_body = EVENTS.replace("CLOSED", "OPEN");
    let run = verify_webhook(&args("-", &[]), &changed_body);
    assert_refused(&run, 1, "signature does not match");

    // A trailing newline is a change too: the signature covers the bytes as received.
    let run = verify_webhook(&args("-", &[]), &format!("{EVENTS}\n"));
    assert_refused(&run, 1, "signature does not match");

    for change in [
        ("--timestamp", "1767225600001"),
        ("--uri", "https://example.com/hubspot/webhooks?portal=62516"),
        ("--method", "PUT"),
    ] {
        let run = verify_webhook(&args("-", &[change]), EVENTS);
        assert_refused(&run, 1, "signature does not match");
    }
}

#[test]
fn a_stale_request_is_refused_with_exit_1() {
    let run = verify_webhook(&args("-", &[("--now", "1767225900001")]), EVENTS);
    assert_refused(&run, 1, "old, outside the 300 s window");
    let run = verify_webhook(&args("-", &[("--now", "1767225299999")]), EVENTS);
    assert_refused(&run, 1, "in the future");
    // Without --now the system clock says 2026-01-01 is long past.
    let mut no_now = args("-", &[]);
    no_now.truncate(no_now.len() - 2);
    let run = verify_webhook(&no_now, EVENTS);
    assert_refused(&run, 1, "timestamp");
}

#[test]
fn a_genuine_body_that_is_not_events_is_refused_with_exit_1() {
    let run = verify_webhook(&args("-", &[("--signature", OBJECT_SIGNATURE)]), OBJECT);
    assert_refused(&run, 1, "not a JSON array of events");
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
}

#[test]
fn usage_errors_exit_2() {
    let body = BodyFile::new("usage", EVENTS);
    let path = body.path();
    let genuine = args(&path, &[]);
    // Each required flag missing in turn.
    for missing in [
        "--secret",
        "--method",
        "--uri",
        "--timestamp",
        "--signature",
        "--body",
    ] {
        let at = genuine.iter().position(|a| *a == missing).unwrap();
        let mut without = genuine.clone();
        without.drain(at..at + 2);
        let run = verify_webhook(&without, "");
        assert_refused(&run, 2, &format!("{missing} is required"));
        assert!(
            run.stderr.contains("usage: verify_webhook"),
            "{}",
            run.stderr
        );
    }
    let cases: [(Vec<&str>, &str); 6] = [
        (
            args(&path, &[("--verbose", "yes")]),
            "unknown argument `--verbose`",
        ),
        (
            args(&path, &[("--body", "/nonexistent/body.json")]),
            "reading /nonexistent/body.json",
        ),
        (args(&path, &[("--timestamp", "soon")]), "--timestamp soon"),
        (args(&path, &[("--timestamp", "-5")]), "--timestamp -5"),
        (args(&path, &[("--now", "1.5e12")]), "--now 1.5e12"),
        ([&genuine[..], &["--now"]].concat(), "--now needs a value"),
    ];
    for (argv, needle) in cases {
        let run = verify_webhook(&argv, "");
        assert_refused(&run, 2, needle);
    }
    // Flags also take `--flag=value`.
    let inline: Vec<String> = genuine
        .chunks(2)
        .map(|pair| format!("{}={}", pair[0], pair[1]))
        .collect();
    let inline: Vec<&str> = inline.iter().map(String::as_str).collect();
    assert_events_printed(&verify_webhook(&inline, ""));
}
