#!/usr/bin/env bash
# Fuzzes the registration form and JSON decoders and the domain parsers (fuzz/fuzz_targets) with
# cargo fuzz, FUZZ_SECONDS (default 20) each, from the seeds in fuzz/seeds and a corpus kept in
# fuzz/target/corpus; fails on the first panic, whose input is left in fuzz/artifacts/<target>/.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --version 0.13.2 --locked
# cargo fuzz passes nightly-only flags (-Zsanitizer=address and others); stable Rust ships the
# address sanitizer's runtime, and RUSTC_BOOTSTRAP=1 lets stable rustc take those flags.
export RUSTC_BOOTSTRAP=1
for target in registration_form registration_json domain_parsers; do
  mkdir -p "fuzz/target/corpus/$target"
  cargo fuzz run "$target" "fuzz/target/corpus/$target" "fuzz/seeds/$target" -- -max_total_time="${FUZZ_SECONDS:-20}"
done
