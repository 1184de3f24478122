#!/usr/bin/env bash
# Runs every test: unit and property tests, the integration tests on fresh databases (with an
# in-process SMTP server) twice, on SQLite and on PostgreSQL (a throwaway cluster this script
# starts and stops), then the end-to-end tests in headless Chromium with JavaScript on and off
# against the release build, and fuzzing.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh --e2e
export PATH="$HOME/.cargo/bin:$PWD/end2end/node_modules/.bin:$PATH"
start=$(date +%s)
step() { printf '\n== %s (%ss)\n' "$*" $(( $(date +%s) - start )); }

step "lints (clippy, server and browser builds)"
cargo clippy -p app --features ssr -p server --tests -- -D warnings
cargo clippy -p frontend --target wasm32-unknown-unknown -- -D warnings

step "unit and property tests"
cargo test -p app --features ssr

step "integration tests on SQLite"
# The two-instance and copy tests need PostgreSQL: they run in the next pass.
cargo test -p server -- --skip instances:: --skip copy_data::

step "integration tests on PostgreSQL (every test, two instances too)"
pg_dir=$(mktemp -d /tmp/plenary-pg.XXXXXX)
trap './scripts/postgres.sh stop "$pg_dir"' EXIT
pg_port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
PLENARY_TEST_POSTGRES=$(./scripts/postgres.sh start "$pg_dir" "$pg_port" fast)
export PLENARY_TEST_POSTGRES
cargo test -p server
unset PLENARY_TEST_POSTGRES

step "release build (cargo leptos)"
cargo leptos build --release

step "end-to-end tests in Chromium (JavaScript on and off)"
(cd end2end && npx playwright test)

step "fuzzing the decoders (FUZZ_SECONDS each)"
./scripts/fuzz.sh

step "all tests passed"
