#!/usr/bin/env bash
# Runs every test: unit and property tests, integration tests on fresh databases (with an
# in-process SMTP server), then the end-to-end tests in headless Chromium with JavaScript on
# and off against the release build.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh --e2e
export PATH="$HOME/.cargo/bin:$PWD/end2end/node_modules/.bin:$PATH"
start=$(date +%s)
step() { printf '\n== %s (%ss)\n' "$*" $(( $(date +%s) - start )); }

step "lints (clippy, server and browser builds)"
cargo clippy -p app --features ssr -p server --tests -- -D warnings
cargo clippy -p frontend --target wasm32-unknown-unknown -- -D warnings

step "unit, property and integration tests"
cargo test -p app --features ssr
cargo test -p server

step "release build (cargo leptos)"
cargo leptos build --release

step "end-to-end tests in Chromium (JavaScript on and off)"
(cd end2end && npx playwright test)

step "fuzzing the decoders (FUZZ_SECONDS each)"
./scripts/fuzz.sh

step "all tests passed"
