// The in-page probe `make bench` installs before any of the page's own scripts run
// (page.addInitScript). It records, in milliseconds of performance.now() (0 = navigation
// start, the page's time origin):
//
// - seen[name]: when each watched selector first matched, taken at the first
//   requestAnimationFrame callback after a MutationObserver saw the element in the DOM,
//   i.e. the start of the frame that paints it;
// - inDom: seen.banner and seen.component both set (the overall banner `.sl-banner` and
//   at least one component row `.sl-component`), the later of the two: the start of the
//   frame that paints them, before that frame's style, layout and paint;
// - fcp: the page's first contentful paint (Paint Timing), when its pixels were presented;
// - visible: "status visible" = the later of inDom and fcp. For the status published in
//   the HTML, which is all in the first paint, that is the first contentful paint; for a
//   status the app renders after a first paint of something else, it is the frame start
//   (inDom), a few to tens of milliseconds before its pixels;
// - started: trunk's `TrunkApplicationStarted` event: the wasm module is instantiated and
//   its `main` has run, so Leptos has mounted and attached its event handlers; or, on a
//   release page whose published view still holds, the starter's `StatuslightStarterLive`
//   (it fetched the configuration and feeds and found them the published bytes, and
//   listens for the first interaction: `starter` is then true);
// - live: the app has taken over from the status prerendered into the HTML and shows its
//   own feed, or the starter has found that status current (`<html data-sl-app="live">`,
//   set by either in the task that renders or checks it),
//   at the first requestAnimationFrame after;
// - inControl: "app in control" = the first moment after `visible`, `started` and `live`
//   at which the main thread is free again (a setTimeout(0) queued then fires);
// - longTasks: every PerformanceObserver `longtask` entry (main-thread tasks over 50 ms);
// - shift: the cumulative layout shift without recent input.
export const PROBE = `(() => {
  const b = (window.__slBench = {
    seen: {}, inDom: null, fcp: null, visible: null, started: null, live: null, inControl: null, longTasks: [], shift: 0, wasm: null, starter: false,
  });
  const watch = {
    banner: '.sl-banner', component: '.sl-component', month: '.sl-month', bar: '.sl-bar',
  };
  const pending = new Set(Object.keys(watch));
  const control = () => {
    if (b.visible != null && b.started != null && b.live != null && b.inControl == null && !b.controlQueued) {
      b.controlQueued = true;
      setTimeout(() => { b.inControl = performance.now(); }, 0);
    }
  };
  const settle = () => {
    if (b.visible == null && b.inDom != null && b.fcp != null) {
      b.visible = Math.max(b.inDom, b.fcp);
      control();
    }
  };
  const check = () => {
    for (const name of [...pending]) {
      if (document.querySelector(watch[name])) {
        pending.delete(name);
        requestAnimationFrame(() => {
          b.seen[name] = performance.now();
          if (b.inDom == null && b.seen.banner != null && b.seen.component != null) {
            b.inDom = Math.max(b.seen.banner, b.seen.component);
            settle();
          }
        });
      }
    }
    if (pending.size === 0) mo.disconnect();
  };
  const mo = new MutationObserver(check);
  mo.observe(document, { childList: true, subtree: true });
  const liveMo = new MutationObserver(() => {
    if (document.documentElement?.getAttribute('data-sl-app') === 'live') {
      liveMo.disconnect();
      requestAnimationFrame(() => { b.live = performance.now(); control(); });
    }
  });
  liveMo.observe(document, { attributes: true, attributeFilter: ['data-sl-app'], subtree: true });
  addEventListener('TrunkApplicationStarted', (e) => {
    b.started = performance.now();
    b.wasm = (e.detail && e.detail.wasm) || null;
    control();
  });
  // The release page's starter: it found the published view current, so the page is live
  // without the app (crates/starter).
  addEventListener('StatuslightStarterLive', () => {
    if (b.started == null) b.started = performance.now();
    b.starter = true;
    control();
  });
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) b.longTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch (_) {}
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        if (e.name === 'first-contentful-paint' && b.fcp == null) { b.fcp = e.startTime; settle(); }
      }
    }).observe({ type: 'paint', buffered: true });
  } catch (_) {}
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) if (!e.hadRecentInput) b.shift += e.value;
    }).observe({ type: 'layout-shift', buffered: true });
  } catch (_) {}
})();`;
