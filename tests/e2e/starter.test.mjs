// The release page's starter (crates/starter): a visitor who only looks gets the status
// published in the HTML, checked against the live configuration and feed, and never the
// app; the first interaction, a changed feed or a visit that asks for something else
// loads the app, which takes over and does what was asked.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { serveDist, launchBrowser, newPage, appSettled, DIST } from './support.mjs';

let server;
let browser;

before(async () => {
  server = await serveDist({ subPath: '/status/' });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

const app = (u) => /\/statuslight-web-[0-9a-f]+(\.js|_bg\.wasm)$/.test(u);
const starter = (u) => /\/statuslight-starter-[0-9a-f]+(\.js|_bg\.wasm)$/.test(u);

/** The app has taken over from the published view. */
async function tookOver(page) {
  await page.locator('#sl-prerender').waitFor({ state: 'detached', timeout: 20000 });
  await appSettled(page);
}

/** A visitor's first look: the published view, checked, live; the app not fetched. */
async function firstLook(options = {}) {
  const opened = await newPage(browser, { viewport: { width: 1280, height: 900 }, ...options });
  await opened.page.goto(server.url);
  await appSettled(opened.page);
  return opened;
}

test('a visitor who only looks gets the checked published view and never the app', async () => {
  const { page, context, record } = await firstLook();
  const published = JSON.parse(await page.locator('#sl-published').textContent());
  assert.equal(published.version, 'statuslight-published/1');
  assert.deepEqual(published.sources.map((s) => s.url), ['statuslight.json', 'demo/feed.json']);
  // Give a late request the time to show.
  await page.waitForTimeout(1000);
  assert.equal(await page.locator('#sl-prerender').count(), 1);
  assert.equal(await page.locator('.sl-banner__headline').textContent(), '모든 시스템 정상');
  assert.deepEqual(record.requests.filter(app), []);
  assert.equal(record.requests.filter(starter).length, 2);
  // It fetched what the view was computed from, to check it.
  for (const s of published.sources) {
    assert.ok(record.requests.some((u) => u.endsWith(`/status/${s.url}`)), s.url);
  }
  // The whole first view is there without the app: the history and the calendar too.
  assert.ok(await page.locator('#sl-prerender .sl-month').count() > 0);
  assert.deepEqual(record.errors, []);
  assert.deepEqual(await record.cspViolations(), []);
  // The glue and wasm it loads are the starter's and small (brotli, as served).
  const files = [...new Set(record.requests.filter(starter).map((u) => new URL(u).pathname.split('/').pop()))];
  const brotli = files.reduce((sum, f) => sum + readFileSync(join(DIST, `${f}.br`)).length, 0);
  assert.ok(brotli < 40_000, `${files}: ${brotli} B brotli`);
  await context.close();
});

test('a click before the app is there loads it, and the app does what was clicked', async () => {
  const { page, context, record } = await firstLook();
  assert.deepEqual(record.requests.filter(app), []);
  // The app's wasm held back: meanwhile the page says it is busy, to screen readers too.
  let release;
  const held = new Promise((ok) => { release = ok; });
  await page.route(/\/statuslight-web-[0-9a-f]+_bg\.wasm$/, async (route) => { await held; await route.continue(); });
  await page.locator('#sl-prerender button.sl-lang[lang="en"]').click();
  await page.locator('#sl-prerender[aria-busy="true"]').waitFor({ state: 'attached' });
  assert.equal(await page.locator('#sl-starter-note[role="status"]').textContent(), '현재 상태를 불러오는 중…');
  assert.equal(await page.locator('html').getAttribute('data-sl-loading'), '');
  release();
  await tookOver(page);
  assert.equal(await page.locator('#sl-starter-note').count(), 0);
  assert.equal(await page.locator('html').getAttribute('data-sl-loading'), null);
  await page.locator('.sl-title', { hasText: 'Sample Messenger Status' }).waitFor();
  assert.equal(await page.locator('html').getAttribute('lang'), 'en');
  assert.equal(await page.locator('button.sl-lang[lang="en"]').getAttribute('aria-pressed'), 'true');
  // Focus moved to the app's own button.
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('lang')), 'en');
  assert.equal(record.requests.filter(app).length, 2);
  // The feed was asked for twice: by the preload the starter's check used, and again when
  // the app was asked for, before its wasm; the app read that answer and did not ask for
  // it after its wasm arrived.
  const feedAt = record.requests.flatMap((u, i) => (u.endsWith('/status/demo/feed.json') ? [i] : []));
  const wasmAt = record.requests.findIndex((u) => /\/statuslight-web-[0-9a-f]+_bg\.wasm$/.test(u));
  assert.equal(feedAt.length, 2, `${record.requests}`);
  assert.ok(feedAt[1] < wasmAt, `${record.requests}`);
  assert.deepEqual(record.errors, []);
  assert.deepEqual(await record.cspViolations(), []);
  await context.close();
});

test('a choice in a select before the app is there is made again in the app', async () => {
  const { page, context } = await firstLook({ timezoneId: 'Asia/Seoul' });
  await page.locator('#sl-prerender select.sl-zone-select').selectOption('utc');
  await tookOver(page);
  assert.equal(await page.locator('select.sl-zone-select').inputValue(), 'utc');
  await page.locator('.sl-asof time', { hasText: 'UTC' }).waitFor();
  await context.close();
});

