// A/B of page variants: cold loads alternating between pages of one folder, medians of
// "status visible" and "app in control" as `make bench` defines them (scripts/bench/
// probe.mjs). For comparing two builds whose wasm is the same (only the page changed),
// or two edits of a page, on the same machine at the same time: `make bench` runs one
// build at a time, and this machine's timings drift by 20-40 % over a day.
//
//   node scripts/bench/ab.mjs DIR PAGE...      e.g. DIR=target/bench-dist index.html b.html
//
// Environment: AB_RUNS (rounds, default 15; each round loads every page once, the order
// reversed every other round), AB_NET=slow4g (Lighthouse's slow-4G profile, as
// `make bench`). A page without the app (no boot script) is timed until visible only.
// Pages are served by nginx as `make bench` serves them: add FILE.gz beside a new page
// (`gzip -9 -n -k FILE`), or it goes out uncompressed.
import { launchBrowser, serveDir } from '../../tests/e2e/support.mjs';
import { PROBE } from './probe.mjs';
import { median } from './table.mjs';

const [dir, ...pages] = process.argv.slice(2);
if (!dir || pages.length === 0) {
  console.error('usage: node scripts/bench/ab.mjs DIR PAGE...');
  process.exit(2);
}
const RUNS = Math.max(1, Number(process.env.AB_RUNS || 15));
const SLOW_4G = {
  offline: false,
  latency: 562.5,
  downloadThroughput: (1.6 * 1024 * 0.9 * 1024) / 8,
  uploadThroughput: (750 * 0.9 * 1024) / 8,
};

async function load(browser, url) {
  const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 800 } });
  try {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.clearBrowserCache');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    if (process.env.AB_NET === 'slow4g') await cdp.send('Network.emulateNetworkConditions', SLOW_4G);
    await page.addInitScript(PROBE);
    await page.goto(url, { waitUntil: 'load', timeout: 60000 });
    const app = await page.evaluate(() => document.querySelector('script[type="module"]') != null);
    await page.waitForFunction((key) => window.__slBench[key] != null, app ? 'inControl' : 'visible', { timeout: 60000, polling: 50 });
    return page.evaluate(() => ({ visible: window.__slBench.visible, control: window.__slBench.inControl }));
  } finally {
    await context.close();
  }
}

const server = await serveDir(dir);
const browser = await launchBrowser();
const samples = Object.fromEntries(pages.map((p) => [p, []]));
try {
  for (let i = 0; i < RUNS; i += 1) {
    for (const p of i % 2 ? [...pages].reverse() : pages) samples[p].push(await load(browser, server.url + p));
  }
} finally {
  await browser.close();
  await server.stop();
}
const show = (xs) => (xs.every((x) => x == null) ? 'n/a' : `${Math.round(median(xs))} ms (${xs.map(Math.round).join(', ')})`);
for (const p of pages) {
  console.log(`${p}: status visible ${show(samples[p].map((s) => s.visible))}`);
  console.log(`${p}: app in control ${show(samples[p].map((s) => s.control))}`);
}
