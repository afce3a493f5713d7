//! Contract tests against Stoplight Prism serving `schemas/send-message.yaml` on
//! 127.0.0.1: Prism checks every request we send against the description (a violation is
//! a 422 with an `sl-violations` header) and, in dynamic mode, answers with random valid
//! responses, which must all decode.
//!
//! Prism comes from `tests/prism/package-lock.json`: the test installs it with
//! `npm ci --prefix tests/prism` when it is missing (`.ci/run` does so up front). Without
//! Node.js these tests print why they were skipped; under CI they fail instead.

mod common;

use common::{payload, root};
use generated_client::types::*;
use generated_client::{
    Client, ClientError, GetThreadMessageRequest, GetThreadMessagesRequest,
    PostThreadMessagesRequest,
};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The Prism process; stopped when dropped, so a failing test leaves nothing running.
struct Prism {
    child: Child,
    port: u16,
}

impl Drop for Prism {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn prism_bin() -> PathBuf {
    root().join("tests/prism/node_modules/.bin/prism")
}

/// Starts Prism in dynamic mode, or says why it cannot.
fn start_prism() -> Result<Prism, String> {
    let node = Command::new("node").arg("--version").output();
    if !node.is_ok_and(|o| o.status.success()) {
        return Err("Node.js is not installed".into());
    }
    if !prism_bin().exists() {
        // Install the pinned version from the lockfile, once per checkout.
        let installed = Command::new("npm")
            .args([
                "ci",
                "--prefix",
                "tests/prism",
                "--no-audit",
                "--no-fund",
                "--loglevel=error",
            ])
            .current_dir(root())
            .status();
        if !installed.is_ok_and(|s| s.success()) || !prism_bin().exists() {
            return Err("Prism is not installed and `npm ci --prefix tests/prism` failed".into());
        }
    }
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let child = Command::new(prism_bin())
        .args([
            "mock",
            "--dynamic",
            "--host",
            "127.0.0.1",
            "--port",
            &port.to_string(),
        ])
        .arg(root().join("schemas/send-message.yaml"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("Prism did not start: {e}"))?;
    let prism = Prism { child, port };
    let deadline = Instant::now() + Duration::from_secs(60);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        if Instant::now() > deadline {
            return Err("Prism did not listen within 60 s".into());
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    Ok(prism)
}

fn prism_or_skip(test: &str) -> Option<Prism> {
    match start_prism() {
        Ok(prism) => Some(prism),
        Err(why) if std::env::var_os("CI").is_some() => {
            panic!("{test}: {why}; CI must run the contract tests")
        }
        Err(why) => {
            eprintln!("skipped {test}: {why}");
            None
        }
    }
}

/// A varied set of valid requests: every kind, every attachment kind, optional fields
/// present and absent.
fn requests() -> Vec<PublicMessageEgg> {
    let mut out: Vec<PublicMessageEgg> = [
        "request-message.json",
        "request-message-minimal.json",
        "request-comment.json",
    ]
    .iter()
    .map(|f| serde_json::from_str(&payload(f)).unwrap())
    .collect();
    let PublicMessageEgg::Message(full) = out[0].clone() else {
        panic!()
    };
    for attachment in full.attachments.iter() {
        let mut message = full.clone();
        message.attachments = vec![attachment.clone()];
        message.subject = None;
        out.push(message.into());
        out.push(
            CommentEgg::new("See attached")
                .with_rich_text("<p>See attached</p>")
                .with_attachments([attachment.clone()])
                .into(),
        );
    }
    for recipient in full.recipients.iter() {
        let mut bare = recipient.clone();
        bare.actor_id = None;
        bare.name = None;
        bare.delivery_identifier = None;
        let mut message = full.clone();
        message.recipients = vec![bare];
        out.push(message.into());
    }
    out
}

#[tokio::test]
async fn prism_accepts_every_request_and_all_dynamic_responses_decode() {
    let Some(prism) = prism_or_skip("prism_accepts_every_request_and_all_dynamic_responses_decode")
    else {
        return;
    };
    let client = Client::new("contract-test-token")
        .with_base_url(format!("http://127.0.0.1:{}", prism.port))
        .with_max_retries(0);
    let requests = requests();
    assert!(requests.len() >= 10);
    let mut decoded = 0;
    let mut kinds = std::collections::BTreeSet::new();
    for round in 0..300 {
        let egg = &requests[round % requests.len()];
        // Prism runs on JavaScript numbers and refuses path integers above 2^53 - 1.
        let thread_id = [1, 7340981265, 9_007_199_254_740_991][round % 3];
        let request = PostThreadMessagesRequest::new(thread_id, egg.clone());
        match client.post_thread_messages(&request).await {
            Ok(created) => {
                assert_eq!(created.status, 201);
                assert!(
                    created.location.is_some(),
                    "Prism sends the declared Location header"
                );
                kinds.insert(created.body.tag().unwrap_or("?").to_owned());
                assert!(
                    !matches!(created.body, PublicMessage::Unrecognized(_)),
                    "a response of a described kind fell into the catch-all: {:?}",
                    created.body
                );
                decoded += 1;
            }
            Err(err) => panic!("request {round} ({:?}) failed: {err}", egg.tag()),
        }
    }
    assert_eq!(decoded, 300);
    // Random responses cover the kinds; print what they were for the record.
    eprintln!("decoded {decoded} dynamic responses; kinds seen: {kinds:?}");
    assert!(kinds.len() >= 4, "{kinds:?}");
}

#[tokio::test]
async fn prism_rejects_a_request_the_description_does_not_allow() {
    let Some(prism) = prism_or_skip("prism_rejects_a_request_the_description_does_not_allow")
    else {
        return;
    };
    let client = Client::new("contract-test-token")
        .with_base_url(format!("http://127.0.0.1:{}", prism.port))
        .with_max_retries(0);
    // The catch-all variant sends any JSON: here a kind the description does not list.
    let bogus: PublicMessageEgg =
        serde_json::from_value(serde_json::json!({"type": "CARRIER_PIGEON", "text": "hi"}))
            .unwrap();
    assert!(matches!(bogus, PublicMessageEgg::Unrecognized(_)));
    let err = client
        .post_thread_messages(&PostThreadMessagesRequest::new(1, bogus))
        .await
        .expect_err("Prism validates requests");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(422), "{err}");
    if let ClientError::UnexpectedBody { body, .. } | ClientError::Decode { body, .. } = &err {
        assert!(!body.is_empty());
    }
}

#[tokio::test]
async fn prism_accepts_the_reads_and_their_dynamic_answers_decode() {
    let Some(prism) = prism_or_skip("prism_accepts_the_reads_and_their_dynamic_answers_decode")
    else {
        return;
    };
    let client = Client::new("contract-test-token")
        .with_base_url(format!("http://127.0.0.1:{}", prism.port))
        .with_max_retries(0);
    let mut kinds = std::collections::BTreeSet::new();
    for round in 0..60 {
        let thread_id = [1, 7340981265, 9_007_199_254_740_991][round % 3];
        // One message by id, with and without the optional query parameter.
        let mut one = GetThreadMessageRequest::new(thread_id, format!("msg-{round}"));
        if round % 2 == 0 {
            one = one.with_property("hs_status");
        }
        let message = client
            .get_thread_message(&one)
            .await
            .unwrap_or_else(|e| panic!("read {round} failed: {e}"));
        assert_eq!(message.status, 200);
        assert!(
            !matches!(message.body, PublicMessage::Unrecognized(_)),
            "{:?}",
            message.body
        );
        kinds.insert(message.body.tag().unwrap_or("?").to_owned());
        // One page, with every query parameter the description lists.
        let page = GetThreadMessagesRequest::new(thread_id)
            .with_after(format!("cursor-{round}"))
            .with_limit(20)
            .with_archived(round % 2 == 0)
            .with_property("hs_status")
            .with_sort(vec!["-createdAt".to_owned()]);
        let page = client
            .get_thread_messages(&page)
            .await
            .unwrap_or_else(|e| panic!("page {round} failed: {e}"));
        assert_eq!(page.status, 200);
        for message in &page.body.results {
            assert!(
                !matches!(message, PublicMessage::Unrecognized(_)),
                "{message:?}"
            );
        }
    }
    eprintln!("kinds read: {kinds:?}");
    assert!(kinds.len() >= 3, "{kinds:?}");
}
