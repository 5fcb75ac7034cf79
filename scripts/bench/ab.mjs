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
// `make bench`), AB_CPU=N (CPU slowed down N times, e.g. 4 as `make bench`'s 4x row). A
// page without the app (no boot script) is timed until visible only.
// Pages are served by nginx as `make bench` serves them: add FILE.gz beside a new page
// (`gzip -9 -n -k FILE`), or it goes out uncompressed.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { launchBrowser, serveDir } from '../../tests/e2e/support.mjs';
import { SLOW_4G, coldLoad } from './load.mjs';
import { median } from './table.mjs';

const [dir, ...pages] = process.argv.slice(2);
if (!dir || pages.length === 0) {
  console.error('usage: node scripts/bench/ab.mjs DIR PAGE...');
  process.exit(2);
}
const RUNS = Math.max(1, Number(process.env.AB_RUNS || 15));
const network = process.env.AB_NET === 'slow4g' ? SLOW_4G : null;
const cpu = Math.max(1, Number(process.env.AB_CPU || 1) || 1);
// A page with a module script starts the app; one without is only painted.
const until = Object.fromEntries(pages.map((p) => [p, /<script type="module"/.test(readFileSync(join(dir, p), 'utf8')) ? 'inControl' : 'visible']));

async function load(browser, base, p) {
  const r = await coldLoad(browser, base + p, { cpu, network, until: until[p] });
  await r.context.close();
  return { visible: r.probe.visible, control: r.probe.inControl };
}

const server = await serveDir(dir);
const browser = await launchBrowser();
const samples = Object.fromEntries(pages.map((p) => [p, []]));
try {
  for (let i = 0; i < RUNS; i += 1) {
    for (const p of i % 2 ? [...pages].reverse() : pages) samples[p].push(await load(browser, server.url, p));
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
