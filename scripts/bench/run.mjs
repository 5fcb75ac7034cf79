// `make bench`: how fast and how heavy the release build is, as one table with a budget and
// PASS/FAIL per line. A benchmark, not a test: it exits 0 whatever the numbers are.
//
//   node scripts/bench/run.mjs DIST        (DIST: a release build, `make dist` output)
//
// Environment: BENCH_RUNS (cold loads per condition, default 7), BENCH_LIGHTHOUSE=0 to skip
// Lighthouse, BENCH_NATIVE=0 to skip the native benches, BENCH_ONLY=large for the large
// history alone (step 5: about a minute), CHROMIUM (default /usr/bin/chromium). Progress
// goes to stderr, the table to stdout.
//
// What it does (details in docs/performance.md):
// 1. copies DIST to a scratch web root, adds a large synthetic feed beside it (20
//    components, 10 years, 5,000 incidents, month shards) with its own page large.html,
//    pre-compresses what is new (scripts/compress.sh) and serves it all with nginx on
//    127.0.0.1 (gzip_static, and brotli_static when Debian's module is installed);
// 2. loads the page cold (fresh browser context, HTTP cache cleared and disabled through
//    the DevTools protocol) BENCH_RUNS times each: on loopback, with 4x CPU slow-down, and
//    under Lighthouse's slow-4G network profile; reports medians; on loopback, a static
//    copy of the page (no scripts) in each round too, as the floor;
// 3. counts the bytes of the first view by kind (HTML, JS, wasm, CSS, feed);
// 4. runs Lighthouse (mobile and desktop) against the same server;
// 5. loads the large feed's page, times the history and the bars after the feed arrived,
//    pages through month shards watching for long tasks, and reads the tab's memory;
// 6. runs the core's native benches.
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { launchBrowser, serveDir, ROOT, withoutPrerender } from '../../tests/e2e/support.mjs';
import { account, kb, recordRequests, sizesOf } from './bytes.mjs';
import { SLOW_4G, coldLoad } from './load.mjs';
import { Table, atLeast, atMost, median } from './table.mjs';

