//! Proof by construction: valid OpenAPI 3.0 descriptions drawn by `describe` (schemas,
//! compositions, discriminators, formats, nullable, recursion, every parameter location
//! and style, media types, status ranges, security schemes, awkward names) go through the
//! generator.
//!
//! - `generate_never_panics_on_valid_descriptions`: `codegen::generate` neither panics nor
//!   reports an error on any of them (`PROPTEST_CASES`, default 256).
//! - `sample_is_valid_by_openapi_spec_validator`: a fixed sample is valid by the pinned
//!   `openapi-spec-validator` (`tests/python/`), so the inputs are honest.
//! - `sample_builds_clippy_clean`: the crates generated from a fixed sample build together,
//!   clippy-clean with `-D warnings`.
//!
//! The sample is `DESCRIPTIONS_SAMPLE` descriptions (default 100) drawn from seed
//! `DESCRIPTIONS_SEED` (default 1): the same every run, so the clippy workspace stays warm.
//!
//! Each description is generated in a child process (this test binary again, running
//! `generate_worker`): a stack overflow or an endless loop in the generator then fails one
//! case, with its description, instead of aborting the whole binary; proptest still shrinks
//! it to a minimal description.

mod common;
mod describe;

use common::root;
use proptest::prelude::*;
use serde_json::Value;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn env_number(name: &str, default: u64) -> u64 {
    match std::env::var(name) {
        Ok(v) => v
            .trim()
            .parse()
            .unwrap_or_else(|_| panic!("{name}={v:?} is not a number")),
        Err(_) => default,
    }
}

fn sample_size() -> usize {
    env_number("DESCRIPTIONS_SAMPLE", 100) as usize
}

fn sample_seed() -> u64 {
    env_number("DESCRIPTIONS_SEED", 1)
}

/// How long one generation may take before it counts as endless (debug build: the largest
/// descriptions drawn take well under a second).
const GENERATE_TIMEOUT: Duration = Duration::from_secs(60);

fn yaml(description: &Value) -> String {
    serde_yaml::to_string(description).unwrap_or_else(|e| format!("(not printable as YAML: {e})"))
}

fn work_dir() -> PathBuf {
    let dir = root().join("target/generated-descriptions");
    fs::create_dir_all(&dir).expect("create target/generated-descriptions");
    dir
}

/// Leaves a file that already holds `content` untouched, so cargo sees it unchanged.
fn write_if_changed(path: &Path, content: &str) {
    if fs::read_to_string(path).ok().as_deref() != Some(content) {
        fs::write(path, content).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    }
}

// --- The worker: one generation, in a child process. -----------------------------------

/// The description's text (JSON or YAML).
const WORKER_INPUT: &str = "DESCRIBED_WORKER_INPUT";
/// Where the worker writes what happened: `ok`, `error\n<diagnostics>` or `panic\n<message>`.
const WORKER_OUTCOME: &str = "DESCRIBED_WORKER_OUTCOME";
/// The generated crate's package name.
const WORKER_CRATE: &str = "DESCRIBED_WORKER_CRATE";
/// Where to write the generated crate, if anywhere.
const WORKER_OUT: &str = "DESCRIBED_WORKER_OUT";

#[test]
#[ignore = "run in a child process by the tests of this file"]
fn generate_worker() {
    let (Ok(input_path), Ok(outcome_path)) =
        (std::env::var(WORKER_INPUT), std::env::var(WORKER_OUTCOME))
    else {
        return;
    };
    let text = fs::read_to_string(&input_path).expect("the worker's input");
    let crate_name = std::env::var(WORKER_CRATE).unwrap_or_else(|_| "described".to_owned());
    let input = codegen::Input {
        spec_name: "generated-description.yaml",
        text: &text,
        crate_name: Some(&crate_name),
        command: "the generated-descriptions test",
        standalone: false,
    };
    let outcome = match std::panic::catch_unwind(|| codegen::generate(&input)) {
        Ok(Ok(generated)) => {
            if let Ok(out) = std::env::var(WORKER_OUT) {
                codegen::write::apply(Path::new(&out), &generated.files).expect("write crate");
            }
            "ok".to_owned()
        }
        Ok(Err(diagnostics)) => format!("error\n{diagnostics}"),
        Err(payload) => {
            let message = payload
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "(a panic without a message)".to_owned());
            format!("panic\n{message}")
        }
    };
    fs::write(outcome_path, outcome).expect("write outcome");
}

