#!/usr/bin/env bash
# Installs what Statuslight's commands need, on a Debian machine that has only the Rust
# toolchain. Idempotent: each step checks first and does nothing when its tool is already
# there at the right version, so a second run takes about a second.
#
# Usage: scripts/setup.sh build   wasm target, rust-src, trunk, wasm-bindgen-cli, npm tools
#        scripts/setup.sh test    the above plus Chromium, chromedriver and nginx
# Everything comes from the package registries (crates.io, npm, Debian) and, through
# rustup, the Rust toolchain's own components: nothing else is downloaded.
set -euo pipefail

cd "$(dirname "$0")/.."
what="${1:-build}"

TRUNK_VERSION=0.21.14
say() { printf '\033[1msetup:\033[0m %s\n' "$*" >&2; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    say "need root to run: $*"; exit 1; fi
}

apt_updated=""
apt_install() {
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ -z "$apt_updated" ]; then
    say "apt-get update"
    as_root apt-get update -qq
    apt_updated=1
  fi
  say "installing Debian packages: ${missing[*]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# The wasm-bindgen version the build uses, read from Cargo.lock (the CLI must match it).
wasm_bindgen_version() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock
}

setup_build() {
  export PATH="$HOME/.cargo/bin:$PATH"
  if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
    say "adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
  fi
  # The release wasm is built with the standard library compiled from source
  # (scripts/wasm-release.sh).
  if [ ! -f "$(rustc --print sysroot)/lib/rustlib/src/rust/library/Cargo.lock" ]; then
    say "adding the rust-src component"
    rustup component add rust-src
  fi
  if [ "$(trunk --version 2>/dev/null)" != "trunk $TRUNK_VERSION" ]; then
    say "installing trunk $TRUNK_VERSION (a few minutes, once)"
    # --debug: trunk's release profile is fat LTO with one codegen unit (11 minutes on a
    # fresh 2-core machine that was also building other things; 7 even without LTO at
    # opt-level 1); unoptimised it compiles in 4.5 and builds the same dist/ byte for
    # byte, as fast (trunk spends its time waiting for cargo and wasm-opt).
    cargo install trunk --version "$TRUNK_VERSION" --locked --debug
  fi
  [ -f Cargo.lock ] || cargo generate-lockfile
  local wb
  wb="$(wasm_bindgen_version)"
  if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $wb" ] ||
     [ "$(wasm-bindgen-test-runner --version 2>/dev/null)" != "wasm-bindgen-test-runner $wb" ]; then
    say "installing wasm-bindgen-cli $wb (a few minutes, once)"
    # Not --locked: that lock file names a crate version the registry lacks.
    cargo install wasm-bindgen-cli --version "$wb" --force
  fi
  if ! command -v npm >/dev/null; then
    apt_install nodejs npm
  fi
  # make dist writes .br and .gz copies beside each asset (scripts/compress.sh).
  command -v brotli >/dev/null || apt_install brotli
  command -v zopfli >/dev/null || apt_install zopfli
  # npm ci only when package-lock.json changed since the last install.
  local stamp=node_modules/.statuslight-lock.sha256
  if [ "$(cat "$stamp" 2>/dev/null)" != "$(sha256sum < package-lock.json)" ]; then
    say "installing npm tools (wasm-opt, playwright-core, axe-core)"
    npm ci --no-audit --no-fund --loglevel=error
    sha256sum < package-lock.json > "$stamp"
  fi
  cargo fetch --quiet
  # And the standard library's own dependencies, for that build.
  scripts/wasm-release.sh cargo fetch --quiet --target wasm32-unknown-unknown
}

setup_test() {
  setup_build
  apt_install chromium chromium-driver nginx-light brotli fonts-nanum
}

case "$what" in
  build) setup_build ;;
  test) setup_test ;;
  *) say "unknown set-up '$what' (build or test)"; exit 2 ;;
esac
