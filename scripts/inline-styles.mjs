// The text of a page's inline <style> elements, as a browser reads it, and the CSP sources
// that allow them. One rule for scripts/csp.mjs and the benchmark's byte count; the CLI's
// `statuslight build --page` applies the same rule (crates/cli/src/prerender.rs,
// `inline_style_texts`), and both are tested on the same markup.
import { createHash } from 'node:crypto';

/**
 * Texts of the <style> elements of `html`, in page order: the tag name in any case followed
 * by whitespace, `/` or `>`; the text up to the next `</style` (any case) or the end;
 * comments skipped; CR LF and lone CR as LF (the browser's parser does that before a
 * Content Security Policy hashes the text).
 */
export function inlineStyleTexts(html) {
  const out = [];
  const re = /<!--[\s\S]*?(?:-->|$)|<style(?=[\t\n\f\r />])[^>]*>([\s\S]*?)(?:<\/style|$)/gi;
  for (const m of html.matchAll(re)) {
    if (m[1] !== undefined) out.push(m[1].replace(/\r\n?/g, '\n'));
  }
  return out;
}

/** `'sha256-…'` for each inline style of `html`. */
export function inlineStyleSources(html) {
  return inlineStyleTexts(html).map((text) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`);
}
