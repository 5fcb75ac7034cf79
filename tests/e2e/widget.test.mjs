// End to end: the embeddable widget on a host page from another origin with a strict
// Content Security Policy. The status site is the release build behind nginx under
// /status/ (sending CORS headers, as docs/widget.md asks); the host is a small Node
// server on another port. Every form is embedded: custom elements (compact, card,
// badge, banner), the iframe and the CLI's badge file.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { readFileSync, writeFileSync, mkdirSync, cpSync } from 'node:fs';
import { join } from 'node:path';
import { serveDist, launchBrowser, fixtures, ROOT, DIST } from './support.mjs';

let status;
let host;
let browser;
let statusOrigin;

/** The demo feed at 2021-05-05 23:00 KST, in the middle of its longest outage. */
function writeOutageSite(site) {
  const feed = JSON.parse(readFileSync(join(ROOT, 'public', 'demo', 'feed.json'), 'utf8'));
  feed.as_of = '2021-05-05T14:00:00Z';
  const config = JSON.parse(readFileSync(join(ROOT, 'public', 'statuslight.json'), 'utf8'));
  config.feeds = [{ url: 'feed.json', kind: 'statuslight' }];
  mkdirSync(join(site, 'outage'), { recursive: true });
  writeFileSync(join(site, 'outage', 'feed.json'), JSON.stringify(feed));
  writeFileSync(join(site, 'outage', 'statuslight.json'), JSON.stringify(config));
}

/**
 * The demo's configuration and published summary, with a feed that changed since: the
 * demo at 2021-05-05 23:00 KST, in its outage.
 */
function writeChangedSite(site) {
  mkdirSync(join(site, 'changed', 'demo'), { recursive: true });
  for (const f of ['statuslight.json', 'statuslight.widget.json']) cpSync(join(site, f), join(site, 'changed', f));
  const feed = JSON.parse(readFileSync(join(site, 'demo', 'feed.json'), 'utf8'));
  feed.as_of = '2021-05-05T14:00:00Z';
  writeFileSync(join(site, 'changed', 'demo', 'feed.json'), JSON.stringify(feed));
  // The same feed and summary, the configuration edited after the build.
  mkdirSync(join(site, 'reconfigured', 'demo'), { recursive: true });
  cpSync(join(site, 'statuslight.widget.json'), join(site, 'reconfigured', 'statuslight.widget.json'));
  cpSync(join(site, 'demo', 'feed.json'), join(site, 'reconfigured', 'demo', 'feed.json'));
  const config = JSON.parse(readFileSync(join(site, 'statuslight.json'), 'utf8'));
  config.title = { en: 'Reconfigured', ko: '다시 설정됨' };
  writeFileSync(join(site, 'reconfigured', 'statuslight.json'), JSON.stringify(config));
}

/** GitHub's real Statuspage v2 files, read by the widget through the summary module. */
function writeStatuspageSite(site) {
  const dir = join(fixtures(), 'statuspage-v2');
  mkdirSync(join(site, 'github'), { recursive: true });
  cpSync(join(dir, 'github-summary-2026-07-31.json'), join(site, 'github', 'summary.json'));
  cpSync(join(dir, 'github-incidents-2026-07-31.json'), join(site, 'github', 'incidents.json'));
  writeFileSync(join(site, 'github', 'statuslight.json'), JSON.stringify({
    feeds: [{ url: 'summary.json' }, { url: 'incidents.json' }],
    language: 'en',
  }));
}

