// End to end: the release build (app plus what the CLI publishes), served by nginx under
// /status/, in headless Chromium.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync, mkdirSync, rmSync, cpSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { serveDist, launchBrowser, newPage, axeViolations, fixtures, CLI, SCREENSHOTS, withoutPrerender, appSettled } from './support.mjs';

let server;
let browser;

before(async () => {
  server = await serveDist({ subPath: '/status/' });
  browser = await launchBrowser();
  mkdirSync(SCREENSHOTS, { recursive: true });
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

/** Open the page (English unless `query` says otherwise) and wait for the app's banner. */
async function open(query = '?lang=en', options = {}) {
  const opened = await newPage(browser, { viewport: { width: 1280, height: 900 }, ...options });
  await opened.page.goto(server.url + query);
  await appSettled(opened.page);
  await opened.page.locator('.sl-banner').waitFor();
  return opened;
}

const bar = (page, component) => page.locator(`.sl-component[data-component="${component}"] > .sl-bar-wrap`);

test('the demo page: banner, components, bars, history with older months on demand', async () => {
  const { page, context, record } = await open();
  assert.equal(await page.locator('.sl-title').textContent(), 'Sample Messenger Status');
  assert.match(await page.locator('.sl-asof').textContent(), /2021-05-06 09:00 KST/);
  assert.match(await page.locator('.sl-notice').textContent(), /Sample data/);
  assert.equal(await page.locator('.sl-banner__headline').textContent(), 'All systems operational');

  const names = await page.locator('.sl-component__name').allTextContents();
  assert.deepEqual(names, ['Login', 'Messaging', 'Calls', 'Voice calls', 'Video calls', 'Gifting']);
  for (const status of await page.locator('.sl-component__row .sl-status').allTextContents()) {
    assert.equal(status, 'Operational');
  }
  // 140 minutes down in 90 days, floored: never rounded up.
  assert.equal(await bar(page, 'messaging').locator('.sl-bar__uptime').textContent(), '99.89% uptime');
  assert.equal(await bar(page, 'gifting').locator('.sl-bar__uptime').textContent(), '100.00% uptime');
  assert.equal(await bar(page, 'messaging').locator('.sl-day').count(), 90);

  const may = page.locator('.sl-month[data-month="2021-05"]');
  const outage = may.locator('#incident-2021-05-05-server-overload');
  assert.equal(await outage.locator('.sl-incident__title').textContent(), 'Login, messaging and calls unavailable');
  const meta = await outage.locator('.sl-incident__meta').textContent();
  assert.match(meta, /2 h 20 min \(2021-05-05 22:00 KST – 2021-05-06 00:20 KST\)/);
  assert.match(meta, /Login, Messaging, Voice calls, Video calls/);

  // Older months live in shards, loaded only on demand.
  assert.equal(await page.locator('#incident-2020-11-11-gifting').count(), 0);
  for (const month of ['November 2020', 'July 2020', 'March 2020', 'December 2019']) {
    await page.locator('.sl-month__load', { hasText: month }).click();
  }
  await page.locator('#incident-2020-11-11-gifting').waitFor();
  await page.locator('#incident-2020-01-01-new-year').waitFor();
  const months = await page.locator('.sl-month').evaluateAll((els) =>
    els.filter((e) => e.querySelector('.sl-incident')).map((e) => e.dataset.month));
  assert.deepEqual(months, ['2021-05', '2020-11', '2020-07', '2020-03', '2020-01']);

  // The filters narrow the history.
  await page.locator('.sl-filter-component').selectOption('gifting');
  assert.deepEqual(
    await page.locator('.sl-month .sl-incident').evaluateAll((els) => els.map((e) => e.dataset.incident)),
    ['2020-11-11-gifting'],
  );
  await page.locator('.sl-filter-component').selectOption('');
  await page.locator('.sl-filter-impact').selectOption('critical');
  assert.deepEqual(
    await page.locator('.sl-month .sl-incident').evaluateAll((els) => els.map((e) => e.dataset.incident)),
    ['2021-05-05-server-overload'],
  );
  await page.locator('.sl-filter-impact').selectOption('');

  for (const url of record.requests) {
    assert.ok(new URL(url).pathname.startsWith('/status/'), `request outside /status/: ${url}`);
  }
  assert.deepEqual(record.failed, []);
  assert.deepEqual(record.errors, []);
  // The release build runs under its strict policy without a single violation.
  const policy = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  assert.doesNotMatch(policy, /'unsafe-inline'|'unsafe-eval'/);
  // One inline script, the boot script, allowed by the hash of its text and nothing else
  // (the published view's JSON beside it is data, which no policy governs).
  const boot = await page.locator('script:not([src]):not([type="application/json"])').evaluateAll((els) => els.map((e) => e.textContent));
  assert.equal(boot.length, 1);
  const bootHash = createHash('sha256').update(boot[0]).digest('base64');
  assert.equal(policy.match(/script-src [^;]*/)[0], `script-src 'self' 'sha256-${bootHash}' 'wasm-unsafe-eval'`);
  assert.deepEqual(await record.cspViolations(), []);
  await page.screenshot({ path: join(SCREENSHOTS, 'demo-desktop.png'), fullPage: true });
  await context.close();
});

test('the 2021-05-05 outage splits at midnight in Seoul: 120 + 20 minutes of Messaging', async () => {
  const { page, context } = await open();
  const messaging = bar(page, 'messaging');
  await messaging.locator('.sl-day[data-date="2021-05-05"]').hover();
  const tip = messaging.locator('.sl-tooltip');
  await tip.waitFor();
  let text = await tip.textContent();
  assert.match(text, /May 5, 2021/);
  assert.match(text, /Major outage120 min/);
  assert.match(text, /Uptime 91\.66%/);
  assert.match(text, /Login, messaging and calls unavailable/);
  await messaging.locator('.sl-day[data-date="2021-05-06"]').hover();
  await tip.filter({ hasText: 'May 6, 2021' }).waitFor();
  text = await tip.textContent();
  assert.match(text, /Major outage20 min/);

  // Keyboard: focus a day, arrows move, the tooltip follows, its link opens the incident.
  await messaging.locator('.sl-day[data-date="2021-05-06"]').focus();
  await page.keyboard.press('ArrowLeft');
  assert.equal(await page.evaluate(() => document.activeElement.dataset.date), '2021-05-05');
  await tip.filter({ hasText: 'May 5, 2021' }).waitFor();
  await tip.locator('a', { hasText: 'Login, messaging and calls unavailable' }).click();
  await page.locator('.sl-detail__title').waitFor();
  assert.match(page.url(), /#\/incident\/2021-05-05-server-overload$/);

  // In UTC the whole outage is on May 5.
  await page.goto(`${server.url}?lang=en&tz=utc`);
  await appSettled(page);
  const label = await bar(page, 'messaging').locator('.sl-day[data-date="2021-05-05"]').getAttribute('aria-label');
  assert.match(label, /Major outage 140 min/);
  await context.close();
});

test('a deep link opens an incident from an older month, with its full timeline', async () => {
  const { page, context } = await newPage(browser);
  await page.goto(`${server.url}?lang=en#/incident/2020-11-11-gifting`);
  const detail = page.locator('.sl-detail');
  await detail.waitFor();
  assert.equal(await detail.locator('.sl-detail__title').textContent(), 'Gifting purchases failing');
  assert.match(await detail.locator('.sl-detail__duration').textContent(), /1 h 45 min \(2020-11-11 11:02 KST – 2020-11-11 12:47 KST\)/);
  assert.deepEqual(
    await detail.locator('.sl-update__label').allTextContents(),
    ['Resolved', 'Monitoring', 'Identified', 'Investigating'],
  );
  assert.deepEqual(await axeViolations(page), []);
  await page.locator('.sl-back a').click();
  await page.locator('.sl-components').first().waitFor();
  assert.equal(await page.locator('.sl-title').textContent(), 'Sample Messenger Status');
  assert.match(page.url(), /\?lang=en#\/$/);
  await context.close();
});

test('Korean by default as configured; the switch and the URL choose; the choice is remembered', async () => {
  const { page, context } = await newPage(browser);
  await page.goto(server.url);
  await appSettled(page);
  assert.equal(await page.locator('.sl-title').textContent(), '샘플 메신저 상태');
  assert.equal(await page.locator('.sl-banner__headline').textContent(), '모든 시스템 정상');
  assert.equal(await page.locator('html').getAttribute('lang'), 'ko');
  assert.match(
    await page.locator('#incident-2021-05-05-server-overload .sl-incident__meta').textContent(),
    /2시간 20분/,
  );
  await page.locator('button.sl-lang[lang="en"]').click();
  await page.locator('.sl-title', { hasText: 'Sample Messenger Status' }).waitFor();
  await page.reload();
  await appSettled(page);
  assert.equal(await page.locator('.sl-title').textContent(), 'Sample Messenger Status');
  await page.goto(`${server.url}?lang=ko`);
  await appSettled(page);
  assert.equal(await page.locator('.sl-title').textContent(), '샘플 메신저 상태');
  await context.close();
});

test('light and dark themes, phones down to 320 px, and axe-core finds nothing serious', async () => {
  for (const colorScheme of ['light', 'dark']) {
    for (const width of [1280, 375, 320]) {
      // Phones as phones: their scrollbars overlay the page (a desktop window as narrow
      // keeps the scrollbar's room, scrollbar-gutter in the stylesheet; see
      // prerender.test.mjs), so the screenshots show what a phone shows.
      const phone = width < 1280 ? { isMobile: true, hasTouch: true } : {};
      const { page, context } = await open('?lang=en', { colorScheme, viewport: { width, height: 800 }, ...phone });
      const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      assert.equal(background, colorScheme === 'dark' ? 'rgb(18, 20, 23)' : 'rgb(255, 255, 255)');
      // Against the layout viewport: on a mobile viewport innerWidth grows with the content.
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok(overflow <= 0, `${width} px wide scrolls sideways by ${overflow} px`);
      if (width <= 375) {
        // Narrow screens show the last 30 days.
        const shown = await bar(page, 'messaging').locator('.sl-day:visible').count();
        assert.equal(shown, 30);
      }
      assert.deepEqual(await axeViolations(page), [], `${colorScheme} ${width}px`);
      if (width !== 320) {
        const name = `demo-${width === 1280 ? 'desktop' : 'phone'}${colorScheme === 'dark' ? '-dark' : ''}.png`;
        await page.screenshot({ path: join(SCREENSHOTS, name), fullPage: width !== 1280 });
      }
      await context.close();
    }
  }
  // The manual switch overrides the system.
  const { page, context } = await open('?lang=en', { colorScheme: 'light' });
  await page.locator('.sl-theme-select').selectOption('dark');
  assert.equal(await page.locator('html').getAttribute('data-theme'), 'dark');
  assert.equal(await page.evaluate(() => getComputedStyle(document.body).backgroundColor), 'rgb(18, 20, 23)');
  await context.close();
});

test('a broken feed shows a clear error, and retry recovers once the feed is fixed', async () => {
  const feedPath = join(server.site, 'demo', 'feed.json');
  const good = readFileSync(feedPath);
  writeFileSync(feedPath, '{"version": "statuslight/1", "incidents": [ {"id": "x"');
  try {
    const { page, context } = await newPage(browser);
    await page.goto(`${server.url}?lang=en`);
    const error = page.locator('.sl-error[role="alert"]');
    await error.waitFor();
    await appSettled(page, 'failed');
    const text = await error.textContent();
    assert.match(text, /The status could not be loaded\./);
    assert.match(text, /demo\/feed\.json: JSON error/);
    assert.match(text, /Official social account/);
    // No live status is claimed without data: only the one published with the page
    // stays, under the error, saying when it was published.
    assert.equal(await page.locator('.sl-banner').count(), 1);
    assert.equal(await page.locator('#sl-prerender .sl-banner').count(), 1);
    assert.equal(await page.locator('#sl-prerender .sl-updated').textContent(), '2021-05-06 09:00 KST 게시');
    assert.deepEqual(await axeViolations(page), []);

    writeFileSync(feedPath, good);
    await error.locator('button', { hasText: 'Try again' }).click();
    // The published status lists the incident too: wait for the app's own, shown.
    await page.locator('#sl-app #incident-2021-05-05-server-overload').waitFor();
    assert.equal(await page.locator('.sl-error').count(), 0);
    assert.equal(await page.locator('#sl-prerender').count(), 0);
    await context.close();
  } finally {
    writeFileSync(feedPath, good);
  }
});

test('a missing feed names the address and the HTTP status', async () => {
  const feedPath = join(server.site, 'demo', 'feed.json');
  const good = readFileSync(feedPath);
  rmSync(feedPath);
  try {
    const { page, context } = await newPage(browser);
    await page.goto(`${server.url}?lang=en`);
    const error = page.locator('.sl-error');
    await error.waitFor();
    assert.match(await error.textContent(), /demo\/feed\.json answered HTTP 404/);
    await context.close();
  } finally {
    writeFileSync(feedPath, good);
  }
});

test('an invalid configuration names the field', async () => {
  const configPath = join(server.site, 'statuslight.json');
  const good = readFileSync(configPath);
  writeFileSync(configPath, JSON.stringify({ feeds: ['demo/feed.json'], uptime: { partial_weight: 7 } }));
  try {
    const { page, context } = await newPage(browser);
    await page.goto(`${server.url}?lang=en`);
    const error = page.locator('.sl-error');
    await error.waitFor();
    const text = await error.textContent();
    assert.match(text, /misconfigured/);
    assert.match(text, /uptime\.partial_weight/);
    await context.close();
  } finally {
    writeFileSync(configPath, good);
  }
});

/** The page's "N% uptime" label of every top-level and child component, by id. */
async function pageUptimes(page) {
  return page.locator('.sl-component').evaluateAll((els) => Object.fromEntries(els.map((e) => [
    e.dataset.component,
    e.querySelector(':scope > .sl-bar-wrap .sl-bar__uptime')?.textContent.replace('% uptime', ''),
  ])));
}

test('the CLI and the page give the same uptime: demo feed', async () => {
  const cli = JSON.parse(execFileSync(CLI, ['uptime', join(server.site, 'demo', 'feed.json'), '--window', '90d', '--json']));
  const { page, context } = await open();
  const shown = await pageUptimes(page);
  assert.equal(cli.length, Object.keys(shown).length);
  for (const row of cli) assert.equal(shown[row.component], row.uptime, row.component);
  await context.close();
});

/**
 * A second page beside the demo, `github.html`, whose configuration names GitHub's real
 * Statuspage v2 files (summary and incidents); returns the folder that holds them.
 */
function githubSite() {
  const dir = join(fixtures(), 'statuspage-v2');
  const site = join(server.site, 'github');
  mkdirSync(site, { recursive: true });
  cpSync(join(dir, 'github-summary-2026-07-31.json'), join(site, 'summary.json'));
  cpSync(join(dir, 'github-incidents-2026-07-31.json'), join(site, 'incidents.json'));
  writeFileSync(join(site, 'statuslight.json'), JSON.stringify({
    feeds: [{ url: 'github/summary.json', kind: 'statuspage' }, { url: 'github/incidents.json', kind: 'statuspage' }],
    language: 'en',
  }));
  const html = withoutPrerender(readFileSync(join(server.site, 'index.html'), 'utf8'))
    .replace('content="statuslight.json"', 'content="github/statuslight.json"');
  writeFileSync(join(server.site, 'github.html'), html);
  return site;
}

test('a Statuspage v2 page (GitHub): banner, components and the same uptime as the CLI', async () => {
  const site = githubSite();
  const now = '2026-07-31T12:00:00Z';
  const second = await newPage(browser, { viewport: { width: 1280, height: 900 } });
  await second.page.clock.setFixedTime(new Date(now));
  await second.page.goto(`${server.url}github.html`);
  await second.page.locator('.sl-banner').waitFor();
  assert.equal(await second.page.locator('.sl-title').textContent(), 'GitHub');
  assert.equal(await second.page.locator('.sl-banner__headline').textContent(), 'All systems operational');
  const shown = await pageUptimes(second.page);
  const cli = JSON.parse(execFileSync(CLI, [
    'uptime', join(site, 'summary.json'), join(site, 'incidents.json'), '--window', '90d', '--now', now, '--json',
  ]));
  assert.ok(cli.some((r) => r.uptime !== '100.00'), 'the window holds real downtime');
  for (const row of cli) assert.equal(shown[row.component], row.uptime, row.name);
  // The Statuspage reader is not in the page's wasm: its module came once, glue and wasm.
  const readers = second.record.requests.filter((u) => /\/statuslight-readers-[0-9a-f]+(\.js|_bg\.wasm)$/.test(u));
  assert.equal(readers.length, 2, readers.join(' '));
  assert.deepEqual(second.record.errors, []);
  assert.deepEqual(second.record.failed, []);
  await second.context.close();
});

test('a readers module that failed to load is loaded again on retry', async () => {
  githubSite();
  const { page, context, record } = await newPage(browser);
  // The module's glue is refused until the test lets it through: the prefetch's import
  // fails, and so does the read's own attempt if it comes after.
  let refuse = true;
  const glue = [];
  await page.route(/\/statuslight-readers-[0-9a-f]+\.js(\?.*)?$/, async (route) => {
    glue.push(route.request().url());
    if (refuse) await route.abort('connectionrefused');
    else await route.continue();
  });
  await page.goto(`${server.url}github.html`);
  const error = page.locator('.sl-error[role="alert"]');
  await error.waitFor();
  assert.match(await error.textContent(), /the feed reader could not be loaded/);
  const refused = glue.length;
  refuse = false;
  await error.locator('button', { hasText: 'Try again' }).click();
  await page.locator('.sl-banner').waitFor();
  assert.equal(await page.locator('.sl-title').textContent(), 'GitHub');
  // Asked for again, under a new address each time: a browser may keep a failed import.
  assert.equal(glue.length, refused + 1, glue.join(' '));
  assert.ok(glue.at(-1).endsWith(`.js?retry=${refused}`), glue.join(' '));
  assert.equal(new Set(glue).size, glue.length, glue.join(' '));
  assert.equal(record.failed.length, refused, record.failed.join(' '));
  await context.close();
});

test('a Statuspage v2 page fetches its two feeds and the readers module at once', async () => {
  // The feeds at Statuspage's API addresses, without a configured kind: the addresses
  // alone start the readers module (explicit kinds do too: formats::needs_other_reader).
  const site = githubSite();
  mkdirSync(join(site, 'api', 'v2'), { recursive: true });
  for (const f of ['summary.json', 'incidents.json']) cpSync(join(site, f), join(site, 'api', 'v2', f));
  writeFileSync(join(site, 'auto.json'), JSON.stringify({
    feeds: [{ url: 'github/api/v2/summary.json' }, { url: 'github/api/v2/incidents.json' }],
    language: 'en',
  }));
  writeFileSync(join(server.site, 'github-auto.html'), readFileSync(join(server.site, 'github.html'), 'utf8')
    .replace('content="github/statuslight.json"', 'content="github/auto.json"'));
  const { page, context, record } = await newPage(browser);
  // Both feed requests are held until the page has asked for both feeds and for the
  // readers module's glue (or for 10 s): fetched one after the other, that never happens.
  const wanted = ['summary.json', 'incidents.json', 'readers'];
  const seen = new Set();
  let allSeen;
  const together = new Promise((resolve) => { allSeen = resolve; });
  const see = (what) => {
    seen.add(what);
    if (wanted.every((w) => seen.has(w))) allSeen(true);
  };
  page.on('request', (r) => { if (/\/statuslight-readers-[0-9a-f]+\.js$/.test(r.url())) see('readers'); });
  const held = [];
  await page.route(/\/github\/api\/v2\/(summary|incidents)\.json$/, async (route) => {
    see(route.request().url().split('/').pop());
    const all = await Promise.race([together, new Promise((r) => setTimeout(() => r(false), 10000))]);
    // Either true, or what had been asked for when this one gave up waiting.
    held.push(all || `only ${[...seen].join(', ')}`);
    await route.continue();
  });
  await page.goto(`${server.url}github-auto.html`);
  await page.locator('.sl-banner').waitFor();
  assert.deepEqual(held, [true, true]);
  assert.equal(await page.locator('.sl-title').textContent(), 'GitHub');
  const readers = record.requests.filter((u) => /\/statuslight-readers-[0-9a-f]+(\.js|_bg\.wasm)$/.test(u));
  assert.equal(readers.length, 2, readers.join(' '));
  assert.deepEqual(record.errors, []);
  assert.deepEqual(record.failed, []);
  await context.close();
});
