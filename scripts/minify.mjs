#!/usr/bin/env node
// Minifies what a release build sends every visitor as text, in place: the wasm-bindgen
// glue, and the comments of the pages' inline stylesheets. Run on dist/ after both trunk
// builds and the readers and summary modules are in it, before scripts/csp.mjs hashes the
// inline styles (the Makefile does).
//
//   node scripts/minify.mjs DIST
//
// The glue (`statuslight-web-<hash>.js`, `statuslight-embed-<hash>.js`,
// `statuslight-readers-<hash>.js`, `statuslight-summary-<hash>.js`,
// `statuslight-starter-<hash>.js`) is readable, indented
// JavaScript that every visitor downloads and parses before the app starts: minified with
// terser, the page's is 6.8 -> 5.4 KB brotli and 48 -> 20 KB to parse
// (docs/performance.md, session 10); the `integrity` attributes that name it are brought
// up to date. The inlined stylesheet
// (style/statuslight.css) loses its comments, which are for the people who edit it.
// Trunk's own minification is not used: it also minifies the HTML, whose comments mark
// where `statuslight build --page` writes the status. The file names keep trunk's hashes
// of the unminified text: the minified text is a function of it, so a name still stands
// for one content and may be cached as immutable.
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { minify } from 'terser';

import { withoutStyleComments } from './inline-styles.mjs';

const dist = process.argv[2];
if (!dist) {
  console.error('usage: minify.mjs DIST');
  process.exit(2);
}

// trunk writes its 64-bit hash in hex without leading zeros: 16 digits, or fewer one
// build in sixteen (a widget glue named with 15 went unminified before this said so).
const GLUE = /^statuslight-(web|embed|readers|summary|starter)-[0-9a-f]{1,16}\.js$/;
const glue = readdirSync(dist).filter((f) => GLUE.test(f));
if (glue.length === 0) {
  console.error(`minify: no wasm-bindgen glue in ${dist}`);
  process.exit(1);
}

const sri = (bytes) => `sha384-${createHash('sha384').update(bytes).digest('base64')}`;
const integrity = new Map(); // file name -> new integrity value
for (const name of glue) {
  const path = join(dist, name);
  let code = readFileSync(path, 'utf8');
  // A second run finds the file minified already and leaves it as it is.
  if (/\n {4}/.test(code)) {
    const before = code.length;
    ({ code } = await minify(code, {
      module: true,
      ecma: 2020,
      compress: { passes: 2 },
      mangle: true,
      format: { comments: false },
    }));
    writeFileSync(path, code);
    console.error(`minify: ${name} ${before} -> ${code.length} B`);
  }
  integrity.set(name, sri(code));
}

// Trunk's <link rel="modulepreload" href=".../NAME" integrity="sha384-…">, then the
// inline styles.
const TAG = /<link\b[^>]*>/g;
for (const html of readdirSync(dist).filter((f) => f.endsWith('.html'))) {
  const path = join(dist, html);
  const text = readFileSync(path, 'utf8');
  const linked = text.replace(TAG, (tag) => {
    const href = /\bhref="([^"]*)"/.exec(tag)?.[1];
    const name = href?.split('/').pop();
    if (!name || !integrity.has(name) || !/\bintegrity="/.test(tag)) return tag;
    return tag.replace(/\bintegrity="[^"]*"/, `integrity="${integrity.get(name)}"`);
  });
  const out = withoutStyleComments(linked);
  if (out !== text) writeFileSync(path, out);
}
