//! The generator as a user meets it: located errors for bad input, exit codes, `--check`,
//! and writes that never leave the output half-done.

mod common;

use common::{cargo_run, root};
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

fn errors_of(name: &str, text: &str) -> String {
    let input = codegen::Input {
        spec_name: name,
        text,
        crate_name: None,
        command: "test",
        standalone: true,
    };
    match codegen::generate(&input) {
        Ok(_) => panic!("{name} generated, but it is invalid"),
        Err(diags) => diags.to_string(),
    }
}

#[test]
fn invalid_yaml_names_line_and_column() {
    let message = errors_of(
        "broken.yaml",
        "openapi: 3.0.3\ninfo:\n  title: [unclosed\npaths: {}\n",
    );
    insta::assert_snapshot!("bad_input__invalid_yaml", message);
    assert!(message.starts_with("error: broken.yaml:"), "{message}");
}

#[test]
fn truncated_json_names_line_and_column() {
    let message = errors_of("cut.json", "{\"openapi\": \"3.0.3\", \"paths\": {\"/a\": {");
    insta::assert_snapshot!("bad_input__truncated_json", message);
    assert!(message.contains("cut.json:1:"), "{message}");
}

#[test]
fn wrong_type_names_the_pointer() {
    let spec = "openapi: 3.0.3\ninfo: {title: t}\npaths: {}\ncomponents:\n  schemas:\n    Thing:\n      type: object\n      required: yes-please\n";
    let message = errors_of("wrong.yaml", spec);
    insta::assert_snapshot!("bad_input__wrong_type", message);
    assert!(
        message.contains("/components/schemas/Thing/required"),
        "{message}"
    );
}

/// A reference to a schema the file does not define is a warning (HubSpot publishes such
/// files; the rest is still worth generating); a reference outside the file is an error.
#[test]
fn dangling_refs_are_all_reported_with_their_pointers() {
    let spec = r##"{"openapi":"3.0.3","info":{"title":"t"},"paths":{},"components":{"schemas":{
        "A":{"type":"object","properties":{"b":{"$ref":"#/components/schemas/Missing"}}},
        "C":{"type":"array","items":{"$ref":"#/components/schemas/AlsoMissing"}},
        "D":{"$ref":"other.yaml#/components/schemas/X"}}}}"##;
    let message = errors_of("refs.json", spec);
    insta::assert_snapshot!("bad_input__dangling_refs", message);
    assert_eq!(message.lines().count(), 3, "{message}");
    assert!(
        message.contains("/components/schemas/A/properties/b/$ref"),
        "{message}"
    );
    assert!(
        message.contains("/components/schemas/C/items/$ref"),
        "{message}"
    );
    assert!(
        message.contains("external references are not supported"),
        "{message}"
    );
}

#[test]
fn swagger_2_and_missing_version_are_refused() {
    let message = errors_of(
        "old.json",
        r#"{"swagger":"2.0","info":{"title":"t"},"paths":{}}"#,
    );
    assert!(message.contains("missing field `openapi`"), "{message}");
    let message = errors_of("v31.yaml", "openapi: 3.1.0\ninfo: {title: t}\npaths: {}\n");
    assert!(
        message.contains("/openapi") && message.contains("3.1.0"),
        "{message}"
    );
    let message = errors_of("empty.yaml", "  \n");
    assert!(message.contains("empty"), "{message}");
}

#[test]
fn undeclared_path_parameter_is_an_error() {
    let spec = "openapi: 3.0.3\ninfo: {title: t}\npaths:\n  /things/{id}:\n    get:\n      responses:\n        '200': {description: ok}\n";
    let message = errors_of("params.yaml", spec);
    assert!(
        message.contains("/paths/~1things~1{id}/get") && message.contains("`id`"),
        "{message}"
    );
}

/// A scratch folder for one test, removed first if a previous run left it.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("codegen-cli-{}-{name}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).expect("create scratch folder");
    dir
}

fn snapshot_tree(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in fs::read_dir(&d).expect("read dir") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else {
                files.insert(path.clone(), fs::read(&path).expect("read file"));
            }
        }
    }
    files
}

