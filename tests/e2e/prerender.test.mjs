// The status written into index.html at publish time (`statuslight build --page`): the
// page's whole first view (status, components and bars, calendar, history, footer), shown
// before the app loads, even without JavaScript, and replaced by the app without anything
// on screen moving or changing colour.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
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

/** What a visitor sees of the status: boxes, texts and colours of its parts. */
function snapshot(page) {
  return page.evaluate(() => {
    const box = (el) => {
      const r = el.getBoundingClientRect();
      return [r.x, r.y, r.width, r.height].map((v) => Math.round(v * 10) / 10);
    };
    const parts = {};
    for (const sel of ['.sl-title', '.sl-controls', '.sl-asof', '.sl-notice', '.sl-banner', '.sl-section__head',
      '.sl-component__row', '.sl-status', '.sl-bar', '.sl-bar__uptime', '.sl-formula',
      '#sl-calendar-h', '.sl-calendar__controls', '.sl-calendar__grid', '.sl-calendar__grid th',
      '#sl-history-h', '.sl-history__filters', '.sl-history select', '.sl-month', '.sl-month__title',
      '.sl-incident', '.sl-incident__title', '.sl-incident__meta', '.sl-month__load', '.sl-history .sl-empty',
      '.sl-footer', '.sl-footer a']) {
      parts[sel] = [...document.querySelectorAll(sel)].map((el) => ({ box: box(el), text: el.textContent }));
    }
    parts.days = [...document.querySelectorAll('.sl-day')].map((el) => [
      el.closest('[data-component]').dataset.component,
      el.dataset.date,
      el.getAttribute('aria-label'),
      el.className.replace(/\s*sl-c\d+/, ''),
      getComputedStyle(el).backgroundColor,
      box(el),
    ]);
    parts.calendarDays = [...document.querySelectorAll('.sl-calday')].map((el) => [
      el.dataset.date,
      el.getAttribute('aria-label'),
      el.className.replace(/\s*sl-c\d+/, ''),
      el.textContent,
      getComputedStyle(el).backgroundColor,
      getComputedStyle(el).color,
      box(el),
    ]);
    // What the pickers and buttons say and whether they can be used.
    parts.controls = [...document.querySelectorAll('.sl-calendar select, .sl-calendar button:not(.sl-calday), .sl-history select, .sl-month__load')]
      .map((el) => [el.className, el.value ?? null, el.disabled, el.textContent]);
    parts.links = [...document.querySelectorAll('.sl-incident__title, .sl-footer a')]
      .map((el) => [el.className, el.getAttribute('href'), el.getAttribute('type'), el.getAttribute('rel')]);
    return parts;
  });
}

