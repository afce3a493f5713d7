//! A forgiving model of an OpenAPI 3.0 document.
//!
//! Only what the generator reads is modelled; unknown keys (including `x-` extensions and
//! `example: null`) are ignored. Maps keep the document's order, so generated code follows
//! the order the schema author chose.

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::Deserialize;
use serde_json::Value;
use std::fmt;
use std::marker::PhantomData;

/// A JSON object read in document order. Keys may be written as YAML integers
/// (`201:` under `responses`); they are kept as their text. `PATTERNED` maps (the Paths
/// and Responses objects, whose keys follow a pattern) may also hold `x-` extensions,
/// which are skipped.
#[derive(Debug, Clone)]
pub struct OrderedMap<V, const PATTERNED: bool = false>(pub Vec<(String, V)>);

/// The Paths and Responses objects: patterned keys, and `x-` extensions beside them.
pub type PatternedMap<V> = OrderedMap<V, true>;

impl<V, const P: bool> Default for OrderedMap<V, P> {
    fn default() -> Self {
        OrderedMap(Vec::new())
    }
}

impl<V, const P: bool> OrderedMap<V, P> {
    pub fn get(&self, key: &str) -> Option<&V> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }
    pub fn iter(&self) -> impl Iterator<Item = (&str, &V)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v))
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// A map key: a string, or a YAML scalar that is not a string.
struct Key(String);

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl Visitor<'_> for KeyVisitor {
            type Value = Key;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a map key")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Key, E> {
                Ok(Key(v.to_owned()))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Key, E> {
                Ok(Key(v))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Key, E> {
                Ok(Key(v.to_string()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Key, E> {
                Ok(Key(v.to_string()))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Key, E> {
                Ok(Key(v.to_string()))
            }
        }
        d.deserialize_any(KeyVisitor)
    }
}

impl<'de, V: Deserialize<'de>, const P: bool> Deserialize<'de> for OrderedMap<V, P> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct MapVisitor<V, const P: bool>(PhantomData<V>);
        impl<'de, V: Deserialize<'de>, const P: bool> Visitor<'de> for MapVisitor<V, P> {
            type Value = OrderedMap<V, P>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object")
            }
            fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(OrderedMap::default())
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut entries: Vec<(String, V)> = Vec::new();
                // Small maps are searched; a large one (thousands of schemas) keeps its
                // keys in a set, so checking for duplicates stays linear.
                const SEARCHED: usize = 16;
                let mut keys: std::collections::HashSet<String> = Default::default();
                while let Some(Key(key)) = map.next_key()? {
                    if P && key.starts_with("x-") {
                        map.next_value::<de::IgnoredAny>()?;
                        continue;
                    }
                    if entries.len() == SEARCHED {
                        keys.extend(entries.iter().map(|(k, _)| k.clone()));
                    }
                    let duplicate = if entries.len() < SEARCHED {
                        entries.iter().any(|(k, _)| *k == key)
                    } else {
                        !keys.insert(key.clone())
                    };
                    if duplicate {
                        return Err(de::Error::custom(format!("duplicate key `{key}`")));
                    }
                    let value = map.next_value()?;
                    entries.push((key, value));
                }
                Ok(OrderedMap(entries))
            }
        }
        d.deserialize_map(MapVisitor::<V, P>(PhantomData))
    }
}

/// `null` reads as the default value: HubSpot's files write `null` where a key has no value.
fn null_default<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    Ok(Option::<T>::deserialize(d)?.unwrap_or_default())
}

