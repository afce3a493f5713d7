//! Several parameters in one path segment, each encoded in its place.

use fixture_path_templates::sans_io::{
    get_instance_request, get_profile_request, get_record_request,
};
use fixture_path_templates::types::GetRecordFormat;
use fixture_path_templates::{
    Credentials, GetInstanceRequest, GetProfileRequest, GetRecordRequest, DEFAULT_BASE_URL,
};

#[test]
fn parameters_share_segments() {
    let record = get_record_request(
        DEFAULT_BASE_URL,
        &Credentials::bearer("t"),
        &GetRecordRequest::new(42, GetRecordFormat::Csv),
    )
    .unwrap();
    assert_eq!(
        record.uri().to_string(),
        "https://api.example.test/v1/records/42.csv"
    );
    let instance = get_instance_request(
        DEFAULT_BASE_URL,
        &Credentials::bearer("t"),
        &GetInstanceRequest::new("web app", 3),
    )
    .unwrap();
    assert_eq!(
        instance.uri().to_string(),
        "https://api.example.test/v1/instances/web%20app-3"
    );
    let profile = get_profile_request(
        DEFAULT_BASE_URL,
        &Credentials::bearer("t"),
        &GetProfileRequest::new("me", ".json"),
    )
    .unwrap();
    assert_eq!(
        profile.uri().to_string(),
        "https://api.example.test/v1/profiles/me.json"
    );
}
