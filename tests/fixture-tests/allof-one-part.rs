//! A one-part `allOf` is its part: a struct, an enum, or the referenced type.

use fixture_allof_one_part::types::{Event, EventLevel};

#[test]
fn one_part_all_of_decodes_as_its_part() {
    let event: Event =
        serde_json::from_str(r#"{"place":{"city":"Lyon"},"level":"HIGH","owner":{"name":"Ada"}}"#)
            .unwrap();
    assert_eq!(event.place.unwrap().city.as_deref(), Some("Lyon"));
    assert_eq!(event.level, Some(EventLevel::High));
    assert_eq!(event.owner.unwrap().name.as_deref(), Some("Ada"));
}
