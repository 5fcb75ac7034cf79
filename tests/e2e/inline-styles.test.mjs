// The rule for a page's inline styles (scripts/inline-styles.mjs): the same markup and the
// same answer as the CLI's test of `inline_style_texts` (crates/cli/src/prerender.rs).
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { inlineStyleSources, inlineStyleTexts } from '../../scripts/inline-styles.mjs';

const MARKUP = '<!-- <style>x</style> --><STYLE id=a>a{b:c}\r\nd{}\re{}</Style>'
  + '<styles>no</styles><style/>f{}</style><style\tmedia="x">g{}</style ><p>h</p><style>i{}';

test('inline styles are read as a browser reads them, and hashed for the policy', () => {
  assert.deepEqual(inlineStyleTexts(MARKUP), ['a{b:c}\nd{}\ne{}', 'f{}', 'g{}', 'i{}']);
  assert.deepEqual(inlineStyleSources('<style>f{}</style>'), ["'sha256-fi3gCNE/a7oaigWWvlwZA3HDUvVzee94GpLVozcYS1I='"]);
});
