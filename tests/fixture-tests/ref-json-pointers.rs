//! A `$ref` by JSON pointer names the very type of the place it points to: the property,
//! the array's items, the path's response schema, the inline response and the inline
//! parameter each have one Rust type, used at the place and at every reference, and a value
//! decoded through it encodes back to the same JSON.

use bytes::Bytes;
use fixture_ref_json_pointers::sans_io::{
    get_pet_owner_response, get_pet_request, get_pet_response, list_pet_tags_response,
    list_pets_request, list_pets_response, search_pets_response,
};
use fixture_ref_json_pointers::types::{
    ListPetsResponse200, ListPetsResponseDefault, Pet, PetOwner, PetOwnerAddress, PetTag, Shelter,
};
use fixture_ref_json_pointers::{ClientError, Credentials, GetPetRequest, ListPetsRequest};

const BASE: &str = "https://pets.example.com/v1";
const OWNER: &str = r#"{"name":"Ada","address":{"city":"Oslo","street":"Storgata 1"}}"#;
const TAGS: &str = r#"[{"label":"good","color":"green"},{"label":"loud"}]"#;
const PAGE: &str = r#"{"pets":[{"id":"p1","name":"Rex","tags":[{"label":"good"}]}],"next":"c2"}"#;

fn answer(status: u16, body: &str) -> http::Response<Bytes> {
    http::Response::builder()
        .status(status)
        .header("content-type", "application/json")
        .body(Bytes::from(body.to_owned()))
        .unwrap()
}

/// The value encodes to the JSON it was decoded from.
fn assert_round_trip<T: serde::Serialize>(value: &T, json: &str) {
    let expected: serde_json::Value = serde_json::from_str(json).unwrap();
    assert_eq!(serde_json::to_value(value).unwrap(), expected);
}

/// The message of an error body of the inline `default` response.
fn api_message(error: ClientError<ListPetsResponseDefault>) -> String {
    match error {
        ClientError::Api { status, body } => format!("{}: {}", status.as_u16(), body.message),
        _ => panic!("expected the documented error body"),
    }
}

#[test]
fn a_property_named_by_pointer_is_one_type() {
    let owner: PetOwner = get_pet_owner_response(answer(200, OWNER)).unwrap().body;
    assert_round_trip(&owner, OWNER);

    let pet_json = format!(r#"{{"id":"p1","name":"Rex","owner":{OWNER}}}"#);
    let pet: Pet = serde_json::from_str(&pet_json).unwrap();
    assert_round_trip(&pet, &pet_json);
    // The property's type and the referring response's type are one: they sit in one array.
    let owners: [&PetOwner; 2] = [pet.owner.as_ref().unwrap(), &owner];
    assert_eq!(owners[0], owners[1]);
}

#[test]
fn a_pointer_into_a_pointer_target_is_one_type() {
    let owner: PetOwner = serde_json::from_str(OWNER).unwrap();
    let shelter_json = r#"{"name":"Shelter","address":{"city":"Oslo","street":"Storgata 1"}}"#;
    let shelter: Shelter = serde_json::from_str(shelter_json).unwrap();
    assert_round_trip(&shelter, shelter_json);
    let addresses: [Option<PetOwnerAddress>; 2] = [shelter.address, owner.address];
    assert_eq!(addresses[0], addresses[1]);
}

#[test]
fn array_items_named_by_pointer_are_one_type() {
    let tags: Vec<PetTag> = list_pet_tags_response(answer(200, TAGS)).unwrap().body;
    assert_round_trip(&tags, TAGS);
    assert_eq!(tags[0].color.as_deref(), Some("green"));
    // The tags an operation returns are what a pet holds.
    let pet = Pet::new("p1", "Rex").with_tags(tags.clone());
    assert_eq!(pet.tags, Some(tags));
}

#[test]
fn a_path_response_schema_named_by_pointer_is_one_type() {
    let listed: ListPetsResponse200 = list_pets_response(answer(200, PAGE)).unwrap().body;
    let searched = search_pets_response(answer(200, PAGE)).unwrap().body;
    assert_round_trip(&searched, PAGE);
    let pages: [ListPetsResponse200; 2] = [listed, searched];
    assert_eq!(pages[0], pages[1]);
    assert_eq!(pages[0].pets[0].name, "Rex");
}

#[test]
fn an_inline_response_named_by_pointer_is_one_error_type() {
    let body = r#"{"message":"no such pet"}"#;
    let listed = list_pets_response(answer(500, body)).unwrap_err();
    let searched = search_pets_response(answer(400, body)).unwrap_err();
    let got = get_pet_response(answer(404, body)).unwrap_err();
    assert_eq!(api_message(listed), "500: no such pet");
    assert_eq!(api_message(searched), "400: no such pet");
    assert_eq!(api_message(got), "404: no such pet");
}

#[test]
fn an_inline_parameter_named_by_pointer_is_sent_by_both_operations() {
    let credentials = Credentials::none();
    let listed = list_pets_request(
        BASE,
        &credentials,
        &ListPetsRequest::new().with_locale("nb"),
    )
    .unwrap();
    let got = get_pet_request(
        BASE,
        &credentials,
        &GetPetRequest::new("p1").with_locale("nb"),
    )
    .unwrap();
    assert_eq!(listed.uri().query(), Some("locale=nb"));
    assert_eq!(got.uri().query(), Some("locale=nb"));
    assert_eq!(got.uri().path(), "/v1/pets/p1");
}