test('without JavaScript the page still shows the published status, in the configured language', async () => {
  const { page, context } = await newPage(browser, { javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
  await page.goto(server.url);
  assert.equal(await page.locator('html').getAttribute('lang'), 'ko');
  assert.equal(await page.locator('.sl-banner__headline').textContent(), '모든 시스템 정상');
  assert.equal(await page.locator('.sl-updated').textContent(), '2021-05-06 09:00 KST 게시');
  assert.deepEqual(
    await page.locator('.sl-component__name').allTextContents(),
    ['로그인', '메시지', '통화', '음성 통화', '영상 통화', '선물하기'],
  );
  const messaging = page.locator('.sl-component[data-component="messaging"] > .sl-bar-wrap');
  assert.equal(await messaging.locator('.sl-day').count(), 90);
  assert.match(await messaging.locator('.sl-bar__uptime').textContent(), /99\.89%/);
  // The outage day has its own colour, from the style the page's policy allows by hash.
  const colour = (date) => messaging.locator(`.sl-day[data-date="${date}"]`)
    .evaluate((el) => getComputedStyle(el).backgroundColor);
  assert.notEqual(await colour('2021-05-05'), await colour('2021-05-03'));
  // Below the components: the calendar of the first component in the month shown, ...
  assert.equal(await page.locator('#sl-calendar-h').textContent(), '가동률 달력');
  assert.equal(await page.locator('.sl-calendar__title').textContent(), '2021년 5월 · 가동률 98.19%');
  assert.equal(await page.locator('.sl-calendar__component').inputValue(), 'login');
  const days = page.locator('.sl-calday');
  assert.equal(await days.count(), 31);
  const calendarColour = (date) => page.locator(`.sl-calday[data-date="${date}"]`)
    .evaluate((el) => getComputedStyle(el).backgroundColor);
  assert.notEqual(await calendarColour('2021-05-05'), await calendarColour('2021-05-03'));
  // ... the history: the month in the current feed with its incident, the months in shards
  // with a button each (they need the app to load), ...
  assert.equal(await page.locator('#sl-history-h').textContent(), '장애 이력');
  assert.deepEqual(
    await page.locator('.sl-month__title').allTextContents(),
    ['2021년 5월', '2020년 11월', '2020년 7월', '2020년 3월', '2019년 12월'],
  );
  assert.deepEqual(
    await page.locator('.sl-incident__title').allTextContents(),
    ['로그인, 메시지, 통화 장애'],
  );
  assert.deepEqual(
    await page.locator('.sl-month__load').allTextContents(),
    ['2020년 11월 불러오기', '2020년 7월 불러오기', '2020년 3월 불러오기', '2019년 12월 불러오기'],
  );
  // ... and the footer, after the page's <main>.
  assert.equal(await page.locator('main + .sl-footer .sl-atom').getAttribute('href'), 'history.atom');
  assert.match(await page.locator('.sl-footer .sl-fallback').textContent(), /^다른 채널: 공식 소셜 계정/);
  assert.equal(await page.locator('noscript').count(), 1);
  await context.close();
});

for (const width of [1280, 375]) {
  test(`at ${width} px the app takes over from the published status without a shift or a colour change`, async () => {
    const { page, context, record } = await newPage(browser, {
      viewport: { width, height: 900 }, timezoneId: 'Asia/Seoul',
    });
    await page.addInitScript(() => {
      window.__shift = 0;
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) window.__shift += e.value;
      }).observe({ type: 'layout-shift', buffered: true });
    });
    // The starter finds the published view current; the app's wasm is held back so the
    // view can be looked at while the app loads.
    let release;
    const held = new Promise((ok) => { release = ok; });
    await page.route(/\/statuslight-web-[0-9a-f]+_bg\.wasm$/, async (route) => { await held; await route.continue(); });
    await page.goto(server.url);
    await appSettled(page);
    assert.equal(await page.locator('#sl-prerender').count(), 1);
    const before = await snapshot(page);
    assert.equal(before.days.length, 6 * 90);
    assert.equal(before.calendarDays.length, 31);
    assert.equal(before['.sl-month'].length, 5);
    assert.equal(before['.sl-month__load'].length, 4);
    assert.equal(before['.sl-footer'].length, 1);

    // A keyboard user reaches a day of a bar (the last: a phone shows the latest days
    // only): the app loads and takes over.
    await page.locator('#sl-prerender .sl-day').last().evaluate((day) => day.focus({ preventScroll: true }));
    release();
    await page.locator('#sl-prerender').waitFor({ state: 'detached' });
    await appSettled(page);
    assert.equal(await page.locator('#sl-prerender-style').count(), 0);
    const after = await snapshot(page);
    assert.deepEqual(after, before);
    assert.equal(await page.evaluate(() => window.__shift), 0);
    assert.deepEqual(await record.cspViolations(), []);
    assert.deepEqual(record.errors, []);
    await context.close();
  });
}

test('a bar cut short while the page is parsed already draws its days where they stay', async () => {
  // A browser paints a long page before it has parsed all of it, so a first frame may hold
  // a bar with only some of its day buttons. Those must already sit where they will stay:
  // laid out as a flex row they were wider until the rest arrived (layout shifts of up to
  // 0.08 on a slow machine).
  for (const width of [1280, 375]) {
    const { page, context } = await newPage(browser, { viewport: { width, height: 900 } });
    let release;
    const held = new Promise((ok) => { release = ok; });
    await page.route(/_bg\.wasm$/, async (route) => { await held; await route.continue(); });
    try {
      await page.goto(server.url);
      await page.locator('#sl-prerender .sl-bar').first().waitFor();
      const moved = await page.evaluate(() => [...document.querySelectorAll('#sl-prerender .sl-bar')].map((bar) => {
        const days = [...bar.children];
        const place = (d) => { const r = d.getBoundingClientRect(); return `${r.left},${r.top},${r.width},${r.height}`; };
        const shown = days.filter((d) => d.getBoundingClientRect().width > 0);
        const kept = shown.slice(0, Math.ceil(shown.length / 2));
        const whole = kept.map(place);
        const rest = days.slice(days.indexOf(kept[kept.length - 1]) + 1);
        rest.forEach((d) => d.remove());
        const cut = kept.map(place);
        bar.append(...rest);
        return whole.every((p, i) => p === cut[i]) ? null : `${whole[0]} -> ${cut[0]}`;
      }).filter(Boolean));
      assert.deepEqual(moved, [], `${width} px`);
    } finally {
      release();
      await context.close();
    }
  }
});

