//! One small description per construct in `tests/fixtures/`, each with a snapshot of the
//! code it generates (`tests/tests/snapshots/fixtures__*.snap`), one build of all the
//! generated crates together, clippy-clean with `-D warnings`, and the behaviour tests of
//! `tests/fixture-tests/<fixture>.rs` run against their crates.

mod common;

use common::root;
use std::fs;
use std::path::PathBuf;
use std::process::Command;

fn fixtures() -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = fs::read_dir(root().join("tests/fixtures"))
        .expect("tests/fixtures exists")
        .map(|e| e.expect("entry").path())
        .filter(|p| {
            matches!(
                p.extension().and_then(|e| e.to_str()),
                Some("yaml" | "yml" | "json")
            )
        })
        .collect();
    paths.sort();
    paths
}

fn stem(path: &std::path::Path) -> String {
    path.file_stem()
        .expect("file name")
        .to_string_lossy()
        .into_owned()
}

fn generate(path: &std::path::Path) -> codegen::Generated {
    let text = fs::read_to_string(path).expect("fixture is readable");
    let spec_name = format!(
        "tests/fixtures/{}",
        path.file_name().unwrap().to_string_lossy()
    );
    let crate_name = format!("fixture-{}", stem(path));
    let input = codegen::Input {
        spec_name: &spec_name,
        text: &text,
        crate_name: Some(&crate_name),
        command: "the fixture test",
        standalone: false,
    };
    codegen::generate(&input).unwrap_or_else(|diags| panic!("{}:\n{diags}", path.display()))
}

/// The generated code a reviewer cares about for a fixture: its warnings, crate root
/// (re-exports, base URL), types and request functions (the runtime is the same for every
/// crate and has its own snapshot).
fn review_text(generated: &codegen::Generated) -> String {
    let mut text = String::from("# warnings\n");
    for w in &generated.warnings {
        text.push_str(&format!("{w}\n"));
    }
    for file in [
        "src/lib.rs",
        "src/types.rs",
        "src/operations.rs",
        "src/sans_io.rs",
    ] {
        text.push_str(&format!("\n# {file}\n"));
        text.push_str(&generated.files[file]);
    }
    text
}

/// Fixture, schema and how many instances of it hypothesis-jsonschema draws for the
/// fixture's behaviour test (which reads `drawn/<schema>.json`).
const DRAWN: &[(&str, &str, usize)] = &[("mostly-tagged", "Filter", 100)];

/// Draws instances of one schema of a fixture into `<crate>/drawn/<schema>.json` with
/// `tests/python/draw.py`, in the virtual environment `tests/python/setup.sh` makes. Without
/// it, the behaviour test says it skipped, except under CI, where this fails.
fn draw_instances(crate_dir: &std::path::Path, fixture: &str, schema: &str, count: usize) {
    let python = root().join("target/py/bin/python");
    if !python.exists() {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "{} is missing: run tests/python/setup.sh",
            python.display()
        );
        return;
    }
    let path = fixtures()
        .into_iter()
        .find(|p| stem(p) == fixture)
        .expect("the fixture exists");
    let text = fs::read_to_string(&path).expect("fixture is readable");
    let description: serde_json::Value = serde_yaml::from_str(&text).expect("fixture is YAML");
    fs::create_dir_all(crate_dir.join("drawn")).unwrap();
    let out = crate_dir.join("drawn").join(format!("{schema}.json"));
    let mut child = Command::new(&python)
        .arg(root().join("tests/python/draw.py"))
        .args([schema, &count.to_string()])
        .arg(&out)
        .stdin(std::process::Stdio::piped())
        .spawn()
        .expect("python runs");
    serde_json::to_writer(child.stdin.take().unwrap(), &description).unwrap();
    let status = child.wait().unwrap();
    assert!(
        status.success(),
        "drawing instances of {fixture}/{schema} failed"
    );
}

#[test]
fn snapshot_of_each_fixture() {
    let fixtures = fixtures();
    assert!(fixtures.len() >= 14, "fixtures: {fixtures:?}");
    for path in fixtures {
        let generated = generate(&path);
        insta::assert_snapshot!(format!("fixture__{}", stem(&path)), review_text(&generated));
    }
}

#[test]
fn generated_fixture_crates_build_clippy_clean() {
    // One workspace holding every fixture crate: one build per test run.
    let workspace = root().join("target/fixture-crates");
    let _ = fs::remove_dir_all(workspace.join("crates"));
    fs::create_dir_all(workspace.join("crates")).expect("create fixture workspace");
    let mut members = Vec::new();
    for path in fixtures() {
        let name = stem(&path);
        let dir = workspace.join("crates").join(&name);
        codegen::write::apply(&dir, &generate(&path).files).expect("write fixture crate");
        // A fixture's behaviour test, when it has one, runs against its crate.
        let behaviour = root()
            .join("tests/fixture-tests")
            .join(format!("{name}.rs"));
        if behaviour.exists() {
            fs::create_dir_all(dir.join("tests")).unwrap();
            fs::copy(&behaviour, dir.join("tests/behaviour.rs")).unwrap();
        }
        members.push(format!("\"crates/{name}\""));
    }
    fs::write(
        workspace.join("Cargo.toml"),
        format!(
            "[workspace]\nresolver = \"2\"\nmembers = [{}]\n",
            members.join(", ")
        ),
    )
    .expect("write workspace manifest");
    // The project's lock file pins the same dependency versions the project builds with.
    fs::copy(root().join("Cargo.lock"), workspace.join("Cargo.lock")).expect("copy Cargo.lock");

    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let output = Command::new(cargo)
        .args([
            "clippy",
            "--workspace",
            "--all-targets",
            "--quiet",
            "--",
            "-D",
            "warnings",
        ])
        .current_dir(&workspace)
        .env("CARGO_TARGET_DIR", workspace.join("target"))
        .envs(common::LEAN_BUILD)
        .output()
        .expect("cargo runs");
    assert!(
        output.status.success(),
        "the generated fixture crates do not build clippy-clean:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );

    // Instances some behaviour tests round-trip, drawn from the fixture's own schemas.
    for (fixture, schema, count) in DRAWN {
        draw_instances(
            &workspace.join("crates").join(fixture),
            fixture,
            schema,
            *count,
        );
    }

    // Then the behaviour tests of `tests/fixture-tests/`, each against its crate.
    let output = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()))
        .args(["test", "--workspace", "--quiet"])
        .current_dir(&workspace)
        .env("CARGO_TARGET_DIR", workspace.join("target"))
        .envs(common::LEAN_BUILD)
        .output()
        .expect("cargo runs");
    assert!(
        output.status.success(),
        "a fixture's behaviour test failed:\n{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    let ran = String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|l| l.strip_prefix("test result: ok. "))
        .filter_map(|l| l.split(' ').next()?.parse::<usize>().ok())
        .sum::<usize>();
    let files = fs::read_dir(root().join("tests/fixture-tests"))
        .unwrap()
        .count();
    assert!(ran >= files, "{ran} behaviour tests ran for {files} files");
}
