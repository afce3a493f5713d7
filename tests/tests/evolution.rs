//! Proof of the README's table "What breaks a caller": for each row of
//! `tests/evolution/rows.yaml`, the description `tests/evolution/base.yaml` is changed by
//! the row's patch, and
//! - `codegen diff` must give the row's version bump (and exit 3 exactly for `major`);
//! - `tests/evolution/user.rs`, a caller written the documented way against the base crate,
//!   must compile against the changed crate exactly when the bump is not `major`, and then
//!   its own tests (the same request sent, the same response read) must pass.
//!
//! All crates live in one workspace under `target/evolution` and build in two cargo runs.

mod common;

use common::root;
use serde_json::Value;
use std::collections::BTreeSet;
use std::fs;
use std::path::Path;
use std::process::Command;

#[derive(Debug, serde::Deserialize)]
struct Row {
    name: String,
    bump: String,
    patch: Vec<PatchOp>,
}

#[derive(Debug, serde::Deserialize)]
struct PatchOp {
    op: String,
    path: String,
    #[serde(default)]
    value: Value,
}

fn rows() -> Vec<Row> {
    let text = fs::read_to_string(root().join("tests/evolution/rows.yaml")).unwrap();
    serde_yaml::from_str(&text).expect("rows.yaml parses")
}

fn base() -> Value {
    let text = fs::read_to_string(root().join("tests/evolution/base.yaml")).unwrap();
    serde_yaml::from_str(&text).expect("base.yaml parses")
}

/// RFC 6902's add, remove and replace, enough for the rows.
fn apply(doc: &mut Value, op: &PatchOp) {
    let (parent, last) = op.path.rsplit_once('/').expect("a pointer");
    let key = last.replace("~1", "/").replace("~0", "~");
    let target = doc
        .pointer_mut(parent)
        .unwrap_or_else(|| panic!("no {parent} in the base"));
    match (op.op.as_str(), target) {
        ("add", Value::Array(items)) if key == "-" => items.push(op.value.clone()),
        ("add", Value::Array(items)) => items.insert(key.parse().unwrap(), op.value.clone()),
        ("remove", Value::Array(items)) => {
            items.remove(key.parse().unwrap());
        }
        ("replace", Value::Array(items)) => items[key.parse::<usize>().unwrap()] = op.value.clone(),
        ("add" | "replace", Value::Object(map)) => {
            map.insert(key, op.value.clone());
        }
        ("remove", Value::Object(map)) => {
            map.remove(&key)
                .unwrap_or_else(|| panic!("no {} to remove", op.path));
        }
        (other, _) => panic!("unsupported patch `{other}` at {}", op.path),
    }
}

fn slug(name: &str) -> String {
    name.replace(' ', "-")
}

fn write_crate(dir: &Path, spec_name: &str, text: &str, crate_name: &str) {
    let input = codegen::Input {
        spec_name,
        text,
        crate_name: Some(crate_name),
        command: "the evolution test",
        standalone: false,
    };
    let mut generated = codegen::generate(&input).unwrap_or_else(|d| panic!("{spec_name}:\n{d}"));
    // Every version's library is `api`, as a published crate's would be from one release
    // to the next: cargo-semver-checks compares paths that start with the crate's name.
    let manifest = generated.files.get_mut("Cargo.toml").expect("a manifest");
    manifest.push_str("\n[lib]\nname = \"api\"\n");
    codegen::write::apply(dir, &generated.files).expect("write crate");
}

fn write_user(workspace: &Path, name: &str, api: &str) {
    let dir = workspace.join(name);
    fs::create_dir_all(&dir).unwrap();
    write_if_changed(
        &dir.join("Cargo.toml"),
        &format!(
            "[package]\nname = \"{name}\"\nversion = \"0.1.0\"\nedition = \"2021\"\npublish = false\n\n\
             [lib]\npath = \"{}\"\n\n[dependencies]\napi = {{ package = \"{api}\", path = \"../{api}\" }}\n\
             http = \"1.3\"\nserde_json = \"1.0.145\"\n",
            root().join("tests/evolution/user.rs").display()
        ),
    );
}

fn write_if_changed(path: &Path, text: &str) {
    if fs::read_to_string(path).ok().as_deref() != Some(text) {
        fs::write(path, text).unwrap();
    }
}

/// Packages that failed to compile, from cargo's JSON messages.
fn failed_packages(stdout: &str) -> BTreeSet<String> {
    let mut failed = BTreeSet::new();
    for line in stdout.lines() {
        let Ok(message) = serde_json::from_str::<Value>(line) else {
            continue;
        };
        let is_error =
            message["reason"] == "compiler-message" && message["message"]["level"] == "error";
        if is_error {
            // `path+file:///…/user-field-removed#0.1.0`
            let id = message["package_id"].as_str().unwrap_or_default();
            let name = id.rsplit('/').next().unwrap_or(id);
            let name = name.split(['#', '@']).next().unwrap_or(name);
            failed.insert(name.to_owned());
        }
    }
    failed
}

