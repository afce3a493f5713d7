//! A required read-only property is not sent; a required write-only one is not needed back.

use fixture_read_write_only::types::Account;

#[test]
fn creating_needs_no_id_and_reading_needs_no_password() {
    let new = Account::new("ada@example.test").with_password("s3cret");
    assert_eq!(
        serde_json::to_value(&new).unwrap(),
        serde_json::json!({"email": "ada@example.test", "password": "s3cret"})
    );
    let read: Account = serde_json::from_str(r#"{"id":"a-1","email":"ada@example.test"}"#).unwrap();
    assert_eq!(read.id.as_deref(), Some("a-1"));
    assert_eq!(read.password, None);
}
