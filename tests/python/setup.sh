#!/usr/bin/env bash
# Creates the Python environment of the tests, target/py, with the pinned packages of
# tests/python/requirements.txt. Idempotent: does nothing when target/py already holds
# exactly these pins. Needs python3 with its venv module (Debian: python3-venv).
set -euo pipefail
cd "$(dirname "$0")/../.."

venv=target/py
requirements=tests/python/requirements.txt
stamp=$venv/installed-requirements.txt

if [ -x "$venv/bin/python" ] && cmp -s "$requirements" "$stamp"; then
  exit 0
fi
if [ ! -x "$venv/bin/python" ]; then
  if ! python3 -m venv "$venv"; then
    echo "python3 -m venv failed: install python3 with its venv module (Debian: apt-get install python3-venv)" >&2
    rm -rf "$venv"
    exit 1
  fi
fi
# Every package is pinned in the file, so nothing is resolved beyond it; `pip check` then
# proves the pins fit together.
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-deps -r "$requirements"
"$venv/bin/python" -m pip check --disable-pip-version-check
cp "$requirements" "$stamp"
