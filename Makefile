# Statuslight: the README's commands.
#   make serve   the status page on the demo feed at http://127.0.0.1:8080, live reload
#   make test    every test: format, lints, native core tests, browser tests, end to end
#   make dist    a release build in dist/ (PUBLIC_URL=/status/ for a sub-path)
# Each installs what it needs first (scripts/setup.sh); a second run installs nothing.

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
export PATH := $(CURDIR)/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)
export CHROMEDRIVER ?= /usr/bin/chromedriver
export STATUSLIGHT_FIXTURES ?= $(abspath $(CURDIR)/../shared/fixtures)

PUBLIC_URL ?= /
DIST ?= dist
# Where the end-to-end tests build the release for the /status/ sub-path.
E2E_DIST := target/e2e-dist

.PHONY: serve dist test test-native test-web test-e2e lint setup-build setup-test

setup-build:
	@scripts/setup.sh build

setup-test:
	@scripts/setup.sh test

serve: setup-build
	trunk serve --offline

# The app, then what the operator CLI publishes beside it: the demo feed split into a
# current feed and month shards, Atom/RSS/JSON Feed, badges, Statuspage v2 JSON, uptime.
# Every wasm is built through scripts/wasm-release.sh (std rebuilt for size, panics that
# abort at once).
dist: setup-build
	# The Statuspage v2 and Atom/RSS readers first, as their own module: the page and the
	# widget are built without them and load it only for such feeds (src/readers.rs).
	mkdir -p "$$(dirname "$(DIST)")"
	scripts/module.sh readers "$(DIST).readers" > "$(DIST).readers-name"
	STATUSLIGHT_READERS=$$(cat "$(DIST).readers-name") scripts/wasm-release.sh \
	  trunk build --release --offline --public-url "$(PUBLIC_URL)" --dist "$(DIST)"
	cp -R "$(DIST).readers"/. "$(DIST)/"
	# The widget renders the summary `statuslight build` publishes (below); a page without
	# a usable one loads the summary module, which computes it from the feeds.
	scripts/module.sh summary "$(DIST).summary" > "$(DIST).summary-name"
	cp -R "$(DIST).summary"/. "$(DIST)/"
	# The embeddable widget (docs/widget.md): trunk writes embed.html's build as index.html
	# in its own folder; it goes beside the page as embed.html, and embed.js gets the
	# hashed names of its glue and wasm.
	rm -rf "$(DIST).embed"
	STATUSLIGHT_SUMMARY=$$(cat "$(DIST).summary-name") scripts/wasm-release.sh \
	  trunk build --release --offline --public-url "$(PUBLIC_URL)" --dist "$(DIST).embed" embed.html
	rm -rf "$(DIST).readers" "$(DIST).readers-name" "$(DIST).summary" "$(DIST).summary-name"
	glue=$$(cd "$(DIST).embed" && ls statuslight-embed-*.js) && wasm=$$(cd "$(DIST).embed" && ls statuslight-embed-*_bg.wasm) && \
	  sed -e "s|__STATUSLIGHT_EMBED_GLUE__|$$glue|; s|__STATUSLIGHT_EMBED_WASM__|$$wasm|" public/embed.js > "$(DIST)/embed.js"
	mv "$(DIST).embed/index.html" "$(DIST)/embed.html"
	cp -R "$(DIST).embed"/. "$(DIST)/" && rm -rf "$(DIST).embed"
	cp public/embed-demo.html public/embed-demo.css public/embed-demo.js "$(DIST)/"
	# What the page runs first (crates/starter): it keeps the view `--page` publishes
	# (below) while that holds, and imports the app only when not, or on interaction.
	scripts/module.sh starter "$(DIST).starter" > /dev/null
	cp -R "$(DIST).starter"/. "$(DIST)/" && rm -rf "$(DIST).starter"
	# The wasm-bindgen glue of the page, the widget and the readers minified (terser), the
	# integrity attributes naming it brought up to date, the inline styles' comments out.
	node scripts/minify.mjs "$(DIST)"
	node scripts/csp.mjs "$(DIST)"
	# After csp.mjs: --page writes the status into index.html and its style's hash into
	# the page's policy.
	cargo run -q -p statuslight-cli --release --offline -- \
	  build "$(DIST)" --feed public/demo/feed.json --feed-out demo/feed.json --page index.html
	scripts/compress.sh "$(DIST)"

lint: setup-build
	cargo fmt --all --check
	cargo clippy --workspace --all-targets --offline -- -D warnings
	cargo clippy -p statuslight --target wasm32-unknown-unknown --all-targets --offline -- -D warnings
	# The same with the readers left out, as `make dist` builds it (src/readers.rs).
	STATUSLIGHT_READERS=statuslight-readers-lint cargo clippy -p statuslight --target wasm32-unknown-unknown --all-targets --offline -- -D warnings
	STATUSLIGHT_SUMMARY=statuslight-summary-lint cargo clippy -p statuslight --target wasm32-unknown-unknown --all-targets --offline -- -D warnings
	cargo clippy -p statuslight-readers -p statuslight-summary -p statuslight-intl -p statuslight-starter --target wasm32-unknown-unknown --all-targets --offline -- -D warnings

test-native: setup-build
	cargo test --workspace --offline

test-web: setup-test
	cargo test -p statuslight --target wasm32-unknown-unknown --offline

test-e2e: setup-test
	$(MAKE) --no-print-directory dist PUBLIC_URL=/status/ DIST=$(E2E_DIST)
	node --test --test-reporter=spec tests/e2e/

test: setup-test lint test-native test-web test-e2e
	@echo "make test: all green"

# The benchmark: bytes of the first view, cold-load timings (loopback, 4x CPU, slow 4G),
# Lighthouse, the 5,000-incident history and the native core, as one table with a budget
# and PASS/FAIL per line (docs/performance.md). Prints; never fails on a budget.
# `make bench DIST=target/bench-dist` keeps dist/ as it is.
.PHONY: bench
bench: dist setup-test
	node scripts/bench/run.mjs "$(DIST)"
