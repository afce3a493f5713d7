//! How long generation takes, from text to formatted files: our own description, and a
//! synthetic description of HubSpot's size and shape (about 1 MB, 1,000 schemas).
//!
//! `cargo bench -p codegen --bench generate`

use std::fmt::Write as _;

fn main() {
    divan::main();
}

/// A description with `schemas` component schemas in HubSpot's style: objects with
/// described properties, inline enums, `$ref`s, lists and maps, `example: null`
/// everywhere, a tagged `oneOf` every tenth schema, and one operation per five schemas.
pub fn large_description(schemas: usize) -> String {
    let mut out = String::new();
    out.push_str(r##"{"openapi":"3.0.1","info":{"title":"Synthetic HubSpot-like API","version":"v3"},"servers":[{"url":"https://api.hubapi.com"}],"paths":{"##);
    let ops = schemas / 5;
    for i in 0..ops {
        if i > 0 {
            out.push(',');
        }
        write!(
            out,
            r##""/crm/v3/objects/thing{i}/{{thingId}}":{{"parameters":[{{"name":"thingId","in":"path","required":true,"schema":{{"type":"string"}},"example":null}}],"get":{{"operationId":"get-/crm/v3/objects/thing{i}/{{thingId}}_getById","description":"Reads a thing of kind {i} by its identifier, with the properties asked for.","parameters":[{{"name":"properties","in":"query","style":"form","explode":true,"schema":{{"type":"array","items":{{"type":"string"}}}},"example":null}},{{"name":"archived","in":"query","schema":{{"type":"boolean"}}}}],"responses":{{"200":{{"description":"The thing.","content":{{"application/json":{{"schema":{{"$ref":"#/components/schemas/Schema{s}"}},"example":null}}}}}},"default":{{"$ref":"#/components/responses/Error"}}}}}},"post":{{"operationId":"post-/crm/v3/objects/thing{i}/{{thingId}}_update","requestBody":{{"required":true,"content":{{"application/json":{{"schema":{{"$ref":"#/components/schemas/Schema{s}"}}}}}}}},"responses":{{"200":{{"description":"Updated.","content":{{"application/json":{{"schema":{{"$ref":"#/components/schemas/Schema{s}"}}}}}}}},"default":{{"$ref":"#/components/responses/Error"}}}}}}}}"##,
            s = (i * 5) % schemas
        )
        .unwrap();
    }
    out.push_str(r##"},"components":{"responses":{"Error":{"description":"An error.","content":{"*/*":{"schema":{"$ref":"#/components/schemas/Error"}}}}},"schemas":{"##);
    out.push_str(r##""Error":{"type":"object","required":["category","message","correlationId"],"properties":{"category":{"type":"string","example":null},"message":{"type":"string","example":null},"correlationId":{"type":"string","format":"uuid","example":null}},"example":null}"##);
    for i in 0..schemas {
        out.push(',');
        if i % 10 == 9 {
            // A union of the two schemas before it, tagged HubSpot's way.
            write!(
                out,
                r##""Schema{i}":{{"description":"Either of two kinds.","oneOf":[{{"$ref":"#/components/schemas/Schema{a}"}},{{"$ref":"#/components/schemas/Schema{b}"}}],"example":null}}"##,
                a = i - 1,
                b = i - 2
            )
            .unwrap();
            continue;
        }
        write!(out, r##""Schema{i}":{{"type":"object","title":"KIND_{i}","description":"Schema number {i}, an object with six described properties of every common kind.","required":["type","id","name"],"properties":{{"##).unwrap();
        write!(out, r##""type":{{"type":"string","enum":["KIND_{i}"],"default":"KIND_{i}","example":null}},"##).unwrap();
        for p in 0..6 {
            if p > 0 {
                out.push(',');
            }
            let prop = match p % 6 {
                0 => r##"{"type":"string","description":"A plain text property with a description long enough to look like HubSpot's documentation.","example":null}"##.to_owned(),
                1 => r##"{"type":"integer","format":"int64","description":"A 64-bit identifier.","example":null}"##.to_owned(),
                2 => r##"{"type":"string","enum":["FIRST","SECOND","THIRD","FOURTH"],"description":"An inline enum.","example":null}"##.to_owned(),
                3 => format!(
                    r##"{{"type":"array","items":{{"$ref":"#/components/schemas/Schema{}"}},"description":"A list of another schema.","example":null}}"##,
                    (i + 7) % schemas
                ),
                4 => r##"{"type":"object","additionalProperties":{"type":"string"},"description":"A map of strings.","example":null}"##.to_owned(),
                _ => r##"{"type":"string","format":"date-time","description":"When something happened.","example":null}"##.to_owned(),
            };
            let name = match p {
                0 => "id".to_owned(),
                1 => "name".to_owned(),
                _ => format!("property{p}Value"),
            };
            write!(out, r##""{name}":{prop}"##).unwrap();
        }
        out.push_str(r##"},"example":null}"##);
    }
    out.push_str("}}}");
    out
}

fn generate(text: &str, name: &str) -> codegen::Generated {
    let input = codegen::Input {
        spec_name: name,
        text,
        crate_name: Some("bench"),
        command: "bench",
        standalone: true,
    };
    codegen::generate(&input).unwrap_or_else(|diags| panic!("{diags}"))
}

#[divan::bench]
fn our_description(bencher: divan::Bencher) {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../schemas/send-message.yaml");
    let text = std::fs::read_to_string(path).expect("schemas/send-message.yaml");
    bencher.bench(|| generate(divan::black_box(&text), "schemas/send-message.yaml"));
}

#[divan::bench(sample_count = 20)]
fn synthetic_1mb_1000_schemas(bencher: divan::Bencher) {
    let text = large_description(1000);
    eprintln!("synthetic description: {} bytes", text.len());
    bencher.bench(|| generate(divan::black_box(&text), "synthetic.json"));
}

#[divan::bench(sample_count = 20)]
fn synthetic_1mb_to_written_files(bencher: divan::Bencher) {
    let text = large_description(1000);
    let dir = std::env::temp_dir().join(format!("codegen-bench-{}", std::process::id()));
    bencher.bench(|| {
        let generated = generate(divan::black_box(&text), "synthetic.json");
        // Every run rewrites all files, as a first generation does.
        let _ = std::fs::remove_dir_all(&dir);
        codegen::write::apply(&dir, &generated.files).expect("write");
    });
    let _ = std::fs::remove_dir_all(&dir);
}