#[derive(Debug, Deserialize)]
pub struct Document {
    pub openapi: String,
    #[serde(default, deserialize_with = "null_default")]
    pub info: Info,
    #[serde(default, deserialize_with = "null_default")]
    pub servers: Vec<Server>,
    #[serde(default, deserialize_with = "null_default")]
    pub paths: PatternedMap<PathItem>,
    #[serde(default, deserialize_with = "null_default")]
    pub components: Components,
    /// Alternatives, each naming the schemes it needs together; `None` when not given.
    #[serde(default)]
    pub security: Option<Vec<OrderedMap<Value>>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Info {
    pub title: Option<String>,
    pub description: Option<String>,
    pub version: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Server {
    pub url: Option<String>,
    pub variables: OrderedMap<ServerVariable>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ServerVariable {
    pub default: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Components {
    #[serde(deserialize_with = "null_default")]
    pub schemas: OrderedMap<Schema>,
    #[serde(deserialize_with = "null_default")]
    pub responses: OrderedMap<Response>,
    #[serde(deserialize_with = "null_default")]
    pub parameters: OrderedMap<Parameter>,
    #[serde(deserialize_with = "null_default")]
    pub request_bodies: OrderedMap<RequestBody>,
    #[serde(deserialize_with = "null_default")]
    pub headers: OrderedMap<Header>,
    #[serde(deserialize_with = "null_default")]
    pub security_schemes: OrderedMap<SecurityScheme>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct SecurityScheme {
    #[serde(rename = "$ref")]
    pub reference: Option<String>,
    #[serde(rename = "type")]
    pub ty: Option<String>,
    pub scheme: Option<String>,
    pub name: Option<String>,
    #[serde(rename = "in")]
    pub location: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct PathItem {
    #[serde(rename = "$ref")]
    pub reference: Option<String>,
    pub get: Option<Operation>,
    pub put: Option<Operation>,
    pub post: Option<Operation>,
    pub delete: Option<Operation>,
    pub options: Option<Operation>,
    pub head: Option<Operation>,
    pub patch: Option<Operation>,
    pub trace: Option<Operation>,
    #[serde(deserialize_with = "null_default")]
    pub parameters: Vec<Parameter>,
}

impl PathItem {
    /// The operations in the order OpenAPI lists the methods.
    pub fn operations(&self) -> impl Iterator<Item = (crate::ir::Method, &Operation)> {
        use crate::ir::Method;
        [
            (Method::Get, &self.get),
            (Method::Put, &self.put),
            (Method::Post, &self.post),
            (Method::Delete, &self.delete),
            (Method::Options, &self.options),
            (Method::Head, &self.head),
            (Method::Patch, &self.patch),
            (Method::Trace, &self.trace),
        ]
        .into_iter()
        .filter_map(|(method, op)| op.as_ref().map(|op| (method, op)))
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Operation {
    pub operation_id: Option<String>,
    pub summary: Option<String>,
    pub description: Option<String>,
    #[serde(deserialize_with = "null_default")]
    pub parameters: Vec<Parameter>,
    pub request_body: Option<RequestBody>,
    #[serde(deserialize_with = "null_default")]
    pub responses: PatternedMap<Response>,
    pub deprecated: Option<bool>,
    pub security: Option<Vec<OrderedMap<Value>>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Parameter {
    #[serde(rename = "$ref")]
    pub reference: Option<String>,
    pub name: Option<String>,
    #[serde(rename = "in")]
    pub location: Option<String>,
    pub description: Option<String>,
    pub required: Option<bool>,
    pub schema: Option<Schema>,
    pub style: Option<String>,
    pub explode: Option<bool>,
    pub deprecated: Option<bool>,
    /// Instead of `schema`: one media type whose schema the value follows.
    pub content: OrderedMap<MediaType>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct RequestBody {
    #[serde(rename = "$ref")]
    pub reference: Option<String>,
    pub description: Option<String>,
    #[serde(deserialize_with = "null_default")]
    pub content: OrderedMap<MediaType>,
    pub required: Option<bool>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Response {
    #[serde(rename = "$ref")]
    pub reference: Option<String>,
    pub description: Option<String>,
    #[serde(deserialize_with = "null_default")]
    pub headers: OrderedMap<Header>,
    #[serde(deserialize_with = "null_default")]
    pub content: OrderedMap<MediaType>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Header {
    #[serde(rename = "$ref")]
    pub reference: Option<String>,
    pub description: Option<String>,
    pub required: Option<bool>,
    pub schema: Option<Schema>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct MediaType {
    pub schema: Option<Schema>,
}

/// `type` is a string in 3.0 and may be a list in 3.1.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum SchemaType {
    One(String),
    Many(Vec<String>),
}

#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum AdditionalProperties {
    Bool(bool),
    Schema(Box<Schema>),
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Discriminator {
    pub property_name: Option<String>,
    #[serde(deserialize_with = "null_default")]
    pub mapping: OrderedMap<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Schema {
    #[serde(rename = "$ref")]
    pub reference: Option<String>,
    #[serde(rename = "type")]
    pub ty: Option<SchemaType>,
    pub format: Option<String>,
    pub pattern: Option<String>,
    pub title: Option<String>,
    pub description: Option<String>,
    #[serde(deserialize_with = "null_default")]
    pub properties: OrderedMap<Schema>,
    #[serde(deserialize_with = "null_default")]
    pub required: Vec<String>,
    pub items: Option<Box<Schema>>,
    pub additional_properties: Option<AdditionalProperties>,
    #[serde(rename = "enum")]
    pub enum_values: Option<Vec<Value>>,
    #[serde(deserialize_with = "null_default")]
    pub one_of: Vec<Schema>,
    #[serde(deserialize_with = "null_default")]
    pub any_of: Vec<Schema>,
    #[serde(deserialize_with = "null_default")]
    pub all_of: Vec<Schema>,
    pub discriminator: Option<Discriminator>,
    pub nullable: Option<bool>,
    pub default: Option<Value>,
    pub deprecated: Option<bool>,
    pub read_only: Option<bool>,
    pub write_only: Option<bool>,
}

impl Schema {
    /// The single `type` named, ignoring `"null"` in a 3.1 list.
    pub fn type_name(&self) -> Option<&str> {
        match &self.ty {
            Some(SchemaType::One(t)) => Some(t),
            Some(SchemaType::Many(ts)) => {
                let mut rest = ts.iter().filter(|t| *t != "null");
                match (rest.next(), rest.next()) {
                    (Some(t), None) => Some(t),
                    _ => None,
                }
            }
            None => None,
        }
    }

    pub fn is_nullable(&self) -> bool {
        self.nullable == Some(true)
            || matches!(&self.ty, Some(SchemaType::Many(ts)) if ts.iter().any(|t| t == "null"))
    }

    /// The value of a string enum with exactly one member: how HubSpot marks a union tag.
    pub fn single_string_value(&self) -> Option<&str> {
        match self.enum_values.as_deref() {
            Some([Value::String(s)]) => Some(s),
            _ => None,
        }
    }
}
