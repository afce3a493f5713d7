//! `2XX` bodies are decoded; a code listed beside the range wins.

use bytes::Bytes;
use fixture_status_ranges::sans_io::{
    create_report_response, get_latest_report_response, read_reports_response,
};
use fixture_status_ranges::ReadReportsResponseBody;

fn answer(status: u16, body: &str) -> http::Response<Bytes> {
    http::Response::builder()
        .status(status)
        .header("content-type", "application/json")
        .body(Bytes::from(body.to_owned()))
        .unwrap()
}

const REPORT: &str = r#"{"id":"r1","title":"T","summary":"S","owner":"o","createdAt":"2026-12-01T10:00:00Z","pages":3,"status":"done","score":0.5}"#;

#[test]
fn any_success_status_carries_the_body() {
    let read = get_latest_report_response(answer(203, REPORT)).unwrap();
    assert_eq!(read.status, 203);
    assert_eq!(read.body.id, "r1");
}

#[test]
fn a_listed_code_wins_over_the_range() {
    let created = create_report_response(answer(204, "")).unwrap();
    assert!(created.body.is_none());
    let created = create_report_response(answer(201, REPORT)).unwrap();
    assert_eq!(created.body.unwrap().pages, 3);
}

#[test]
fn bodies_of_different_sizes_by_status() {
    let partial = read_reports_response(answer(207, r#"["r2"]"#)).unwrap();
    assert!(
        matches!(partial.body, Some(ReadReportsResponseBody::MultiStatus(ids)) if ids == ["r2"])
    );
}