test('a keyboard user who tabs into the bars keeps focus on the same day when the app takes over', async () => {
  const { page, context, record } = await firstLook();
  const day = page.locator('#sl-prerender .sl-component[data-component="messaging"] .sl-day[data-date="2021-05-05"]');
  await day.focus();
  await tookOver(page);
  const focused = await page.evaluate(() => {
    const el = document.activeElement;
    return [el?.closest('[data-component]')?.dataset.component, el?.dataset.date, !!el?.closest('#sl-app')];
  });
  assert.deepEqual(focused, ['messaging', '2021-05-05', true]);
  assert.deepEqual(record.errors, []);
  await context.close();
});

test('a feed changed since publishing: the app loads at once and shows it', async () => {
  const { page, context, record } = await newPage(browser, { viewport: { width: 1280, height: 900 } });
  // The same feed with one more byte: another fingerprint.
  await page.route(/\/demo\/feed\.json$/, async (route) => {
    const response = await route.fetch();
    await route.fulfill({ response, body: `${await response.text()}\n` });
  });
  await page.goto(server.url);
  await tookOver(page);
  assert.equal(record.requests.filter(app).length, 2);
  assert.deepEqual(record.errors, []);
  await context.close();
});

test('the feed changes while the page is open: the next check loads the app', async () => {
  const { page, context, record } = await newPage(browser, { viewport: { width: 1280, height: 900 } });
  await page.clock.install();
  let changed = false;
  await page.route(/\/demo\/feed\.json$/, async (route) => {
    const response = await route.fetch();
    await route.fulfill({ response, body: `${await response.text()}${changed ? '\n' : ''}` });
  });
  await page.goto(server.url);
  await appSettled(page);
  await page.clock.runFor(61_000);
  // The check's fetches take real time; the fake clock waits.
  await page.waitForTimeout(500);
  assert.deepEqual(record.requests.filter(app), [], 'unchanged: still no app');
  changed = true;
  await page.clock.runFor(61_000);
  await tookOver(page);
  assert.deepEqual(record.errors, []);
  await context.close();
});

for (const [what, query, setup] of [
  ['another language in the address', '?lang=en', null],
  ['an incident in the address', '#/incident/2021-05-05-server-overload', null],
  ['a remembered window of 30 days', '', () => localStorage.setItem('statuslight.days', '30')],
  ['another feed in the address', '?feed=https://mirror.example.com/feed.json', null],
]) {
  test(`${what}: the app loads at once`, async () => {
    const { page, context, record } = await newPage(browser, { viewport: { width: 1280, height: 900 } });
    if (setup) await page.addInitScript(setup);
    await page.goto(server.url + query);
    await tookOver(page);
    assert.equal(record.requests.filter(app).length, 2);
    assert.deepEqual(record.errors, []);
    await context.close();
  });
}

test('a remembered theme and the skip link need no app', async () => {
  const { page, context, record } = await newPage(browser, { viewport: { width: 1280, height: 900 } });
  await page.addInitScript(() => localStorage.setItem('statuslight.theme', 'dark'));
  await page.goto(server.url);
  await appSettled(page);
  assert.equal(await page.locator('html').getAttribute('data-theme'), 'dark');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.className), 'sl-skip');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => location.hash === '#sl-main');
  await page.waitForTimeout(500);
  assert.deepEqual(record.requests.filter(app), []);
  await context.close();
});

test('an app that fails to load leaves the published view live; the next interaction loads it', async () => {
  const { page, context, record } = await firstLook();
  let fail = true;
  await page.route(/\/statuslight-web-[0-9a-f]+_bg\.wasm$/, (route) => (fail ? route.fulfill({ status: 503, body: 'busy' }) : route.continue()));
  await page.locator('#sl-prerender button.sl-lang[lang="en"]').click();
  await page.waitForFunction(() => !document.documentElement.hasAttribute('data-sl-loading'));
  assert.equal(await page.locator('#sl-prerender').count(), 1);
  assert.equal(await page.locator('html').getAttribute('data-sl-app'), 'live');
  assert.ok(record.errors.some((e) => e.includes('the app did not load')), `${record.errors}`);
  fail = false;
  await page.locator('#sl-prerender button.sl-window__button[data-days="30"]').click();
  await tookOver(page);
  assert.equal(await page.locator('button.sl-window__button[data-days="30"]').getAttribute('aria-pressed'), 'true');
  await context.close();
});

test('a view that no longer holds and an app that cannot load: the page says since when it is not refreshed', async () => {
  const { page, context, record } = await newPage(browser, { viewport: { width: 1280, height: 900 } });
  await page.route(/\/demo\/feed\.json$/, async (route) => {
    const response = await route.fetch();
    await route.fulfill({ response, body: `${await response.text()}\n` });
  });
  await page.route(/\/statuslight-web-[0-9a-f]+_bg\.wasm$/, (route) => route.fulfill({ status: 404, body: 'gone' }));
  await page.goto(server.url);
  const notice = page.locator('#sl-prerender #sl-starter-stale[role="alert"]');
  await notice.waitFor();
  assert.match(await notice.textContent(), /2021-05-06 09:00 KST 이후 새로 고치지 못했습니다/);
  assert.equal(await page.locator('html').getAttribute('data-sl-app'), null);
  assert.ok(record.errors.some((e) => e.includes('the app did not load')), `${record.errors}`);
  await context.close();
});
