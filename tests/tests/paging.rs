//! A cursor-paged operation walked page by page and item by item against a local server:
//! the cursor each page ends with starts the next, a 429 between pages is waited out, the
//! walk stops after the last page, and a bound on items fetches no page beyond it.

mod common;

use common::{payload, Canned, Server};
use futures_util::StreamExt;
use generated_client::types::PublicMessage;
use generated_client::{Client, ClientError, GetThreadMessagesRequest};

const TOKEN: &str = "pat-na1-paging";

/// A page of `messages` (payload files) that ends with `next` as its cursor.
fn page(messages: &[&str], next: Option<&str>) -> String {
    let results: Vec<String> = messages.iter().map(|m| payload(m)).collect();
    let paging = match next {
        Some(after) => format!(
            r#","paging":{{"next":{{"after":"{after}","link":"https://api.example.test/next?after={after}"}}}}"#
        ),
        None => String::new(),
    };
    format!(r#"{{"results":[{}]{paging}}}"#, results.join(","))
}

fn client(server: &Server) -> Client {
    Client::new(TOKEN).with_base_url(server.base_url())
}

fn query_of(target: &str) -> Vec<(String, String)> {
    let query = target.split_once('?').map_or("", |(_, q)| q);
    query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (k.to_owned(), v.to_owned())
        })
        .collect()
}

fn id_of(message: &PublicMessage) -> String {
    let value = serde_json::to_value(message).unwrap();
    value["id"].as_str().unwrap_or_default().to_owned()
}

#[tokio::test]
async fn three_pages_each_once_in_order_with_a_429_between() {
    let server = Server::start(vec![
        Canned::json(200, &page(&["response-message.json", "response-comment.json"], Some("c2"))),
        Canned::json(
            429,
            r#"{"status":"error","message":"slow down","policyName":"SECONDLY","correlationId":"c0ffee00-1111-2222-3333-444455556666"}"#,
        )
        .with_header("Retry-After", "0"),
        Canned::json(200, &page(&["response-welcome-message.json"], Some("c3"))),
        Canned::json(200, &page(&["response-assignment.json", "response-thread-status-change.json"], None)),
    ]);
    let request = GetThreadMessagesRequest::new(7_711).with_limit(2);
    let messages: Vec<PublicMessage> = client(&server)
        .get_thread_messages_stream(request)
        .map(|item| item.expect("every page arrives"))
        .collect()
        .await;
    let received = server.finish();

    let kinds: Vec<&str> = messages.iter().map(|m| m.tag().unwrap_or("?")).collect();
    assert_eq!(
        kinds,
        [
            "MESSAGE",
            "COMMENT",
            "WELCOME_MESSAGE",
            "ASSIGNMENT",
            "THREAD_STATUS_CHANGE"
        ]
    );
    let expected: Vec<String> = [
        "response-message.json",
        "response-comment.json",
        "response-welcome-message.json",
        "response-assignment.json",
        "response-thread-status-change.json",
    ]
    .iter()
    .map(|p| {
        serde_json::from_str::<serde_json::Value>(&payload(p)).unwrap()["id"]
            .as_str()
            .unwrap_or_default()
            .to_owned()
    })
    .collect();
    assert_eq!(messages.iter().map(id_of).collect::<Vec<_>>(), expected);

    // Four requests: the first page, the 429, its retry, the last page.
    assert_eq!(received.len(), 4, "{received:#?}");
    for r in &received {
        assert_eq!(r.method, "GET");
        assert!(
            r.target
                .starts_with("/conversations/v3/conversations/threads/7711/messages?"),
            "{}",
            r.target
        );
        assert!(
            query_of(&r.target).contains(&("limit".into(), "2".into())),
            "{}",
            r.target
        );
        assert_eq!(r.header("authorization"), Some(&*format!("Bearer {TOKEN}")));
    }
    let cursors: Vec<Option<String>> = received
        .iter()
        .map(|r| {
            query_of(&r.target)
                .into_iter()
                .find(|(k, _)| k == "after")
                .map(|(_, v)| v)
        })
        .collect();
    assert_eq!(
        cursors,
        [
            None,
            Some("c2".into()),
            Some("c2".into()),
            Some("c3".into())
        ],
        "the first page has no cursor; each later one the cursor the page before ended with"
    );
}

#[tokio::test]
async fn pages_come_whole_and_the_walk_ends_after_the_last() {
    let server = Server::start(vec![
        Canned::json(200, &page(&["response-message.json"], Some("next-1"))),
        Canned::json(200, &page(&[], None)),
    ]);
    let pages: Vec<_> = client(&server)
        .get_thread_messages_pages(GetThreadMessagesRequest::new(1))
        .collect()
        .await;
    assert_eq!(pages.len(), 2);
    let first = pages[0].as_ref().unwrap();
    assert_eq!(first.status, 200);
    assert_eq!(first.body.results.len(), 1);
    assert!(pages[1].as_ref().unwrap().body.paging.is_none());
    assert_eq!(server.finish().len(), 2);
}

#[tokio::test]
async fn a_bound_on_items_fetches_no_page_beyond_it() {
    // Three pages are ready, but three items are on the first two.
    let server = Server::start(vec![
        Canned::json(
            200,
            &page(
                &["response-message.json", "response-comment.json"],
                Some("b"),
            ),
        ),
        Canned::json(
            200,
            &page(
                &["response-welcome-message.json", "response-assignment.json"],
                Some("c"),
            ),
        ),
        Canned::json(200, &page(&["response-thread-status-change.json"], None)),
    ]);
    let messages: Vec<_> = client(&server)
        .get_thread_messages_stream(GetThreadMessagesRequest::new(1))
        .take(3)
        .collect()
        .await;
    assert_eq!(messages.len(), 3);
    assert_eq!(server.stop().len(), 2, "the third page was never asked for");
}

#[tokio::test]
async fn an_error_ends_the_walk_after_it_is_given() {
    let server = Server::start(vec![
        Canned::json(200, &page(&["response-message.json"], Some("b"))),
        Canned::json(
            404,
            r#"{"category":"OBJECT_NOT_FOUND","message":"thread gone","correlationId":"c0ffee00-1111-2222-3333-444455556666"}"#,
        ),
    ]);
    let items: Vec<_> = client(&server)
        .get_thread_messages_stream(GetThreadMessagesRequest::new(1))
        .collect()
        .await;
    assert_eq!(items.len(), 2);
    assert!(items[0].is_ok());
    assert!(
        matches!(&items[1], Err(ClientError::Api { status, .. }) if *status == 404),
        "{:?}",
        items[1]
    );
    assert_eq!(server.finish().len(), 2);
}

#[tokio::test]
async fn a_server_that_repeats_its_cursor_does_not_loop() {
    let server = Server::start(vec![
        Canned::json(200, &page(&["response-message.json"], Some("same"))),
        Canned::json(200, &page(&["response-comment.json"], Some("same"))),
        Canned::json(200, &page(&["response-welcome-message.json"], Some("same"))),
    ]);
    let items: Vec<_> = client(&server)
        .get_thread_messages_stream(GetThreadMessagesRequest::new(1))
        .collect()
        .await;
    assert_eq!(
        items.len(),
        2,
        "the page asked with `same` that ends with `same` is the last"
    );
    assert_eq!(server.stop().len(), 2);
}