fn codegen(args: &[&str]) -> (i32, String) {
    let mut all = vec!["-p", "codegen", "--"];
    all.extend_from_slice(args);
    let out = cargo_run(&all, "");
    (
        out.status.code().expect("exited"),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn bad_input_exits_1_and_leaves_the_output_untouched() {
    let dir = scratch("untouched");
    let out = dir.join("client");
    let spec = root().join(codegen::DEFAULT_SPEC).display().to_string();
    let (code, stderr) = codegen(&["--spec", &spec, "--out", out.to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
    let before = snapshot_tree(&out);

    let bad = dir.join("bad.yaml");
    fs::write(&bad, "openapi: 3.0.3\ninfo: {title: t}\npaths:\n  /x:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: 'other.yaml#/components/schemas/Nope'}\n").unwrap();
    let (code, stderr) = codegen(&[
        "--spec",
        bad.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("bad.yaml")
            && stderr
                .contains("/paths/~1x/get/responses/200/content/application~1json/schema/$ref"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(
        snapshot_tree(&out),
        before,
        "a failed run changed the output folder"
    );
    let _ = fs::remove_dir_all(&dir);
}

#[test]
fn standalone_crate_check_and_stale_files() {
    let dir = scratch("standalone");
    let out = dir.join("client");
    let spec = root().join(codegen::DEFAULT_SPEC).display().to_string();
    let out_arg = out.to_str().unwrap();

    let (code, stderr) = codegen(&["--spec", &spec, "--out", out_arg]);
    assert_eq!(code, 0, "{stderr}");
    let manifest = fs::read_to_string(out.join("Cargo.toml")).unwrap();
    assert!(
        manifest.contains("name = \"hubspot-conversations-messages\""),
        "{manifest}"
    );
    assert!(
        manifest.contains("\n[workspace]\n"),
        "a standalone crate builds on its own: {manifest}"
    );

    let (code, stderr) = codegen(&["--spec", &spec, "--out", out_arg, "--check"]);
    assert_eq!(code, 0, "fresh output passes --check: {stderr}");

    // A hand edit and a stale generated file: --check lists both and changes nothing.
    let types = out.join("src/types.rs");
    let edited = fs::read_to_string(&types).unwrap() + "\n// edited by hand\n";
    fs::write(&types, &edited).unwrap();
    let stale = out.join("src/old_module.rs");
    fs::write(&stale, "// @generated by an older run. Do not edit.\n").unwrap();
    let mine = out.join("src/notes.txt");
    fs::write(&mine, "not generated").unwrap();
    let (code, stderr) = codegen(&["--spec", &spec, "--out", out_arg, "--check"]);
    assert_eq!(code, 1);
    assert!(
        stderr.contains("types.rs") && stderr.contains("old_module.rs"),
        "{stderr}"
    );
    assert_eq!(fs::read_to_string(&types).unwrap(), edited);
    assert!(stale.exists());

    // Regenerating restores the file, removes the stale one, and keeps what is not ours.
    let (code, stderr) = codegen(&["--spec", &spec, "--out", out_arg]);
    assert_eq!(code, 0, "{stderr}");
    assert!(!fs::read_to_string(&types)
        .unwrap()
        .contains("edited by hand"));
    assert!(!stale.exists());
    assert!(mine.exists());
    let leftovers: Vec<_> = snapshot_tree(&out)
        .into_keys()
        .filter(|p| p.to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    let _ = fs::remove_dir_all(&dir);
}

#[test]
fn usage_errors_exit_2() {
    let (code, stderr) = codegen(&["--spec", "only-a-spec.yaml"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("--out"), "{stderr}");
}

#[test]
fn a_missing_spec_file_is_named() {
    let (code, stderr) = codegen(&["--spec", "no/such/file.yaml", "--out", "/tmp/never-written"]);
    assert_eq!(code, 1);
    assert!(stderr.contains("no/such/file.yaml"), "{stderr}");
    assert!(!Path::new("/tmp/never-written").exists());
}
