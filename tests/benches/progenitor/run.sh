#!/usr/bin/env bash
# Our generator beside progenitor 0.15.1 (crates.io `progenitor`, used as a library), on
# the same OpenAPI description, in one run of this script:
#   1. decoding tests/payloads/response-message.json into each generator's PublicMessage
#      (ours also the way our client reads an answer, through the sans-IO response
#      function), with serde_json::Value and IgnoredAny as baselines (divan wall time, and callgrind
#      instructions per decode when valgrind is installed);
#   2. generating a client, each generator as a whole process (release builds, RUNS runs
#      each, alternating), on SPEC and, when GEN_SPEC is set, on a second description;
#   3. with BUILD_COST=1, the debug build time of each client: clean, then after adding
#      one optional property to one schema and regenerating.
#
#   bash tests/benches/progenitor/run.sh [SPEC [DIVAN ARGS...]]
#
#   SPEC        description, JSON or YAML (default schemas/send-message.yaml). The decode
#               benchmark needs its `PublicMessage` schema.
#   DIVAN ARGS  passed to the decode benchmark, e.g. `--sample-count 200`.
#   RUNS        generation runs per generator (default 20).
#   ROUNDS      rounds of the interleaved decode timing (default 3000).
#   GEN_SPEC    a second description (JSON or YAML) for the generation timing only.
#   BUILD_COST  1 to measure build times (several minutes on 2 cores).
#   OURS_FEATURES  cargo flags for our crate in the build-cost step (default
#               `--no-default-features --features client`: the client over reqwest
#               without TLS, the closest match to progenitor's reqwest without TLS).
#
# Everything is built in a temporary folder, removed at exit; compiled artefacts go to
# target/progenitor-bench (and target/release/codegen). The repository is not changed.
#
# Progenitor 0.15.1 refuses some of what our generator reads, so it gets a derived copy
# of each description (written by derive-spec.rs beside this file; our generator reads
# the original). The rewrites, each made only where the construct occurs:
#   a. `default` responses become `4XX` and `5XX` with the same content. Progenitor counts
#      `default` as both a success and an error, and panics (`response_types.len() <= 1`,
#      progenitor-impl src/method.rs) when its body differs from the success body, which
#      is the case in every operation of schemas/send-message.yaml.
#   b. Of an operation's success responses (and separately its error responses) only
#      those with the body of the first are kept: the same assertion fails on HubSpot's
#      batch reads, which answer 200 with one type and 207 with another.
#   c. A schema's `allOf` loses a `$ref` to a union (`oneOf`/`anyOf`, adding nothing else)
#      that lists the schema itself: HubSpot's variants extend their own union, a loop
#      typify (progenitor's type generator) follows until the stack overflows.
# derive-spec prints how many of each it made; the summary repeats it.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
spec=$(realpath "${1:-$root/schemas/send-message.yaml}")
shift || true
runs=${RUNS:-20}
gen_spec=${GEN_SPEC:+$(realpath "$GEN_SPEC")}
payload=$root/tests/payloads/response-message.json
ours_features=${OURS_FEATURES:---no-default-features --features client}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export CARGO_TARGET_DIR="$root/target/progenitor-bench"
summary=$work/summary
: >"$summary"
note() { echo "$*" | tee -a "$summary"; }
section() { printf '\n== %s\n' "$*"; }

# $1 = description, $2 = tag: the name of a copy of it, in the same format, so that both
# generators parse the same kind of text (send-message.yaml, x -> send-message.x.yaml).
copy_name() {
    local base
    base=$(basename "$1")
    case $base in
        *.json | *.yaml | *.yml) echo "${base%.*}.$2.${base##*.}" ;;
        *) echo "$base.$2" ;;
    esac
}

section "building the tools (progenitor-gen, derive-spec, gen-time) and our codegen"
mkdir -p "$work/tools"
cp "$here/progenitor-gen.rs" "$here/derive-spec.rs" "$here/gen-time.rs" "$work/tools/"
cat >"$work/tools/Cargo.toml" <<'TOML'
[package]
name = "progenitor-bench-tools"
version = "0.1.0"
edition = "2021"
publish = false

[dependencies]
# Only the library: the `macro` feature would add the client crate and the proc macro.
progenitor = { version = "=0.15.1", default-features = false }
openapiv3 = "2.2"
serde_json = { version = "1", features = ["preserve_order"] }
serde_yaml = { package = "yaml_serde", version = "0.10.7" }
syn = { version = "3", default-features = false, features = ["full", "parsing", "printing"] }
prettyplease = "0.3"

[[bin]]
name = "progenitor-gen"
path = "progenitor-gen.rs"

[[bin]]
name = "derive-spec"
path = "derive-spec.rs"

[[bin]]
name = "gen-time"
path = "gen-time.rs"