/// Generates `description` in a child process (writing the crate to `out` if given). `Err`
/// says what went wrong (a panic, errors, a crash, a timeout), with the description.
fn generate(
    description: &Value,
    as_yaml: bool,
    crate_name: &str,
    job: &str,
    out: Option<&Path>,
) -> Result<(), String> {
    let text = if as_yaml {
        yaml(description)
    } else {
        serde_json::to_string_pretty(description).expect("JSON")
    };
    let dir = work_dir();
    // Named by process too: two test runs in one checkout keep to their own files.
    let job = format!("{job}-{}", std::process::id());
    let input_path = dir.join(format!("{job}.input"));
    let outcome_path = dir.join(format!("{job}.outcome"));
    fs::write(&input_path, &text).expect("write input");
    let _ = fs::remove_file(&outcome_path);
    let mut command = Command::new(std::env::current_exe().expect("this test binary"));
    command
        .args([
            "generate_worker",
            "--exact",
            "--ignored",
            "--test-threads=1",
            "-q",
        ])
        .env(WORKER_INPUT, &input_path)
        .env(WORKER_OUTCOME, &outcome_path)
        .env(WORKER_CRATE, crate_name)
        .env("RUST_BACKTRACE", "0")
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    match out {
        Some(out) => command.env(WORKER_OUT, out),
        None => command.env_remove(WORKER_OUT),
    };
    let mut child = command.spawn().expect("the test binary runs");
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for the worker") {
            break Some(status);
        }
        if started.elapsed() > GENERATE_TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let mut stderr = String::new();
    if let Some(mut pipe) = child.stderr.take() {
        use std::io::Read;
        let _ = pipe.read_to_string(&mut stderr);
    }
    let outcome = fs::read_to_string(&outcome_path).unwrap_or_default();
    let _ = fs::remove_file(&input_path);
    let _ = fs::remove_file(&outcome_path);
    let what = match (status, outcome.split_once('\n').unwrap_or((&outcome, ""))) {
        (Some(s), ("ok", _)) if s.success() => return Ok(()),
        (_, ("error", diagnostics)) => {
            format!("codegen reported errors on a valid description:\n{diagnostics}")
        }
        (_, ("panic", message)) => format!("codegen panicked: {message}"),
        (None, _) => format!("codegen did not finish in {} s", GENERATE_TIMEOUT.as_secs()),
        (Some(s), _) => {
            // A stack overflow aborts: no outcome, only the runtime's last words.
            let last: Vec<&str> = stderr.lines().rev().take(3).collect();
            let last: Vec<&str> = last.into_iter().rev().collect();
            format!("codegen crashed ({s}): {}", last.join(" / "))
        }
    };
    Err(format!(
        "{what}\n--- description ---\n{}",
        yaml(description)
    ))
}

// --- The tests. -------------------------------------------------------------------------

proptest! {
    // A fixed seed unless `PROPTEST_RNG_SEED` names one: CI draws the same cases every
    // run; a longer run picks its own seed.
    #![proptest_config(ProptestConfig {
        cases: env_number("PROPTEST_CASES", 256) as u32,
        rng_seed: match std::env::var_os("PROPTEST_RNG_SEED") {
            Some(_) => ProptestConfig::default().rng_seed,
            None => proptest::test_runner::RngSeed::Fixed(1),
        },
        ..ProptestConfig::default()
    })]

    #[test]
    fn generate_never_panics_on_valid_descriptions(
        description in describe::description(),
        as_yaml in any::<bool>(),
    ) {
        if let Err(message) = generate(&description, as_yaml, "described", "property-case", None) {
            prop_assert!(false, "{}", message);
        }
    }
}

/// `cargo clippy` on every crate of `workspace`, warnings denied; `Err` holds its messages.
fn clippy(workspace: &Path) -> Result<(), String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let output = Command::new(cargo)
        .args([
            "clippy",
            "--workspace",
            "--all-targets",
            // Every crate that fails, not only the first.
            "--keep-going",
            "--quiet",
            "--",
            "-D",
            "warnings",
        ])
        .current_dir(workspace)
        .env("CARGO_TARGET_DIR", workspace.join("target"))
        .envs(common::LEAN_BUILD)
        .output()
        .expect("cargo runs");
    if output.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&output.stderr).into_owned())
    }
}

fn venv_python() -> Option<PathBuf> {
    let python = root().join("target/py/bin/python");
    if python.exists() {
        return Some(python);
    }
    let message = "target/py is missing: run `bash tests/python/setup.sh` to create it \
                   (a venv with the pinned tests/python/requirements.txt)";
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("{message}");
    }
    eprintln!("skipped: {message}");
    None
}

