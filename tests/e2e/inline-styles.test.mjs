// The rule for a page's inline styles (scripts/inline-styles.mjs): the same markup and the
// same answer as the CLI's test of `inline_style_texts` (crates/cli/src/prerender.rs).
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { inlineStyleSources, inlineStyleTexts, stripCssComments, withoutStyleComments } from '../../scripts/inline-styles.mjs';

const MARKUP = '<!-- <style>x</style> --><STYLE id=a>a{b:c}\r\nd{}\re{}</Style>'
  + '<styles>no</styles><style/>f{}</style><style\tmedia="x">g{}</style ><p>h</p><style>i{}';

test('inline styles are read as a browser reads them, and hashed for the policy', () => {
  assert.deepEqual(inlineStyleTexts(MARKUP), ['a{b:c}\nd{}\ne{}', 'f{}', 'g{}', 'i{}']);
  assert.deepEqual(inlineStyleSources('<style>f{}</style>'), ["'sha256-fi3gCNE/a7oaigWWvlwZA3HDUvVzee94GpLVozcYS1I='"]);
});

test('the release build takes the comments out of inline styles, and only there', () => {
  assert.equal(stripCssComments('/* a */\na { b: c; } /* d\n e */\n  /* f */\ng{}'), 'a { b: c; } \ng{}');
  // Strings keep what looks like a comment, escaped quotes included; an unclosed comment ends the text.
  assert.equal(stripCssComments('a::after { content: "/* x */ \\" /*"; } /* y'), 'a::after { content: "/* x */ \\" /*"; } ');
  assert.equal(stripCssComments("a { b: '/*'; }"), "a { b: '/*'; }");
  assert.equal(
    withoutStyleComments('<!-- <style>/* kept */</style> --><p>/* text */</p><STYLE media=x>/* c */a{}</style>'),
    '<!-- <style>/* kept */</style> --><p>/* text */</p><STYLE media=x>a{}</style>',
  );
});
