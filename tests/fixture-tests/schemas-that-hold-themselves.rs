//! Schemas that hold themselves generate finite types that keep every value.

use fixture_schemas_that_hold_themselves::types::{Json, Pet, Tree};
use serde_json::json;

#[test]
fn a_property_that_extends_its_holder_keeps_everything() {
    let value = json!({"name": "Rex", "child": {"name": "Pup", "nickname": "P", "child": {"name": "Tiny", "nickname": "T"}}});
    let pet: Pet = serde_json::from_value(value.clone()).unwrap();
    let child = pet.child.as_deref().unwrap();
    assert_eq!(child.nickname.as_deref(), Some("P"));
    // One level further the child is typed as a Pet, its nickname an unknown field.
    let grandchild = child.child.as_deref().unwrap();
    assert_eq!(grandchild.unknown_field("nickname"), Some(&json!("T")));
    assert_eq!(serde_json::to_value(&pet).unwrap(), value);
}

#[test]
fn lists_and_maps_of_themselves_keep_their_values() {
    let tree = json!([[], [[1]], "leaf"]);
    let decoded: Tree = serde_json::from_value(tree.clone()).unwrap();
    assert_eq!(serde_json::to_value(&decoded).unwrap(), tree);
    let map = json!({"a": {"b": {}}});
    let decoded: Json = serde_json::from_value(map.clone()).unwrap();
    assert_eq!(serde_json::to_value(&decoded).unwrap(), map);
}
