#!/usr/bin/env bash
# Pre-compresses a release build for static hosts that serve FILE.br / FILE.gz in place of
# FILE (nginx `gzip_static`/`brotli_static`, Caddy `precompressed`, many CDNs).
#
# Usage: scripts/compress.sh DIST
#
# Writes FILE.br (brotli quality 11: Debian's `brotli`, else Node's zlib) and FILE.gz
# (Debian's `zopfli`, else `gzip -9 -n`; either way no name or time stamp inside, so the
# bytes depend on the content alone) beside every .html .js .wasm .css .json .svg .xml
# .atom .rss file of at least 1 KiB; smaller files gain too little to be worth a second
# request path. Each compressed copy gets its source's modification time,
# and a copy is only rewritten when its source is newer, so a second run does nothing.
# Copies whose source is gone are removed.
set -euo pipefail

dist="${1:?usage: scripts/compress.sh DIST}"
[ -d "$dist" ] || { echo "compress: no folder $dist" >&2; exit 2; }
# Debian's `brotli` (scripts/setup.sh installs it, and `zopfli`); without it, Node's
# zlib, which has the same encoder at the same quality (`make dist` already needs Node).
if command -v brotli >/dev/null; then
  brotli_to() { brotli -q 11 -f -o "$2" -- "$1"; }
else
  brotli_to() {
    node -e 'const z = require("node:zlib"), fs = require("node:fs");
      fs.writeFileSync(process.argv[2], z.brotliCompressSync(fs.readFileSync(process.argv[1]), {
        params: { [z.constants.BROTLI_PARAM_QUALITY]: 11, [z.constants.BROTLI_PARAM_LGWIN]: 24,
                  [z.constants.BROTLI_PARAM_SIZE_HINT]: fs.statSync(process.argv[1]).size } }));' "$1" "$2"
  }
fi

# Zopfli writes the same gzip format as gzip, 4 % smaller for the wasm (page: 301.5 ->
# 288.8 KB), which is what a browser gets from a host that has no brotli (and over plain
# HTTP, where browsers ask for none); about 1.3 s for the page's wasm.
if command -v zopfli >/dev/null; then
  # zopfli exits 0 even when it could not read its file (and writes nothing): check.
  gzip_to() {
    zopfli -c "$1" > "$2" && [ -s "$2" ] && gzip -t "$2" ||
      { echo "compress: zopfli failed on $1" >&2; rm -f "$2"; return 1; }
  }
else
  gzip_to() { gzip -9 -n -c -- "$1" > "$2"; }
fi

MIN_BYTES=1024

# Stale copies: FILE.br / FILE.gz whose FILE no longer exists or is now too small.
while IFS= read -r -d '' copy; do
  src="${copy%.*}"
  if [ ! -f "$src" ] || [ "$(stat -c %s "$src")" -lt "$MIN_BYTES" ]; then rm -f "$copy"; fi
done < <(find "$dist" -type f \( -name '*.html.br' -o -name '*.html.gz' -o -name '*.js.br' -o -name '*.js.gz' \
  -o -name '*.wasm.br' -o -name '*.wasm.gz' -o -name '*.css.br' -o -name '*.css.gz' -o -name '*.json.br' \
  -o -name '*.json.gz' -o -name '*.svg.br' -o -name '*.svg.gz' -o -name '*.xml.br' -o -name '*.xml.gz' \
  -o -name '*.atom.br' -o -name '*.atom.gz' -o -name '*.rss.br' -o -name '*.rss.gz' \) -print0)

written=0
while IFS= read -r -d '' f; do
  if [ ! -f "$f.br" ] || [ "$f" -nt "$f.br" ] || [ "$f.br" -nt "$f" ]; then
    brotli_to "$f" "$f.br"
    touch -r "$f" "$f.br"
    written=$((written + 1))
  fi
  if [ ! -f "$f.gz" ] || [ "$f" -nt "$f.gz" ] || [ "$f.gz" -nt "$f" ]; then
    gzip_to "$f" "$f.gz"
    touch -r "$f" "$f.gz"
    written=$((written + 1))
  fi
done < <(find "$dist" -type f -size +$((MIN_BYTES - 1))c \( -name '*.html' -o -name '*.js' -o -name '*.wasm' \
  -o -name '*.css' -o -name '*.json' -o -name '*.svg' -o -name '*.xml' -o -name '*.atom' -o -name '*.rss' \) -print0)

echo "compress: $written compressed copies written in $dist" >&2
