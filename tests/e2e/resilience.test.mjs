// Working while everything else burns: a feed server that can be told to fail, a fake
// clock in the page, and counts of what one tab does over a simulated outage. Plus the
// hostile-feed, ?feed= and header-file checks.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { readFileSync, existsSync, statSync, mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { DIST, launchBrowser, newPage, withoutPrerender } from './support.mjs';

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.wasm': 'application/wasm',
  '.css': 'text/css', '.json': 'application/json', '.svg': 'image/svg+xml',
};

/** The live feed the tests control: a page with two components and no snapshot time. */
function liveFeed(version) {
  return JSON.stringify({
    version: 'statuslight/1',
    page: { name: { en: `Live ${version}` }, time_zone: 'UTC' },
    components: [
      { id: 'api', name: 'API', start_date: '2025-01-01' },
      { id: 'web', name: 'Web', start_date: '2025-01-01' },
    ],
    incidents: [],
  });
}

const state = {
  mode: 'ok', // ok | fail | hang | garbage | big | hostile
  retryAfter: null,
  version: 1,
  log: [], // { mode, status, conditional }
  config: {},
  hanging: [],
};

function liveConfig(extra = {}) {
  return JSON.stringify({
    feeds: [{ url: 'live/feed.json', kind: 'statuslight' }],
    language: 'en',
    refresh_seconds: 60,
    limits: { timeout_seconds: 5 },
    feed_override_origins: [],
    ...extra,
  });
}

let server;
let base;
let browser;

before(async () => {
  if (!existsSync(join(DIST, 'index.html'))) throw new Error(`no release build in ${DIST}: run \`make test-e2e\``);
  const index = readFileSync(join(DIST, 'index.html'), 'utf8');
  const livePage = withoutPrerender(index).replace('content="statuslight.json"', 'content="live/statuslight.json"');
  server = createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    const path = url.pathname;
    if (path === '/status/live.html') {
      res.writeHead(200, { 'content-type': TYPES['.html'] });
      return res.end(livePage);
    }
    if (path === '/status/live/statuslight.json') {
      res.writeHead(200, { 'content-type': TYPES['.json'], 'cache-control': 'no-cache' });
      return res.end(state.config);
    }
    if (path === '/status/live/feed.json') {
      const entry = { mode: state.mode, conditional: Boolean(req.headers['if-none-match']) };
      state.log.push(entry);
      const etag = `"v${state.version}"`;
      switch (state.mode) {
        case 'fail': {
          const headers = { 'content-type': 'text/plain' };
          if (state.retryAfter) headers['retry-after'] = String(state.retryAfter);
          res.writeHead(503, headers);
          entry.status = 503;
          return res.end('overloaded');
        }
        case 'hang':
          entry.status = 0;
          state.hanging.push(res);
          return undefined;
        case 'garbage':
          res.writeHead(200, { 'content-type': TYPES['.json'] });
          entry.status = 200;
          return res.end('<html>oops</html>');
        case 'big':
          res.writeHead(200, { 'content-type': TYPES['.json'] });
          entry.status = 200;
          return res.end(liveFeed('x'.repeat(10_000)));
        case 'hostile':
          res.writeHead(200, { 'content-type': TYPES['.json'] });
          entry.status = 200;
          return res.end(state.hostile);
        default:
          if (req.headers['if-none-match'] === etag) {
            res.writeHead(304, { etag, 'cache-control': 'no-cache' });
            entry.status = 304;
            return res.end();
          }
          res.writeHead(200, { 'content-type': TYPES['.json'], etag, 'cache-control': 'no-cache' });
          entry.status = 200;
          return res.end(liveFeed(state.version));
      }
    }
    // Everything else: the release build.
    const rel = normalize(decodeURIComponent(path.replace(/^\/status\/?/, ''))).replace(/^(\.\.[/\\])+/, '');
    let file = join(DIST, rel || 'index.html');
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!existsSync(file)) {
      res.writeHead(404);
      return res.end();
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] || 'application/octet-stream' });
    return res.end(readFileSync(file));
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  base = `http://127.0.0.1:${server.address().port}/status/`;
  browser = await launchBrowser();
});

after(async () => {
  for (const res of state.hanging) res.destroy();
  await browser?.close();
  await new Promise((ok) => server?.close(ok));
});

