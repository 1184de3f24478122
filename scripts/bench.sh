#!/usr/bin/env bash
# Runs the benchmark suite against the release build on loopback: registrations (group commit
# on and off), confirmations, pages, page weight, exports, reports over a million registrations,
# memory and start-up; and the registrations on PostgreSQL against one and two instances (a
# throwaway cluster, fsync on, started and stopped here). Prints a table and writes it to
# target/bench/results.md.
# BENCH_SECONDS (default 20) sets each load run's length. About 6 minutes on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh --postgres
export PATH="$HOME/.cargo/bin:$PWD/end2end/node_modules/.bin:$PATH"
cargo leptos build --release
cargo build --release -p bench
rm -rf target/bench && mkdir -p target/bench
pg_dir=$(mktemp -d /tmp/plenary-bench-pg.XXXXXX)
trap './scripts/postgres.sh stop "$pg_dir"' EXIT
pg_port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
BENCH_POSTGRES=$(./scripts/postgres.sh start "$pg_dir" "$pg_port")
export BENCH_POSTGRES
target/release/bench