/** The host's policy: nothing inline, scripts and data only from itself and the status site. */
const policy = (s) => [
  "default-src 'none'",
  `script-src 'self' ${s} 'wasm-unsafe-eval'`,
  `connect-src ${s}`,
  `frame-src ${s}`,
  `img-src 'self' ${s}`,
  "style-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

const HOSTILE_CSS = `
* { font-family: "Comic Sans MS", fantasy, cursive !important; font-size: 23px !important;
    color: #8b008b !important; line-height: 3 !important; letter-spacing: 0.2em;
    text-transform: uppercase; margin: 6px; padding: 9px; border: 3px dashed orange;
    background: #ffffe0; box-sizing: content-box; }
a { color: lime !important; text-decoration: line-through; }
div, p, span, ul, li, svg, button { display: block; float: none; }
.sl-w, .sl-w__headline, .sl-w__status, .sl-w__title, .sl-w-root { font-size: 40px !important; color: red !important; }
statuslight-widget { font-size: 50px; color: blue; display: inline; padding: 30px; border: 8px solid red; }
iframe.statuslight { border: 0; margin: 0; padding: 0; width: 480px; height: 150px; }
`;

const HOST_JS = `
addEventListener('message', (e) => {
  if (!e.data || e.data.type !== 'statuslight:height') return;
  for (const frame of document.querySelectorAll('iframe.statuslight')) {
    if (frame.contentWindow === e.source) frame.style.height = e.data.height + 'px';
  }
});
`;

/**
 * The host page; `css` links the hostile style sheet, `widgets` embeds every form (the
 * page loads embed.js either way, so a page without widgets is a fair comparison).
 */
function hostPage({ css, widgets }) {
  const base = `${statusOrigin}/status/`;
  const embeds = `
  <statuslight-widget id="w-compact" src="${base}" components="messaging,calls" size="compact" lang="en"></statuslight-widget>
  <statuslight-widget id="w-badge" src="${base}" size="badge" lang="en"></statuslight-widget>
  <statuslight-widget id="w-banner" src="${base}" size="banner" lang="en"></statuslight-widget>
  <statuslight-widget id="w-hidden" src="${base}" components="gifting" size="compact" hide-when-operational></statuslight-widget>
  <statuslight-widget id="w-outage" src="${base}outage/" components="messaging,gifting" size="card" lang="en"></statuslight-widget>
  <statuslight-widget id="w-outage-banner" src="${base}outage" size="banner" lang="en"></statuslight-widget>
  <iframe class="statuslight" id="frame" title="Service status"
    src="${base}embed.html?size=compact&amp;components=messaging,calls&amp;lang=en&amp;transparent"></iframe>
  <img id="badge-file" src="${base}badges/overall.svg" alt="Service status" />`;
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8" /><title>Host</title>
${css ? '<link rel="stylesheet" href="/host.css" />' : ''}
<script type="module" src="${base}embed.js"></script>
<script type="module" src="/host.js"></script>
</head><body>
  <h1 id="host-heading" class="sl-w__title">A host page</h1>
  <p id="host-para"><span id="host-status" class="sl-w__status sl-w__status--major">a host span</span>
  <a id="host-link" class="sl-w__link" href="/next.html">Next page</a></p>
  <ul id="host-list" class="sl-w__rows"><li class="sl-w__row">host item</li></ul>
  ${widgets ? embeds : ''}
</body></html>`;
}

/** A host page with one widget. */
const widgetPage = (id, src, attrs) => `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8" />
<title>${id}</title><script type="module" src="${statusOrigin}/status/embed.js"></script></head><body>
<statuslight-widget id="${id}" src="${src}" lang="en" ${attrs}></statuslight-widget>
</body></html>`;

before(async () => {
  status = await serveDist({
    subPath: '/status/',
    headers: { 'Access-Control-Allow-Origin': '*' },
    dist: process.env.STATUSLIGHT_E2E_DIST || DIST,
  });
  statusOrigin = new URL(status.url).origin;
  writeOutageSite(status.site);
  writeStatuspageSite(status.site);
  writeChangedSite(status.site);
  const files = {
    '/': () => hostPage({ css: true, widgets: true }),
    '/plain.html': () => hostPage({ css: false, widgets: true }),
    '/bare.html': () => hostPage({ css: true, widgets: false }),
    '/github.html': () => `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8" /><title>GitHub</title>
<script type="module" src="${statusOrigin}/status/embed.js"></script></head><body>
<statuslight-widget id="w-github" src="${statusOrigin}/status/github/" size="card" lang="en"></statuslight-widget>
</body></html>`,
    '/demo.html': () => widgetPage('w-demo', `${statusOrigin}/status/`, 'components="messaging,calls" size="card"'),
    '/changed.html': () => widgetPage('w-changed', `${statusOrigin}/status/changed/`, 'size="card"'),
    '/reconfigured.html': () => widgetPage('w-reconfigured', `${statusOrigin}/status/reconfigured/`, 'size="card"'),
    '/next.html': () => '<!DOCTYPE html><title>Next</title><p id="next">Navigated.</p>',
  };
  host = createServer((req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    const headers = { 'Content-Security-Policy': policy(statusOrigin), 'Cache-Control': 'no-store' };
    if (path === '/host.css') {
      res.writeHead(200, { ...headers, 'Content-Type': 'text/css' }).end(HOSTILE_CSS);
    } else if (path === '/host.js') {
      res.writeHead(200, { ...headers, 'Content-Type': 'text/javascript' }).end(HOST_JS);
    } else if (path === '/favicon.ico') {
      res.writeHead(204, headers).end();
    } else if (files[path]) {
      res.writeHead(200, { ...headers, 'Content-Type': 'text/html; charset=utf-8' }).end(files[path]());
    } else {
      res.writeHead(404, headers).end();
    }
  });
  await new Promise((ok) => host.listen(0, '127.0.0.1', ok));
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await new Promise((ok) => (host ? host.close(ok) : ok()));
  await status?.stop();
});

const hostUrl = (path = '/') => `http://127.0.0.1:${host.address().port}${path}`;

/** A page that records errors, CSP violations (in every frame) and requests by frame. */
async function open(path, context) {
  const ctx = context ?? await browser.newContext({ locale: 'en-US', viewport: { width: 1000, height: 900 } });
  const page = await ctx.newPage();
  const record = { errors: [], missing: [], requests: [] };
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    // A site that publishes no widget summary answers 404 for it: the browser says so in
    // the console, and the widget computes its own (source.rs).
    if (/\.widget\.json$/.test(m.location()?.url ?? '') && /404/.test(m.text())) {
      record.missing.push(m.location().url);
    } else {
      record.errors.push(m.text());
    }
  });
  page.on('pageerror', (e) => record.errors.push(String(e)));
  page.on('request', (r) => record.requests.push({ url: r.url(), main: r.frame() === page.mainFrame() }));
  await page.addInitScript(() => {
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  await page.goto(hostUrl(path));
  return { page, ctx, record };
}

/** Wait until widget `id` shows `selector` in its shadow root. */
async function shows(page, id, selector) {
  await page.waitForFunction(
    ([i, s]) => !!document.getElementById(i)?.shadowRoot?.querySelector(s),
    [id, selector],
    { polling: 'raf', timeout: 15000 },
  );
}

const PROPS = ['font-family', 'font-size', 'color', 'line-height', 'letter-spacing', 'text-transform',
  'margin-top', 'padding-top', 'border-top-width', 'border-top-style', 'background-color', 'box-sizing',
  'display', 'text-decoration-line'];

/** Computed styles of elements inside the widgets' shadow roots, and their boxes. */
async function widgetStyles(page) {
  return page.evaluate((props) => {
    const out = {};
    const pick = (el) => Object.fromEntries(props.map((p) => [p, getComputedStyle(el).getPropertyValue(p)]));
    for (const id of ['w-compact', 'w-badge', 'w-outage']) {
      const host = document.getElementById(id);
      out[`${id} host`] = { ...pick(host), height: host.getBoundingClientRect().height };
      for (const sel of ['.sl-w', '.sl-w__headline', '.sl-w__name', '.sl-w__status', '.sl-w__link',
        '.sl-w__day', '.sl-w__title', '.sl-w__incident-title', '.sl-w__badge', 'svg text']) {
        const el = host.shadowRoot.querySelector(sel);
        if (el) out[`${id} ${sel}`] = pick(el);
      }
    }
    return out;
  }, PROPS);
}

/** Computed styles of the host's own elements (which reuse the widget's class names). */
async function hostStyles(page) {
  return page.evaluate((props) => {
    const out = {};
    for (const id of ['host-heading', 'host-para', 'host-status', 'host-link', 'host-list']) {
      const el = document.getElementById(id);
      out[id] = Object.fromEntries(props.map((p) => [p, getComputedStyle(el).getPropertyValue(p)]));
    }
    out.head = document.head.children.length;
    out.bodyChildren = [...document.body.children].map((e) => e.tagName)
      .filter((t) => !['STATUSLIGHT-WIDGET', 'IFRAME', 'IMG'].includes(t));
    out.styleSheets = document.styleSheets.length;
    out.adopted = document.adoptedStyleSheets.length;
    out.bodyStyle = document.body.getAttribute('style');
    return out;
  }, PROPS);
}

test('every form on a strict-CSP host from another origin: status, isolation, one fetch, sizing', async () => {
  const { page, ctx, record } = await open('/');
  const started = Date.now();
  await page.waitForFunction(() => {
    if (document.getElementById('w-compact')?.shadowRoot?.querySelector('.sl-w__headline')) {
      window.__statusAt ??= performance.now();
      return true;
    }
    return false;
  }, null, { polling: 'raf', timeout: 15000 });
  const firstStatusMs = await page.evaluate(() => window.__statusAt);
  await shows(page, 'w-outage', '.sl-w__incident-title');
  await shows(page, 'w-badge', 'svg');
  await shows(page, 'w-outage-banner', '.sl-w__banner');

  // The right status in each form.
  const inner = (id, sel) => page.evaluate(([i, s]) =>
    [...document.getElementById(i).shadowRoot.querySelectorAll(s)].map((e) => e.textContent), [id, sel]);
  assert.deepEqual(await inner('w-compact', '.sl-w__headline'), ['All systems operational']);
  assert.deepEqual(await inner('w-compact', '.sl-w__name'), ['Messaging', 'Calls']);
  assert.deepEqual(await inner('w-compact', '.sl-w__status'), ['Operational', 'Operational']);
  assert.equal((await inner('w-compact', '.sl-w__row[data-component="messaging"] .sl-w__day')).length, 30);
  assert.equal(
    await page.evaluate(() => document.getElementById('w-compact').shadowRoot.querySelector('.sl-w__link').href),
    `${statusOrigin}/status/`,
  );
  assert.deepEqual(
    await page.evaluate(() => [...document.getElementById('w-badge').shadowRoot.querySelectorAll('svg')]
      .map((s) => s.getAttribute('aria-label'))),
    ['Sample Messenger Status: All systems operational'],
  );
  // Operational: the banner and the hide-when-operational widget show nothing at all.
  for (const id of ['w-banner', 'w-hidden']) {
    assert.equal(await page.evaluate((i) => document.getElementById(i).getBoundingClientRect().height, id), 0, id);
    assert.equal(await page.evaluate((i) => document.getElementById(i).shadowRoot.querySelector('.sl-w').children.length, id), 0, id);
  }
  // During the outage: major for messaging, gifting fine, the incident and its banner.
  assert.deepEqual(await inner('w-outage', '.sl-w__headline'), ['Major outage']);
  assert.deepEqual(await inner('w-outage', '.sl-w__status'), ['Major outage', 'Operational']);
  assert.deepEqual(await inner('w-outage', '.sl-w__incident-title'), ['Login, messaging and calls unavailable']);
  assert.deepEqual(await inner('w-outage-banner', '.sl-w__headline'), ['Major outage']);

  // The iframe: only the widget, transparent, and sized by the height it reports.
  const frameEl = page.locator('#frame');
  // Chromium does not render an off-screen cross-origin frame until it scrolls into view
  // (nor would a visitor see it); then it measures itself and reports.
  await frameEl.scrollIntoViewIfNeeded();
  await page.waitForFunction(() => parseFloat(document.getElementById('frame').style.height) > 40
    && parseFloat(document.getElementById('frame').style.height) !== 150, null, { timeout: 15000 });
  const frame = page.frameLocator('#frame');
  await frame.locator('.sl-w__headline').waitFor();
  const child = page.frames().find((f) => f.url().includes('embed.html'));
  const content = await child.evaluate(() => {
    const root = document.getElementById('statuslight-frame').shadowRoot;
    return {
      height: Math.ceil(root.querySelector('.sl-w-root').getBoundingClientRect().height),
      scroll: document.documentElement.scrollHeight,
      box: getComputedStyle(root.querySelector('.sl-w__box')).backgroundColor,
      body: getComputedStyle(document.body).backgroundColor,
      names: [...root.querySelectorAll('.sl-w__name')].map((e) => e.textContent),
    };
  });
  const reported = await frameEl.evaluate((f) => parseFloat(f.style.height));
  assert.equal(reported, content.height);
  assert.equal(Math.round((await frameEl.boundingBox()).height), content.height);
  assert.ok(content.scroll <= content.height + 1, `no scrolling inside the frame (${content.scroll} > ${content.height})`);
  assert.equal(content.box, 'rgba(0, 0, 0, 0)');
  assert.equal(content.body, 'rgba(0, 0, 0, 0)');
  assert.deepEqual(content.names, ['Messaging', 'Calls']);

  // The CLI's badge file loads and says the same.
  assert.ok(await page.locator('#badge-file').evaluate((img) => img.complete && img.naturalWidth > 0));

  // One wasm, one configuration, one summary and one feed fetch for the three widgets of
  // /status/. The outage site publishes no summary: its widgets compute theirs with the
  // summary module, loaded once.
  const main = (re) => record.requests.filter((r) => r.main && re.test(r.url)).length;
  assert.equal(main(/embed\.js$/), 1);
  assert.equal(main(/\/statuslight-embed-[0-9a-f]+_bg\.wasm$/), 1);
  assert.equal(main(/\/statuslight-summary-[0-9a-f]+_bg\.wasm$/), 1);
  assert.equal(main(/\/statuslight-readers-/), 0);
  assert.equal(main(/\/status\/statuslight\.json$/), 1);
  assert.equal(main(/\/status\/statuslight\.widget\.json$/), 1);
  assert.equal(main(/\/status\/demo\/feed\.json$/), 1);
  assert.equal(main(/\/status\/outage\/feed\.json$/), 1);

  // Attributes are followed; the data is shared, so nothing is fetched again.
  await page.evaluate(() => document.getElementById('w-compact').setAttribute('size', 'badge'));
  await shows(page, 'w-compact', '.sl-w--badge svg');
  assert.deepEqual(
    await page.evaluate(() => [...document.getElementById('w-compact').shadowRoot.querySelectorAll('svg')]
      .map((s) => s.getAttribute('aria-label'))),
    ['Messaging: Operational', 'Calls: Operational'],
  );
  await page.evaluate(() => {
    const w = document.getElementById('w-compact');
    w.setAttribute('size', 'compact');
    w.setAttribute('lang', 'ko');
  });
  await shows(page, 'w-compact', '.sl-w--compact .sl-w__headline');
  assert.deepEqual(await inner('w-compact', '.sl-w__name'), ['메시지', '통화']);
  assert.equal(main(/\/status\/demo\/feed\.json$/), 1);
  assert.equal(main(/\/statuslight-embed-[0-9a-f]+_bg\.wasm$/), 1);
  await page.evaluate(() => document.getElementById('w-compact').setAttribute('lang', 'en'));
  await shows(page, 'w-compact', '.sl-w--compact .sl-w__headline');
  await page.waitForFunction(() => document.getElementById('w-compact').shadowRoot
    .querySelector('.sl-w__name')?.textContent === 'Messaging');

  // Isolation, both ways: the widgets look the same on a plain page, and the host's own
  // elements look the same as on a page without widgets.
  const hostile = await widgetStyles(page);
  const hostSide = await hostStyles(page);
  const plain = await open('/plain.html', ctx);
  await shows(plain.page, 'w-compact', '.sl-w__headline');
  await shows(plain.page, 'w-outage', '.sl-w__incident-title');
  await shows(plain.page, 'w-badge', 'svg');
  assert.deepEqual(hostile, await widgetStyles(plain.page));
  assert.equal(hostile['w-compact .sl-w__headline']['font-size'], '14px');
  assert.notEqual(hostile['w-compact .sl-w__headline']['font-family'], hostSide['host-heading']['font-family']);
  const bare = await open('/bare.html', ctx);
  await bare.page.waitForLoadState('load');
  assert.deepEqual(hostSide, await hostStyles(bare.page));
  // The host's own rules for a class the widget also uses still apply to the host's span.
  assert.equal(hostSide['host-status'].color, 'rgb(255, 0, 0)');
  assert.equal(hostSide['host-status']['font-size'], '40px');
  assert.equal(hostSide['host-para']['font-size'], '23px');

  // The banner can be dismissed for this incident, and stays dismissed on the next visit.
  await page.evaluate(() => document.getElementById('w-outage-banner').shadowRoot.querySelector('.sl-w__dismiss').click());
  await page.waitForFunction(() => document.getElementById('w-outage-banner').getBoundingClientRect().height === 0);

  // No CSP violation and no error anywhere, in the host or in the frame.
  const violations = [];
  for (const f of page.frames()) violations.push(...await f.evaluate(() => window.__violations ?? []));
  assert.deepEqual(violations, []);
  assert.deepEqual(record.errors, []);
  assert.deepEqual(plain.record.errors, []);

  // A link on the host still navigates normally.
  await page.locator('#host-link').click();
  await page.waitForURL(/\/next\.html$/);
  assert.equal(await page.locator('#next').textContent(), 'Navigated.');

  const again = await open('/', ctx);
  await shows(again.page, 'w-outage', '.sl-w__incident-title');
  assert.equal(await again.page.evaluate(() => document.getElementById('w-outage-banner')
    .shadowRoot.querySelector('.sl-w__banner')), null);

  console.log(`widget: first status after ${Math.round(firstStatusMs)} ms from navigation start ` +
    `(${Date.now() - started} ms wall clock for every form)`);
  await ctx.close();
});

test('a page with its published summary: the widget shows it without the summary module', async () => {
  const { page, ctx, record } = await open('/demo.html');
  await shows(page, 'w-demo', '.sl-w__row');
  const inner = (sel) => page.evaluate((s) =>
    [...document.getElementById('w-demo').shadowRoot.querySelectorAll(s)].map((e) => e.textContent), sel);
  assert.deepEqual(await inner('.sl-w__headline'), ['All systems operational']);
  assert.deepEqual(await inner('.sl-w__name'), ['Messaging', 'Calls']);
  assert.equal((await inner('.sl-w__row[data-component="messaging"] .sl-w__day')).length, 30);
  assert.equal((await inner('.sl-w__uptime')).length, 2);
  const urls = record.requests.map((r) => r.url);
  const count = (re) => urls.filter((u) => re.test(u)).length;
  assert.equal(count(/\/status\/statuslight\.widget\.json$/), 1);
  assert.equal(count(/\/status\/demo\/feed\.json$/), 1, 'the feed, to check its fingerprint');
  assert.equal(count(/\/statuslight-(summary|readers)-/), 0, urls.join(' '));
  assert.deepEqual(record.errors, []);
  assert.deepEqual(record.missing, []);
  await ctx.close();
});

test('a feed changed since its summary was published: the widget computes its own', async () => {
  const { page, ctx, record } = await open('/changed.html');
  await shows(page, 'w-changed', '.sl-w__incident-title');
  assert.deepEqual(await page.evaluate(() => [...document.getElementById('w-changed').shadowRoot
    .querySelectorAll('.sl-w__headline')].map((e) => e.textContent)), ['Major outage']);
  const urls = record.requests.map((r) => r.url);
  assert.equal(urls.filter((u) => /\/status\/changed\/statuslight\.widget\.json$/.test(u)).length, 1);
  assert.equal(urls.filter((u) => /\/statuslight-summary-[0-9a-f]+_bg\.wasm$/.test(u)).length, 1);
  // The feed was fetched once: its bytes, which did not match, are what the summary reads.
  assert.equal(urls.filter((u) => /\/status\/changed\/demo\/feed\.json$/.test(u)).length, 1);
  assert.deepEqual(record.errors, []);
  await ctx.close();
});

test('a configuration edited since the summary was published: the widget computes its own', async () => {
  const { page, ctx, record } = await open('/reconfigured.html');
  await page.waitForFunction(() => document.getElementById('w-reconfigured')?.shadowRoot
    ?.querySelector('.sl-w__title')?.textContent === 'Reconfigured', null, { timeout: 15000 });
  const urls = record.requests.map((r) => r.url);
  assert.equal(urls.filter((u) => /\/statuslight-summary-[0-9a-f]+_bg\.wasm$/.test(u)).length, 1);
  assert.deepEqual(record.errors, []);
  await ctx.close();
});

test('a Statuspage v2 source on another origin: the widget loads the summary module once and shows it', async () => {
  const { page, ctx, record } = await open('/github.html');
  await shows(page, 'w-github', '.sl-w__row');
  const names = await page.evaluate(() => [...document.getElementById('w-github').shadowRoot
    .querySelectorAll('.sl-w__name')].map((e) => e.textContent));
  assert.ok(names.includes('Git Operations') && names.includes('API Requests'), names.join(', '));
  assert.equal(await page.evaluate(() => document.getElementById('w-github').shadowRoot
    .querySelector('.sl-w__title')?.textContent), 'GitHub');
  // Glue and wasm of the summary module (which reads Statuspage v2 itself), once each, from
  // the status origin (CORS, strict CSP); no summary is published there.
  const modules = record.requests.map((r) => r.url)
    .filter((u) => /\/status\/statuslight-(readers|summary)-[0-9a-f]+(\.js|_bg\.wasm)$/.test(u));
  assert.equal(modules.length, 2, modules.join(' '));
  assert.ok(modules.every((u) => u.includes('/statuslight-summary-')), modules.join(' '));
  // The feeds are asked for while the module loads, not after it.
  const order = record.requests.map((r) => r.url);
  const wasmAt = order.findIndex((u) => /\/statuslight-summary-[0-9a-f]+_bg\.wasm$/.test(u));
  for (const feed of ['summary.json', 'incidents.json']) {
    const at = order.findIndex((u) => u.endsWith(`/status/github/${feed}`));
    assert.ok(at >= 0 && at < wasmAt, `${feed} asked for at ${at}, the module's wasm at ${wasmAt}`);
  }
  assert.deepEqual(record.errors, []);
  assert.deepEqual(record.missing, [`${statusOrigin}/status/github/statuslight.widget.json`]);
  assert.deepEqual(await page.evaluate(() => window.__violations), []);
  await ctx.close();
});
