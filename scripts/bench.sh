#!/usr/bin/env bash
# Runs the benchmark suite against the release build on loopback: registrations (group commit
# on and off), confirmations, pages, page weight, exports, reports over a million registrations,
# memory and start-up. Prints a table and writes it to target/bench/results.md.
# BENCH_SECONDS (default 20) sets each load run's length. About 6 minutes on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
export PATH="$HOME/.cargo/bin:$PWD/end2end/node_modules/.bin:$PATH"
cargo leptos build --release
cargo build --release -p bench
rm -rf target/bench && mkdir -p target/bench
exec target/release/bench
