// Shared by the end-to-end tests: a real nginx on 127.0.0.1 serving a copy of the release
// build under a sub-path, and headless Chromium driven by playwright-core.
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, writeFileSync, chmodSync, rmSync, mkdirSync, existsSync, readFileSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';

export const ROOT = resolve(import.meta.dirname, '..', '..');
export const DIST = join(ROOT, 'target', 'e2e-dist');
export const SCREENSHOTS = join(ROOT, 'docs', 'screenshots');

/** A free TCP port on 127.0.0.1. */
async function freePort() {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.on('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => ok(port));
    });
  });
}

async function waitForPort(port, ms = 10000) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    const up = await new Promise((ok) => {
      const s = connect(port, '127.0.0.1', () => { s.end(); ok(true); });
      s.on('error', () => ok(false));
    });
    if (up) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`nothing listened on 127.0.0.1:${port} within ${ms} ms`);
}

/**
 * Start nginx on 127.0.0.1 with its files in `work`: `http` is extra http-level config,
 * `server` the server block's body (the port is filled in). Returns { port, stop }.
 */
async function startNginx(work, { preamble = '', http = '', server }) {
  const port = await freePort();
  const conf = join(work, 'nginx.conf');
  writeFileSync(conf, `
${preamble}
worker_processes 1;
pid ${work}/nginx.pid;
error_log ${work}/error.log warn;
events { worker_connections 256; }
http {
  include /etc/nginx/mime.types;
  default_type application/octet-stream;
  access_log ${work}/access.log;
  client_body_temp_path ${work}/client_body;
  proxy_temp_path ${work}/proxy;
  fastcgi_temp_path ${work}/fastcgi;
  uwsgi_temp_path ${work}/uwsgi;
  scgi_temp_path ${work}/scgi;
  ${http}
  server {
    listen 127.0.0.1:${port};
    ${server}
  }
}
`);
  const nginx = spawn('nginx', ['-p', work, '-c', conf, '-g', 'daemon off;'], {
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const exited = new Promise((r) => nginx.on('exit', r));
  await waitForPort(port);
  return {
    port,
    async stop() {
      nginx.kill('SIGTERM');
      await exited;
      rmSync(work, { recursive: true, force: true });
    },
  };
}

/**
 * Copy the release build to a fresh web root under `subPath` and serve it with nginx.
 * Returns { url, site, stop }: `url` is the page's address, `site` the folder served.
 * `headers` ({ name: value }) are added to every answer (e.g. CORS for the widget's
 * tests); `dist` serves another build than target/e2e-dist.
 */
export async function serveDist({ subPath = '/status/', headers = {}, dist = DIST } = {}) {
  if (!existsSync(join(dist, 'index.html'))) {
    throw new Error(`no release build in ${dist}: run it through \`make test-e2e\``);
  }
  const work = mkdtempSync(join(tmpdir(), 'statuslight-e2e-'));
  const webRoot = join(work, 'www');
  const site = join(webRoot, ...subPath.split('/').filter(Boolean));
  mkdirSync(site, { recursive: true });
  cpSync(dist, site, { recursive: true });
  // nginx's workers run as an unprivileged user when started as root.
  for (const dir of [work, webRoot]) chmodSync(dir, 0o755);
  const { port, stop } = await startNginx(work, {
    server: `root ${webRoot};
    location ${subPath} {
      try_files $uri $uri/ =404;${Object.entries(headers)
    .map(([name, value]) => `\n      add_header ${name} "${value}" always;`).join('')}
    }`,
  });
  return { url: `http://127.0.0.1:${port}${subPath}`, site, stop };
}

/** The operator CLI that `make dist` built (in $CARGO_TARGET_DIR when that is set). */
export const CLI = join(resolve(ROOT, process.env.CARGO_TARGET_DIR || 'target'), 'release', 'statuslight');

/** The real feeds under ../shared/fixtures (or $STATUSLIGHT_FIXTURES); fails if missing. */
export function fixtures() {
  const dir = process.env.STATUSLIGHT_FIXTURES || join(ROOT, '..', 'shared', 'fixtures');
  if (!existsSync(join(dir, 'statuspage-v2'))) {
    throw new Error(`the real-feed fixtures are missing: no ${dir}/statuspage-v2`);
  }
  return dir;
}

/** Run axe-core in the page; return its serious and critical violations. */
export async function axeViolations(page) {
  const source = readFileSync(join(ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
  // Evaluated through the debugging protocol, so the page's CSP does not apply to it.
  await page.evaluate(`${source}\n;0`);
  const result = await page.evaluate(() =>
    // eslint-disable-next-line no-undef
    axe.run(document, { resultTypes: ['violations'] }));
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).slice(0, 5).join(', ')}`);
}

/**
 * Headless Debian Chromium, kept off the network but for loopback. `options` go to
 * playwright's `launch` (e.g. `{ ignoreDefaultArgs: ['--hide-scrollbars'] }` for
 * scrollbars that take room, as on a desktop).
 */
export async function launchBrowser(options = {}) {
  const { args: extra = [], ...rest } = options;
  return chromium.launch({
    ...rest,
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: [
      ...extra,
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

/**
 * `html` (a built index.html) without the status `statuslight build --page` wrote into
 * it, for pages made from it that show another feed.
 */
export function withoutPrerender(html) {
  return html
    .replace(/<!-- statuslight:prerender -->[\s\S]*?<!-- \/statuslight:prerender -->/, '<!-- statuslight:prerender -->')
    .replace(/<style id="sl-prerender-style">[\s\S]*?<\/style>/, '');
}

/**
 * Wait until the app has taken over from the prerendered status (`<html data-sl-app>`:
 * `live`, or `failed` when it could not load its feed).
 */
export async function appSettled(page, state = 'live') {
  await page.locator(`html[data-sl-app="${state}"]`).waitFor({ state: 'attached' });
}

/**
 * A new page that records console errors, failed requests and every request's URL, so a
 * test can assert that nothing broke quietly.
 */
export async function newPage(browser, options = {}) {
  const context = await browser.newContext({ locale: 'en-US', ...options });
  const page = await context.newPage();
  const record = { errors: [], failed: [], requests: [] };
  page.on('console', (m) => { if (m.type() === 'error') record.errors.push(m.text()); });
  page.on('pageerror', (e) => record.errors.push(String(e)));
  page.on('requestfailed', (r) => record.failed.push(`${r.url()} ${r.failure()?.errorText}`));
  page.on('request', (r) => record.requests.push(r.url()));
  // Content Security Policy violations, reported by the page itself.
  await page.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  record.cspViolations = () => page.evaluate(() => window.__cspViolations || []);
  return { page, context, record };
}

/**
 * Serve the folder `dir` as it is (no copy) at the web root with nginx on 127.0.0.1, the
 * way a static host with pre-compressed files would: `gzip_static` answers with FILE.gz
 * when the browser accepts gzip, and when Debian's brotli module
 * (libnginx-mod-http-brotli-static) is installed, `brotli_static` answers with FILE.br.
 * Nothing is compressed on the fly. Used by `make bench`. Returns { url, brotli, stop }:
 * `brotli` says whether the brotli module was loaded.
 */
export async function serveDir(dir) {
  if (!existsSync(join(dir, 'index.html'))) throw new Error(`no index.html in ${dir}`);
  const work = mkdtempSync(join(tmpdir(), 'statuslight-bench-'));
  chmodSync(work, 0o755);
  const brotliModule = '/usr/lib/nginx/modules/ngx_http_brotli_static_module.so';
  const brotli = existsSync(brotliModule);
  const { port, stop } = await startNginx(work, {
    preamble: brotli ? `load_module ${brotliModule};` : '',
    http: `sendfile on;
  tcp_nodelay on;
  gzip_static on;
  gzip_vary on;
  ${brotli ? 'brotli_static on;' : ''}`,
    server: `root ${resolve(dir)};
    location / {
      try_files $uri $uri/ =404;
    }`,
  });
  return { url: `http://127.0.0.1:${port}/`, brotli, stop };
}
