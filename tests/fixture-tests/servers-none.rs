//! No `servers`: no default host, and a client without a base URL sends nothing.

use fixture_servers_none::sans_io::get_status_request;
use fixture_servers_none::{
    Client, ClientError, Credentials, GetStatusRequest, RequestError, DEFAULT_BASE_URL,
};

#[tokio::test]
async fn a_client_without_a_base_url_refuses_to_send() {
    assert_eq!(DEFAULT_BASE_URL, "");
    let err = Client::new("secret")
        .get_status(&GetStatusRequest::new())
        .await
        .unwrap_err();
    assert!(
        matches!(err, ClientError::Request(RequestError::NoBaseUrl)),
        "{err:?}"
    );
    let err = get_status_request(
        DEFAULT_BASE_URL,
        &Credentials::bearer("secret"),
        &GetStatusRequest::new(),
    )
    .unwrap_err();
    assert!(matches!(err, RequestError::NoBaseUrl));
}
