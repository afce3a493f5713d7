//! The first server, with its variables at their defaults.

#[test]
fn variables_take_their_defaults() {
    assert_eq!(
        fixture_servers_variables::DEFAULT_BASE_URL,
        "https://eu1.api.example.test/v2"
    );
}