#[test]
fn sample_is_valid_by_openapi_spec_validator() {
    let Some(python) = venv_python() else {
        return;
    };
    let started = Instant::now();
    let dir = work_dir().join("validate");
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).expect("create the sample's directory");
    let sample = describe::sample(sample_size(), sample_seed());
    for (i, d) in sample.iter().enumerate() {
        let text = serde_json::to_string_pretty(d).expect("JSON");
        fs::write(dir.join(format!("described-{i:03}.json")), text).expect("write description");
    }
    let output = Command::new(python)
        .arg(root().join("tests/python/validate.py"))
        .arg(&dir)
        .output()
        .expect("the venv's python runs");
    assert!(
        output.status.success(),
        "openapi-spec-validator rejects generated descriptions (in {}):\n{}{}",
        dir.display(),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    eprintln!(
        "{} descriptions valid in {:.1} s",
        sample.len(),
        started.elapsed().as_secs_f64()
    );
}

#[test]
fn sample_builds_clippy_clean() {
    let started = Instant::now();
    let workspace = root().join("target/described-crates");
    let crates = workspace.join("crates");
    fs::create_dir_all(&crates).expect("create the workspace");
    let mut members = Vec::new();
    let mut failures = Vec::new();
    for (i, description) in describe::sample(sample_size(), sample_seed())
        .iter()
        .enumerate()
    {
        let name = format!("described-{i:03}");
        let dir = crates.join(&name);
        match generate(description, false, &name, "sample-case", Some(&dir)) {
            Ok(()) => {
                // Beside the crate, for whoever reads a clippy message about it.
                write_if_changed(&dir.join("description.yaml"), &yaml(description));
                members.push(name);
            }
            Err(message) => {
                let _ = fs::remove_dir_all(&dir);
                failures.push(format!("{name}: {message}"));
            }
        }
    }
    // Crates of an earlier, larger sample are no members now: remove them.
    for entry in fs::read_dir(&crates).expect("read crates") {
        let path = entry.expect("entry").path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if !members.contains(&name) {
            let _ = fs::remove_dir_all(&path);
        }
    }
    let generated_in = started.elapsed();
    // The project's lock file pins the versions the project builds with.
    let lock = fs::read_to_string(root().join("Cargo.lock")).expect("Cargo.lock");
    write_if_changed(&workspace.join("Cargo.lock"), &lock);

    // A crate whose manifest does not load stops cargo before it builds anything: it
    // fails on its own, and the others are built without it.
    let clippy_failed = loop {
        let members_list: Vec<String> = members.iter().map(|m| format!("\"crates/{m}\"")).collect();
        write_if_changed(
            &workspace.join("Cargo.toml"),
            &format!(
                "[workspace]\nresolver = \"2\"\nmembers = [{}]\n",
                members_list.join(", ")
            ),
        );
        if members.is_empty() {
            break None;
        }
        let stderr = match clippy(&workspace) {
            Ok(()) => break None,
            Err(stderr) => stderr,
        };
        let unloadable: Vec<String> = members
            .iter()
            .filter(|m| {
                let dir = crates.join(m);
                stderr.contains(&format!(
                    "failed to load manifest for workspace member `{}`",
                    dir.display()
                ))
            })
            .cloned()
            .collect();
        if unloadable.is_empty() {
            break Some(stderr);
        }
        for name in unloadable {
            let description =
                fs::read_to_string(crates.join(&name).join("description.yaml")).unwrap_or_default();
            let first: Vec<&str> = stderr.lines().take(6).collect();
            failures.push(format!(
                "{name}: its Cargo.toml does not load:\n{}\n--- description ---\n{description}",
                first.join("\n")
            ));
            members.retain(|m| *m != name);
        }
    };
    eprintln!(
        "{} crates generated in {:.1} s, checked by clippy in {:.1} s",
        members.len(),
        generated_in.as_secs_f64(),
        (started.elapsed() - generated_in).as_secs_f64()
    );
    let mut problems = Vec::new();
    if !failures.is_empty() {
        problems.push(format!(
            "{} of the sample's {} descriptions do not generate a crate that loads:\n\n{}",
            failures.len(),
            sample_size(),
            failures.join("\n\n")
        ));
    }
    if let Some(stderr) = clippy_failed {
        // The crates clippy names, so a long log starts with what to look at.
        let mut named: Vec<&str> = members
            .iter()
            .map(String::as_str)
            .filter(|m| stderr.contains(&format!("crates/{m}/")))
            .collect();
        named.dedup();
        problems.push(format!(
            "the crates generated from the sample do not build clippy-clean: {} (each \
             crate's description is in {}/crates/<crate>/description.yaml):\n{stderr}",
            named.join(", "),
            workspace.display()
        ));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}
