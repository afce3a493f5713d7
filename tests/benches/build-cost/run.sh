#!/usr/bin/env bash
# Build cost of the generated crate in each feature set: a clean debug build, then an
# incremental one after adding one optional property to a schema and regenerating.
#
#   bash tests/benches/build-cost/run.sh [RUNS]        (RUNS defaults to 2)
#
# Works in $BUILD_COST_DIR (default /tmp/build-cost): a copy of schemas/send-message.yaml,
# the crate generated from it (standalone, with the project's Cargo.lock) and one target
# directory per feature set. Dependencies are fetched first, so no figure includes a
# download. Prints one line per feature set and run: wall-clock seconds and CPU seconds
# (user + system, all processes) of the clean and the incremental build, and the load
# averages (1, 5, 15 min) when the clean build started. On a shared machine the CPU
# figure moves less than the wall-clock one.
set -euo pipefail

root=$(cd "$(dirname "$0")/../../.." && pwd)
work=${BUILD_COST_DIR:-/tmp/build-cost}
runs=${1:-2}
spec=$work/send-message.yaml
crate=$work/crate

cd "$root"
cargo build -q -p codegen
codegen=$root/target/debug/codegen
mkdir -p "$work"

generate() {
    "$codegen" --spec "$spec" --out "$crate" --name generated-client >/dev/null 2>"$work/codegen.log" ||
        { cat "$work/codegen.log" >&2; exit 1; }
}

# The one-field change: an optional `retryHint` string in `FailureDetails`.
add_field() {
    awk '
        /^    FailureDetails:$/ { in_schema = 1 }
        { print }
        in_schema && /^      properties:$/ {
            print "        retryHint:"
            print "          type: string"
            print "          description: Added by the build-cost benchmark."
            in_schema = 0
        }
    ' "$root/schemas/send-message.yaml" >"$spec"
    grep -q retryHint "$spec" || { echo "the field was not added" >&2; exit 1; }
}

reset_spec() {
    cp "$root/schemas/send-message.yaml" "$spec"
}

# $1 = target directory, rest = cargo flags; leaves "wall cpu" (seconds) in $work/time.
timed_build() {
    local target=$1
    shift
    CARGO_TARGET_DIR=$target /usr/bin/time -f '%e %U %S' -o "$work/time.raw" \
        cargo build --quiet --offline --manifest-path "$crate/Cargo.toml" "$@" >/dev/null
    awk '{ printf "%.1f %.1f\n", $1, $2 + $3 }' "$work/time.raw" >"$work/time"
}

load() {
    cut -d' ' -f1-3 /proc/loadavg
}

reset_spec
rm -rf "$crate"
generate
cp "$root/Cargo.lock" "$crate/Cargo.lock"
cargo fetch --quiet --manifest-path "$crate/Cargo.toml"

echo "nproc $(nproc); $(rustc --version); $(date -u '+%Y-%m-%d %H:%M UTC')"
printf '%-12s %-4s %-18s %-18s %s\n' "features" "run" "clean wall/cpu s" "incr. wall/cpu s" "load at start"
configs=("default|" "no-default|--no-default-features" "rustls-ring|--no-default-features --features rustls-ring")
for run in $(seq 1 "$runs"); do
    for config in "${configs[@]}"; do
        name=${config%%|*}
        # shellcheck disable=SC2206
        flags=(${config#*|})
        target=$work/target-$name
        rm -rf "$target"
        reset_spec
        generate
        started_load=$(load)
        timed_build "$target" "${flags[@]}"
        read -r clean_wall clean_cpu <"$work/time"
        add_field
        generate
        grep -q retry_hint "$crate/src/types.rs" || { echo "the field was not generated" >&2; exit 1; }
        timed_build "$target" "${flags[@]}"
        read -r incr_wall incr_cpu <"$work/time"
        printf '%-12s %-4s %-18s %-18s %s\n' "$name" "$run" "$clean_wall / $clean_cpu" \
            "$incr_wall / $incr_cpu" "$started_load"
    done
done
reset_spec
generate
