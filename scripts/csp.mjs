#!/usr/bin/env node
// Makes a release build run under a strict Content Security Policy, and writes the
// headers static hosts should send. Run on dist/ after trunk (the Makefile does).
//
// 1. Trunk starts the app with an inline <script type="module">. A policy without
//    'unsafe-inline' forbids that. The page that carries its status as HTML keeps an
//    inline boot script of its own, allowed by its hash (see PAGE_BOOT); the embed view's
//    moves to boot-<hash>.js beside it.
// 2. The page gets the policy as <meta http-equiv="Content-Security-Policy">, so it holds
//    on any host, even one that sends no headers.
// 3. _headers (Netlify, Cloudflare Pages) and nginx-statuslight.conf carry the same policy
//    plus what a <meta> cannot say: frame-ancestors (the page may not be framed; the embed
//    view may), and caching (hashed assets immutable, feeds short).
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { inlineStyleSources } from './inline-styles.mjs';

/** The page's policy. Feeds may live on other https origins (mirrors, CDNs). */
export const PAGE_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "img-src 'self' data: https:",
  "connect-src 'self' https:",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'none'",
  "frame-src 'none'",
].join('; ');

/**
 * The page's policy as a header. The page's <meta> policy allows its inline <style>s (the
 * stylesheet the build inlines, and the day colours of the status prerendered by
 * `statuslight build --page`) by hash, and the CLI rewrites those hashes whenever it
 * publishes. A header cannot follow each publish, so it allows inline styles; browsers
 * enforce both policies, so the page still gets only the hashed ones. Scripts: 'self' and
 * the page's boot script, by hash, in both.
 */
