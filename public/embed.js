// Statuslight's embeddable widget: a status page's status on anyone's page.
//
//   <script type="module" src="https://status.example.com/embed.js"></script>
//   <statuslight-widget src="https://status.example.com/" components="messaging,calls"
//     lang="ko" theme="auto" size="compact" hide-when-operational></statuslight-widget>
//
// Sizes: badge, compact, card, banner. Each element renders into its own shadow root;
// the WebAssembly module is fetched and instantiated once however many widgets the page
// has, and all widgets of one status page share its feed fetches. Nothing here touches
// the host's <head>, <body>, history or link clicks. See docs/widget.md.
//
// `make dist` writes the hashed names of the widget's build into the two constants below.
const GLUE = '__STATUSLIGHT_EMBED_GLUE__';
const WASM = '__STATUSLIGHT_EMBED_WASM__';

const OPTIONS = ['src', 'components', 'lang', 'theme', 'size', 'hide-when-operational', 'transparent'];

let module;

/** The widget's module, imported and instantiated on first use, once per page. */
function load() {
  if (!module) {
    const glue = new URL(GLUE, import.meta.url).href;
    const wasm = new URL(WASM, import.meta.url).href;
    module = import(glue).then(async (m) => {
      await m.default({ module_or_path: wasm });
      return m;
    });
    module.catch(() => { module = undefined; });
  }
  return module;
}

class StatuslightWidget extends HTMLElement {
  static get observedAttributes() { return OPTIONS; }

  #root;
  #mounted = null;
  #queued = false;
  #generation = 0;

  constructor() {
    super();
    this.#root = this.attachShadow({ mode: 'open' });
  }

  connectedCallback() { this.#schedule(); }

  disconnectedCallback() {
    this.#generation += 1;
    this.#unmount();
  }

  attributeChangedCallback() {
    if (this.isConnected) this.#schedule();
  }

  /** Re-render once for any number of attribute changes in the same task. */
  #schedule() {
    if (this.#queued) return;
    this.#queued = true;
    queueMicrotask(() => {
      this.#queued = false;
      this.#render();
    });
  }

  async #render() {
    const generation = ++this.#generation;
    const params = new URLSearchParams();
    for (const name of OPTIONS) {
      const value = this.getAttribute(name);
      if (value !== null) params.set(name, value);
    }
    let m;
    try {
      m = await load();
    } catch (e) {
      console.error('statuslight-widget: could not load the widget', e);
      return;
    }
    if (generation !== this.#generation || !this.isConnected) return;
    this.#unmount();
    this.#mounted = m.mount(this.#root, params.toString());
  }

  #unmount() {
    if (this.#mounted) {
      this.#mounted.free();
      this.#mounted = null;
    }
  }
}

if (!customElements.get('statuslight-widget')) {
  customElements.define('statuslight-widget', StatuslightWidget);
}
