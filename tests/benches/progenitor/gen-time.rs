//! Times whole generator processes, alternating between them; see `run.sh` beside this
//! file.
//!
//!   gen-time RUNS SCRATCH -- LABEL PROGRAM ARGS... [-- LABEL PROGRAM ARGS...]...
//!
//! `{out}` in ARGS becomes a folder under SCRATCH that does not exist yet, new for every
//! run, so every generator writes all its files every time (ours skips files that are
//! already up to date). One untimed warm-up run of each command comes first. Then, RUNS
//! times, each command once in turn; the wall time is from spawn to exit, the folder is
//! removed afterwards, outside the timing. Prints median and min per command and, for
//! two commands, the ratios first / second.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

struct Job {
    label: String,
    program: String,
    args: Vec<String>,
    times: Vec<Duration>,
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let usage = "usage: gen-time RUNS SCRATCH -- LABEL PROGRAM ARGS... [-- LABEL PROGRAM ARGS...]";
    let (runs, scratch) = match args.as_slice() {
        [runs, scratch, ..] => (runs.parse::<usize>().expect(usage), PathBuf::from(scratch)),
        _ => panic!("{usage}"),
    };
    let mut jobs: Vec<Job> = args[2..]
        .split(|a| a == "--")
        .filter(|group| !group.is_empty())
        .map(|group| match group {
            [label, program, rest @ ..] => Job {
                label: label.clone(),
                program: program.clone(),
                args: rest.to_vec(),
                times: Vec::with_capacity(runs),
            },
            _ => panic!("{usage}"),
        })
        .collect();
    assert!(!jobs.is_empty() && runs > 0, "{usage}");

    let mut counter = 0;
    for round in 0..=runs {
        for job in &mut jobs {
            counter += 1;
            let out = scratch.join(format!("{}-{counter}", job.label));
            let elapsed = run(job, &out);
            if round > 0 {
                job.times.push(elapsed);
            }
        }
    }

    for job in &mut jobs {
        job.times.sort();
        let (median, min) = (median(&job.times), job.times[0]);
        println!(
            "  {:<12} median {:>8.2} ms   min {:>8.2} ms   ({runs} runs)",
            job.label,
            ms(median),
            ms(min)
        );
    }
    if let [a, b] = jobs.as_slice() {
        let ratio = |f: fn(&[Duration]) -> Duration| ms(f(&a.times)) / ms(f(&b.times));
        println!(
            "  {}/{}: median {:.3}, min {:.3}",
            a.label,
            b.label,
            ratio(median),
            ratio(|t| t[0])
        );
    }
}

/// One run of a job writing to `out`; exits the whole program when the job fails.
fn run(job: &Job, out: &Path) -> Duration {
    let out_text = out.to_str().expect("SCRATCH is UTF-8");
    let args: Vec<String> = job.args.iter().map(|a| a.replace("{out}", out_text)).collect();
    let started = Instant::now();
    let output = Command::new(&job.program)
        .args(&args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .output();
    let elapsed = started.elapsed();
    match output {
        Ok(o) if o.status.success() => {}
        Ok(o) => {
            eprintln!("gen-time: {} failed ({}):\n{}", job.label, o.status, String::from_utf8_lossy(&o.stderr));
            std::process::exit(1);
        }
        Err(e) => {
            eprintln!("gen-time: cannot start {}: {e}", job.program);
            std::process::exit(1);
        }
    }
    let _ = std::fs::remove_dir_all(out);
    elapsed
}

fn median(sorted: &[Duration]) -> Duration {
    let n = sorted.len();
    if n % 2 == 1 {
        sorted[n / 2]
    } else {
        (sorted[n / 2 - 1] + sorted[n / 2]) / 2
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}
