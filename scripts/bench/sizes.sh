#!/usr/bin/env bash
# The shipped sizes of the page's and the widget's wasm, without a whole `make dist`: for
# comparing a change or a compiler flag (docs/performance.md). Builds both binaries as
# `make dist` does (through scripts/wasm-release.sh, release profile, the readers and the
# summary modules left out as `STATUSLIGHT_READERS` and `STATUSLIGHT_SUMMARY` do), runs
# wasm-bindgen and wasm-opt with index.html's flags, and prints raw and brotli bytes of
# each wasm and brotli bytes of its glue.
#
#   scripts/bench/sizes.sh OUT [RUSTFLAG...]
#
# OUT receives the files; CARGO_TARGET_DIR picks the folder wasm-release.sh builds in
# (default: target/sizes, apart from make dist's). Without RUSTFLAGs the flags of
# .cargo/config.toml apply; with any, they replace that list (cargo's rule), so repeat
# `--cfg erase_components` to keep it (wasm-release.sh's own flags are added either way).
set -euo pipefail
cd "$(dirname "$0")/../.."
out=${1:?usage: scripts/bench/sizes.sh OUT [RUSTFLAG...]}
shift
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-target/sizes}
if [ $# -gt 0 ]; then export RUSTFLAGS="$*"; fi
mkdir -p "$out"
# Each as make dist builds it: the page without the readers, the widget without the
# summary module (placeholder names of the real names' length).
STATUSLIGHT_READERS=statuslight-readers-0000000000000000 scripts/wasm-release.sh \
  cargo build -q --release --offline --target wasm32-unknown-unknown --bin statuslight-web
STATUSLIGHT_SUMMARY=statuslight-summary-0000000000000000 scripts/wasm-release.sh \
  cargo build -q --release --offline --target wasm32-unknown-unknown --bin statuslight-embed
target=$(scripts/wasm-release.sh printenv CARGO_TARGET_DIR)
for bin in statuslight-web statuslight-embed; do
  wasm-bindgen --target web --no-typescript --out-dir "$out" --out-name "$bin" \
    "$target/wasm32-unknown-unknown/release/$bin.wasm"
  scripts/wasm-opt.sh "$out/${bin}_bg.wasm"
  raw=$(stat -c %s "$out/${bin}_bg.wasm")
  br=$(brotli -c -q 11 "$out/${bin}_bg.wasm" | wc -c)
  glue=$(brotli -c -q 11 "$out/$bin.js" | wc -c)
  echo "$bin: wasm $raw B raw, $br B brotli; glue $glue B brotli"
done
