//! Cookie, query and `content` parameters on the wire.

use fixture_parameter_locations::sans_io::get_item_request;
use fixture_parameter_locations::types::{GetItemFilter, GetItemTheme};
use fixture_parameter_locations::{Credentials, GetItemRequest};

#[test]
fn every_location_reaches_the_request() {
    let request = GetItemRequest::new("a/b", "s 1")
        .with_query_id(7)
        .with_theme(GetItemTheme::Dark)
        .with_filter(GetItemFilter::new().with_color("red"));
    let http = get_item_request(
        "https://api.example.test",
        &Credentials::bearer("t"),
        &request,
    )
    .unwrap();
    assert_eq!(
        http.uri().to_string(),
        "https://api.example.test/items/a%2Fb?id=7&filter=%7B%22color%22%3A%22red%22%7D"
    );
    assert_eq!(http.headers()["cookie"], "session=s%201; theme=dark");
}

#[test]
fn absent_optional_cookies_are_left_out() {
    let http = get_item_request(
        "https://api.example.test",
        &Credentials::bearer("t"),
        &GetItemRequest::new("x", "s"),
    )
    .unwrap();
    assert_eq!(http.headers()["cookie"], "session=s");
    assert_eq!(http.uri().query(), None);
}
