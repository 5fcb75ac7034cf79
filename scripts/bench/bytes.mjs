// Byte accounting for `make bench`: which requests a page made (from the Chrome DevTools
// Protocol's Network events), and how many bytes each costs raw, with brotli and with gzip.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

import { inlineStyleTexts } from '../inline-styles.mjs';

/** Record every request of a page through its CDP session; call before navigating. */
export function recordRequests(cdp) {
  const byId = new Map();
  cdp.on('Network.requestWillBeSent', (e) => {
    if (e.request.url.startsWith('data:')) return;
    byId.set(e.requestId, { url: e.request.url, type: e.type, wire: 0, encoding: '', status: 0 });
  });
  cdp.on('Network.responseReceived', (e) => {
    const r = byId.get(e.requestId);
    if (!r) return;
    r.status = e.response.status;
    const h = Object.fromEntries(Object.entries(e.response.headers).map(([k, v]) => [k.toLowerCase(), v]));
    r.encoding = h['content-encoding'] || 'identity';
  });
  cdp.on('Network.loadingFinished', (e) => {
    const r = byId.get(e.requestId);
    if (r) r.wire = e.encodedDataLength;
  });
  return () => [...byId.values()];
}

/** HTML, JS, wasm, CSS, JSON (configuration and feed) or other, from the address. */
export function kindOf(url) {
  const path = new URL(url).pathname;
  if (path.endsWith('/') || path.endsWith('.html')) return 'HTML';
  if (path.endsWith('.js') || path.endsWith('.mjs')) return 'JS';
  if (path.endsWith('.wasm')) return 'wasm';
  if (path.endsWith('.css')) return 'CSS';
  if (path.endsWith('.json')) return 'feed';
  return 'other';
}

const cache = new Map();

/** The file a same-origin address names under `root` (`/` is `index.html`). */
function fileOf(root, url) {
  let path = decodeURIComponent(new URL(url).pathname);
  if (path.endsWith('/')) path += 'index.html';
  return join(root, path);
}

/** Brotli (quality 11) and gzip (level 9) sizes of `body`, as scripts/compress.sh writes them. */
const brotliSize = (body) => brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_LGWIN]: 24 } }).length;
const gzipSize = (body) => gzipSync(body, { level: 9 }).length;

/**
 * { raw, br, gz } of the file a same-origin address names under `root`. br and gz are the
 * sizes of FILE.br / FILE.gz beside it when scripts/compress.sh wrote them (what a host
 * with pre-compressed files sends), else computed here with the same settings (brotli
 * quality 11, gzip level 9). Null for a file that is not there.
 */
export function sizesOf(root, url) {
  const file = fileOf(root, url);
  if (cache.has(file)) return cache.get(file);
  if (!existsSync(file)) return null;
  const raw = statSync(file).size;
  const body = () => readFileSync(file);
  const br = existsSync(`${file}.br`) ? statSync(`${file}.br`).size : brotliSize(body());
  const gz = existsSync(`${file}.gz`) ? statSync(`${file}.gz`).size : gzipSize(body());
  const sizes = { raw, br, gz };
  cache.set(file, sizes);
  return sizes;
}

/**
 * { raw, br, gz } of the text of the inline <style> elements of the HTML file a same-origin
 * address names (the page inlines its stylesheet), compressed on their own; null for none.
 */
export function inlineCssOf(root, url) {
  const file = fileOf(root, url);
  if (!existsSync(file)) return null;
  const css = inlineStyleTexts(readFileSync(file, 'utf8')).join('');
  if (!css) return null;
  const body = Buffer.from(css);
  return { raw: body.length, br: brotliSize(body), gz: gzipSize(body) };
}

/**
 * Totals per kind and overall: { HTML: { raw, br, gz, wire, n }, …, all: … }. CSS inlined in
 * an HTML file counts as CSS, not HTML: its size compressed on its own is moved from the
 * one to the other (an approximation: compressed sizes do not add up exactly); `n` counts
 * requests, so it adds none.
 */
export function account(root, requests) {
  const out = {};
  const add = (k, s, wire, n = 1) => {
    out[k] ??= { raw: 0, br: 0, gz: 0, wire: 0, n: 0 };
    out[k].raw += s.raw; out[k].br += s.br; out[k].gz += s.gz; out[k].wire += wire; out[k].n += n;
  };
  for (const r of requests) {
    const s = sizesOf(root, r.url) || { raw: r.wire, br: r.wire, gz: r.wire };
    const kind = kindOf(r.url);
    const inline = kind === 'HTML' ? inlineCssOf(root, r.url) : null;
    if (inline) {
      add('HTML', { raw: s.raw - inline.raw, br: Math.max(0, s.br - inline.br), gz: Math.max(0, s.gz - inline.gz) }, r.wire);
      add('CSS', inline, 0, 0);
    } else {
      add(kind, s, r.wire);
    }
    add('all', s, r.wire);
  }
  return out;
}

export const kb = (bytes) => `${(bytes / 1000).toFixed(1)} KB`;
