#!/usr/bin/env bash
# Build one of the modules the page and the widget load on demand, crates/NAME, into OUT as
#   statuslight-NAME-<hash>.js and statuslight-NAME-<hash>_bg.wasm
# built and optimised as the page is (scripts/wasm-release.sh, wasm-opt -Oz, same
# features), and print the stem `statuslight-NAME-<hash>`, for the variable that names it
# to the app's build (see build.rs):
#   readers   the Statuspage v2 and Atom/RSS readers (STATUSLIGHT_READERS; page and widget)
#   summary   the widget's own summary, for pages without a usable published one
#             (STATUSLIGHT_SUMMARY; widget)
#   starter   what the release page runs first: keeps its published view while that
#             holds, loads the app when not (scripts/csp.mjs writes the boot for it)
# Usage: scripts/module.sh NAME OUT
set -euo pipefail
name=${1:?usage: scripts/module.sh NAME OUT}
out=${2:?usage: scripts/module.sh NAME OUT}
case "$name" in readers | summary | starter) ;; *) echo "module.sh: no module $name" >&2; exit 2 ;; esac
root=$(cd "$(dirname "$0")/.." && pwd)
target=$("$root/scripts/wasm-release.sh" printenv CARGO_TARGET_DIR)

"$root/scripts/wasm-release.sh" cargo build -q -p "statuslight-$name" --release --target wasm32-unknown-unknown --offline
rm -rf "$out" && mkdir -p "$out"
wasm-bindgen --target web --no-typescript --out-dir "$out" --out-name "statuslight-$name" \
  "$target/wasm32-unknown-unknown/release/statuslight_$name.wasm"
"$root/scripts/wasm-opt.sh" "$out/statuslight-${name}_bg.wasm"
hash=$(cat "$out/statuslight-$name.js" "$out/statuslight-${name}_bg.wasm" | sha256sum | cut -c1-16)
stem="statuslight-$name-$hash"
mv "$out/statuslight-$name.js" "$out/$stem.js"
mv "$out/statuslight-${name}_bg.wasm" "$out/${stem}_bg.wasm"
echo "$stem"
