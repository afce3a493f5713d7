//! Malformed and hostile descriptions in `tests/bad-input/`: each must end in a located,
//! one-screen error, with no panic, no stack overflow and no runaway memory. The message
//! for each is a snapshot (`tests/tests/snapshots/bad_input__*.snap`).

mod common;

use common::root;
use std::time::Instant;

fn corpus() -> Vec<std::path::PathBuf> {
    let mut files: Vec<_> = std::fs::read_dir(root().join("tests/bad-input"))
        .expect("tests/bad-input exists")
        .map(|e| e.expect("entry").path())
        .collect();
    files.sort();
    files
}

/// What the command line would print: the bytes go through the same checks (size, UTF-8)
/// before parsing.
fn errors_for(path: &std::path::Path) -> Result<String, String> {
    let name = format!(
        "tests/bad-input/{}",
        path.file_name().unwrap().to_string_lossy()
    );
    let bytes = std::fs::read(path).expect("readable");
    let mut diags = codegen::Diagnostics::new(name.clone());
    let Some(text) = codegen::load::text_from_bytes(bytes, &mut diags) else {
        return Ok(diags.to_string());
    };
    let input = codegen::Input {
        spec_name: &name,
        text: &text,
        crate_name: None,
        command: "test",
        standalone: true,
    };
    match codegen::generate(&input) {
        Ok(_) => Err(format!("{name} generated, but it should be refused")),
        Err(diags) => Ok(diags.to_string()),
    }
}

#[test]
fn every_bad_description_ends_in_a_located_one_screen_error() {
    let files = corpus();
    assert!(files.len() >= 30, "{} files", files.len());
    let mut slowest = (std::time::Duration::ZERO, String::new());
    for path in files {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let started = Instant::now();
        let outcome = std::panic::catch_unwind(|| errors_for(&path));
        let took = started.elapsed();
        if took > slowest.0 {
            slowest = (took, name.clone());
        }
        let message = match outcome {
            Ok(Ok(message)) => message,
            Ok(Err(why)) => panic!("{why}"),
            Err(_) => panic!("{name}: the generator panicked"),
        };
        assert!(
            message.starts_with("error: tests/bad-input/"),
            "{name}: {message}"
        );
        assert!(message.contains(": at "), "{name}: no location: {message}");
        assert!(
            message.lines().count() <= 20,
            "{name}: more than a screen: {message}"
        );
        assert!(
            message.lines().all(|l| l.chars().count() <= 400),
            "{name}: a line too long: {message}"
        );
        insta::assert_snapshot!(format!("bad_input__{name}"), message);
    }
    eprintln!("slowest bad input: {} in {:?}", slowest.1, slowest.0);
}

/// Valid descriptions whose schema graphs are long or deep, built here rather than kept as
/// files: each generates (or is refused with a located error) without a stack overflow,
/// which would abort this test process, and without a quadratic walk.
#[test]
fn long_and_deep_schema_graphs_generate() {
    fn description(schemas: serde_json::Map<String, serde_json::Value>) -> String {
        serde_json::json!({
            "openapi": "3.0.3",
            "info": {"title": "Deep", "version": "1"},
            "paths": {},
            "components": {"schemas": schemas},
        })
        .to_string()
    }
    let reference =
        |name: String| serde_json::json!({"$ref": format!("#/components/schemas/{name}")});
    let mut cases: Vec<(&str, serde_json::Map<String, serde_json::Value>)> = Vec::new();
    // Twenty thousand names for one string.
    let n = 20_000;
    cases.push((
        "alias chain",
        (0..=n)
            .map(|i| {
                let schema = if i < n {
                    reference(format!("A{}", i + 1))
                } else {
                    serde_json::json!({"type": "string"})
                };
                (format!("A{i}"), schema)
            })
            .collect(),
    ));
    // Five thousand structs, each holding the next, the last the first.
    let n = 5_000;
    cases.push((
        "property ring",
        (0..n)
            .map(|i| {
                let next = reference(format!("P{}", (i + 1) % n));
                (
                    format!("P{i}"),
                    serde_json::json!({"type": "object", "properties": {"next": next}}),
                )
            })
            .collect(),
    ));
    // A thousand unions, each a variant of the one before.
    let n = 1_000;
    cases.push((
        "union chain",
        (0..=n)
            .map(|i| {
                let schema = if i < n {
                    serde_json::json!({"oneOf": [reference(format!("U{}", i + 1)), {"type": "string"}]})
                } else {
                    serde_json::json!({"type": "integer"})
                };
                (format!("U{i}"), schema)
            })
            .collect(),
    ));
    // Forty levels of `allOf`, each inheriting both schemas of the level below: 2^40 paths.
    let depth = 40;
    let mut diamond = serde_json::Map::new();
    for i in 0..depth {
        for side in ["L", "R"] {
            let parts = [
                reference(format!("L{}", i + 1)),
                reference(format!("R{}", i + 1)),
            ];
            diamond.insert(format!("{side}{i}"), serde_json::json!({"allOf": parts}));
        }
    }
    diamond.insert(
        format!("L{depth}"),
        serde_json::json!({"type": "object", "properties": {"l": {"type": "string"}}}),
    );
    diamond.insert(
        format!("R{depth}"),
        serde_json::json!({"type": "object", "properties": {"r": {"type": "string"}}}),
    );
    cases.push(("allOf diamond", diamond));

    for (name, schemas) in cases {
        let text = description(schemas);
        let input = codegen::Input {
            spec_name: name,
            text: &text,
            crate_name: None,
            command: "test",
            standalone: true,
        };
        let started = Instant::now();
        if let Err(diags) = codegen::generate(&input) {
            panic!("{name}: {diags}");
        }
        eprintln!("{name}: generated in {:?}", started.elapsed());
    }
}