const headerPolicy = (bootHash) => withScript(PAGE_POLICY.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'"), bootHash);

/** `policy` with the CSP source of the page's inline boot script (its hash), if any. */
const withScript = (policy, bootHash) => (bootHash
  ? policy.replace("script-src 'self'", `script-src 'self' '${bootHash}'`)
  : policy);

const dist = process.argv[2];
if (!dist || !existsSync(join(dist, 'index.html'))) {
  console.error('usage: csp.mjs DIST (a trunk build with index.html)');
  process.exit(2);
}

const INLINE_MODULE = /<script type="module"(?![^>]*\bsrc=)([^>]*)>([\s\S]*?)<\/script>/g;

// A page that carries its status as HTML (statuslight build --page) starts the app once
// that has painted: the wasm is fetched after the first frame, not beside the HTML, so
// on a slow link the status is not kept waiting behind it. (Fetching and compiling it
// from the boot script before that frame, overlapping the paint, measured ~40 ms earlier
// control on loopback but made Lighthouse's simulated LCP count the wasm download in one
// run of two: 3.4 s instead of 1.1 s, performance 92 instead of 100.)
const WASM_PRELOAD = /\s*<link rel="preload"(?=[^>]*type="application\/wasm")(?=[^>]*statuslight-web-)[^>]*>/;

// "Painted" is the first contentful paint as Paint Timing reports it (the frame's pixels
// presented), not the end of the frame's script and layout: a request started in between
// precedes the observed paint, and Lighthouse's simulation then counts the whole wasm
// download in its LCP (3.0 s instead of 0.94, performance 94, in 1 of 3 mobile runs with
// the wasm requested from a requestAnimationFrame callback; 0 of 6 with this). A tab that
// does not paint (in the background) starts after 200 ms.
const AFTER_PAINT = `// The status is on screen as HTML already: once it has painted, fetch the app.
await new Promise((go) => {
  setTimeout(go, 200);
  try {
    new PerformanceObserver((list) => { if (list.getEntriesByName('first-contentful-paint').length) go(); })
      .observe({ type: 'paint', buffered: true });
  } catch {
    requestAnimationFrame(() => setTimeout(go, 0));
  }
});
`;

// The first Intl.DateTimeFormat of a page costs 11-20 ms (the browser loads its date and
// zone data; later ones cost ~0.2 ms), and the app's first zone lookup would pay it after
// the wasm arrived. Paid in a task of its own while the wasm downloads instead: init()
// has started the fetch by the time the timer fires.
const WARM_INTL = `setTimeout(() => new Intl.DateTimeFormat('en-US', { timeZone: 'UTC', hour: 'numeric' }).formatToParts(0), 0);
`;
const INIT_LINE = /^[ \t]*const wasm = await init\(/m;

// The boot script of the page that carries its status as HTML, inline (one request fewer
// before the wasm: on slow 4G the boot file took a 0.6 s round trip of its own, and the
// wasm waited for it), allowed by its hash. After the first paint it requests the wasm
// at once and imports the glue beside it (the glue is modulepreloaded from the head), so
// the wasm does not wait for the glue either. Measured on slow 4G (docs/performance.md,
// session 8): the wasm requested at 661 ms instead of 1,247, the app in control 3.3 s
// instead of 3.9. The same three steps as trunk's own script: init, window.wasmBindings,
// TrunkApplicationStarted.
const PAGE_BOOT = (glue, wasm) => `
${AFTER_PAINT.trim()}
const response = fetch(${JSON.stringify(wasm)});
${WARM_INTL.trim()}
const bindings = await import(${JSON.stringify(glue)});
const wasm = await bindings.default({ module_or_path: response });
window.wasmBindings = bindings;
dispatchEvent(new CustomEvent('TrunkApplicationStarted', { detail: { wasm } }));
`;

// With the starter in the build (`scripts/module.sh starter`, crates/starter), the page
// boots it instead of the app: it keeps the view the page publishes as long as that
// holds and imports the app (the glue and wasm named here) only when it does not, or
// when the visitor interacts. Its glue is modulepreloaded in place of the app's.
const STARTER_BOOT = (starter, starterWasm, glue, wasm) => `
${AFTER_PAINT.trim()}
const starter = await import(${JSON.stringify(starter)});
await starter.default({ module_or_path: ${JSON.stringify(starterWasm)} });
starter.start(${JSON.stringify(glue)}, ${JSON.stringify(wasm)});
`;
const STARTER = /^statuslight-starter-[0-9a-f]{1,16}\.js$/;
const starterGlue = existsSync(dist) ? readdirSync(dist).find((f) => STARTER.test(f)) : undefined;
const TRUNK_IMPORT = /^\s*import init, \* as bindings from '([^']+)';\s*$/m;
const TRUNK_INIT = /^\s*const wasm = await init\(\{ module_or_path: '([^']+)' \}\);\s*$/m;

/** PAGE_BOOT for the glue and wasm that trunk's boot script of `page` names. */
function pageBoot(page, trunkScript) {
  const glue = trunkScript.match(TRUNK_IMPORT);
  const wasm = trunkScript.match(TRUNK_INIT);
  if (!glue || !wasm) throw new Error(`${page}: trunk's boot script changed shape:\n${trunkScript}`);
  if (!starterGlue) return PAGE_BOOT(glue[1], wasm[1]);
  const prefix = glue[1].slice(0, glue[1].lastIndexOf('/') + 1);
  return STARTER_BOOT(prefix + starterGlue, prefix + starterGlue.replace(/\.js$/, '_bg.wasm'), glue[1], wasm[1]);
}

/** The CSP source of an inline script's text: `sha256-<base64>`. */
const scriptSource = (text) => `sha256-${createHash('sha256').update(text).digest('base64')}`;

/**
 * The <meta> policy of a page: PAGE_POLICY plus the hash of each inline <style> element's
 * text (the page's stylesheet, which the build inlines so that the first frame waits for
 * no second request). `statuslight build --page` recomputes the same list by the same
 * rule when it adds its colour style.
 */
function policyFor(html, bootHash) {
  const sources = inlineStyleSources(html);
  const policy = sources.length ? PAGE_POLICY.replace("style-src 'self'", `style-src 'self' ${sources.join(' ')}`) : PAGE_POLICY;
  return withScript(policy, bootHash);
}