test('a page painted before all of it is parsed does not move sideways when the rest brings a scrollbar', async () => {
  // On a desktop with classic scrollbars, a first frame painted from part of the HTML may
  // be shorter than the window; the rest makes it scroll, the scrollbar takes its room and
  // a centred page moves left by half of it (Lighthouse desktop: a shift of 0.004 in 1 of 3
  // runs). The page keeps the scrollbar's room from the start.
  const desktop = await launchBrowser({ ignoreDefaultArgs: ['--hide-scrollbars'] });
  try {
    const { page, context } = await newPage(desktop, { viewport: { width: 1280, height: 900 } });
    await page.route(/_bg\.wasm$/, (route) => route.abort());
    await page.goto(server.url);
    const left = await page.evaluate(() => {
      const at = () => document.querySelector('#sl-prerender .sl-page').getBoundingClientRect().left;
      const whole = at();
      const scrolls = document.documentElement.scrollHeight > innerHeight;
      // All but the header gone, as in a first frame of part of the HTML.
      const page = document.querySelector('#sl-prerender .sl-page');
      const rest = [...page.children].slice(2);
      rest.forEach((el) => el.remove());
      const short = document.documentElement.scrollHeight <= innerHeight;
      const part = at();
      page.append(...rest);
      return { whole, part, scrolls, short, bar: innerWidth - document.documentElement.clientWidth };
    });
    assert.ok(left.scrolls && left.short, `the page scrolls and its header alone does not: ${JSON.stringify(left)}`);
    assert.ok(left.bar > 0, `this browser's scrollbar takes room: ${JSON.stringify(left)}`);
    assert.equal(left.part, left.whole, 'the page stays where it is');
    await context.close();
    // A phone keeps no room: its scrollbars overlay the page.
    const phone = await newPage(desktop, { viewport: { width: 375, height: 800 }, isMobile: true, hasTouch: true });
    await phone.page.route(/_bg\.wasm$/, (route) => route.abort());
    await phone.page.goto(server.url);
    const room = await phone.page.evaluate(() => ({
      scrolls: document.documentElement.scrollHeight > innerHeight,
      bar: innerWidth - document.documentElement.clientWidth,
      width: document.documentElement.clientWidth,
    }));
    assert.ok(room.scrolls, 'the page scrolls on a phone');
    assert.deepEqual([room.bar, room.width], [0, 375], 'no room kept for a scrollbar on a phone');
    await phone.context.close();
  } finally {
    await desktop.close();
  }
});

test('the first frame holds the whole published status, however the HTML arrives', async () => {
  // index.html asks for no frame until #sl-parsed, after the published status, is parsed
  // (<link rel=expect blocking=render>). Served in two parts with a pause between them, the page without
  // that link paints the first part alone (which shows this test can tell); with it, the
  // first frame has the status down to its last element.
  const html = readFileSync(join(DIST, 'index.html'), 'utf8');
  assert.match(html, /<link rel="expect" href="#sl-parsed" blocking="render"/);
  assert.ok(html.indexOf('<template id="sl-parsed">') > html.indexOf('<!-- /statuslight:prerender -->'));
  assert.ok(html.indexOf('<section class="sl-section"') > html.indexOf('id="sl-prerender"'), 'the published status has its components section');
  let served = html;
  const slow = createServer(async (req, res) => {
    if (req.url !== '/status/') { res.writeHead(404).end(); return; }
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
    // Cut where the components start, in what is served (with or without the link).
    const cut = served.indexOf('<section class="sl-section"');
    res.write(served.slice(0, cut));
    await new Promise((ok) => setTimeout(ok, 700));
    res.end(served.slice(cut));
  });
  await new Promise((ok) => slow.listen(0, '127.0.0.1', ok));
  const url = `http://127.0.0.1:${slow.address().port}/status/`;
  const firstFrame = async () => {
    const { page, context } = await newPage(browser);
    await page.addInitScript(() => {
      requestAnimationFrame(() => {
        window.__firstFrame = { whole: !!document.querySelector('#sl-prerender .sl-formula'), at: performance.now() };
      });
    });
    await page.goto(url, { waitUntil: 'commit' });
    await page.waitForFunction(() => window.__firstFrame);
    const frame = await page.evaluate(() => window.__firstFrame);
    await context.close();
    return frame;
  };
  try {
    served = html.replace(/<link rel="expect"[^>]*>/, '');
    const without = await firstFrame();
    assert.equal(without.whole, false, `without the link a part is painted: ${JSON.stringify(without)}`);
    served = html;
    const withLink = await firstFrame();
    assert.equal(withLink.whole, true, `with it the first frame is whole: ${JSON.stringify(withLink)}`);
  } finally {
    await new Promise((ok) => slow.close(ok));
  }
});

