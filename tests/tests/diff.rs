//! `codegen diff OLD NEW`: semantic change reports between pairs of our own descriptions in
//! `tests/diff/`, in both formats (snapshots), and the exit codes CI gates rely on.

mod common;

use common::{cargo_run, root};

fn lowered(name: &str) -> codegen::ir::Api {
    let spec_name = format!("tests/diff/{name}");
    let text = std::fs::read_to_string(root().join(&spec_name)).unwrap();
    let input = codegen::Input {
        spec_name: &spec_name,
        text: &text,
        crate_name: None,
        command: "test",
        standalone: true,
    };
    let mut diags = codegen::Diagnostics::new(spec_name.clone());
    codegen::lower_input(&input, &mut diags).unwrap_or_else(|d| panic!("{d}"))
}

fn report(before: &str, after: &str) -> codegen::diff::Report {
    codegen::diff::diff(
        &format!("tests/diff/{before}"),
        &lowered(before),
        &format!("tests/diff/{after}"),
        &lowered(after),
    )
}

#[test]
fn every_kind_of_change_between_a_v3_and_a_dated_release() {
    let report = report("before.yaml", "after.yaml");
    insta::assert_snapshot!("diff__release__markdown", report.to_markdown());
    insta::assert_snapshot!("diff__release__json", report.to_json());
    assert!(report.breaking);
    let kinds: std::collections::BTreeSet<&str> = report.changes.iter().map(|c| c.kind).collect();
    for kind in [
        "operation_added",
        "operation_removed",
        "operation_moved",
        "parameter_added",
        "parameter_removed",
        "parameter_changed",
        "type_added",
        "type_removed",
        "field_added",
        "field_removed",
        "field_changed",
        "enum_value_added",
        "enum_value_removed",
        "union_variant_added",
        "union_variant_removed",
    ] {
        assert!(kinds.contains(kind), "no `{kind}` change in {kinds:?}");
    }
}

#[test]
fn additions_that_catch_all_variants_absorb_do_not_break() {
    let report = report("additive-before.yaml", "additive-after.yaml");
    insta::assert_snapshot!("diff__additive__markdown", report.to_markdown());
    insta::assert_snapshot!("diff__additive__json", report.to_json());
    assert!(!report.breaking, "{}", report.to_markdown());
    assert_eq!(report.bump, codegen::diff::Bump::Minor);
    assert_eq!(report.breaking_changes, 0);
    assert!(report.other_changes >= 6);
}

#[test]
fn a_description_compared_with_itself_has_no_changes() {
    let report = report("after.yaml", "after.yaml");
    assert!(report.changes.is_empty());
    assert_eq!(report.bump, codegen::diff::Bump::Patch);
    assert_eq!(
        report.to_markdown().lines().last(),
        Some("No changes to the generated API: a **patch** version bump at most.")
    );
}

fn diff_cli(args: &[&str]) -> (i32, String, String) {
    let mut all = vec!["-p", "codegen", "--", "diff"];
    all.extend_from_slice(args);
    let out = cargo_run(&all, "");
    (
        out.status.code().expect("exited"),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn exit_codes_gate_ci() {
    let (code, stdout, _) = diff_cli(&[
        "tests/diff/before.yaml",
        "tests/diff/after.yaml",
        "--format",
        "json",
    ]);
    assert_eq!(code, 3, "breaking changes exit 3");
    let json: serde_json::Value = serde_json::from_str(&stdout).expect("--format json prints JSON");
    assert_eq!(json["breaking"], true);
    assert_eq!(json["bump"], "major");

    let (code, stdout, _) = diff_cli(&[
        "tests/diff/additive-before.yaml",
        "tests/diff/additive-after.yaml",
    ]);
    assert_eq!(code, 0, "no breaking change exits 0");
    assert!(stdout.starts_with("# API changes"), "{stdout}");

    let (code, _, stderr) = diff_cli(&["tests/diff/before.yaml", "tests/bad-input/truncated.json"]);
    assert_eq!(code, 1, "bad input exits 1: {stderr}");
    assert!(
        stderr.contains("tests/bad-input/truncated.json"),
        "{stderr}"
    );

    let (code, _, stderr) = diff_cli(&["tests/diff/before.yaml"]);
    assert_eq!(code, 2, "usage errors exit 2: {stderr}");

    let (code, _, _) = diff_cli(&[
        "tests/diff/before.yaml",
        "tests/diff/after.yaml",
        "--format",
        "xml",
    ]);
    assert_eq!(code, 2);
}