/**
 * Puts `page` under the policy; returns the CSP source of its inline boot script, or
 * null when its boot script became a file.
 */
function harden(page) {
  const path = join(dist, page);
  if (!existsSync(path)) return null;
  let html = readFileSync(path, 'utf8');
  const prerendered = html.includes('<!-- statuslight:prerender -->');
  let bootHash = null;
  if (prerendered) html = html.replace(WASM_PRELOAD, '');
  if (prerendered && starterGlue) {
    // The starter's glue is preloaded, not the app's: a visitor who only looks never
    // fetches the app. Its wasm (22 KB brotli) is preloaded too, unlike the app's was
    // (WASM_PRELOAD above): on slow 4G the page is in control 0.57 s sooner (1,929 ->
    // 1,362 ms, `AB_NET=slow4g AB_RUNS=7 node scripts/bench/ab.mjs`, status visible
    // unchanged), for a Lighthouse mobile LCP that its simulation puts 0.1-0.27 s later
    // (932 -> 1,051-1,203 ms over 3 runs each, performance 100 in all).
    const file = readFileSync(join(dist, starterGlue));
    const integrity = `sha384-${createHash('sha384').update(file).digest('base64')}`;
    const starterWasm = starterGlue.replace(/\.js$/, '_bg.wasm');
    html = html.replace(
      /<link rel="modulepreload" href="([^"]*)statuslight-web-[0-9a-f]{1,16}\.js"[^>]*>/,
      (_, prefix) => `<link rel="modulepreload" href="${prefix}${starterGlue}" crossorigin="anonymous" integrity="${integrity}">`
        + `<link rel="preload" href="${prefix}${starterWasm}" as="fetch" type="application/wasm" crossorigin="anonymous">`,
    );
  }
  html = html.replace(INLINE_MODULE, (_, attrs, script) => {
    if (prerendered) {
      // Trunk's script becomes ours; ours already (a second run on the same build) stays.
      const body = script.trimStart().startsWith(AFTER_PAINT.split('\n')[0]) ? script : pageBoot(page, script);
      if (bootHash) throw new Error(`${page}: more than one boot script`);
      bootHash = scriptSource(body);
      return `<script type="module">${body}</script>`;
    }
    let body = script;
    if (!INIT_LINE.test(body)) throw new Error(`${page}: the boot script has no \`const wasm = await init(\``);
    body = body.replace(INIT_LINE, (line) => `${WARM_INTL}${line}`);
    const hash = createHash('sha256').update(body).digest('hex').slice(0, 16);
    const name = `boot-${hash}.js`;
    writeFileSync(join(dist, name), body.trim() + '\n');
    const kept = attrs.replace(/\s*nonce="[^"]*"/, '');
    return `<script type="module"${kept} src="${name}"></script>`;
  });
  // Data blocks (`type="application/json"`: the published view) are not run, and the
  // policy does not apply to them.
  const inline = [...html.matchAll(/<script(?![^>]*\bsrc=)(?![^>]*application\/json)[^>]*>([\s\S]*?)<\/script>/g)].filter((m) => /\S/.test(m[1]));
  if (inline.some((m) => scriptSource(m[1]) !== bootHash)) {
    throw new Error(`${page} has an inline script other than its boot script, which the policy would block`);
  }
  if (!html.includes('http-equiv="Content-Security-Policy"')) {
    html = html.replace(
      /<meta charset="utf-8"\s*\/?>/i,
      (m) => `${m}\n    <meta http-equiv="Content-Security-Policy" content="${policyFor(html, bootHash)}" />`,
    );
  }
  writeFileSync(path, html);
  return bootHash;
}

const PAGE_HEADER_POLICY = headerPolicy(harden('index.html'));
if (harden('embed.html')) throw new Error('embed.html: its boot script should have become a file');

