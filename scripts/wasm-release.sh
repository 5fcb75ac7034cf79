#!/usr/bin/env bash
# Run COMMAND (trunk build, cargo build, cargo fetch) as a release build of the wasm is run:
#
# - the standard library is compiled from the toolchain's `rust-src` with the release
#   profile (cargo's build-std: opt-level "z" and LTO together with the app), instead of
#   linking the prebuilt copy, which is compiled for speed;
# - a panic traps at once (`-C panic=immediate-abort`): no message is formatted, no source
#   location is kept, no hook runs, so the formatting code that only panics reached leaves
#   the wasm. A panic then shows in the console as "RuntimeError: unreachable" without its
#   message; the app is gone either way (`panic = "abort"` before).
#
# Page wasm -17.1 KB brotli, widget -14.1 KB (docs/performance.md, session 10). Both are
# unstable features of the stable toolchain, allowed here with RUSTC_BOOTSTRAP=1 for these
# builds only (debug builds, tests and the CLI do not use them). For a release build that
# reports its panics, or a toolchain that renamed the flags (each switch is on at 1 only):
#   STATUSLIGHT_PANIC_MESSAGES=1   std still rebuilt, panics formatted and printed by the hook
#                                  (switching it rebuilds std and every crate of the wasm)
#   STATUSLIGHT_PREBUILT_STD=1     neither: the prebuilt std, as a plain stable build
#
# Usage: scripts/wasm-release.sh COMMAND [ARG...]
set -euo pipefail
[ $# -gt 0 ] || { echo "usage: scripts/wasm-release.sh COMMAND [ARG...]" >&2; exit 2; }
root=$(cd "$(dirname "$0")/.." && pwd)

# A target folder of their own, inside the caller's CARGO_TARGET_DIR if one is set:
# proc-macro2's build script runs again whenever RUSTC_BOOTSTRAP changes, and with it every
# proc macro and all that uses them, so sharing a folder with the native release builds
# (the CLI in `make dist`, `cargo bench`) would rebuild both every time. The prebuilt-std
# build, without RUSTC_BOOTSTRAP, has another for the same reason. `printenv
# CARGO_TARGET_DIR` through this script says where the wasm lands.
base=${CARGO_TARGET_DIR:-$root/target}
if [ "${STATUSLIGHT_PREBUILT_STD:-}" = 1 ]; then
  export CARGO_TARGET_DIR=$base/wasm-release-prebuilt
  exec "$@"
fi
export CARGO_TARGET_DIR=$base/wasm-release

sysroot=$(rustc --print sysroot)
if [ ! -f "$sysroot/lib/rustlib/src/rust/library/Cargo.lock" ]; then
  echo "wasm-release.sh: the rust-src component is missing (scripts/setup.sh build adds it)" >&2
  exit 1
fi
if [ -n "${CARGO_ENCODED_RUSTFLAGS+x}" ]; then
  # It would override the flags below without a word.
  echo "wasm-release.sh: CARGO_ENCODED_RUSTFLAGS is set; use RUSTFLAGS" >&2
  exit 2
fi
export RUSTC_BOOTSTRAP=1
export CARGO_UNSTABLE_BUILD_STD=std,panic_abort
if [ "${STATUSLIGHT_PANIC_MESSAGES:-}" != 1 ]; then
  flags="-Zunstable-options -Cpanic=immediate-abort"
  if [ -n "${RUSTFLAGS+x}" ]; then
    # RUSTFLAGS, even empty, replaces every configured list (cargo's rule), so the flags
    # join it.
    export RUSTFLAGS="${RUSTFLAGS:+$RUSTFLAGS }$flags"
  else
    # Added to .cargo/config.toml's list for the wasm target (cargo joins the two).
    var=CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS
    export "$var=${!var:+${!var} }$flags"
  fi
fi
exec "$@"
