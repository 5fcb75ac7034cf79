#!/usr/bin/env node
// A load run on the static deploy: nginx serving a release build on 127.0.0.1, under wrk.
// Not a test (nothing is asserted): it prints requests per second, errors and latency for
// the page, the wasm and the feed, and the bytes of one first view.
// Usage: node scripts/load-test.mjs [DIST] [SECONDS]   (defaults: target/e2e-dist, 30)
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { serveDist } from '../tests/e2e/support.mjs';

const dist = resolve(process.argv[2] || 'target/e2e-dist');
const seconds = Number(process.argv[3] || 30);
process.env.STATUSLIGHT_DIST = dist;
const server = await serveDist({ subPath: '/status/', dist });
const wasm = readdirSync(dist).find((f) => f.endsWith('_bg.wasm') && f.startsWith('statuslight-web'));
const targets = { page: '', wasm, feed: 'demo/feed.json' };
try {
  for (const [name, path] of Object.entries(targets)) {
    const out = execFileSync('wrk', ['-t2', '-c64', `-d${seconds}s`, '--latency', server.url + path], { encoding: 'utf8' });
    const rps = out.match(/Requests\/sec:\s+([\d.]+)/)?.[1];
    const transfer = out.match(/Transfer\/sec:\s+(\S+)/)?.[1];
    const errors = out.match(/Non-2xx or 3xx responses: (\d+)/)?.[1] ?? '0';
    const socket = out.match(/Socket errors: (.*)/)?.[1] ?? 'none';
    const p50 = out.match(/50%\s+(\S+)/)?.[1];
    const p99 = out.match(/99%\s+(\S+)/)?.[1];
    console.log(`${name.padEnd(5)} ${String(rps).padStart(10)} req/s  ${transfer}/s  p50 ${p50}  p99 ${p99}  non-2xx ${errors}  socket errors ${socket}`);
  }
  // One first view: the page, what it references, the wasm its glue loads, the
  // configuration and the feed.
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const referenced = [...html.matchAll(/(?:src|href)="(?:\/status\/|\.?\/)?([^"#:]+\.(?:js|css))"/g)].map((m) => m[1]);
  const glue = referenced.find((f) => f.startsWith('statuslight-web-'));
  const first = ['index.html', ...new Set(referenced), glue.replace(/\.js$/, '_bg.wasm'), 'statuslight.json', 'demo/feed.json'];
  const size = (f) => statSync(join(dist, f)).size;
  const br = (f) => (existsSync(join(dist, `${f}.br`)) ? size(`${f}.br`) : size(f));
  const raw = first.reduce((n, f) => n + size(f), 0);
  const brotli = first.reduce((n, f) => n + br(f), 0);
  console.log(`first view: ${first.length} requests, ${raw} bytes raw, ${brotli} bytes brotli (${first.join(', ')})`);
} finally {
  await server.stop();
}
