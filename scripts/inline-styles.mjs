// The text of a page's inline <style> elements, as a browser reads it, the CSP sources
// that allow them, and the same elements without their comments. One rule for
// scripts/csp.mjs, scripts/minify.mjs and the benchmark's byte count; the CLI's
// `statuslight build --page` applies the same rule (crates/cli/src/prerender.rs,
// `inline_style_texts`), and both are tested on the same markup.
import { createHash } from 'node:crypto';

// An HTML comment (skipped), or a <style> element: its start tag (group 1), its text
// (group 2) up to the next `</style` or the end, not consumed.
const STYLE = /<!--[\s\S]*?(?:-->|$)|(<style(?=[\t\n\f\r />])[^>]*>)([\s\S]*?)(?=<\/style|$)/gi;

/**
 * Texts of the <style> elements of `html`, in page order: the tag name in any case followed
 * by whitespace, `/` or `>`; the text up to the next `</style` (any case) or the end;
 * comments skipped; CR LF and lone CR as LF (the browser's parser does that before a
 * Content Security Policy hashes the text).
 */
export function inlineStyleTexts(html) {
  const out = [];
  for (const m of html.matchAll(STYLE)) {
    if (m[1] !== undefined) out.push(m[2].replace(/\r\n?/g, '\n'));
  }
  return out;
}

/** `'sha256-…'` for each inline style of `html`. */
export function inlineStyleSources(html) {
  return inlineStyleTexts(html).map((text) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`);
}

/**
 * `html` with the comments and blank lines of its inline <style> elements taken out (found
 * by the same rule as `inlineStyleTexts`). Strings in the CSS are kept as they are, `/*`
 * inside them included. For the release build (scripts/minify.mjs), before the styles are
 * hashed.
 */
export function withoutStyleComments(html) {
  return html.replace(STYLE, (all, open, css) => (open === undefined ? all : open + stripCssComments(css)));
}

/** `css` without its comments and blank lines; strings untouched. */
export function stripCssComments(css) {
  let out = '';
  let quote = null;
  for (let i = 0; i < css.length; i += 1) {
    const c = css[i];
    if (quote) {
      out += c;
      if (c === '\\') {
        i += 1;
        out += css[i] ?? '';
      } else if (c === quote) {
        quote = null;
      }
    } else if (c === '"' || c === "'") {
      quote = c;
      out += c;
    } else if (c === '/' && css[i + 1] === '*') {
      const end = css.indexOf('*/', i + 2);
      i = end < 0 ? css.length : end + 1;
    } else {
      out += c;
    }
  }
  return out.replace(/^[ \t]*\r?\n/gm, '');
}