[workspace]
TOML
cp "$root/Cargo.lock" "$work/tools/Cargo.lock"
cargo build -q --release --manifest-path "$work/tools/Cargo.toml"
tools=$CARGO_TARGET_DIR/release
(cd "$root" && CARGO_TARGET_DIR="$root/target" cargo build -q --release -p codegen)
codegen=$root/target/release/codegen

# $1 = description, $2 = copy to write, rest = derive-spec flags. Notes what it changed.
derive() {
    local input=$1 output=$2
    shift 2
    "$tools/derive-spec" "$@" "$input" "$output" 2>"$work/derive.log" ||
        { cat "$work/derive.log" >&2; exit 1; }
    sed "s|^derive-spec: |  $(basename "$output"): |" "$work/derive.log" | tee -a "$summary"
}

section "derived copies and both clients"
note "derived copies for progenitor (rewrites made):"
derived=$work/$(copy_name "$spec" progenitor)
derive "$spec" "$derived"
"$codegen" --spec "$spec" --out "$work/ours-client" --name ours-client >/dev/null 2>"$work/codegen.log" ||
    { cat "$work/codegen.log" >&2; exit 1; }
"$tools/progenitor-gen" "$derived" "$work/by-progenitor" by-progenitor
echo "ours: $(cat "$work/ours-client/src/"*.rs | wc -l) lines; progenitor: $(wc -l <"$work/by-progenitor/src/lib.rs") lines"

section "decode benchmark"
mkdir -p "$work/bench/benches" "$work/bench/src/bin"
cp "$here/decode.rs" "$work/bench/benches/decode.rs"
cp "$here/count.rs" "$work/bench/src/bin/count.rs"
# Our crate without its default features: the types are the same, and the bench need not
# compile AWS-LC.
cat >"$work/bench/Cargo.toml" <<'TOML'
[package]
name = "progenitor-bench"
version = "0.1.0"
edition = "2021"
publish = false

[dependencies]
ours-client = { path = "../ours-client", default-features = false }
by-progenitor = { path = "../by-progenitor" }
divan = "0.1.21"
serde = "1"
serde_json = "1"
http = "1"
bytes = "1"

[[bench]]
name = "decode"
harness = false

[workspace]
TOML
cp "$root/Cargo.lock" "$work/bench/Cargo.lock"
export PAYLOAD=$payload
cargo build -q --release --manifest-path "$work/bench/Cargo.toml" --bin count
count_bin=$CARGO_TARGET_DIR/release/count

# Each typed decode once, before anything is timed.
"$count_bin" check >"$work/check"
divan_args=("$@")
declare -A failed=()
while read -r kind label status rest; do
    if [ "$kind" = payload ]; then
        payload_bytes=$label
        continue
    fi
    if [ "$status" = ok ]; then
        read -r variant roundtrip <<<"$rest"
        note "check: $label decodes the payload as $variant; encoded again: $roundtrip"
    else
        note "check: $label FAILED to decode the payload: $rest"
        note "       (its benchmark and instruction count are skipped)"
        divan_args+=(--skip "$label")
        failed[$label]=1
    fi
done <"$work/check"
# Our client's path decodes the same type.
if [ -n "${failed[ours]:-}" ]; then
    failed[ours_client_path]=1
fi

cargo bench --manifest-path "$work/bench/Cargo.toml" --bench decode -- "${divan_args[@]}" |
    tee "$work/divan"

# Instructions per decode, from the difference between 1,100 and 100 decodes (the
# difference cancels start-up and reading the file).
declare -A instructions=()
if command -v valgrind >/dev/null; then
    count() {
        valgrind --tool=callgrind --callgrind-out-file=/dev/null "$count_bin" "$1" "$2" 2>&1 |
            sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
    }
    for which in ours ours_client_path progenitor value ignored_any; do
        [ -z "${failed[$which]:-}" ] || continue
        low=$(count "$which" 100)
        high=$(count "$which" 1100)
        instructions[$which]=$(((high - low) / 1000))
        echo "instructions per decode, $which: ${instructions[$which]}"
    done
fi

