//! Writes a copy of an OpenAPI description that progenitor 0.15 accepts; see `run.sh`
//! beside this file, which lists each rewrite and why.
//!
//!   derive-spec [--no-rewrites] [--add-field[=SCHEMA]] IN OUT
//!
//! By default it makes three rewrites, each only where it applies:
//! 1. every operation's `default` response becomes a `4XX` and a `5XX` response with the
//!    same content, in the same place;
//! 2. of an operation's success (2xx) responses, and of its error (4xx, 5xx) responses,
//!    only those with the same body as the first of the group are kept (progenitor wants
//!    one body type per group: HubSpot's batch reads answer 200 or 207 with two types);
//! 3. a schema's `allOf` loses a `$ref` to a schema whose `oneOf` or `anyOf` lists it back
//!    (HubSpot's pattern of variants that extend their own union).
//! `--no-rewrites` makes none (for the copy our generator reads). `--add-field` also adds an optional string property
//! `retryHint` to SCHEMA (default `FailureDetails` when the description has it, else the
//! first schema with `properties`): the one-field change of the build-cost measurement.
//! IN may be JSON or YAML; OUT is written in the same format as IN.

use serde_json::{Map, Value};

const METHODS: [&str; 8] = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

fn main() {
    let mut rewrite = true;
    let mut add_field: Option<Option<String>> = None;
    let mut files = Vec::new();
    for arg in std::env::args().skip(1) {
        if arg == "--no-rewrites" {
            rewrite = false;
        } else if arg == "--add-field" {
            add_field = Some(None);
        } else if let Some(schema) = arg.strip_prefix("--add-field=") {
            add_field = Some(Some(schema.to_string()));
        } else {
            files.push(arg);
        }
    }
    let [input, output] = <[String; 2]>::try_from(files)
        .unwrap_or_else(|_| die("usage: derive-spec [--no-rewrites] [--add-field[=SCHEMA]] IN OUT"));

    let text = std::fs::read_to_string(&input).unwrap_or_else(|e| die(&format!("{input}: {e}")));
    let json = is_json(&input, &text);
    let mut spec: Value = if json {
        serde_json::from_str(&text).unwrap_or_else(|e| die(&format!("{input}: {e}")))
    } else {
        serde_yaml::from_str(&text).unwrap_or_else(|e| die(&format!("{input}: {e}")))
    };

    if rewrite {
        let split = split_default_responses(&mut spec);
        eprintln!("derive-spec: {split} `default` responses split into 4XX + 5XX");
        let narrowed = one_body_per_group(&mut spec);
        eprintln!("derive-spec: {narrowed} responses dropped for a second body type");
        let dropped = drop_cyclic_all_of(&mut spec);
        eprintln!("derive-spec: {dropped} `allOf` references back to a union dropped");
    }
    if let Some(schema) = add_field {
        let name = add_retry_hint(&mut spec, schema.as_deref());
        eprintln!("derive-spec: optional `retryHint` added to {name}");
    }

    let out = if json {
        serde_json::to_string_pretty(&spec).unwrap() + "\n"
    } else {
        serde_yaml::to_string(&spec).unwrap()
    };
    std::fs::write(&output, out).unwrap_or_else(|e| die(&format!("{output}: {e}")));
}

fn die(message: &str) -> ! {
    eprintln!("derive-spec: {message}");
    std::process::exit(1)
}

/// JSON when the name says so, or when the text opens with `{`.
fn is_json(path: &str, text: &str) -> bool {
    path.ends_with(".json") || text.trim_start().starts_with('{')
}

/// Replaces each operation's `default` response by `4XX` and `5XX` copies of it, keeping
/// the order of the other responses. A `4XX` or `5XX` the operation already has wins.
/// Returns how many operations changed.
fn split_default_responses(spec: &mut Value) -> usize {
    let mut changed = 0;
    for responses in operations(spec).filter_map(|op| op.get_mut("responses")?.as_object_mut()) {
        if !responses.contains_key("default") {
            continue;
        }
        let mut rebuilt = Map::new();
        for (code, response) in std::mem::take(responses) {
            if code == "default" {
                for range in ["4XX", "5XX"] {
                    rebuilt.entry(range).or_insert_with(|| response.clone());
                }
            } else {
                // An explicit entry replaces a copy made from `default` above.
                rebuilt.insert(code, response);
            }
        }
        *responses = rebuilt;
        changed += 1;
    }
    changed
}

