// The release build's files as `make dist` finishes them: the pre-compressed copies
// (scripts/compress.sh), which a host with `gzip_static`/`brotli_static` sends in place of
// a file, must be that file, and small; the glue is minified (scripts/minify.mjs)
// with the integrity attributes that name it kept true, and the inline stylesheet is
// published without its comments, as the widget's stylesheet inside its wasm.
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { brotliDecompressSync, gunzipSync, gzipSync, constants } from 'node:zlib';
import { inlineStyleTexts, stripCssComments } from '../../scripts/inline-styles.mjs';
import { DIST, ROOT } from './support.mjs';

const COMPRESSED = /\.(html|js|wasm|css|json|svg|xml|atom|rss)$/;
const MIN_BYTES = 1024;

function* files(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else yield path;
  }
}

test('every compressed copy in the release build decodes to its file, without a name or time inside', () => {
  assert.ok(existsSync(DIST), `no release build at ${DIST}: run make test-e2e`);
  let checked = 0;
  for (const path of files(DIST)) {
    if (!COMPRESSED.test(path)) continue;
    const name = relative(DIST, path);
    const source = readFileSync(path);
    if (source.length < MIN_BYTES) {
      assert.ok(!existsSync(`${path}.gz`) && !existsSync(`${path}.br`), `${name}: too small for copies`);
      continue;
    }
    const gz = readFileSync(`${path}.gz`);
    // RFC 1952: FLG (byte 3) without FNAME or FCOMMENT, MTIME (bytes 4-7) zero.
    assert.equal(gz[3] & 0x18, 0, `${name}.gz names a file`);
    assert.equal(gz.readUInt32LE(4), 0, `${name}.gz carries a time`);
    assert.ok(gunzipSync(gz).equals(source), `${name}.gz is not ${name}`);
    assert.ok(brotliDecompressSync(readFileSync(`${path}.br`)).equals(source), `${name}.br is not ${name}`);
    for (const copy of [`${path}.gz`, `${path}.br`]) {
      assert.equal(statSync(copy).mtimeMs, statSync(path).mtimeMs, `${relative(DIST, copy)}: not its source's time`);
    }
    checked += 1;
  }
  assert.ok(checked >= 10, `only ${checked} files with copies`);
});

test('the wasm copies are smaller than gzip -9 would make them (Zopfli)', () => {
  const wasm = readdirSync(DIST).filter((f) => f.endsWith('.wasm'));
  for (const part of ['web', 'embed', 'readers', 'summary', 'starter']) {
    assert.ok(wasm.some((f) => f.startsWith(`statuslight-${part}-`)), `no statuslight-${part} wasm: ${wasm}`);
  }
  for (const f of wasm) {
    const source = readFileSync(join(DIST, f));
    const ours = statSync(join(DIST, `${f}.gz`)).size;
    const gzip9 = gzipSync(source, { level: constants.Z_BEST_COMPRESSION }).length;
    assert.ok(ours < gzip9 * 0.98, `${f}.gz: ${ours} B, gzip -9 ${gzip9} B (zopfli missing?)`);
  }
});

test('the wasm-bindgen glue is minified, and every integrity attribute matches its file', () => {
  // Hashes of fewer than 16 digits too: trunk drops leading zeros.
  const glue = readdirSync(DIST).filter((f) => /^statuslight-(web|embed|readers|summary|starter)-[0-9a-f]{1,16}\.js$/.test(f));
  assert.deepEqual(glue.map((f) => f.split('-')[1]).sort(), ['embed', 'readers', 'starter', 'summary', 'web'], `${glue}`);
  for (const f of glue) {
    const text = readFileSync(join(DIST, f), 'utf8');
    assert.ok(!/\n {4}/.test(text), `${f} is not minified`);
    // Still the glue: its init and the imports the wasm asks for.
    assert.match(text, /export\s*\{[^}]*\bdefault\b/, `${f} exports no init`);
    assert.match(text, /__wbg_/, `${f} has no wasm imports`);
  }
  let checked = 0;
  for (const html of readdirSync(DIST).filter((f) => f.endsWith('.html'))) {
    for (const [, tag] of readFileSync(join(DIST, html), 'utf8').matchAll(/(<(?:link|script)\b[^>]*\bintegrity="[^"]*"[^>]*>)/g)) {
      const ref = /\b(?:href|src)="([^"]*)"/.exec(tag)[1];
      const file = join(DIST, ref.replace(/^\/(status\/)?/, ''));
      const want = `sha384-${createHash('sha384').update(readFileSync(file)).digest('base64')}`;
      assert.equal(/\bintegrity="([^"]*)"/.exec(tag)[1], want, `${html}: integrity of ${ref}`);
      checked += 1;
    }
  }
  assert.ok(checked >= 3, `only ${checked} integrity attributes`);
});

test('the inline stylesheet is published without its comments, and whole', () => {
  const html = readFileSync(join(DIST, 'index.html'), 'utf8');
  const css = inlineStyleTexts(html)[0];
  assert.ok(!css.includes('/*'), 'comments left in the inline stylesheet');
  const source = readFileSync(join(ROOT, 'style', 'statuslight.css'), 'utf8');
  assert.equal(css, stripCssComments(source));
  assert.ok(css.length < source.length * 0.95, `${css.length} B of ${source.length}`);
});

test("the widget's stylesheet is in its wasm without its comments, and whole", () => {
  // build.rs strips it for src/widget/dom.rs as inline-styles.mjs strips the page's.
  const wasm = readdirSync(DIST).find((f) => /^statuslight-embed-[0-9a-f]+_bg\.wasm$/.test(f));
  assert.ok(wasm, `no widget wasm in ${DIST}`);
  const bytes = readFileSync(join(DIST, wasm));
  const source = readFileSync(join(ROOT, 'style', 'widget.css'), 'utf8');
  const css = stripCssComments(source);
  assert.ok(css.length < source.length * 0.9, `${css.length} B of ${source.length}`);
  assert.ok(bytes.includes(Buffer.from(css)), 'the stripped stylesheet is not in the widget');
  assert.ok(!bytes.includes(Buffer.from("Statuslight's embeddable widget")), 'a comment is');
});