test('the starter and then the app each fetch their wasm once: only the starter\'s is preloaded', async () => {
  const { page, context, record } = await newPage(browser);
  await page.goto(server.url);
  await appSettled(page);
  const wasm = () => record.requests.filter((u) => /_bg\.wasm$/.test(u)).map((u) => u.split('/').pop().split('-')[1]);
  assert.deepEqual(wasm(), ['starter']);
  // The starter's (small) wasm is preloaded from the head; the app's is not, and is
  // fetched only when needed.
  const preloaded = await page.locator('link[rel="preload"][type="application/wasm"]').evaluateAll((ls) => ls.map((l) => l.getAttribute('href')));
  assert.equal(preloaded.length, 1);
  assert.match(preloaded[0], /statuslight-starter-[0-9a-f]+_bg\.wasm$/);
  await page.locator('#sl-prerender button.sl-lang[lang="en"]').click();
  await page.locator('#sl-prerender').waitFor({ state: 'detached' });
  assert.deepEqual(wasm(), ['starter', 'web']);
  assert.deepEqual(record.errors, []);
  await context.close();
});

test('the page starts under the policy a host sends from _headers: its inline boot script is allowed by hash', async () => {
  const headers = readFileSync(join(DIST, '_headers'), 'utf8');
  const policy = headers.match(/^\/index\.html\n {2}Content-Security-Policy: ([^\n]*)$/m)[1];
  assert.match(policy, /script-src 'self' 'sha256-[A-Za-z0-9+/]+=*' 'wasm-unsafe-eval'/);
  const strict = await serveDist({ subPath: '/status/', headers: { 'Content-Security-Policy': policy } });
  try {
    const { page, context, record } = await newPage(browser);
    const answer = await page.goto(strict.url);
    assert.equal(answer.headers()['content-security-policy'], policy);
    await appSettled(page);
    // The starter ran under it; then the app, at the first click.
    assert.equal(await page.locator('#sl-prerender').count(), 1);
    await page.locator('#sl-prerender button.sl-lang[lang="en"]').click();
    await page.locator('#sl-prerender').waitFor({ state: 'detached' });
    assert.deepEqual(await record.cspViolations(), []);
    assert.deepEqual(record.errors, []);
    await context.close();
  } finally {
    await strict.stop();
  }
});

test('a host that sends the wasm with the wrong type still gets the starter and the app', async () => {
  const { page, context, record } = await newPage(browser);
  await page.route(/_bg\.wasm$/, async (route) => {
    const response = await route.fetch();
    await route.fulfill({ response, headers: { ...response.headers(), 'content-type': 'application/octet-stream' } });
  });
  await page.goto(server.url);
  await appSettled(page);
  await page.locator('#sl-prerender button.sl-lang[lang="en"]').click();
  await page.locator('#sl-prerender').waitFor({ state: 'detached' });
  assert.equal(await page.locator('.sl-banner').count(), 1);
  // Streaming compilation refused each file; the glue compiled its bytes instead.
  assert.equal(record.requests.filter((u) => /_bg\.wasm$/.test(u)).length, 2);
  assert.deepEqual(record.errors, []);
  await context.close();
});
