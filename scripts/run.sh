#!/usr/bin/env bash
# Runs Plenary locally: SQLite under data/, demo events on first start, emails written to
# data/mail (each link is also printed in the log). Serves http://127.0.0.1:3000.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
export PATH="$HOME/.cargo/bin:$PWD/end2end/node_modules/.bin:$PATH"
export PLENARY_DEMO=true
exec cargo leptos serve --release