/// Every operation object under `paths`.
fn operations(spec: &mut Value) -> impl Iterator<Item = &mut Value> {
    spec.get_mut("paths")
        .and_then(Value::as_object_mut)
        .into_iter()
        .flat_map(|paths| paths.values_mut())
        .filter_map(Value::as_object_mut)
        .flat_map(|item| {
            item.iter_mut()
                .filter(|(method, _)| METHODS.contains(&method.as_str()))
                .map(|(_, op)| op)
        })
}

/// Drops each response whose body (its `content`, or its `$ref`) differs from that of
/// the first response of its group, success or error. Returns how many went.
fn one_body_per_group(spec: &mut Value) -> usize {
    let group = |code: &str| match code.as_bytes().first() {
        Some(b'2') => Some(2),
        Some(b'4' | b'5') => Some(4),
        _ => None,
    };
    let body = |response: &Value| {
        response
            .get("content")
            .or_else(|| response.get("$ref"))
            .cloned()
            .unwrap_or(Value::Null)
    };
    let mut dropped = 0;
    for responses in operations(spec).filter_map(|op| op.get_mut("responses")?.as_object_mut()) {
        let mut first: [Option<Value>; 2] = [None, None];
        responses.retain(|code, response| {
            let Some(g) = group(code) else { return true };
            let slot = &mut first[usize::from(g == 4)];
            let this = body(response);
            match slot {
                None => {
                    *slot = Some(this);
                    true
                }
                Some(kept) if *kept == this => true,
                Some(_) => {
                    dropped += 1;
                    false
                }
            }
        });
    }
    dropped
}

/// In each schema, removes the `allOf` entries `{$ref: P}` where P's `oneOf` or `anyOf`
/// has a `{$ref: <this schema>}`: a loop progenitor (typify) follows until its stack
/// overflows. What P adds besides the union is kept only when it is nothing or empty
/// `properties` (HubSpot's case); any other P is left alone. Returns how many went.
fn drop_cyclic_all_of(spec: &mut Value) -> usize {
    const PREFIX: &str = "#/components/schemas/";
    let Some(schemas) = spec
        .pointer_mut("/components/schemas")
        .and_then(Value::as_object_mut)
    else {
        return 0;
    };
    let reference = |v: &Value| v.get("$ref").and_then(Value::as_str).and_then(|r| r.strip_prefix(PREFIX)).map(str::to_string);
    // Which unions list which schemas, for unions that add nothing else.
    let mut members: Vec<(String, Vec<String>)> = Vec::new();
    for (name, schema) in schemas.iter() {
        let Some(object) = schema.as_object() else { continue };
        let only_union = object.iter().all(|(key, value)| match key.as_str() {
            "oneOf" | "anyOf" | "description" | "title" | "discriminator" => true,
            "properties" => value.as_object().is_some_and(Map::is_empty),
            "type" => value == "object",
            _ => key.starts_with("x-"),
        });
        if !only_union {
            continue;
        }
        let listed = ["oneOf", "anyOf"]
            .iter()
            .filter_map(|key| object.get(*key).and_then(Value::as_array))
            .flatten()
            .filter_map(reference)
            .collect();
        members.push((name.clone(), listed));
    }
    let mut dropped = 0;
    for (name, schema) in schemas.iter_mut() {
        let Some(all_of) = schema.get_mut("allOf").and_then(Value::as_array_mut) else {
            continue;
        };
        let before = all_of.len();
        all_of.retain(|part| {
            let Some(parent) = reference(part) else { return true };
            !members.iter().any(|(union, listed)| *union == parent && listed.contains(name))
        });
        dropped += before - all_of.len();
    }
    dropped
}

/// Adds `retryHint: {type: string}` to a schema's properties; returns the schema's name.
fn add_retry_hint(spec: &mut Value, wanted: Option<&str>) -> String {
    let schemas = spec
        .pointer_mut("/components/schemas")
        .and_then(Value::as_object_mut)
        .unwrap_or_else(|| die("the description has no components.schemas"));
    let has_properties = |s: &Value| s.get("properties").is_some_and(Value::is_object);
    let name = match wanted {
        Some(name) => name.to_string(),
        None if schemas.get("FailureDetails").is_some_and(has_properties) => "FailureDetails".into(),
        None => schemas
            .iter()
            .find(|(_, s)| has_properties(s))
            .map(|(name, _)| name.clone())
            .unwrap_or_else(|| die("no schema has properties")),
    };
    let properties = schemas
        .get_mut(&name)
        .and_then(|s| s.get_mut("properties"))
        .and_then(Value::as_object_mut)
        .unwrap_or_else(|| die(&format!("schema {name} has no properties")));
    properties.insert(
        "retryHint".into(),
        serde_json::json!({
            "type": "string",
            "description": "Added by the progenitor benchmark's build-cost step."
        }),
    );
    name
}
