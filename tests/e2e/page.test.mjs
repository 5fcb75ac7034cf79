// End to end: the release build, served by nginx under /status/, in headless Chromium.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { serveDist, launchBrowser, newPage, SCREENSHOTS } from './support.mjs';

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

test('the demo page shows its components and the 2021-05-05 outage under /status/', async () => {
  const { page, context, record } = await newPage(browser, { viewport: { width: 1280, height: 900 } });
  await page.goto(server.url);
  const banner = page.locator('.sl-banner');
  await banner.waitFor();
  assert.equal(await page.locator('.sl-title').textContent(), 'Sample Messenger Status');
  // An archived snapshot says so, and says it is sample data.
  assert.match(await page.locator('.sl-asof').textContent(), /2021-05-06 09:00 KST/);
  assert.match(await page.locator('.sl-notice').textContent(), /Sample data/);
  assert.equal(await banner.locator('.sl-banner__headline').textContent(), 'All systems operational');

  const names = await page.locator('.sl-component__name').allTextContents();
  assert.deepEqual(names, ['Login', 'Messaging', 'Calls', 'Voice calls', 'Video calls', 'Gifting']);
  for (const status of await page.locator('.sl-component > .sl-component__row .sl-status').allTextContents()) {
    assert.equal(status, 'Operational');
  }

  const outage = page.locator('#incident-2021-05-05-server-overload');
  await outage.waitFor();
  assert.equal(await outage.locator('h3').textContent(), 'Login, messaging and calls unavailable');
  const meta = await outage.locator('.sl-incident__meta').textContent();
  assert.match(meta, /2 h 20 min \(2021-05-05 22:00 KST – 2021-05-06 00:20 KST\)/);
  assert.match(meta, /Login, Messaging, Voice calls, Video calls/);
  const labels = await outage.locator('.sl-update__label').allTextContents();
  assert.deepEqual(labels, ['Resolved', 'Monitoring', 'Identified', 'Investigating']);
  // Every incident of the demo is listed, newest first.
  const ids = await page.locator('.sl-incident').evaluateAll((els) => els.map((e) => e.id));
  assert.deepEqual(ids, [
    'incident-2021-05-05-server-overload',
    'incident-2020-11-11-gifting',
    'incident-2020-07-15-messaging',
    'incident-2020-03-17-messaging',
    'incident-2020-01-01-new-year',
  ]);

  // Nothing was fetched from outside the sub-path, and nothing failed.
  for (const url of record.requests) {
    assert.ok(new URL(url).pathname.startsWith('/status/'), `request outside /status/: ${url}`);
  }
  assert.deepEqual(record.failed, []);
  assert.deepEqual(record.errors, []);

  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, 'demo-desktop.png'), fullPage: true });
  await context.close();
});

test('the Korean switch renders the page in Korean', async () => {
  const { page, context } = await newPage(browser);
  await page.goto(server.url);
  await page.locator('.sl-banner').waitFor();
  await page.locator('button.sl-lang[lang="ko"]').click();
  await page.locator('.sl-title', { hasText: '샘플 메신저 상태' }).waitFor();
  assert.equal(await page.locator('.sl-banner__headline').textContent(), '모든 시스템 정상');
  assert.equal(await page.locator('html').getAttribute('lang'), 'ko');
  assert.match(
    await page.locator('#incident-2021-05-05-server-overload .sl-incident__meta').textContent(),
    /2시간 20분/,
  );
  await context.close();
});

test('a broken feed shows a clear error, and retry recovers once the feed is fixed', async () => {
  const feedPath = join(server.site, 'demo', 'feed.json');
  const good = readFileSync(feedPath);
  writeFileSync(feedPath, '{"version": "statuslight/1", "incidents": [ {"id": "x"');
  try {
    const { page, context } = await newPage(browser);
    await page.goto(server.url);
    const error = page.locator('.sl-error[role="alert"]');
    await error.waitFor();
    const text = await error.textContent();
    assert.match(text, /The status could not be loaded\./);
    assert.match(text, /demo\/feed\.json: JSON error/);
    assert.equal(await page.locator('.sl-banner').count(), 0, 'no status is claimed without data');

    writeFileSync(feedPath, good);
    await error.locator('button', { hasText: 'Try again' }).click();
    await page.locator('#incident-2021-05-05-server-overload').waitFor();
    assert.equal(await page.locator('.sl-error').count(), 0);
    await context.close();
  } finally {
    writeFileSync(feedPath, good);
  }
});

test('a missing feed names the address and the HTTP status', async () => {
  const feedPath = join(server.site, 'demo', 'feed.json');
  const good = readFileSync(feedPath);
  const { rmSync } = await import('node:fs');
  rmSync(feedPath);
  try {
    const { page, context } = await newPage(browser);
    await page.goto(server.url);
    const error = page.locator('.sl-error');
    await error.waitFor();
    assert.match(await error.textContent(), /demo\/feed\.json answered HTTP 404/);
    await context.close();
  } finally {
    writeFileSync(feedPath, good);
  }
});