const headers = `# Headers for Netlify and Cloudflare Pages, written by scripts/csp.mjs.
# The status page may not be framed; the embed view may be framed by anyone.
/
  Content-Security-Policy: ${PAGE_HEADER_POLICY}; frame-ancestors 'none'
  X-Content-Type-Options: nosniff
  Referrer-Policy: no-referrer
/index.html
  Content-Security-Policy: ${PAGE_HEADER_POLICY}; frame-ancestors 'none'
  X-Content-Type-Options: nosniff
  Referrer-Policy: no-referrer
/embed.html
  Content-Security-Policy: ${PAGE_POLICY}; frame-ancestors *
  X-Content-Type-Options: nosniff
  Access-Control-Allow-Origin: *
/embed.js
  Access-Control-Allow-Origin: *
  Cache-Control: public, max-age=300
# Hashed assets never change under their name.
/statuslight-*
  Cache-Control: public, max-age=31536000, immutable
  Access-Control-Allow-Origin: *
/boot-*
  Cache-Control: public, max-age=31536000, immutable
# Feeds, configuration and what the CLI publishes change at any time: revalidate.
/statuslight.json
  Cache-Control: public, max-age=10, must-revalidate
  Access-Control-Allow-Origin: *
/statuslight.widget.json
  Cache-Control: public, max-age=10, must-revalidate
  Access-Control-Allow-Origin: *
/demo/*
  Cache-Control: public, max-age=10, must-revalidate
  Access-Control-Allow-Origin: *
/api/*
  Cache-Control: public, max-age=10, must-revalidate
  Access-Control-Allow-Origin: *
/badges/*
  Cache-Control: public, max-age=60, must-revalidate
  Access-Control-Allow-Origin: *
/history*
  Cache-Control: public, max-age=60, must-revalidate
`;
writeFileSync(join(dist, '_headers'), headers);

const nginx = `# nginx: include this inside the server (or location) that serves Statuslight's dist/.
# Written by scripts/csp.mjs; the same policy as the page's <meta> and _headers.
# (nginx drops server-level add_header inside a location that has its own, so every
# location below repeats what it needs.)

location ~ /embed\\.html$ {
    add_header Content-Security-Policy "${PAGE_POLICY}; frame-ancestors *" always;
    add_header X-Content-Type-Options nosniff always;
    add_header Access-Control-Allow-Origin * always;
    add_header Cache-Control "public, max-age=60, must-revalidate" always;
}

# Hashed assets never change under their name.
location ~ /(statuslight|boot)-[^/]*\\.(js|wasm|css)$ {
    add_header Cache-Control "public, max-age=31536000, immutable" always;
    add_header Access-Control-Allow-Origin * always;
    add_header X-Content-Type-Options nosniff always;
}

# Feeds, configuration, badges and what the CLI publishes: short caching, readable by
# widgets on other sites.
location ~ \\.(json|svg|atom|rss)$ {
    add_header Cache-Control "public, max-age=10, must-revalidate" always;
    add_header Access-Control-Allow-Origin * always;
    add_header X-Content-Type-Options nosniff always;
}

location ~ /embed\\.js$ {
    add_header Cache-Control "public, max-age=300" always;
    add_header Access-Control-Allow-Origin * always;
}

# The widget demo frames embed.html from this origin.
location ~ /embed-demo\\.html$ {
    add_header Content-Security-Policy "${PAGE_POLICY.replace("frame-src 'none'", "frame-src 'self'")}; frame-ancestors 'none'" always;
    add_header X-Content-Type-Options nosniff always;
}

# The page itself: not frameable. It carries the status as published (statuslight build
# --page), so it is revalidated as often as the feed.
location ~ (/|\\.html)$ {
    add_header Content-Security-Policy "${PAGE_HEADER_POLICY}; frame-ancestors 'none'" always;
    add_header X-Content-Type-Options nosniff always;
    add_header Referrer-Policy no-referrer always;
    add_header Cache-Control "public, max-age=10, must-revalidate" always;
}
`;
writeFileSync(join(dist, 'nginx-statuslight.conf'), nginx);
console.error(`csp: hardened ${dist} (policy in <meta>, _headers, nginx-statuslight.conf)`);