# The same decoders timed in turn (see count.rs): ratios that a drifting machine speed
# does not bend. Only with every decoder working.
if [ ${#failed[@]} -eq 0 ]; then
    "$count_bin" interleaved "${ROUNDS:-3000}" | tee "$work/interleaved"
fi

# The median column of divan's table: `├─ name  fastest │ slowest │ median │ mean │ ...`.
median_of() {
    awk -F'│' -v name="$1" '
        { split($1, words, " ") }
        words[2] == name { gsub(/^ +| +$/, "", $3); print $3; exit }
    ' "$work/divan"
}
note ""
note "decode $(basename "$payload") (compacted: $payload_bytes bytes):"
note "$(printf '  %-18s %-12s %s' decoder median 'instructions/decode')"
for which in ours ours_client_path progenitor value ignored_any; do
    if [ -n "${failed[$which]:-}" ]; then
        note "$(printf '  %-18s %s' "$which" 'decode failed, not measured')"
    else
        note "$(printf '  %-18s %-12s %s' "$which" "$(median_of "$which")" "${instructions[$which]:-n/a}")"
    fi
done

if [ -s "$work/interleaved" ]; then
    note ""
    sed 's/^/  /' "$work/interleaved" | tee -a "$summary" >/dev/null
fi

# $1 = original description, $2 = its derived copy.
time_generation() {
    section "generation as a whole process: $(basename "$1")"
    mkdir -p "$work/gen"
    "$tools/gen-time" "$runs" "$work/gen" \
        -- ours "$codegen" --spec "$1" --out '{out}' --name x \
        -- progenitor "$tools/progenitor-gen" "$2" '{out}' x >"$work/gen-time"
    {
        echo
        echo "generation, $(basename "$1") ($(wc -c <"$1") bytes; progenitor's copy $(wc -c <"$2")), wall time:"
        cat "$work/gen-time"
    } | tee -a "$summary"
}
time_generation "$spec" "$derived"
if [ -n "$gen_spec" ]; then
    note ""
    note "derived copy of GEN_SPEC:"
    gen_derived=$work/$(copy_name "$gen_spec" progenitor)
    derive "$gen_spec" "$gen_derived"
    time_generation "$gen_spec" "$gen_derived"
fi

# Build cost, as tests/benches/build-cost/run.sh measures ours: debug profile, each crate
# in its own fresh target directory, dependencies fetched beforehand, the project's
# Cargo.lock as a start; a clean build, then one after the one-field change.
if [ "${BUILD_COST:-0}" = 1 ]; then
    section "build cost (debug)"
    bc=$work/build-cost
    mkdir -p "$bc"
    # $1 = target directory, $2 = manifest, rest = cargo flags; prints "wall cpu" seconds.
    timed_build() {
        local target=$1 manifest=$2
        shift 2
        CARGO_TARGET_DIR=$target /usr/bin/time -f '%e %U %S' -o "$bc/time.raw" \
            cargo build --quiet --offline --manifest-path "$manifest" "$@" >/dev/null
        awk '{ printf "%.1f %.1f\n", $1, $2 + $3 }' "$bc/time.raw"
    }
    load() { cut -d' ' -f1-3 /proc/loadavg; }
    # $1 = label, $2 = crate folder, $3 = file that must name retry_hint afterwards,
    # $4 = command that regenerates the crate from its one-field copy, rest = cargo flags.
    measure() {
        local label=$1 crate=$2 check=$3 regenerate=$4
        shift 4
        cp "$root/Cargo.lock" "$crate/Cargo.lock"
        cargo fetch --quiet --manifest-path "$crate/Cargo.toml"
        local started_load clean incremental
        started_load=$(load)
        clean=$(timed_build "$bc/target-$label" "$crate/Cargo.toml" "$@")
        $regenerate
        grep -q retry_hint "$crate/$check" || { echo "$label: the field was not generated" >&2; exit 1; }
        incremental=$(timed_build "$bc/target-$label" "$crate/Cargo.toml" "$@")
        note "$(printf '  %-12s %-18s %-18s %s' "$label" "${clean/ / \/ }" "${incremental/ / \/ }" "$started_load")"
    }
    changed_ours=$bc/$(copy_name "$spec" ours+field)
    changed_progenitor=$bc/$(copy_name "$spec" progenitor+field)
    regenerate_progenitor() {
        "$tools/progenitor-gen" "$changed_progenitor" "$bc/by-progenitor" by-progenitor
    }
    regenerate_ours() {
        "$codegen" --spec "$changed_ours" --out "$bc/ours-client" --name ours-client >/dev/null 2>&1
    }
    note ""
    note "the one-field change (optional retryHint string):"
    derive "$spec" "$changed_progenitor" --add-field
    derive "$spec" "$changed_ours" --no-rewrites --add-field
    "$tools/progenitor-gen" "$derived" "$bc/by-progenitor" by-progenitor
    "$codegen" --spec "$spec" --out "$bc/ours-client" --name ours-client >/dev/null 2>&1
    note ""
    note "build cost, debug, wall / CPU seconds (nproc $(nproc), $(rustc --version | cut -d' ' -f2)):"
    note "$(printf '  %-12s %-18s %-18s %s' crate clean incremental 'load at start')"
    # shellcheck disable=SC2086
    measure ours "$bc/ours-client" src/types.rs regenerate_ours $ours_features
    measure progenitor "$bc/by-progenitor" src/lib.rs regenerate_progenitor
    note "  (ours with: $ours_features; progenitor's: reqwest 0.13 without TLS)"
fi

section "summary ($(date -u '+%Y-%m-%d %H:%M UTC'), nproc $(nproc), $(rustc --version | cut -d' ' -f1-2))"
echo "ours at $(git -C "$root" describe --always --dirty 2>/dev/null || echo '?'); description: ${spec#"$root"/}${gen_spec:+; GEN_SPEC: $gen_spec}"
cat "$summary"
