#!/usr/bin/env bash
# Optimise a wasm-bindgen output in place exactly as trunk optimises the page:
# `wasm-opt -Oz` with index.html's `data-wasm-opt-params` (the one list of flags; embed.html
# carries the same). Used for the wasm that trunk does not build: the readers module
# (scripts/module.sh) and scripts/bench/sizes.sh.
# Usage: scripts/wasm-opt.sh FILE.wasm
set -euo pipefail
file=${1:?usage: scripts/wasm-opt.sh FILE.wasm}
root=$(cd "$(dirname "$0")/.." && pwd)
params=$(sed -n 's/.*data-wasm-opt-params="\([^"]*\)".*/\1/p' "$root/index.html")
[ -n "$params" ] || { echo "wasm-opt.sh: no data-wasm-opt-params in index.html" >&2; exit 1; }
# shellcheck disable=SC2086 # the flags are words
wasm-opt -Oz $params "$file" -o "$file"
