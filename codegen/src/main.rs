//! `cargo run -p codegen`: regenerate `generated-client` from `schemas/send-message.yaml`.
//! `--spec PATH --out DIR` generates a standalone crate from another description.
//! `--check` writes nothing and exits 1 when any file would change.
//! `diff OLD NEW [--format markdown|json]` reports what changed between two descriptions.

use clap::Parser;
use codegen::{generate, write, Input};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    version,
    about = "Generate a typed Rust client crate from an OpenAPI 3.0 description",
    args_conflicts_with_subcommands = true
)]
struct Args {
    #[command(subcommand)]
    command: Option<Command>,
    /// The OpenAPI description (JSON or YAML). Default: schemas/send-message.yaml.
    #[arg(long, requires = "out")]
    spec: Option<PathBuf>,
    /// Folder of the crate to write. Default: generated-client.
    #[arg(long)]
    out: Option<PathBuf>,
    /// Package name of the crate. Default: derived from the description's `info.title`.
    #[arg(long, requires = "spec")]
    name: Option<String>,
    /// Write nothing; exit 1 and list the files that would change.
    #[arg(long)]
    check: bool,
}

#[derive(clap::Subcommand)]
enum Command {
    /// Report what changed between two descriptions for a user of the generated client.
    /// Exit 0 when nothing breaks, 3 when something does, 1 on bad input.
    Diff {
        /// The description before the change.
        old: PathBuf,
        /// The description after the change.
        new: PathBuf,
        /// `markdown` for people, `json` for CI gates.
        #[arg(long, value_enum, default_value_t = DiffFormat::Markdown)]
        format: DiffFormat,
    },
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum DiffFormat {
    Markdown,
    Json,
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("codegen sits in the workspace")
        .to_path_buf()
}

fn main() -> ExitCode {
    let args = Args::parse();
    if let Some(Command::Diff { old, new, format }) = &args.command {
        return match diff(old, new, *format) {
            Ok(code) => code,
            Err(message) => {
                eprintln!("{message}");
                ExitCode::from(1)
            }
        };
    }
    match run(args) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::from(1)
        }
    }
}

/// A description's text, refused with a located message when unreadable, too large or not
/// UTF-8.
fn read_spec(path: &Path, name: &str) -> Result<String, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("error: {name}: cannot read: {e}"))?;
    let mut diags = codegen::Diagnostics::new(name);
    codegen::load::text_from_bytes(bytes, &mut diags).ok_or_else(|| diags.to_string())
}

/// Reads and lowers one description, or says why it cannot.
fn lowered(path: &Path) -> Result<codegen::ir::Api, String> {
    let name = path.display().to_string();
    let text = read_spec(path, &name)?;
    let mut diags = codegen::Diagnostics::new(name.clone());
    let input = Input {
        spec_name: &name,
        text: &text,
        crate_name: None,
        command: "cargo run -p codegen -- diff",
        standalone: true,
    };
    codegen::lower_input(&input, &mut diags).map_err(|d| d.to_string())
}

fn diff(old: &Path, new: &Path, format: DiffFormat) -> Result<ExitCode, String> {
    // Both are read before either is reported, so one run names every bad input.
    let (before, after) = (lowered(old), lowered(new));
    let (before, after) = match (before, after) {
        (Ok(b), Ok(a)) => (b, a),
        (b, a) => {
            let messages: Vec<String> = [b.err(), a.err()].into_iter().flatten().collect();
            return Err(messages.join("\n"));
        }
    };
    let report = codegen::diff::diff(
        &old.display().to_string(),
        &before,
        &new.display().to_string(),
        &after,
    );
    match format {
        DiffFormat::Markdown => print!("{}", report.to_markdown()),
        DiffFormat::Json => print!("{}", report.to_json()),
    }
    Ok(if report.breaking {
        ExitCode::from(3)
    } else {
        ExitCode::SUCCESS
    })
}

fn run(args: Args) -> Result<ExitCode, String> {
    let root = workspace_root();
    let default_run = args.spec.is_none() && args.out.is_none();
    let (spec_path, spec_name) = match &args.spec {
        Some(path) => (path.clone(), path.display().to_string()),
        None => (
            root.join(codegen::DEFAULT_SPEC),
            codegen::DEFAULT_SPEC.to_owned(),
        ),
    };
    let out = args
        .out
        .clone()
        .unwrap_or_else(|| root.join(codegen::DEFAULT_OUT));
    let command = format!(
        "cargo run -p codegen -- --spec {spec_name} --out {}",
        out.display()
    );

    let text = read_spec(&spec_path, &spec_name)?;
    let input = if default_run {
        codegen::default_input(&text)
    } else {
        Input {
            spec_name: &spec_name,
            text: &text,
            crate_name: args.name.as_deref(),
            command: &command,
            standalone: true,
        }
    };
    let command = input.command;
    let generated = generate(&input).map_err(|diags| diags.to_string())?;
    for warning in &generated.warnings {
        eprintln!("{warning}");
    }

    if args.check {
        let changes = write::plan(&out, &generated.files).map_err(|e| format!("error: {e}"))?;
        if changes.is_empty() {
            return Ok(ExitCode::SUCCESS);
        }
        eprintln!("generated code is stale; run `{command}` and commit the result:");
        for path in &changes.written {
            eprintln!("  would write  {}", path.display());
        }
        for path in &changes.removed {
            eprintln!("  would remove {}", path.display());
        }
        return Ok(ExitCode::from(1));
    }
    let changes = write::apply(&out, &generated.files)
        .map_err(|e| format!("error: writing {}: {e}", out.display()))?;
    for path in &changes.written {
        eprintln!("wrote   {}", path.display());
    }
    for path in &changes.removed {
        eprintln!("removed {}", path.display());
    }
    if changes.is_empty() {
        eprintln!("{} is up to date", out.display());
    }
    Ok(ExitCode::SUCCESS)
}
