// One cold load of a page as `make bench` and scripts/bench/ab.mjs time it, and the
// slow-4G profile they both apply.
import { recordRequests } from './bytes.mjs';
import { PROBE } from './probe.mjs';

// Lighthouse's "mobileSlow4G" as DevTools applies it (node_modules/@paulirish/trace_engine/
// models/trace/lantern/simulation/Constants.js): 150 ms RTT x 3.75 = 562.5 ms request
// latency, 1.6 Mbit/s x 0.9 = 1,474.56 kbit/s down, 750 kbit/s x 0.9 = 675 kbit/s up.
export const SLOW_4G = {
  offline: false,
  latency: 562.5,
  downloadThroughput: (1.6 * 1024 * 0.9 * 1024) / 8,
  uploadThroughput: (750 * 0.9 * 1024) / 8,
};

/**
 * One cold load of `url`: fresh context, HTTP cache cleared and off, optional CPU and
 * network throttling, awaited until the probe has `until` (`inControl`, or `visible` for a
 * page without the app). Returns the probe's numbers and every request; the caller closes
 * the returned `context`.
 */
export async function coldLoad(browser, url, { cpu = 1, network = null, idle = false, viewport, until = 'inControl' } = {}) {
  const context = await browser.newContext({ locale: 'en-US', viewport: viewport || { width: 1280, height: 800 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.clearBrowserCache');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  if (cpu !== 1) await cdp.send('Emulation.setCPUThrottlingRate', { rate: cpu });
  if (network) await cdp.send('Network.emulateNetworkConditions', network);
  const requests = recordRequests(cdp);
  await page.addInitScript(PROBE);
  await page.goto(url, { waitUntil: 'commit' });
  try {
    await page.waitForFunction((key) => window.__slBench && window.__slBench[key] != null, until, { timeout: 60000, polling: 50 });
  } catch (e) {
    throw new Error(`${url}: the status never became visible (${errors.join('; ') || e.message})`);
  }
  if (idle) await page.waitForLoadState('networkidle');
  const probe = await page.evaluate(() => {
    const b = window.__slBench;
    // The page's first wasm as Resource Timing saw it: the starter's on a release page
    // with a published view, else the app's (none for a page without either).
    const w = performance.getEntriesByType('resource').find((e) => /\/statuslight-(starter|web)-[0-9a-f]+_bg\.wasm$/.test(e.name));
    const wasm = w ? { asked: w.startTime, received: w.responseEnd } : null;
    return { visible: b.visible, inDom: b.inDom, fcp: b.fcp, started: b.started, live: b.live, inControl: b.inControl, seen: b.seen, shift: b.shift, wasm };
  });
  return { probe, requests: requests(), page, context, cdp, errors };
}
