#!/usr/bin/env bash
# Installs what building and testing Plenary needs, skipping whatever is already there:
# the wasm target, cargo-leptos, wasm-bindgen-cli at the version in Cargo.lock, wasm-opt (npm
# binaryen), and with --e2e also Chromium, sqlite3, PostgreSQL (for the tests' throwaway
# cluster) and the end-to-end test packages.
set -euo pipefail
cd "$(dirname "$0")/.."

e2e=false postgres=false
[ "${1:-}" = "--e2e" ] && e2e=true && postgres=true
[ "${1:-}" = "--postgres" ] && postgres=true

export PATH="$HOME/.cargo/bin:$PWD/end2end/node_modules/.bin:$PATH"
say() { printf '\n== %s\n' "$*"; }

if ! cargo clippy --version >/dev/null 2>&1; then
  say "installing clippy"
  rustup component add clippy
fi
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if ! cargo leptos --version 2>/dev/null | grep -q '0.3.10'; then
  say "installing cargo-leptos 0.3.10 (about 16 minutes on 2 cores)"
  cargo install cargo-leptos --locked --version 0.3.10
fi

# cargo-leptos cannot download here: wasm-bindgen must match the crate in Cargo.lock exactly.
wb=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/"/, "", $3); print $3; exit }' Cargo.lock)
if ! wasm-bindgen --version 2>/dev/null | grep -q " $wb\$"; then
  say "installing wasm-bindgen-cli $wb"
  cargo install wasm-bindgen-cli --version "$wb"
fi

need_apt=()
command -v node >/dev/null || need_apt+=(nodejs npm)
# Documents (badges, letters, certificates) are set in these fonts, read at start.
[ -f /usr/share/fonts/truetype/noto/NotoSans-Regular.ttf ] || need_apt+=(fonts-noto-core)
[ -f /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc ] || need_apt+=(fonts-noto-cjk)
[ -f /usr/share/fonts/opentype/fonts-hosny-amiri/Amiri-Regular.ttf ] || need_apt+=(fonts-hosny-amiri)
if $e2e; then
  [ -x /usr/bin/chromium ] || need_apt+=(chromium)
  command -v sqlite3 >/dev/null || need_apt+=(sqlite3)
  # The document tests read PDFs back (pdftotext) and compare pages as images (pdftoppm).
  command -v pdftotext >/dev/null || need_apt+=(poppler-utils)
fi
if $postgres; then
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need_apt+=(postgresql)
fi
if [ ${#need_apt[@]} -gt 0 ]; then
  say "installing ${need_apt[*]} from Debian"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}"
fi

# wasm-opt for release builds: npm's binaryen (Debian's build breaks hydration).
if [ ! -x end2end/node_modules/.bin/wasm-opt ] || [ ! -d end2end/node_modules/@playwright ]; then
  say "installing the npm packages (binaryen, Playwright, SMTP sink)"
  (cd end2end && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund)
fi