function reset(extraConfig = {}) {
  for (const res of state.hanging) res.destroy();
  Object.assign(state, { mode: 'ok', retryAfter: null, version: 1, log: [], hanging: [], config: liveConfig(extraConfig) });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Open the live page under a fake clock. */
async function openLive(query = '') {
  const opened = await newPage(browser);
  await opened.page.clock.install({ time: new Date('2026-03-01T12:00:00Z') });
  await opened.page.goto(`${base}live.html${query}`);
  await opened.page.locator('.sl-banner, .sl-error').first().waitFor();
  return opened;
}

/**
 * Advance the page's clock by `seconds` in steps, letting real fetches finish between
 * steps; return the fake times (s since the start) at which feed requests were seen.
 */
async function advance(page, seconds, step = 5) {
  const seen = [];
  for (let t = step; t <= seconds; t += step) {
    const before = state.log.length;
    await page.clock.runFor(step * 1000);
    await sleep(25);
    for (let i = before; i < state.log.length; i++) seen.push(t);
  }
  return seen;
}

const gaps = (times) => times.slice(1).map((t, i) => t - times[i]);

test('refresh: ±20% jitter, back-off during an outage, Retry-After, recovery', async () => {
  reset();
  const { page, context } = await openLive();
  await page.locator('.sl-title', { hasText: 'Live 1' }).waitFor();

  // Healthy: about one request a minute, never outside 48–72 s (±5 s of step).
  const healthy = await advance(page, 600);
  assert.ok(healthy.length >= 8 && healthy.length <= 13, `healthy: ${healthy.length} requests in 10 min`);
  for (const g of gaps(healthy)) assert.ok(g >= 45 && g <= 77, `healthy gap ${g} s`);
  // An unchanged feed costs a 304.
  assert.ok(state.log.some((e) => e.status === 304), 'the browser revalidated with If-None-Match');

  // A 30-minute outage: the tab backs off (60, 120, 240, 480, then 600 s ceilings).
  state.mode = 'fail';
  const start = state.log.length;
  const outage = await advance(page, 1800);
  const during = state.log.length - start;
  assert.ok(during >= 5 && during <= 10, `outage: ${during} requests in 30 min (without back-off: 30)`);
  for (const g of gaps(outage)) assert.ok(g >= 45, `back-off gap ${g} s`);
  assert.ok(gaps(outage).at(-1) >= 290, `late gaps grow: ${gaps(outage)}`);
  // It keeps the last status, and says since when.
  const stale = page.locator('.sl-stale');
  await stale.waitFor();
  assert.match(await stale.textContent(), /Could not refresh since 2026-03-01 \d\d:\d\d UTC — showing the last status received\./);
  assert.match(await stale.textContent(), /answered HTTP 503/);
  assert.equal(await page.locator('.sl-title').textContent(), 'Live 1');

  // Retry-After: 1200 s is honoured past the 10-minute cap.
  state.retryAfter = 1200;
  const first = await advance(page, 700);
  assert.ok(first.length >= 1, 'a request came within the back-off ceiling');
  const next = await advance(page, 1500);
  assert.ok(next.length >= 1, 'a request came after Retry-After');
  assert.ok(next[0] + (700 - first.at(-1)) >= 1195, `waited ${next[0] + 700 - first.at(-1)} s for Retry-After 1200`);

  // Recovery: the next success clears the banner and shows the new feed.
  state.mode = 'ok';
  state.retryAfter = null;
  state.version = 2;
  await advance(page, 1600);
  await page.locator('.sl-title', { hasText: 'Live 2' }).waitFor();
  assert.equal(await page.locator('.sl-stale').count(), 0);
  await context.close();
});

test('no refresh while the tab is hidden; one at once when it returns', async () => {
  reset();
  const { page, context } = await openLive();
  await advance(page, 120);
  const setHidden = (hidden) => page.evaluate((h) => {
    Object.defineProperty(document, 'visibilityState', { value: h ? 'hidden' : 'visible', configurable: true });
    Object.defineProperty(document, 'hidden', { value: h, configurable: true });
    document.dispatchEvent(new Event('visibilitychange', { bubbles: true }));
  }, hidden);
  await setHidden(true);
  const hiddenRequests = await advance(page, 900);
  assert.deepEqual(hiddenRequests, [], 'a hidden tab does not poll');
  const before = state.log.length;
  await setHidden(false);
  await sleep(200);
  await advance(page, 5);
  assert.equal(state.log.length, before + 1, 'it refreshes at once when visible again');
  await context.close();
});

test('reloading with the feed down shows the last status received, marked stale', async () => {
  reset();
  const { page, context } = await openLive();
  await page.locator('.sl-title', { hasText: 'Live 1' }).waitFor();
  state.mode = 'fail';
  await page.reload();
  const stale = page.locator('.sl-stale');
  await stale.waitFor();
  assert.match(await stale.textContent(), /Could not refresh since/);
  assert.equal(await page.locator('.sl-title').textContent(), 'Live 1');
  assert.equal(await page.locator('.sl-component').count(), 2);
  await context.close();

  // A visitor with nothing stored gets a clear error, a retry button and the fallback.
  const fresh = await openLive();
  await fresh.page.locator('.sl-error').waitFor();
  assert.match(await fresh.page.locator('.sl-error').textContent(), /HTTP 503/);
  assert.equal(await fresh.page.locator('.sl-error button').count(), 1);
  assert.equal(await fresh.page.locator('.sl-banner').count(), 0);
  await fresh.context.close();
});

test('timeouts, garbage and oversized feeds are clear errors, never a frozen tab', async () => {
  reset({ limits: { timeout_seconds: 5, max_feed_bytes: 4096 } });
  const { page, context } = await openLive();
  await page.locator('.sl-title', { hasText: 'Live 1' }).waitFor();
  state.mode = 'hang';
  await advance(page, 90);
  await page.locator('.sl-stale', { hasText: 'did not answer within 5 s' }).waitFor();
  state.mode = 'garbage';
  await advance(page, 300);
  await page.locator('.sl-stale', { hasText: 'JSON error' }).waitFor();
  state.mode = 'big';
  await advance(page, 700);
  await page.locator('.sl-stale', { hasText: 'larger than the 4096-byte limit' }).waitFor();
  // Still responsive: the language switch works.
  await page.locator('button.sl-lang[lang="ko"]').click();
  await page.locator('.sl-stale', { hasText: '새로 고치지 못했습니다' }).waitFor();
  await context.close();
});

test('mirrors are tried in order and the page says which one answered', async () => {
  reset({ feeds: [{ url: 'live/gone.json', mirrors: ['live/feed.json'] }] });
  const { page, context } = await openLive();
  await page.locator('.sl-updated', { hasText: 'Served by a mirror: live/feed.json' }).waitFor();
  await context.close();
});

test('a hostile feed runs no script and cannot break the layout', async () => {
  reset();
  const rlo = '\u202E';
  state.hostile = JSON.stringify({
    version: 'statuslight/1',
    page: { name: `<script>window.__pwned=1</script>Evil ${rlo}gnp.exe`, time_zone: 'UTC' },
    components: [
      { id: 'api', name: `<img src=x onerror="window.__pwned=2">API${rlo}`, start_date: '2025-01-01' },
      // Its id reaches the day buttons' markup, which a bar sets as HTML in one go.
      { id: 'web"><img src=x onerror="window.__pwned=9">', name: 'Web', start_date: '2025-01-01' },
    ],
    incidents: [{
      id: 'x" onmouseover="window.__pwned=3',
      title: 'T'.repeat(10 * 1024 * 1024),
      impact: 'critical',
      components: [{ id: 'api', severity: 'major_outage', from: '2026-03-01T11:00:00Z' }],
      updates: [{
        status: 'investigating', at: '2026-03-01T11:05:00Z',
        body: '<p>Hello <a href="javascript:window.__pwned=4">click</a> <a href="JaVaScRiPt&#58;window.__pwned=5">x</a>'
          + ' [md](javascript:window.__pwned=6) <img src=x onerror="window.__pwned=7">'
          + '<style>body{display:none !important}</style><div style="position:fixed;inset:0;background:red">cover</div>'
          + ` <a href="https://example.com/ok">fine</a> ${rlo}txet</p><script>window.__pwned=8</script>`,
      }],
    }],
  });
  state.mode = 'hostile';
  const { page, context, record } = await openLive();
  let dialogs = 0;
  page.on('dialog', (d) => { dialogs += 1; d.dismiss(); });
  await page.locator('.sl-banner').waitFor();
  await page.locator('.sl-bar .sl-day').first().waitFor();
  assert.equal(await page.locator('.sl-bar img, [onerror]').count(), 0, 'no markup from an id in a bar');
  const keys = await page.locator('.sl-bar .sl-day').evaluateAll((ds) => ds.map((d) => d.dataset.focusKey));
  assert.ok(keys.includes('day:web"><img src=x onerror="window.__pwned=9">:2026-03-01'), 'the id is kept as text');
  await page.locator('.sl-active__title').click();
  await page.locator('.sl-detail').waitFor();
  assert.equal(await page.evaluate(() => window.__pwned), undefined, 'no feed script ran');
  assert.equal(dialogs, 0);
  const hrefs = await page.locator('a[href]').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  for (const href of hrefs) assert.match(href, /^(https?:|mailto:|#)/, `unsafe href ${href}`);
  // The update's body is rendered as rich text: its one safe link is a link.
  assert.equal(await page.locator('.sl-rich a[href="https://example.com/ok"]').count(), 1, 'the safe link is kept');
  for (const rel of await page.locator('.sl-rich a').evaluateAll((as) => as.map((a) => a.rel))) {
    assert.equal(rel, 'noopener noreferrer');
  }
  assert.equal(await page.locator('.sl-rich img, .sl-rich style, .sl-rich script, [onerror], [onmouseover]').count(), 0);
  const text = await page.evaluate(() => document.body.innerText);
  assert.ok(!text.includes(rlo), 'right-to-left overrides are removed');
  const title = await page.locator('.sl-detail__title').textContent();
  assert.ok(title.length <= 301, `a 10 MB title is cut to ${title.length} characters`);
  assert.equal(await page.evaluate(() => getComputedStyle(document.body).display), 'block');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `the layout holds (overflow ${overflow} px)`);
  assert.deepEqual(await record.cspViolations(), []);
  await context.close();
});

test('a ?feed= override from an origin the configuration does not list is refused', async () => {
  reset();
  const { page, context, record } = await openLive('?feed=https://evil.example.net/feed.json');
  const notice = page.locator('.sl-override');
  await notice.waitFor();
  assert.match(await notice.textContent(), /https:\/\/evil\.example\.net is not an allowed source/);
  await page.locator('.sl-title', { hasText: 'Live 1' }).waitFor();
  assert.ok(!record.requests.some((u) => new URL(u).hostname === 'evil.example.net'), 'the refused feed was never fetched');
  await context.close();
});

test('the shipped nginx snippet is valid nginx, and _headers sets frame-ancestors', () => {
  const work = mkdtempSync(join(tmpdir(), 'statuslight-nginx-'));
  try {
    const conf = join(work, 'nginx.conf');
    writeFileSync(conf, `pid ${work}/nginx.pid; error_log ${work}/error.log;
events {}
http { include /etc/nginx/mime.types; access_log off;
  client_body_temp_path ${work}/cb; proxy_temp_path ${work}/p; fastcgi_temp_path ${work}/f; uwsgi_temp_path ${work}/u; scgi_temp_path ${work}/s;
  server { listen 127.0.0.1:1; root ${DIST}; include ${join(DIST, 'nginx-statuslight.conf')}; } }`);
    execFileSync('nginx', ['-t', '-q', '-p', work, '-c', conf], { stdio: 'pipe' });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  const headers = readFileSync(join(DIST, '_headers'), 'utf8');
  assert.match(headers, /\/index\.html\n {2}Content-Security-Policy: [^\n]*frame-ancestors 'none'/);
  assert.match(headers, /\/embed\.html\n {2}Content-Security-Policy: [^\n]*frame-ancestors \*/);
  assert.match(headers, /\/statuslight-\*\n {2}Cache-Control: public, max-age=31536000, immutable/);
  // What widgets on other sites fetch besides the hashed files: readable across origins.
  for (const path of ['/statuslight.json', '/statuslight.widget.json', '/demo/*']) {
    const escaped = path.replace(/[.*]/g, (c) => `\\${c}`);
    assert.match(headers, new RegExp(`\n${escaped}\n {2}Cache-Control: [^\n]*must-revalidate\n {2}Access-Control-Allow-Origin: \\*\n`), path);
  }
});

test('a refresh in place keeps the scroll position, the focused day and its tooltip', async () => {
  reset();
  const { page, context } = await openLive();
  await page.setViewportSize({ width: 1000, height: 400 });
  await page.locator('.sl-title', { hasText: 'Live 1' }).waitFor();
  const day = page.locator('.sl-component[data-component="web"] .sl-day').nth(80);
  const date = await day.getAttribute('data-date');
  await day.focus();
  const tip = page.locator('.sl-component[data-component="web"] .sl-tooltip');
  await tip.waitFor();
  await page.evaluate(() => window.scrollTo(0, 150));
  const scrolled = await page.evaluate(() => window.scrollY);
  // The feed changes; the next refresh re-renders the page with it.
  state.version = 2;
  await advance(page, 80);
  await page.locator('.sl-title', { hasText: 'Live 2' }).waitFor();
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.date), date, 'focus stays on the day');
  assert.equal(await tip.count(), 1, 'the tooltip stays open');
  assert.equal(await page.evaluate(() => window.scrollY), scrolled, 'the scroll position stays');
  await context.close();
});
