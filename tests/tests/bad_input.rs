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