#[test]
fn every_row_of_the_table_is_what_the_compiler_says() {
    // Kept between runs: files are rewritten only when they change, so cargo rebuilds
    // only what did.
    let workspace = root().join("target/evolution");
    fs::create_dir_all(&workspace).unwrap();
    let base_text = serde_json::to_string_pretty(&base()).unwrap();
    let old_api = codegen::lower_input(
        &codegen::Input {
            spec_name: "base",
            text: &base_text,
            crate_name: None,
            command: "",
            standalone: false,
        },
        &mut codegen::Diagnostics::new("base"),
    )
    .expect("base lowers");
    write_crate(&workspace.join("api-base"), "base", &base_text, "api-base");
    write_user(&workspace, "user-base", "api-base");
    let mut members = vec!["\"api-base\"".to_owned(), "\"user-base\"".to_owned()];

    let rows = rows();
    assert!(rows.len() >= 20, "{} rows", rows.len());
    let mut verdicts = Vec::new();
    for row in &rows {
        let mut doc = base();
        row.patch.iter().for_each(|op| apply(&mut doc, op));
        let text = serde_json::to_string_pretty(&doc).unwrap();
        let spec_name = format!("{}.json", slug(&row.name));
        let new_api = codegen::lower_input(
            &codegen::Input {
                spec_name: &spec_name,
                text: &text,
                crate_name: None,
                command: "",
                standalone: false,
            },
            &mut codegen::Diagnostics::new(&spec_name),
        )
        .unwrap_or_else(|d| panic!("{}: {d}", row.name));
        let report = codegen::diff::diff("base", &old_api, &spec_name, &new_api);
        assert_eq!(
            report.bump.as_str(),
            row.bump,
            "{}: codegen diff says {}:\n{}",
            row.name,
            report.bump.as_str(),
            report.to_markdown()
        );
        assert_eq!(report.breaking, row.bump == "major", "{}", row.name);
        write_if_changed(&workspace.join(&spec_name), &text);
        let api = format!("api-{}", slug(&row.name));
        let user = format!("user-{}", slug(&row.name));
        write_crate(&workspace.join(&api), &spec_name, &text, &api);
        write_user(&workspace, &user, &api);
        members.push(format!("\"{api}\""));
        members.push(format!("\"{user}\""));
        verdicts.push((row, user));
    }
    write_if_changed(
        &workspace.join("Cargo.toml"),
        &format!(
            "[workspace]\nresolver = \"2\"\nmembers = [{}]\n",
            members.join(", ")
        ),
    );
    // The project's lock file pins the versions the project builds with; cargo adds the
    // workspace's own crates to the copy.
    if !workspace.join("Cargo.lock").exists() {
        fs::copy(root().join("Cargo.lock"), workspace.join("Cargo.lock")).unwrap();
    }

    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let check = Command::new(&cargo)
        .args([
            "check",
            "--workspace",
            "--tests",
            "--keep-going",
            "--message-format=json",
            "--quiet",
        ])
        .current_dir(&workspace)
        .env("CARGO_TARGET_DIR", workspace.join("target"))
        .envs(common::LEAN_BUILD)
        .output()
        .expect("cargo runs");
    let stdout = String::from_utf8_lossy(&check.stdout);
    let failed = failed_packages(&stdout);
    assert!(
        !failed.iter().any(|p| p.starts_with("api-")),
        "a generated crate does not compile: {failed:?}\n{}",
        String::from_utf8_lossy(&check.stderr)
    );
    assert!(
        !failed.contains("user-base"),
        "the user crate must compile against the base"
    );
    let mut wrong = Vec::new();
    for (row, user) in &verdicts {
        let compiles = !failed.contains(user);
        if compiles != (row.bump != "major") {
            wrong.push(format!(
                "{}: bump {}, but the user crate {}",
                row.name,
                row.bump,
                if compiles {
                    "compiles"
                } else {
                    "does not compile"
                }
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));

    // Where it compiles, it must also mean the same: the user's tests pass unchanged.
    let mut test = Command::new(&cargo);
    test.args(["test", "--workspace", "--quiet"])
        .current_dir(&workspace)
        .env("CARGO_TARGET_DIR", workspace.join("target"))
        .envs(common::LEAN_BUILD);
    for package in &failed {
        test.args(["--exclude", package]);
    }
    let output = test.output().expect("cargo runs");
    assert!(
        output.status.success(),
        "the user crate's tests fail against a non-breaking change:\n{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );

    semver_checks_cross_check(&workspace, &cargo, &verdicts);
}

/// Rows where cargo-semver-checks, an independent tool, sees no major change although the
/// compiler proves one (`user.rs` stops compiling), and why. Every other row must get the
/// same verdict from both; a row that starts or stops agreeing fails the test, so this list
/// stays true.
const SEMVER_CHECKS_MISSES: &[(&str, &str)] = &[
    (
        "field retyped",
        "`votes: Option<i32>` becomes `Option<i64>`: cargo-semver-checks 0.51 has no lint for a \
         public field's type, so it sees the same field and the same method signatures",
    ),
    (
        "parameter retyped",
        "`color: String` becomes `i64` in `new`: the parameter count is unchanged, and \
         cargo-semver-checks 0.51 does not compare parameter types",
    ),
];

/// Runs cargo-semver-checks (pinned in `.ci/run`) on the rustdoc JSON of the base crate and
/// of each row's crate: a major verdict must match a lint that requires a major release.
fn semver_checks_cross_check(workspace: &Path, cargo: &str, verdicts: &[(&Row, String)]) {
    let available = Command::new(cargo)
        .args(["semver-checks", "--version"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !available {
        assert!(
            std::env::var_os("CI").is_none(),
            "cargo-semver-checks is missing; .ci/run installs it"
        );
        eprintln!("cargo-semver-checks is not installed: cross-check skipped");
        return;
    }
    // Every library is called `api`, so each rustdoc run writes `target/doc/api.json`;
    // each is kept under its package's name.
    let kept = workspace.join("target/semver-checks");
    fs::create_dir_all(&kept).unwrap();
    let json = |package: &str| kept.join(format!("{package}.json"));
    let packages = std::iter::once("api-base".to_owned()).chain(
        verdicts
            .iter()
            .map(|(row, _)| format!("api-{}", slug(&row.name))),
    );
    for package in packages {
        let output = Command::new(cargo)
            .args(["doc", "--no-deps", "--quiet", "-p", &package])
            .current_dir(workspace)
            .env("CARGO_TARGET_DIR", workspace.join("target"))
            .envs(common::LEAN_BUILD)
            .env("RUSTC_BOOTSTRAP", "1")
            .env("RUSTDOCFLAGS", "-Z unstable-options --output-format json")
            .output()
            .expect("cargo runs");
        assert!(
            output.status.success(),
            "rustdoc JSON of {package}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        fs::copy(workspace.join("target/doc/api.json"), json(&package)).unwrap();
    }
    let mut report = Vec::new();
    let mut unexpected = Vec::new();
    for (row, _) in verdicts {
        let api = format!("api-{}", slug(&row.name));
        let output = Command::new(cargo)
            .args([
                "semver-checks",
                "--release-type",
                "minor",
                "--baseline-rustdoc",
            ])
            .arg(json("api-base"))
            .arg("--current-rustdoc")
            .arg(json(&api))
            .current_dir(workspace)
            .output()
            .expect("cargo semver-checks runs");
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        let tool_major = !output.status.success();
        let ours_major = row.bump == "major";
        let documented = SEMVER_CHECKS_MISSES
            .iter()
            .any(|(name, _)| *name == row.name);
        let lints: Vec<&str> = text
            .lines()
            .filter_map(|l| l.trim().strip_prefix("--- failure "))
            .map(|l| l.split(':').next().unwrap_or(l))
            .collect();
        report.push(format!(
            "{}: ours {}, cargo-semver-checks {} {:?}",
            row.name,
            if ours_major { "major" } else { "not major" },
            if tool_major { "major" } else { "not major" },
            lints
        ));
        let agree = tool_major == ours_major;
        if agree == documented {
            unexpected.push(format!("{}:\n{text}", row.name));
        }
    }
    eprintln!("cargo-semver-checks cross-check:\n{}", report.join("\n"));
    assert!(
        unexpected.is_empty(),
        "cargo-semver-checks and codegen diff differ other than documented:\n{}",
        unexpected.join("\n")
    );
}

#[test]
fn the_readme_table_lists_every_row_with_its_verdict() {
    let readme = fs::read_to_string(root().join("README.md")).unwrap();
    for row in rows() {
        let verdict = if row.bump == "major" {
            "breaking"
        } else {
            "not breaking"
        };
        let line = format!("| {} | {} | {} |", row.name, verdict, row.bump);
        assert!(
            readme.lines().any(|l| l.trim() == line),
            "README.md lacks the table row `{line}`"
        );
    }
}