const RUNS = Math.max(1, Number(process.env.BENCH_RUNS || 7));
const LARGE_END = '2026-01-01T00:00:00Z';
const log = (...a) => console.error('bench:', ...a);
const ms = (v) => (v == null ? 'n/a' : `${Math.round(v)} ms`);

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 28, ...opts });
  if (r.status !== 0) {
    throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${(r.stderr || '').slice(-2000)}`);
  }
  return r.stdout;
}

/**
 * The page as static HTML: the status `statuslight build --page` published into it, with
 * its inlined stylesheet, and no script, module preload or feed preload. Timed beside the
 * page on loopback, it is this machine's floor for "status visible" at the moment: what
 * the same markup costs without the app (the yardstick is static HTML).
 */
function staticCopy(html) {
  const out = html
    .replace(/<script\b[^>]*>[\s\S]*?<\/script>/g, '')
    .replace(/<link\b[^>]*\brel="(?:modulepreload|preload)"[^>]*>/g, '');
  if (out === html || /<script\b/.test(out)) throw new Error('index.html: no script to remove, or one left');
  return out;
}

/** A scratch web root: DIST plus the large synthetic feed and its page. */
function prepareSite(dist) {
  const work = mkdtempSync(join(tmpdir(), 'statuslight-bench-site-'));
  const site = join(work, 'www');
  cpSync(dist, site, { recursive: true });
  log('generating the 20-component, 10-year, 5,000-incident feed');
  const feed = run('cargo', ['run', '-q', '-p', 'statuslight-core', '--release', '--offline', '--example', 'synth_feed', '--', LARGE_END]);
  const src = join(work, 'synth-feed.json');
  writeFileSync(src, feed);
  log('sharding it with `statuslight build`');
  run('cargo', ['run', '-q', '-p', 'statuslight-cli', '--release', '--offline', '--',
    'build', join(site, 'large'), '--feed', src, '--feed-out', 'feed.json', '--now', LARGE_END]);
  const config = JSON.parse(readFileSync(join(site, 'statuslight.json'), 'utf8'));
  config.feeds = [{ url: 'large/feed.json', kind: 'statuslight' }];
  config.language = 'en';
  config.atom = 'large/history.atom';
  writeFileSync(join(site, 'large.json'), `${JSON.stringify(config, null, 2)}\n`);
  const html = readFileSync(join(site, 'index.html'), 'utf8');
  const large = withoutPrerender(html).replace(/(<meta name="statuslight-config" content=")[^"]*(")/, '$1large.json$2');
  if (large === html) throw new Error('index.html has no <meta name="statuslight-config">');
  writeFileSync(join(site, 'large.html'), large);
  writeFileSync(join(site, 'static.html'), staticCopy(html));
  run(join(ROOT, 'scripts', 'compress.sh'), [site], { stdio: ['ignore', 'ignore', 'ignore'] });
  run('chmod', ['-R', 'a+rX', work]);
  chmodSync(work, 0o755);
  return { site, work, feedBytes: feed.length };
}

/**
 * BENCH_RUNS cold loads of `url`; with `reference` (a static page), a cold load of that
 * too in each round, in alternating order, so both see the machine in the same state.
 */
async function timed(browser, url, label, opts, reference = null) {
  const visible = [];
  const inDom = [];
  const control = [];
  const floor = [];
  // The steps to "app in control": wasm asked for and received, main returned, took over.
  const steps = { asked: [], received: [], started: [], live: [] };
  for (let i = 0; i < RUNS; i += 1) {
    const page = async () => {
      const r = await coldLoad(browser, url, opts);
      visible.push(r.probe.visible);
      inDom.push(r.probe.inDom);
      control.push(r.probe.inControl);
      steps.asked.push(r.probe.wasm?.asked);
      steps.received.push(r.probe.wasm?.received);
      steps.started.push(r.probe.started);
      steps.live.push(r.probe.live);
      await r.context.close();
    };
    const still = async () => {
      const r = await coldLoad(browser, reference, { ...opts, until: 'visible' });
      floor.push(r.probe.visible);
      await r.context.close();
    };
    if (!reference) await page();
    else if (i % 2 === 0) { await page(); await still(); } else { await still(); await page(); }
  }
  const list = (xs) => xs.map(Math.round).join(', ');
  log(`${label}: status visible ${list(visible)} ms (frame start ${list(inDom)}); in control ${list(control)} ms`);
  if (steps.asked.every((x) => x != null)) {
    log(`${label}: wasm asked for ${list(steps.asked)}, received ${list(steps.received)}; main returned ${list(steps.started)}; took over ${list(steps.live)} ms`);
  }
  const known = (xs) => (xs.every((x) => x != null) ? median(xs) : null);
  if (reference) log(`${label}: the same status as static HTML, visible ${list(floor)} ms`);
  return {
    visible: median(visible),
    inDom: median(inDom),
    control: median(control),
    steps: Object.fromEntries(Object.entries(steps).map(([k, xs]) => [k, known(xs)])),
    floor: reference ? median(floor) : null,
    // Per round: the page minus the static HTML loaded next to it.
    overFloor: reference ? median(visible.map((v, k) => v - floor[k])) : null,
  };
}

/**
 * On a release page whose published view holds, the app loads at the first interaction:
 * BENCH_RUNS cold loads, each until the starter is in control, then a click on the
 * English switch (`button.sl-lang[lang="en"]`); the time from the click to the first frame
 * after the app took over (`#sl-prerender` gone, the page in English). Null when the page
 * has no starter (the app loaded by itself).
 */
async function firstClick(browser, url, label, opts) {
  const took = [];
  for (let i = 0; i < RUNS; i += 1) {
    const r = await coldLoad(browser, url, opts);
    try {
      if (!(await r.page.evaluate(() => window.__slBench.starter))) return null;
      took.push(await r.page.evaluate(() => new Promise((done) => {
        const button = document.querySelector('#sl-prerender button.sl-lang[lang="en"]');
        const start = performance.now();
        new MutationObserver((_, mo) => {
          if (!document.getElementById('sl-prerender') && document.documentElement.lang === 'en') {
            mo.disconnect();
            requestAnimationFrame(() => done(performance.now() - start));
          }
        }).observe(document, { childList: true, subtree: true, attributes: true });
        button.click();
      })));
    } finally {
      await r.context.close();
    }
  }
  log(`${label}: first click to the app's answer ${took.map(Math.round).join(', ')} ms`);
  return median(took);
}

/**
 * Where "app in control" goes: the medians of when the wasm was asked for and received
 * (Resource Timing), when the app's `main` returned (trunk's TrunkApplicationStarted) and
 * when it took over from the published status, each after navigation start.
 */
function stepsRow(t, label, r) {
  const s = r.steps;
  if (Object.values(s).some((v) => v == null)) {
    t.row(`${label}: steps to app in control`, null, 'not measured (no wasm entry or no take-over)');
    return;
  }
  t.row(`${label}: steps to app in control (medians)`, null,
    `wasm asked ${ms(s.asked)}, received ${ms(s.received)}; main returned ${ms(s.started)}; took over ${ms(s.live)}`);
}

function bytesRows(t, name, acc, total) {
  for (const k of ['HTML', 'JS', 'wasm', 'CSS', 'feed', 'other']) {
    const a = acc[k];
    if (!a) continue;
    const what = k === 'CSS' && a.n === 0 ? 'CSS (inline in the HTML)' : `${k} (${a.n} req)`;
    t.row(`${name}: ${what}`, a.br, `${kb(a.br)} br / ${kb(a.gz)} gz / ${kb(a.raw)} raw`);
  }
  const all = acc.all;
  t.row(`${name}: all, ${all.n} requests`, all.br, `${kb(all.br)} br / ${kb(all.gz)} gz / ${kb(all.raw)} raw`, total);
  t.row(`${name}: on the wire (CDP, with headers)`, all.wire, `${kb(all.wire)}`);
}

/** Lighthouse's CLI on `url`; returns its JSON report or throws with the reason. */
async function lighthouse(url, preset, out) {
  const flags = [
    '--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
    '--no-first-run', '--disable-quic',
  ].join(' ');
  const args = [url, `--chrome-flags=${flags}`, '--output=json', `--output-path=${out}`, '--quiet',
    '--only-categories=performance,accessibility,best-practices,seo'];
  if (preset === 'desktop') args.push('--preset=desktop');
  const bin = join(ROOT, 'node_modules', '.bin', 'lighthouse');
  if (!existsSync(bin)) throw new Error('node_modules/.bin/lighthouse missing (npm ci)');
  const child = spawn(bin, args, {
    cwd: ROOT,
    env: { ...process.env, CHROME_PATH: process.env.CHROMIUM || '/usr/bin/chromium' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  child.stdout.on('data', () => {});
  const timer = setTimeout(() => child.kill('SIGKILL'), 240000);
  const code = await new Promise((r) => child.on('exit', r));
  clearTimeout(timer);
  if (code !== 0 || !existsSync(out)) throw new Error(`lighthouse exited ${code}: ${stderr.trim().split('\n').slice(-3).join(' | ')}`);
  const report = JSON.parse(readFileSync(out, 'utf8'));
  if (report.runtimeError) throw new Error(`lighthouse: ${report.runtimeError.code} ${report.runtimeError.message}`);
  return report;
}

function lighthouseRows(t, report, preset, reason) {
  const cats = ['performance', 'accessibility', 'best-practices', 'seo'];
  const budget = preset === 'mobile' ? atLeast(98, '>= 98') : undefined;
  for (const c of cats) {
    const s = report?.categories?.[c]?.score;
    t.row(`Lighthouse ${preset}: ${c}`, s == null ? null : Math.round(s * 100),
      s == null ? `not measured: ${reason || 'no score'}` : String(Math.round(s * 100)), budget);
  }
  const cls = report?.audits?.['cumulative-layout-shift']?.numericValue;
  t.row(`Lighthouse ${preset}: cumulative layout shift`, cls ?? null,
    cls == null ? `not measured: ${reason || 'no value'}` : cls.toFixed(3), preset === 'mobile' ? atMost(0, '= 0') : undefined);
  for (const a of ['first-contentful-paint', 'largest-contentful-paint', 'total-blocking-time']) {
    const v = report?.audits?.[a]?.numericValue;
    if (v != null) t.row(`Lighthouse ${preset}: ${a.replaceAll('-', ' ')}`, v, ms(v));
  }
  if (report) {
    const failing = Object.values(report.audits)
      .filter((a) => a.score != null && a.score < 1 && a.scoreDisplayMode === 'binary')
      .map((a) => a.id);
    if (failing.length) log(`lighthouse ${preset}: failing audits: ${failing.join(', ')}`);
  }
}

/** The large feed: render times after the data arrived, paging, memory. */
async function largeHistory(browser, base, t) {
  const url = `${base}large.html`;
  // The first render is timed over several cold loads (median); the last one pages.
  const loads = Math.min(RUNS, 5);
  const samples = [];
  let r;
  let first;
  for (let i = 0; i < loads; i += 1) {
    if (r) await r.context.close();
    r = await coldLoad(browser, url, { idle: true });
    await r.page.waitForSelector('.sl-month', { timeout: 60000 });
    await r.page.waitForSelector('.sl-bar', { timeout: 60000 });
    await r.page.waitForTimeout(300);
    first = await r.page.evaluate(() => {
      const b = window.__slBench;
      const feed = performance.getEntriesByType('resource').find((e) => e.name.endsWith('/large/feed.json'));
      return {
        arrived: feed ? feed.responseEnd : null,
        feedBytes: feed ? feed.encodedBodySize : null,
        month: b.seen.month ?? null,
        bar: b.seen.bar ?? null,
        bars: document.querySelectorAll('.sl-bar').length,
        months: document.querySelectorAll('.sl-month').length,
        loads: document.querySelectorAll('.sl-month__load').length,
        longBefore: b.longTasks.map((x) => x.duration),
      };
    });
    const afterData = (v) => (v == null || first.arrived == null ? null : v - first.arrived);
    samples.push({ month: afterData(first.month), bar: afterData(first.bar) });
    log(`large feed: arrived at ${ms(first.arrived)}, ${first.months} months (${first.loads} to load), ${first.bars} bars; first month ${ms(samples.at(-1).month)} and bars ${ms(samples.at(-1).bar)} after it; long tasks before paging: ${first.longBefore.map(Math.round).join(', ') || 'none'}`);
  }
  const { page, cdp } = r;
  const monthAt = median(samples.map((x) => x.month));
  const barAt = median(samples.map((x) => x.bar));
  t.row(`large: history first month after the feed arrived (median of ${loads})`, monthAt, ms(monthAt), atMost(100, '<= 100 ms'));
  t.row(`large: ${first.bars} 90-day bars after the feed arrived`, barAt, ms(barAt));
  t.row('large: current feed, encoded body as received', first.feedBytes, first.feedBytes == null ? 'n/a' : kb(first.feedBytes));

  // Page through month shards: click "Load <month>" for the newest unloaded month,
  // wait until its incidents are in (its button gone) and a frame has run.
  const pages = Math.min(12, first.loads);
  const startIndex = await page.evaluate(() => window.__slBench.longTasks.length);
  const times = [];
  for (let i = 0; i < pages; i += 1) {
    const took = await page.evaluate(() => new Promise((done, fail) => {
      const button = document.querySelector('.sl-month__load');
      if (!button) { done(null); return; }
      const month = button.closest('.sl-month').dataset.month;
      const sel = `.sl-month[data-month="${month}"] .sl-month__load`;
      const t0 = performance.now();
      const timer = setTimeout(() => fail(new Error(`month ${month} did not load in 20 s`)), 20000);
      const finished = () => {
        if (document.querySelector(sel)) return false;
        clearTimeout(timer);
        requestAnimationFrame(() => done(performance.now() - t0));
        return true;
      };
      button.click();
      if (finished()) return;
      const mo = new MutationObserver(() => { if (finished()) mo.disconnect(); });
      mo.observe(document.body, { childList: true, subtree: true, attributes: true });
    }));
    if (took == null) break;
    times.push(took);
  }
  await page.waitForTimeout(200);
  const long = await page.evaluate((i) => window.__slBench.longTasks.slice(i).map((x) => x.duration), startIndex);
  const worst = long.length ? Math.max(...long) : 0;
  log(`large: ${times.length} months loaded in ${times.map(Math.round).join(', ')} ms; long tasks while paging: ${long.map(Math.round).join(', ') || 'none'}`);
  t.row(`large: paging ${times.length} months, median click to rendered`, median(times), ms(median(times)));
  t.row(`large: paging ${times.length} months, longest task (${long.length} over 50 ms)`, times.length ? worst : null,
    times.length ? (long.length ? ms(worst) : 'none over 50 ms') : 'not measured: no month to load', atMost(50, 'no task > 50 ms'));

  await cdp.send('Performance.enable');
  const metrics = Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
  const wasmBytes = await page.evaluate(() => {
    const w = window.__slBench.wasm;
    return w && w.memory ? w.memory.buffer.byteLength : null;
  });
  t.row('large: JS heap used (CDP JSHeapUsedSize)', metrics.JSHeapUsedSize, `${(metrics.JSHeapUsedSize / 1e6).toFixed(1)} MB`);
  t.row('large: wasm linear memory', wasmBytes, wasmBytes == null ? 'n/a (no TrunkApplicationStarted detail)' : `${(wasmBytes / 1e6).toFixed(1)} MB`);
  t.row('large: DOM nodes (CDP Nodes)', metrics.Nodes, String(metrics.Nodes));
  await r.context.close();
}

function native(t) {
  log('running the native benches (cargo bench, release)');
  const out = run('cargo', ['bench', '-q', '-p', 'statuslight-core', '--offline', '--bench', 'parse', '--bench', 'uptime']);
  const lines = out.split('\n').map((l) => l.trimEnd()).filter(Boolean);
  for (const l of lines) log(`native | ${l}`);
  return lines;
}

/** The large-history section of the table; its budgets say "not measured" if it fails. */
async function largeSection(browser, base, t) {
  t.section('Large history: 20 components, 10 years, 5,000 incidents, month shards (loopback, cold)');
  try {
    await largeHistory(browser, base, t);
  } catch (e) {
    log(`large history failed: ${e.stack || e.message}`);
    t.row('large: history first month after the feed arrived', null, `not measured: ${e.message}`, atMost(100, '<= 100 ms'));
    t.row('large: paging, longest task', null, `not measured: ${e.message}`, atMost(50, 'no task > 50 ms'));
  }
}

/** BENCH_ONLY=large: the large history alone, on the same site and server as a full run. */
async function onlyLarge(dist) {
  const t = new Table();
  const { site, work } = prepareSite(dist);
  const server = await serveDir(site);
  log(`serving ${site} at ${server.url}`);
  const browser = await launchBrowser();
  try {
    await largeSection(browser, server.url, t);
  } finally {
    await browser.close();
    await server.stop();
  }
  rmSync(work, { recursive: true, force: true });
  process.stdout.write('\nStatuslight benchmark (make bench, BENCH_ONLY=large)\n');
  t.print();
}

async function main() {
  const dist = resolve(process.argv[2] || join(ROOT, 'dist'));
  if (!existsSync(join(dist, 'index.html'))) throw new Error(`no release build in ${dist}: run \`make dist\``);
  if (process.env.BENCH_ONLY === 'large') return onlyLarge(dist);
  const t = new Table();
  const { site, work } = prepareSite(dist);
  const server = await serveDir(site);
  log(`serving ${site} at ${server.url} (gzip_static${server.brotli ? ', brotli_static' : '; no brotli module: brotli sizes come from the .br files'})`);
  const browser = await launchBrowser();
  try {
    // Bytes of the first view, then the timings.
    const first = await coldLoad(browser, server.url, { idle: true });
    if (first.errors.length) log(`page errors: ${first.errors.join(' | ')}`);
    const encodings = [...new Set(first.requests.map((r) => r.encoding))].join(', ');
    await first.context.close();
    const acc = account(site, first.requests);
    t.section(`First view of the page (bytes from the served files; the browser got: ${encodings})`);
    bytesRows(t, 'page', acc);
    const code = ['JS', 'wasm', 'CSS'].reduce((s, k) => s + (acc[k]?.br || 0), 0);
    t.row('page: wasm + JS + CSS, brotli', code, kb(code), atMost(120000, '<= 120 KB'));
    // Not in the first view of a page or widget of a statuslight/1 feed published with
    // `statuslight build`: the app itself, while the view the page publishes holds
    // (crates/starter); the readers, fetched once by pages whose feeds are Statuspage v2
    // or Atom/RSS (src/readers.rs), and the summary module, fetched by widgets of a page
    // without a usable published summary (src/widget/source.rs).
    for (const [name, what] of [['web', 'the app (on a release page: at the first interaction, or when the published view no longer holds)'],
      ['readers', 'readers module (pages of Statuspage v2 / Atom / RSS feeds)'],
      ['summary', 'summary module (widgets of pages without a usable published summary)']]) {
      const parts = readdirSync(site).filter((f) => new RegExp(`^statuslight-${name}-[0-9a-f]+(\\.js|_bg\\.wasm)$`).test(f))
        .map((f) => sizesOf(site, `${server.url}${f}`));
      const sum = (k) => parts.reduce((a, r) => a + r[k], 0);
      t.row(`${what}, glue + wasm`, parts.length ? sum('br') : null,
        parts.length ? `${kb(sum('br'))} br / ${kb(sum('gz'))} gz / ${kb(sum('raw'))} raw` : 'not in this build');
    }

    t.section('First view of the widget (embed.html)');
    if (existsSync(join(site, 'embed.html'))) {
      try {
        const context = await browser.newContext({ locale: 'en-US' });
        const page = await context.newPage();
        const cdp = await context.newCDPSession(page);
        await cdp.send('Network.enable');
        await cdp.send('Network.clearBrowserCache');
        await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
        const reqs = recordRequests(cdp);
        await page.goto(`${server.url}embed.html`, { waitUntil: 'networkidle' });
        const w = account(site, reqs());
        await context.close();
        bytesRows(t, 'widget', w, atMost(90000, '<= 90 KB'));
      } catch (e) {
        t.row('widget', null, `not measured: ${e.message}`, atMost(90000, '<= 90 KB'));
      }
    } else {
      t.row('widget', null, 'widget: not built (no embed.html in the build)', atMost(90000, '<= 90 KB'));
    }

    t.section(`Status visible / app in control, cold cache, median of ${RUNS} (ms after navigation start)`);
    log('timing cold loads on loopback');
    const lo = await timed(browser, server.url, 'loopback', {}, `${server.url}static.html`);
    t.row('loopback: status visible (painted)', lo.visible, ms(lo.visible), atMost(150, '<= 150 ms'));
    t.row('loopback: the same status as static HTML, no script (painted)', lo.floor, ms(lo.floor));
    t.row('loopback: status visible minus static HTML (median of pairs)', lo.overFloor, ms(lo.overFloor));
    t.row('loopback: status in the DOM (start of its frame)', lo.inDom, ms(lo.inDom));
    t.row('loopback: app in control', lo.control, ms(lo.control), atMost(300, '<= 300 ms'));
    stepsRow(t, 'loopback', lo);
    log('timing cold loads with 4x CPU slow-down');
    const cpu = await timed(browser, server.url, '4x CPU', { cpu: 4 });
    t.row('4x CPU slow-down: status visible', cpu.visible, ms(cpu.visible), atMost(800, '<= 800 ms'));
    t.row('4x CPU slow-down: app in control', cpu.control, ms(cpu.control));
    stepsRow(t, '4x CPU', cpu);
    log('timing cold loads under slow 4G');
    const net = await timed(browser, server.url, 'slow 4G', { network: SLOW_4G });
    t.row('slow 4G (562.5 ms, 1.47/0.68 Mbit/s): status visible', net.visible, ms(net.visible), atMost(3000, '<= 3 s'));
    t.row('slow 4G: app in control', net.control, ms(net.control));
    stepsRow(t, 'slow 4G', net);
    const both = await timed(browser, server.url, 'slow 4G + 4x CPU', { network: SLOW_4G, cpu: 4 });
    t.row('slow 4G + 4x CPU (Lighthouse mobile-like): status visible', both.visible, ms(both.visible));
    // What the starter defers: the app, paid by a visitor at the first interaction.
    for (const [label, opts] of [['loopback', {}], ['slow 4G', { network: SLOW_4G }]]) {
      log(`timing the first click, ${label}`);
      const click = await firstClick(browser, server.url, label, opts);
      t.row(`${label}: first click (language switch) to the app's answer`, click,
        click == null ? 'not applicable (no starter: the app loads by itself)' : ms(click));
    }

    t.section('Lighthouse 13 (its default throttling; Debian Chromium headless, loopback)');
    if (process.env.BENCH_LIGHTHOUSE === '0') {
      lighthouseRows(t, null, 'mobile', 'skipped (BENCH_LIGHTHOUSE=0)');
    } else {
      for (const preset of ['mobile', 'desktop']) {
        log(`lighthouse ${preset}`);
        let report = null;
        let reason = '';
        try {
          report = await lighthouse(server.url, preset, join(work, `lighthouse-${preset}.json`));
        } catch (e) {
          reason = e.message;
          log(`lighthouse ${preset} not measured: ${reason}`);
        }
        lighthouseRows(t, report, preset, reason);
      }
    }

    await largeSection(browser, server.url, t);
  } finally {
    await browser.close();
    await server.stop();
  }

  t.section('Native core (cargo bench, release, same feed generator)');
  if (process.env.BENCH_NATIVE === '0') {
    t.row('native benches', null, 'skipped (BENCH_NATIVE=0)');
  } else {
    try {
      // Key lines of crates/core/benches/{parse,uptime}.rs: the 10-year feed's parse rows
      // (bytes, median, min, peak heap) and the uptime steps (median, min).
      for (const l of native(t)) {
        const parse = l.match(/^\s*(Statuslight, 10 years in one file|current feed only.*?|current \+ all .*?merged)\s+(\d+)\s+([\d.]+ms)\s+([\d.]+ms)\s+(\d+)$/);
        if (parse) {
          t.row(`native parse: ${parse[1]} (${kb(Number(parse[2]))})`, 0, `${parse[3]} median, peak heap ${(Number(parse[5]) / 1e6).toFixed(1)} MB`);
        }
        const step = l.match(/^\|\s*(build index|20 × 365 days|20 × 90-day window|index \+ days \+ windows)\s*\|\s*([\d.]+)\s*\|/);
        if (step) t.row(`native uptime: ${step[1]}`, 0, `${step[2]} ms median`);
      }
    } catch (e) {
      t.row('native benches', null, `not measured: ${e.message.split('\n')[0]}`);
    }
  }
  rmSync(work, { recursive: true, force: true });
  process.stdout.write('\nStatuslight benchmark (make bench)\n');
  t.print();
}

main().catch((e) => {
  console.error(`bench: ${e.stack || e.message}`);
  process.exitCode = 1;
});
