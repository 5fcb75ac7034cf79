#!/usr/bin/env bash
# Build the readers module (crates/readers: the Statuspage v2 and Atom/RSS readers that
# the page's and the widget's wasm leave out) into OUT as
#   statuslight-readers-<hash>.js and statuslight-readers-<hash>_bg.wasm
# built and optimised as the page is (scripts/wasm-release.sh, wasm-opt -Oz, same
# features), and print the stem `statuslight-readers-<hash>` for STATUSLIGHT_READERS
# (see build.rs).
# Usage: scripts/readers.sh OUT
set -euo pipefail
out=${1:?usage: scripts/readers.sh OUT}
root=$(cd "$(dirname "$0")/.." && pwd)
target=$("$root/scripts/wasm-release.sh" printenv CARGO_TARGET_DIR)

"$root/scripts/wasm-release.sh" cargo build -q -p statuslight-readers --release --target wasm32-unknown-unknown --offline
rm -rf "$out" && mkdir -p "$out"
wasm-bindgen --target web --no-typescript --out-dir "$out" --out-name statuslight-readers \
  "$target/wasm32-unknown-unknown/release/statuslight_readers.wasm"
"$root/scripts/wasm-opt.sh" "$out/statuslight-readers_bg.wasm"
hash=$(cat "$out/statuslight-readers.js" "$out/statuslight-readers_bg.wasm" | sha256sum | cut -c1-16)
stem="statuslight-readers-$hash"
mv "$out/statuslight-readers.js" "$out/$stem.js"
mv "$out/statuslight-readers_bg.wasm" "$out/${stem}_bg.wasm"
echo "$stem"
