//! Safe rich text for incident bodies.
//!
//! Feeds write their bodies as plain text, Markdown or HTML, and some feeds are hostile.
//! [`parse_body`] reads a body into a small tree ([`Block`], [`Inline`]) that the UI
//! renders node by node with ordinary elements and text nodes: no HTML from a feed is ever
//! handed to the browser as markup.
//!
//! # Rules
//!
//! - **Which markup.** [`detect_markup`] calls a body HTML when it contains a tag of a
//!   known HTML element (`<p>`, `<br />`, `</li>`, `<script …>`, `<SPAN>`, …) or an HTML
//!   comment; anything else is read as Markdown. Plain prose reads the same as Markdown
//!   except for paired `*` / `_`, backticks, `[text](url)` and lines starting with a list
//!   marker, which is what such text means anyway. [`parse_body_as`] skips the guess
//!   ([`Markup::Plain`] keeps every character as text).
//! - **Allowlist.** Paragraphs, line breaks, lists, bold, italic, inline code, code blocks
//!   and links. Everything else becomes its text: unknown tags are dropped and their
//!   content kept; headings (`<h1>`…`<h6>`, `#`, setext) become a bold paragraph; table
//!   cells are separated by a space; images are dropped (HTML) or reduced to their alt
//!   text (Markdown). The content of `script`, `style`, `textarea`, `title`, `xmp`,
//!   `iframe`, `noembed`, `noframes`, `noscript` and `plaintext` is dropped unread; the
//!   content of `svg`, `math`, `template`, `head`, `object`, `select`, `video`, `audio`
//!   and `canvas` is dropped too. Attributes other than `<a href>` are never read.
//! - **Links.** Only `http:`, `https:` and `mailto:` links survive ([`safe_href`]). The
//!   scheme is compared case-insensitively after entities are decoded and after all
//!   whitespace, control, bidi and invisible format characters are removed, so
//!   `java\tscript:`, `JaVaScRiPt:` and `javascript&#58;` are all rejected. `http(s)`
//!   needs `//` and a host. Relative links (`/x`, `//host`, `x.html`) are dropped: the
//!   body is shown on another origin than the one it was written for, so there is no safe
//!   base to resolve them against. A dropped link keeps its text. Bare `http(s)://` URLs
//!   in text and Markdown `<https://…>` / `<user@host>` autolinks become links (trailing
//!   `.,:;!?'*_~` and unmatched brackets are left out of the URL, which ends before a `)` or
//!   `]` that closes nothing; in Markdown, not inside `[…]`). A link never contains
//!   another link. Hrefs longer than [`MAX_HREF_BYTES`] or containing `"`, `<`, `>` or
//!   `` ` `` are dropped.
//! - **Text.** Entities are decoded, named (the HTML 4 set plus the HTML 5 punctuation
//!   names such as `&colon;`) and numeric, with or without the final `;` for numeric
//!   ones; `&#0;`, surrogates and out-of-range code points become U+FFFD and `&#128;`…
//!   `&#159;` are read as Windows-1252, as browsers do. Unknown names stay as written.
//!   Runs of white space (space, tab, CR, LF, form feed, U+2028/9) collapse to one space
//!   and are trimmed at line starts and ends, as HTML renders them; `&nbsp;` is kept as
//!   U+00A0. In Markdown and plain text every newline inside a paragraph is a line break
//!   (status updates are written that way), a blank line separates paragraphs.
//! - **Bidi and controls.** Bidi controls (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F,
//!   U+061C) are **removed**, not neutralised, from all text, code and hrefs; so are C0 and
//!   C1 control characters other than white space, and U+FEFF. The UI should still render
//!   feed text in its own isolate (`<bdi>` or `dir="auto"`) so right-to-left text cannot
//!   reorder the page around it.
//! - **Markdown.** CommonMark-like: `*a*` / `_a_` italic, `**a**` / `__a__` bold
//!   (flanking rules, so `snake_case_name` stays text), `` `code` `` spans, backslash
//!   escapes, `[text](url)` links (no titles, no reference links, at most 8 levels of
//!   balanced parentheses in the URL), `![alt](src)` as its alt text, `-` / `*` / `+` and
//!   `1.` / `1)` lists (an ordered list interrupts a paragraph only when it starts at 1),
//!   fenced code blocks (```` ``` ```` or `~~~`), `#` headings, `>` quotes (the marker is
//!   dropped), `---` rules (dropped). Indented code blocks are not recognised (plain text
//!   is often indented). Raw HTML inside Markdown is text.
//! - **Lists** are flat: nested lists are merged into their outermost list, and a
//!   list's numbering always starts at 1.
//! - **Limits.** Input longer than [`RichOptions::max_bytes`] is cut at the last char
//!   boundary within the limit and [`ELLIPSIS`] is appended to the last block; a tag or
//!   construct cut in half is dropped. So the text in the tree (text, code, not hrefs) is
//!   at most `max_bytes + ELLIPSIS.len()` bytes. Inline nesting (bold in italic in link …)
//!   stops at [`RichOptions::max_depth`] (never above [`HARD_MAX_DEPTH`]): deeper
//!   formatting is ignored, its text kept. Every step is linear in the input: closers are
//!   searched only through the bounded stack of open elements, and every forward scan
//!   (comments, raw text, link destinations, autolinks, code spans) resumes where it
//!   stopped.

use std::borrow::Cow;
use std::collections::{HashMap, VecDeque};
use std::fmt::Write as _;

/// Appended when a body is cut at [`RichOptions::max_bytes`]; also ends truncated
/// [`sanitize_inline_text`] output.
pub const ELLIPSIS: &str = "\u{2026}";

/// The largest [`RichOptions::max_depth`] honoured, whatever is configured.
pub const HARD_MAX_DEPTH: usize = 64;

/// Longer hrefs are dropped (their text is kept).
pub const MAX_HREF_BYTES: usize = 4096;

/// Limits for [`parse_body`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RichOptions {
    /// Input bytes read; the rest is cut off and marked with [`ELLIPSIS`]. Default 64 KiB.
    pub max_bytes: usize,
    /// Deepest inline nesting kept (bold, italic, link). Default 16, at most
    /// [`HARD_MAX_DEPTH`].
    pub max_depth: usize,
}

impl Default for RichOptions {
    fn default() -> Self {
        RichOptions {
            max_bytes: 64 * 1024,
            max_depth: 16,
        }
    }
}

/// How a body is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Markup {
    /// Text only: paragraphs, line breaks and bare URLs.
    Plain,
    Markdown,
    Html,
}

/// A block of a body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Block {
    Paragraph(Vec<Inline>),
    /// Never empty; items are never empty.
    List {
        ordered: bool,
        items: Vec<Vec<Inline>>,
    },
    /// Preformatted text, shown as is (never empty).
    Code(String),
}

/// A piece of text inside a block.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Inline {
    Text(String),
    Bold(Vec<Inline>),
    Italic(Vec<Inline>),
    Code(String),
    /// `href` always starts with `http://`, `https://` or `mailto:`; never nested.
    Link {
        href: String,
        children: Vec<Inline>,
    },
    LineBreak,
}

/// Read a body, guessing its markup with [`detect_markup`].
pub fn parse_body(input: &str, opts: &RichOptions) -> Vec<Block> {
    let (text, cut) = truncate_bytes(input, opts.max_bytes);
    finish_body(parse_prefix(text, detect_markup(text), opts), cut)
}

/// Read a body written in a known markup.
pub fn parse_body_as(input: &str, markup: Markup, opts: &RichOptions) -> Vec<Block> {
    let (text, cut) = truncate_bytes(input, opts.max_bytes);
    finish_body(parse_prefix(text, markup, opts), cut)
}

/// [`Markup::Html`] when the input contains a tag of a known HTML element or an HTML
/// comment, else [`Markup::Markdown`].
pub fn detect_markup(input: &str) -> Markup {
    let b = input.as_bytes();
    let mut i = 0;
    while let Some(p) = b[i..].iter().position(|&c| c == b'<') {
        let lt = i + p;
        i = lt + 1;
        if b[i..].starts_with(b"!--") {
            return Markup::Html;
        }
        let start = if b.get(i) == Some(&b'/') { i + 1 } else { i };
        let len = b[start..]
            .iter()
            .take(12)
            .take_while(|c| c.is_ascii_alphanumeric())
            .count();
        if len == 0 || len > 10 {
            continue;
        }
        let ends = b
            .get(start + len)
            .is_some_and(|c| c.is_ascii_whitespace() || *c == b'>' || *c == b'/');
        let name = input[start..start + len].to_ascii_lowercase();
        if ends && HTML_TAGS.contains(&name.as_str()) {
            return Markup::Html;
        }
    }
    Markup::Markdown
}

/// The text of a body: paragraphs and blocks separated by a blank line, line breaks as
/// `\n`, list items on their own line after `- ` or `1. `, code as is.
pub fn plain_text(blocks: &[Block]) -> String {
    let mut out = String::new();
    for (k, block) in blocks.iter().enumerate() {
        if k > 0 {
            out.push_str("\n\n");
        }
        match block {
            Block::Paragraph(inl) => inline_text(inl, &mut out),
            Block::List { ordered, items } => {
                for (n, item) in items.iter().enumerate() {
                    if n > 0 {
                        out.push('\n');
                    }
                    if *ordered {
                        let _ = write!(out, "{}. ", n + 1);
                    } else {
                        out.push_str("- ");
                    }
                    inline_text(item, &mut out);
                }
            }
            Block::Code(code) => out.push_str(code),
        }
    }
    out
}

fn inline_text(nodes: &[Inline], out: &mut String) {
    for node in nodes {
        match node {
            Inline::Text(t) | Inline::Code(t) => out.push_str(t),
            Inline::Bold(c) | Inline::Italic(c) | Inline::Link { children: c, .. } => {
                inline_text(c, out)
            }
            Inline::LineBreak => out.push('\n'),
        }
    }
}

/// One line of text for titles, names, tooltips and labels: bidi controls, other control
/// characters and U+FEFF removed, every run of white space (including newlines) made one
/// space, trimmed, and cut to at most `max_chars` chars, the last of which is then
/// [`ELLIPSIS`]. Stops reading once the limit is passed, so a huge input costs little.
pub fn sanitize_inline_text(s: &str, max_chars: usize) -> String {
    if max_chars == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut count = 0;
    let mut pending_space = false;
    let mut truncated = false;
    for c in s.chars() {
        if c.is_whitespace() {
            pending_space = count > 0;
            continue;
        }
        if is_dropped(c) {
            continue;
        }
        if pending_space {
            out.push(' ');
            count += 1;
            pending_space = false;
        }
        out.push(c);
        count += 1;
        if count > max_chars {
            truncated = true;
            break;
        }
    }
    if truncated {
        let keep = out
            .char_indices()
            .nth(max_chars - 1)
            .map_or(out.len(), |(i, _)| i);
        out.truncate(keep);
        let trimmed = out.trim_end_matches(|c: char| c.is_whitespace() || c == '\u{200D}');
        out.truncate(trimmed.len());
        out.push_str(ELLIPSIS);
    }
    out
}

/// The href to keep for a link target, or `None` when it must not be a link: only
/// `http://host…`, `https://host…` and `mailto:…`. Entities must already be decoded.
/// White space, control, bidi and invisible format characters are removed first; the
/// scheme is returned in lower case.
pub fn safe_href(raw: &str) -> Option<String> {
    let cleaned: String = raw
        .chars()
        .filter(|&c| !(c.is_whitespace() || is_dropped(c) || is_invisible(c)))
        .collect();
    if cleaned.len() > MAX_HREF_BYTES || cleaned.contains(['"', '<', '>', '`']) {
        return None;
    }
    let colon = cleaned.find(':')?;
    let (scheme, rest) = (&cleaned[..colon], &cleaned[colon + 1..]);
    if scheme.contains(['/', '?', '#']) {
        return None;
    }
    let scheme = scheme.to_ascii_lowercase();
    let ok = match scheme.as_str() {
        "http" | "https" => rest
            .strip_prefix("//")
            .and_then(|r| r.chars().next())
            .is_some_and(|c| !matches!(c, '/' | '?' | '#' | '\\')),
        "mailto" => !rest.is_empty(),
        _ => false,
    };
    ok.then(|| format!("{scheme}:{rest}"))
}

// ---------------------------------------------------------------------------------------
// Shared pieces.

#[rustfmt::skip]
const HTML_TAGS: &[&str] = &[
    "a", "abbr", "address", "article", "aside", "audio", "b", "base", "blockquote", "body",
    "br", "button", "canvas", "caption", "center", "cite", "code", "dd", "del", "details",
    "dfn", "div", "dl", "dt", "em", "embed", "fieldset", "figcaption", "figure", "font",
    "footer", "form", "frame", "frameset", "h1", "h2", "h3", "h4", "h5", "h6", "head",
    "header", "hr", "html", "i", "iframe", "img", "input", "ins", "kbd", "label", "li",
    "link", "main", "mark", "marquee", "math", "meta", "nav", "noembed", "noframes",
    "noscript", "object", "ol", "option", "p", "picture", "plaintext", "pre", "q", "s",
    "samp", "script", "section", "select", "small", "source", "span", "strike", "strong",
    "style", "sub", "summary", "sup", "svg", "table", "tbody", "td", "template", "textarea",
    "tfoot", "th", "thead", "time", "title", "tr", "tt", "u", "ul", "var", "video", "xmp",
];

/// Elements whose content is dropped without being read as markup.
const RAW_TEXT: &[&str] = &[
    "script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript",
];

/// Elements whose content is read but dropped.
const SUPPRESSED: &[&str] = &[
    "svg", "math", "template", "head", "object", "select", "video", "audio", "canvas",
];

/// Elements that end a paragraph (a line break inside a list item).
#[rustfmt::skip]
const BLOCKS: &[&str] = &[
    "p", "div", "section", "article", "header", "footer", "main", "aside", "nav",
    "blockquote", "figure", "figcaption", "address", "details", "summary", "dl", "dt", "dd",
    "hr", "table", "thead", "tbody", "tfoot", "tr", "caption", "center", "form", "fieldset",
    "legend", "html", "body",
];

fn is_heading(name: &str) -> bool {
    matches!(name, "h1" | "h2" | "h3" | "h4" | "h5" | "h6")
}

fn is_bidi_control(c: char) -> bool {
    matches!(
        c,
        '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{061C}'
    )
}

/// White space that HTML collapses (plus the Unicode line and paragraph separators).
fn is_space(c: char) -> bool {
    matches!(
        c,
        ' ' | '\t' | '\n' | '\r' | '\x0C' | '\u{2028}' | '\u{2029}'
    )
}

/// Characters removed from all text.
fn is_dropped(c: char) -> bool {
    (c.is_control() && !is_space(c)) || is_bidi_control(c) || c == '\u{FEFF}'
}

/// Invisible format characters, removed from hrefs only.
fn is_invisible(c: char) -> bool {
    matches!(c, '\u{00AD}' | '\u{200B}'..='\u{200D}' | '\u{2060}'..='\u{2064}')
}

fn has_visible(s: &str) -> bool {
    s.chars().any(|c| !c.is_whitespace() && !is_dropped(c))
}

fn truncate_bytes(input: &str, max: usize) -> (&str, bool) {
    if input.len() <= max {
        return (input, false);
    }
    let mut end = max;
    while !input.is_char_boundary(end) {
        end -= 1;
    }
    (&input[..end], true)
}

fn parse_prefix(text: &str, markup: Markup, opts: &RichOptions) -> Vec<Block> {
    let depth = opts.max_depth.min(HARD_MAX_DEPTH);
    match markup {
        Markup::Plain => parse_plain(text, depth),
        Markup::Markdown => parse_markdown(text, depth),
        Markup::Html => parse_html(text, depth),
    }
}

fn finish_body(mut blocks: Vec<Block>, cut: bool) -> Vec<Block> {
    if cut {
        match blocks.last_mut() {
            Some(Block::Paragraph(inl)) => push_ellipsis(inl),
            Some(Block::List { items, .. }) if !items.is_empty() => {
                if let Some(last) = items.last_mut() {
                    push_ellipsis(last);
                }
            }
            _ => blocks.push(Block::Paragraph(vec![Inline::Text(ELLIPSIS.to_string())])),
        }
    }
    blocks
}

fn push_ellipsis(inl: &mut Vec<Inline>) {
    match inl.last_mut() {
        Some(Inline::Text(t)) => t.push_str(ELLIPSIS),
        _ => inl.push(Inline::Text(ELLIPSIS.to_string())),
    }
}

fn push_paragraph(blocks: &mut Vec<Block>, inl: Vec<Inline>) {
    if !inl.is_empty() {
        blocks.push(Block::Paragraph(inl));
    }
}

/// A code block from raw text: controls removed, outer blank lines trimmed.
fn push_code(blocks: &mut Vec<Block>, raw: &str) {
    let cleaned: String = raw
        .chars()
        .filter(|&c| c == '\n' || c == '\t' || !(is_dropped(c) || c == '\r'))
        .collect();
    let trimmed = cleaned.trim_end().trim_start_matches('\n');
    if has_visible(trimmed) {
        blocks.push(Block::Code(trimmed.to_string()));
    }
}

fn link_node(href: String, text: &str) -> Inline {
    Inline::Link {
        href,
        children: vec![Inline::Text(
            text.chars().filter(|&c| !is_dropped(c)).collect(),
        )],
    }
}

fn starts_with_ci(hay: &[u8], needle: &[u8]) -> bool {
    hay.len() >= needle.len() && hay[..needle.len()].eq_ignore_ascii_case(needle)
}

/// The end of a bare `http(s)://` URL starting at `s[i]`, if there is one.
fn bare_url(s: &str, i: usize) -> Option<usize> {
    let rest = &s.as_bytes()[i..];
    let scheme = if starts_with_ci(rest, b"https://") {
        8
    } else if starts_with_ci(rest, b"http://") {
        7
    } else {
        return None;
    };
    let body = i + scheme;
    let mut end = body;
    let (mut parens, mut brackets) = (0i64, 0i64);
    for (k, c) in s[body..].char_indices() {
        if c.is_whitespace() || is_dropped(c) || matches!(c, '<' | '>' | '"' | '`') {
            break;
        }
        match c {
            '(' => parens += 1,
            ')' if parens == 0 => break,
            ')' => parens -= 1,
            '[' => brackets += 1,
            ']' if brackets == 0 => break,
            ']' => brackets -= 1,
            _ => {}
        }
        end = body + k + c.len_utf8();
    }
    while let Some(last) = s[body..end].chars().next_back() {
        if !matches!(
            last,
            '.' | ',' | ':' | ';' | '!' | '?' | '\'' | '*' | '_' | '~' | '(' | '['
        ) {
            break;
        }
        end -= last.len_utf8();
    }
    (end > body).then_some(end)
}

// ---------------------------------------------------------------------------------------
// Entities.

/// Latin-1 names for U+00A0 to U+00FF, in order.
const LATIN1: [&str; 96] = [
    "nbsp", "iexcl", "cent", "pound", "curren", "yen", "brvbar", "sect", "uml", "copy", "ordf",
    "laquo", "not", "shy", "reg", "macr", "deg", "plusmn", "sup2", "sup3", "acute", "micro",
    "para", "middot", "cedil", "sup1", "ordm", "raquo", "frac14", "frac12", "frac34", "iquest",
    "Agrave", "Aacute", "Acirc", "Atilde", "Auml", "Aring", "AElig", "Ccedil", "Egrave", "Eacute",
    "Ecirc", "Euml", "Igrave", "Iacute", "Icirc", "Iuml", "ETH", "Ntilde", "Ograve", "Oacute",
    "Ocirc", "Otilde", "Ouml", "times", "Oslash", "Ugrave", "Uacute", "Ucirc", "Uuml", "Yacute",
    "THORN", "szlig", "agrave", "aacute", "acirc", "atilde", "auml", "aring", "aelig", "ccedil",
    "egrave", "eacute", "ecirc", "euml", "igrave", "iacute", "icirc", "iuml", "eth", "ntilde",
    "ograve", "oacute", "ocirc", "otilde", "ouml", "divide", "oslash", "ugrave", "uacute", "ucirc",
    "uuml", "yacute", "thorn", "yuml",
];

/// Windows-1252 for `&#128;` … `&#159;` (0 where the code page has no character).
const CP1252: [u16; 32] = [
    0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039,
    0x0152, 0, 0x017D, 0, 0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC,
    0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
];

fn named_entity(name: &str) -> Option<char> {
    let c = match name {
        "amp" | "AMP" => '&',
        "lt" | "LT" => '<',
        "gt" | "GT" => '>',
        "quot" | "QUOT" => '"',
        "apos" => '\'',
        "ensp" => '\u{2002}',
        "emsp" => '\u{2003}',
        "thinsp" => '\u{2009}',
        "zwnj" => '\u{200C}',
        "zwj" => '\u{200D}',
        "lrm" => '\u{200E}',
        "rlm" => '\u{200F}',
        "ndash" => '\u{2013}',
        "mdash" => '\u{2014}',
        "lsquo" => '\u{2018}',
        "rsquo" => '\u{2019}',
        "sbquo" => '\u{201A}',
        "ldquo" => '\u{201C}',
        "rdquo" => '\u{201D}',
        "bdquo" => '\u{201E}',
        "dagger" => '\u{2020}',
        "Dagger" => '\u{2021}',
        "bull" => '\u{2022}',
        "hellip" => '\u{2026}',
        "permil" => '\u{2030}',
        "prime" => '\u{2032}',
        "Prime" => '\u{2033}',
        "lsaquo" => '\u{2039}',
        "rsaquo" => '\u{203A}',
        "euro" => '\u{20AC}',
        "trade" => '\u{2122}',
        "larr" => '\u{2190}',
        "uarr" => '\u{2191}',
        "rarr" => '\u{2192}',
        "darr" => '\u{2193}',
        "harr" => '\u{2194}',
        "minus" => '\u{2212}',
        "ne" => '\u{2260}',
        "le" => '\u{2264}',
        "ge" => '\u{2265}',
        "Tab" => '\t',
        "NewLine" => '\n',
        "excl" => '!',
        "num" => '#',
        "dollar" => '$',
        "percnt" => '%',
        "lpar" => '(',
        "rpar" => ')',
        "ast" => '*',
        "plus" => '+',
        "comma" => ',',
        "period" => '.',
        "sol" => '/',
        "colon" => ':',
        "semi" => ';',
        "equals" => '=',
        "quest" => '?',
        "commat" => '@',
        "lsqb" | "lbrack" => '[',
        "bsol" => '\\',
        "rsqb" | "rbrack" => ']',
        "Hat" => '^',
        "lowbar" => '_',
        "grave" => '`',
        "lcub" | "lbrace" => '{',
        "verbar" | "vert" => '|',
        "rcub" | "rbrace" => '}',
        _ => {
            let k = LATIN1.iter().position(|n| *n == name)?;
            return char::from_u32(0xA0 + k as u32);
        }
    };
    Some(c)
}

fn numeric_char(v: u32) -> char {
    match v {
        0 => '\u{FFFD}',
        0x80..=0x9F => match CP1252[(v - 0x80) as usize] {
            0 => char::from_u32(v).unwrap_or('\u{FFFD}'),
            m => char::from_u32(u32::from(m)).unwrap_or('\u{FFFD}'),
        },
        _ => char::from_u32(v).unwrap_or('\u{FFFD}'),
    }
}

/// The reference starting at `s[i] == '&'`: its character and where it ends.
fn entity_at(s: &str, i: usize) -> Option<(char, usize)> {
    let b = s.as_bytes();
    let j = i + 1;
    if b.get(j) == Some(&b'#') {
        let hex = matches!(b.get(j + 1), Some(b'x' | b'X'));
        let start = if hex { j + 2 } else { j + 1 };
        let radix = if hex { 16 } else { 10 };
        let mut k = start;
        let mut v: u32 = 0;
        while let Some(d) = b.get(k).and_then(|&c| (c as char).to_digit(radix)) {
            v = v.saturating_mul(radix).saturating_add(d);
            k += 1;
        }
        if k == start {
            return None;
        }
        if b.get(k) == Some(&b';') {
            k += 1;
        }
        return Some((numeric_char(v), k));
    }
    let len = b[j..]
        .iter()
        .take(33)
        .take_while(|c| c.is_ascii_alphanumeric())
        .count();
    if len == 0 || len > 32 || b.get(j + len) != Some(&b';') {
        return None;
    }
    named_entity(&s[j..j + len]).map(|c| (c, j + len + 1))
}

/// Decode every reference in `s`; unknown ones stay as written.
pub fn decode_entities(s: &str) -> Cow<'_, str> {
    if !s.contains('&') {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while let Some(p) = s[i..].find('&') {
        let amp = i + p;
        out.push_str(&s[i..amp]);
        match entity_at(s, amp) {
            Some((c, end)) => {
                out.push(c);
                i = end;
            }
            None => {
                out.push('&');
                i = amp + 1;
            }
        }
    }
    out.push_str(&s[i..]);
    Cow::Owned(out)
}

// ---------------------------------------------------------------------------------------
// The inline builder: a stack of open elements over one paragraph or list item.

#[derive(Debug)]
enum Kind {
    Root,
    Bold,
    Italic,
    /// HTML `<a>`: a link when its href was safe, else only its text.
    Anchor(Option<String>),
    /// A Markdown `*` / `_` run (length 1 or 2) waiting for its closer.
    Delim {
        ch: char,
        len: usize,
    },
    /// A Markdown `[` or `![` waiting for its `]`. Inactive inside a finished link.
    Bracket {
        image: bool,
        active: bool,
    },
}

/// White space seen before an element opened, placed before it only if it has content.
#[derive(Clone, Copy, Debug, Default)]
struct Lead {
    space: bool,
    breaks: usize,
}

#[derive(Debug)]
struct Frame {
    kind: Kind,
    children: Vec<Inline>,
    lead: Lead,
}

fn is_linkish(kind: &Kind) -> bool {
    matches!(kind, Kind::Anchor(Some(_)) | Kind::Bracket { .. })
}

struct Inlines {
    frames: Vec<Frame>,
    max_depth: usize,
    pending: Lead,
    /// Something visible since the last line break.
    line_has_text: bool,
    /// Something visible in this paragraph.
    any_text: bool,
    /// Open elements that make or may make a link (no autolinks inside).
    links_open: usize,
}

impl Inlines {
    fn new(max_depth: usize) -> Self {
        Inlines {
            frames: vec![Frame {
                kind: Kind::Root,
                children: Vec::new(),
                lead: Lead::default(),
            }],
            max_depth,
            pending: Lead::default(),
            line_has_text: false,
            any_text: false,
            links_open: 0,
        }
    }

    fn top(&mut self) -> &mut Vec<Inline> {
        let last = self.frames.len() - 1;
        &mut self.frames[last].children
    }

    fn push_node(&mut self, node: Inline) {
        let top = self.top();
        match (top.last_mut(), node) {
            (Some(Inline::Text(a)), Inline::Text(b)) => a.push_str(&b),
            (_, node) => top.push(node),
        }
    }

    fn push_lead(&mut self, lead: Lead) {
        if lead.breaks > 0 {
            for _ in 0..lead.breaks {
                self.push_node(Inline::LineBreak);
            }
        } else if lead.space {
            self.push_node(Inline::Text(" ".to_string()));
        }
    }

    fn emit_pending(&mut self) {
        let lead = std::mem::take(&mut self.pending);
        self.push_lead(lead);
    }

    /// Text, with white space collapsed and controls removed.
    fn text(&mut self, s: &str) {
        let mut buf = String::new();
        for c in s.chars() {
            if is_space(c) {
                if self.line_has_text && self.pending.breaks == 0 {
                    self.pending.space = true;
                }
                continue;
            }
            if is_dropped(c) {
                continue;
            }
            if self.pending.space || self.pending.breaks > 0 {
                if !buf.is_empty() {
                    self.push_node(Inline::Text(std::mem::take(&mut buf)));
                }
                self.emit_pending();
            }
            buf.push(c);
            self.line_has_text = true;
            self.any_text = true;
        }
        if !buf.is_empty() {
            self.push_node(Inline::Text(buf));
        }
    }

    /// Text in which bare `http(s)://` URLs become links (unless inside a link).
    fn text_autolinked(&mut self, s: &str) {
        if self.in_link() {
            return self.text(s);
        }
        let b = s.as_bytes();
        let (mut i, mut lit) = (0, 0);
        while i < b.len() {
            if (b[i] | 0x20) == b'h' && (i == 0 || !b[i - 1].is_ascii_alphanumeric()) {
                if let Some(end) = bare_url(s, i) {
                    if let Some(href) = safe_href(&s[i..end]) {
                        self.text(&s[lit..i]);
                        self.atom(link_node(href, &s[i..end]));
                        lit = end;
                    }
                    // A rejected URL stays text; it is not scanned again.
                    i = end;
                    continue;
                }
            }
            i += 1;
        }
        self.text(&s[lit..]);
    }

    fn line_break(&mut self) {
        if self.any_text {
            self.pending.breaks = (self.pending.breaks + 1).min(2);
        }
        self.pending.space = false;
        self.line_has_text = false;
    }

    /// An indivisible node (code, autolink).
    fn atom(&mut self, node: Inline) {
        self.emit_pending();
        self.push_node(node);
        self.line_has_text = true;
        self.any_text = true;
    }

    /// Inline code; `markdown` keeps inner spacing (CommonMark), else it collapses.
    fn code(&mut self, raw: &str, markdown: bool) {
        let text: String = if markdown {
            let s = raw.replace('\n', " ");
            let s = match s.strip_prefix(' ').and_then(|t| t.strip_suffix(' ')) {
                Some(inner) if !inner.trim().is_empty() => inner.to_string(),
                _ => s,
            };
            s.chars().filter(|&c| !is_dropped(c)).collect()
        } else {
            let mut out = String::new();
            for word in raw.split(is_space).filter(|w| !w.is_empty()) {
                if !out.is_empty() {
                    out.push(' ');
                }
                out.extend(word.chars().filter(|&c| !is_dropped(c)));
            }
            out
        };
        if has_visible(&text) {
            self.atom(Inline::Code(text));
        }
    }

    /// Open an element; false (and nothing opened) at the depth limit.
    fn open(&mut self, kind: Kind) -> bool {
        if self.frames.len() > self.max_depth {
            return false;
        }
        let lead = std::mem::take(&mut self.pending);
        if lead.space {
            // The space is placed before the element; more space inside adds nothing.
            self.line_has_text = false;
        }
        if is_linkish(&kind) {
            self.links_open += 1;
        }
        self.frames.push(Frame {
            kind,
            children: Vec::new(),
            lead,
        });
        true
    }

    fn in_link(&self) -> bool {
        self.links_open > 0
    }

    /// The innermost open element (not the root) matching `pred`.
    fn find(&self, pred: impl Fn(&Kind) -> bool) -> Option<usize> {
        (1..self.frames.len())
            .rev()
            .find(|&k| pred(&self.frames[k].kind))
    }

    /// An element closed without content puts its leading white space back.
    fn restore_lead(&mut self, lead: Lead) {
        if lead.breaks > 0 {
            self.pending.breaks = self.pending.breaks.max(lead.breaks);
            self.pending.space = false;
        } else if lead.space {
            self.line_has_text = true;
            if self.pending.breaks == 0 {
                self.pending.space = true;
            }
        }
    }

    fn splice(&mut self, f: Frame) {
        if f.children.is_empty() {
            return self.restore_lead(f.lead);
        }
        self.push_lead(f.lead);
        for child in f.children {
            self.push_node(child);
        }
    }

    fn wrap(&mut self, f: Frame, make: impl FnOnce(Vec<Inline>) -> Inline) {
        if f.children.is_empty() {
            return self.restore_lead(f.lead);
        }
        self.push_lead(f.lead);
        self.push_node(make(f.children));
    }

    fn literal(&mut self, f: Frame, opener: &str, closer: &str) {
        self.push_lead(f.lead);
        self.push_node(Inline::Text(opener.to_string()));
        for child in f.children {
            self.push_node(child);
        }
        if !closer.is_empty() {
            self.push_node(Inline::Text(closer.to_string()));
        }
        self.line_has_text = true;
        self.any_text = true;
    }

    fn pop(&mut self) -> Frame {
        debug_assert!(self.frames.len() > 1);
        let f = self.frames.pop().expect("the root frame is never popped");
        if is_linkish(&f.kind) {
            self.links_open -= 1;
        }
        f
    }

    /// Close the innermost element the ordinary way: HTML elements keep their formatting,
    /// unmatched Markdown delimiters become text again.
    fn close_top(&mut self) {
        let mut f = self.pop();
        match std::mem::replace(&mut f.kind, Kind::Root) {
            Kind::Root => unreachable!("the root frame is never popped"),
            Kind::Bold => self.wrap(f, Inline::Bold),
            Kind::Italic => self.wrap(f, Inline::Italic),
            Kind::Anchor(Some(href)) => self.wrap(f, |children| Inline::Link { href, children }),
            Kind::Anchor(None) => self.splice(f),
            Kind::Delim { ch, len } => {
                let opener: String = std::iter::repeat_n(ch, len).collect();
                self.literal(f, &opener, "")
            }
            Kind::Bracket { image, .. } => self.literal(f, if image { "![" } else { "[" }, ""),
        }
    }

    /// Close everything from element `idx` up.
    fn close_to(&mut self, idx: usize) {
        while self.frames.len() > idx {
            self.close_top();
        }
    }

    /// Close everything above element `idx` and take `idx` off the stack.
    fn take(&mut self, idx: usize) -> Frame {
        self.close_to(idx + 1);
        self.pop()
    }

    /// The paragraph so far, with every open element closed; resets the builder.
    fn finish(&mut self) -> Vec<Inline> {
        self.close_to(1);
        let mut out = std::mem::take(&mut self.frames[0].children);
        loop {
            match out.last_mut() {
                Some(Inline::LineBreak) => {
                    out.pop();
                }
                Some(Inline::Text(t)) if t.ends_with(is_space) => {
                    let keep = t.trim_end_matches(is_space).len();
                    t.truncate(keep);
                    if t.is_empty() {
                        out.pop();
                    }
                }
                _ => break,
            }
        }
        self.pending = Lead::default();
        self.line_has_text = false;
        self.any_text = false;
        out
    }
}

// ---------------------------------------------------------------------------------------
// Plain text.

fn parse_plain(src: &str, depth: usize) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut inl = Inlines::new(depth);
    for line in src.split('\n') {
        if has_visible(line) {
            inl.text_autolinked(line);
            inl.line_break();
        } else {
            push_paragraph(&mut blocks, inl.finish());
        }
    }
    push_paragraph(&mut blocks, inl.finish());
    blocks
}

// ---------------------------------------------------------------------------------------
// Markdown.

enum Md {
    None,
    Para {
        text: String,
        heading: bool,
    },
    List {
        ordered: bool,
        items: Vec<String>,
        blank: bool,
    },
    Fence {
        ch: u8,
        len: usize,
        text: String,
    },
}

struct MdParser {
    blocks: Vec<Block>,
    inl: Inlines,
    cur: Md,
}

fn parse_markdown(src: &str, depth: usize) -> Vec<Block> {
    let mut p = MdParser {
        blocks: Vec::new(),
        inl: Inlines::new(depth),
        cur: Md::None,
    };
    for raw in src.split('\n') {
        p.line(raw.strip_suffix('\r').unwrap_or(raw));
    }
    p.flush();
    p.blocks
}

/// `(fence char, run length)` when the line opens a fenced code block.
fn fence_open(t: &str) -> Option<(u8, usize)> {
    let ch = *t.as_bytes().first()?;
    if ch != b'`' && ch != b'~' {
        return None;
    }
    let len = t.bytes().take_while(|&c| c == ch).count();
    (len >= 3 && !(ch == b'`' && t[len..].contains('`'))).then_some((ch, len))
}

fn atx_heading(t: &str) -> Option<&str> {
    let n = t.bytes().take_while(|&c| c == b'#').count();
    if !(1..=6).contains(&n) {
        return None;
    }
    let rest = &t[n..];
    if !rest.is_empty() && !rest.starts_with([' ', '\t']) {
        return None;
    }
    let rest = rest.trim();
    let closed = rest.trim_end_matches('#');
    Some(if closed.is_empty() || closed.ends_with([' ', '\t']) {
        closed.trim_end()
    } else {
        rest
    })
}

/// A thematic break: three or more of one of `-*_`, spaces allowed.
fn is_rule(t: &str) -> bool {
    let mut chars = t.chars().filter(|c| !matches!(c, ' ' | '\t'));
    let Some(first) = chars.next() else {
        return false;
    };
    matches!(first, '-' | '*' | '_') && {
        let mut n = 1;
        chars.all(|c| {
            n += 1;
            c == first
        }) && n >= 3
    }
}

fn is_setext(t: &str) -> bool {
    !t.is_empty() && (t.bytes().all(|c| c == b'=') || t.bytes().all(|c| c == b'-'))
}

/// `(ordered, number, rest of line)` when the line starts a list item.
fn list_marker(t: &str) -> Option<(bool, u64, &str)> {
    let b = t.as_bytes();
    let after = |k: usize| -> Option<&str> {
        match b.get(k) {
            None => Some(""),
            Some(b' ' | b'\t') => Some(t[k..].trim_start()),
            _ => None,
        }
    };
    if matches!(b.first(), Some(b'-' | b'*' | b'+')) {
        return after(1).map(|rest| (false, 0, rest));
    }
    let digits = b.iter().take(10).take_while(|c| c.is_ascii_digit()).count();
    if (1..=9).contains(&digits) && matches!(b.get(digits), Some(b'.' | b')')) {
        let number = t[..digits].parse().unwrap_or(0);
        return after(digits + 1).map(|rest| (true, number, rest));
    }
    None
}

impl MdParser {
    fn line(&mut self, line: &str) {
        if let Md::Fence { ch, len, text } = &mut self.cur {
            let t = line.trim_start_matches(' ');
            let run = t.bytes().take_while(|c| c == ch).count();
            if run >= *len && t[run..].trim().is_empty() {
                self.flush();
            } else {
                text.push_str(line);
                text.push('\n');
            }
            return;
        }
        // Block quotes: the markers go, the content is read as ordinary lines.
        let mut line = line;
        while let Some(rest) = line.trim_start_matches([' ', '\t']).strip_prefix('>') {
            line = rest.strip_prefix(' ').unwrap_or(rest);
        }
        let t = line.trim_matches([' ', '\t']);
        if !has_visible(t) {
            match &mut self.cur {
                Md::List { blank, .. } => *blank = true,
                _ => self.flush(),
            }
            return;
        }
        if let Some((ch, len)) = fence_open(t) {
            self.flush();
            self.cur = Md::Fence {
                ch,
                len,
                text: String::new(),
            };
            return;
        }
        if let Some(h) = atx_heading(t) {
            self.flush();
            self.cur = Md::Para {
                text: h.to_string(),
                heading: true,
            };
            return self.flush();
        }
        if let Md::Para { heading, .. } = &mut self.cur {
            if is_setext(t) {
                *heading = true;
                return self.flush();
            }
        }
        if is_rule(t) {
            return self.flush();
        }
        let indented = line.starts_with("  ") || line.starts_with('\t');
        if let Some((ordered, number, rest)) = list_marker(t) {
            let in_para = matches!(self.cur, Md::Para { .. });
            if !(in_para && ordered && number != 1) {
                match &mut self.cur {
                    Md::List {
                        ordered: o,
                        items,
                        blank,
                    } if *o == ordered => {
                        items.push(rest.to_string());
                        *blank = false;
                    }
                    _ => {
                        self.flush();
                        self.cur = Md::List {
                            ordered,
                            items: vec![rest.to_string()],
                            blank: false,
                        };
                    }
                }
                return;
            }
        }
        match &mut self.cur {
            Md::List { items, blank, .. } if !*blank || indented => {
                if let Some(last) = items.last_mut() {
                    last.push('\n');
                    last.push_str(t);
                }
                *blank = false;
            }
            Md::Para { text, .. } => {
                text.push('\n');
                text.push_str(t);
            }
            _ => {
                self.flush();
                self.cur = Md::Para {
                    text: t.to_string(),
                    heading: false,
                };
            }
        }
    }

    fn flush(&mut self) {
        match std::mem::replace(&mut self.cur, Md::None) {
            Md::None => {}
            Md::Para { text, heading } => {
                md_inline(&text, &mut self.inl);
                let inl = self.inl.finish();
                if !inl.is_empty() {
                    let inl = if heading {
                        vec![Inline::Bold(inl)]
                    } else {
                        inl
                    };
                    self.blocks.push(Block::Paragraph(inl));
                }
            }
            Md::List { ordered, items, .. } => {
                let mut done = Vec::with_capacity(items.len());
                for item in &items {
                    md_inline(item, &mut self.inl);
                    let inl = self.inl.finish();
                    if !inl.is_empty() {
                        done.push(inl);
                    }
                }
                if !done.is_empty() {
                    self.blocks.push(Block::List {
                        ordered,
                        items: done,
                    });
                }
            }
            Md::Fence { text, .. } => push_code(&mut self.blocks, &text),
        }
    }
}

/// Positions of backtick runs by length, consumed front to back: finding a code span's
/// closer never rescans.
struct Ticks {
    runs: HashMap<usize, VecDeque<usize>>,
}

impl Ticks {
    fn new(b: &[u8]) -> Self {
        let mut runs: HashMap<usize, VecDeque<usize>> = HashMap::new();
        let mut i = 0;
        while i < b.len() {
            if b[i] == b'`' {
                let n = run_len(b, i, b'`');
                runs.entry(n).or_default().push_back(i);
                i += n;
            } else {
                i += 1;
            }
        }
        Ticks { runs }
    }

    /// The next run of exactly `n` backticks after `after`.
    fn closing(&mut self, after: usize, n: usize) -> Option<usize> {
        let q = self.runs.get_mut(&n)?;
        while let Some(&p) = q.front() {
            if p > after {
                return Some(p);
            }
            q.pop_front();
        }
        None
    }
}

fn run_len(b: &[u8], i: usize, c: u8) -> usize {
    b[i..].iter().take_while(|&&x| x == c).count()
}

fn is_punct(c: char) -> bool {
    c.is_ascii_punctuation()
        || matches!(
            c,
            '\u{A1}' | '\u{A7}' | '\u{AB}' | '\u{B6}' | '\u{B7}' | '\u{BB}' | '\u{BF}'
        )
        || ('\u{2010}'..='\u{2027}').contains(&c)
        || ('\u{2030}'..='\u{205E}').contains(&c)
        || ('\u{3000}'..='\u{303F}').contains(&c)
}

/// `(can open, can close)` for a `*` or `_` run, by CommonMark's flanking rules.
fn flanking(c: u8, prev: Option<char>, next: Option<char>) -> (bool, bool) {
    let ws = |x: Option<char>| x.is_none_or(char::is_whitespace);
    let punct = |x: Option<char>| x.is_some_and(is_punct);
    let left = !ws(next) && (!punct(next) || ws(prev) || punct(prev));
    let right = !ws(prev) && (!punct(prev) || ws(next) || punct(next));
    if c == b'*' {
        (left, right)
    } else {
        (
            left && (!right || punct(prev)),
            right && (!left || punct(next)),
        )
    }
}

fn md_delims(inl: &mut Inlines, ch: char, len: usize, can_open: bool, can_close: bool) {
    if len > 3 {
        inl.text(&std::iter::repeat_n(ch, len).collect::<String>());
        return;
    }
    let mut rem = len;
    if can_close {
        while rem > 0 {
            let found = inl.find(|k| match k {
                Kind::Delim { ch: c, .. } => *c == ch,
                Kind::Bracket { .. } => true,
                _ => false,
            });
            let Some(idx) = found else { break };
            let Kind::Delim { len: flen, .. } = inl.frames[idx].kind else {
                break;
            };
            if flen > rem {
                break;
            }
            let f = inl.take(idx);
            inl.wrap(
                f,
                if flen == 2 {
                    Inline::Bold
                } else {
                    Inline::Italic
                },
            );
            rem -= flen;
        }
    }
    if rem > 0 && can_open {
        let parts: &[usize] = match rem {
            3 => &[2, 1],
            2 => &[2],
            _ => &[1],
        };
        for (k, &part) in parts.iter().enumerate() {
            if !inl.open(Kind::Delim { ch, len: part }) {
                let left: usize = parts[k..].iter().sum();
                inl.text(&std::iter::repeat_n(ch, left).collect::<String>());
                break;
            }
        }
        rem = 0;
    }
    if rem > 0 {
        inl.text(&std::iter::repeat_n(ch, rem).collect::<String>());
    }
}

/// A link destination `(url)` starting at `s[k]`: the raw URL and where it ends.
fn link_dest(s: &str, k: usize) -> Option<(&str, usize)> {
    let b = s.as_bytes();
    if b.get(k) != Some(&b'(') {
        return None;
    }
    let mut j = k + 1;
    while matches!(b.get(j), Some(b' ' | b'\t')) {
        j += 1;
    }
    let start = j;
    let mut depth = 0;
    while j < b.len() {
        match b[j] {
            b' ' | b'\t' | b'\n' | b'\r' => break,
            b'<' | b'>' | b'[' | b']' => return None,
            b'(' => {
                depth += 1;
                if depth > 8 {
                    return None;
                }
            }
            b')' if depth == 0 => break,
            b')' => depth -= 1,
            b'\\' if b.get(j + 1).is_some_and(|c| c.is_ascii_punctuation()) => j += 1,
            _ => {}
        }
        j += 1;
    }
    let end = j;
    while matches!(b.get(j), Some(b' ' | b'\t')) {
        j += 1;
    }
    (b.get(j) == Some(&b')')).then(|| (&s[start..end], j + 1))
}

/// A Markdown link destination with backslash escapes and entities resolved.
fn md_decode_dest(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' {
            if let Some(&n) = chars.peek().filter(|n| n.is_ascii_punctuation()) {
                out.push(n);
                chars.next();
                continue;
            }
        }
        out.push(c);
    }
    decode_entities(&out).into_owned()
}

fn is_email(s: &str) -> bool {
    let Some((user, host)) = s.split_once('@') else {
        return false;
    };
    !user.is_empty()
        && host.contains('.')
        && !host.starts_with('.')
        && !host.ends_with('.')
        && s.chars()
            .all(|c| c.is_alphanumeric() || ".!#$%&'*+/=?^_{|}~@-".contains(c))
}

/// Inline Markdown of one paragraph or list item (lines joined by `\n`).
fn md_inline(src: &str, inl: &mut Inlines) {
    let b = src.as_bytes();
    let mut ticks: Option<Ticks> = None;
    let (mut i, mut lit) = (0, 0);
    // Every branch that acts first flushes the literal text before it; all special bytes
    // are ASCII, so every slice is at a char boundary.
    while i < b.len() {
        match b[i] {
            b'\\' => match b.get(i + 1) {
                Some(n) if n.is_ascii_punctuation() => {
                    inl.text(&src[lit..i]);
                    inl.text(&src[i + 1..i + 2]);
                    i += 2;
                    lit = i;
                }
                Some(b'\n') => {
                    inl.text(&src[lit..i]);
                    inl.line_break();
                    i += 2;
                    lit = i;
                }
                _ => i += 1,
            },
            b'`' => {
                let n = run_len(b, i, b'`');
                match ticks.get_or_insert_with(|| Ticks::new(b)).closing(i, n) {
                    Some(j) => {
                        inl.text(&src[lit..i]);
                        inl.code(&src[i + n..j], true);
                        i = j + n;
                        lit = i;
                    }
                    None => i += n,
                }
            }
            c @ (b'*' | b'_') => {
                let n = run_len(b, i, c);
                let prev = src[..i].chars().next_back();
                let next = src[i + n..].chars().next();
                let (open, close) = flanking(c, prev, next);
                inl.text(&src[lit..i]);
                md_delims(inl, c as char, n, open, close);
                i += n;
                lit = i;
            }
            b'!' if b.get(i + 1) == Some(&b'[') => {
                inl.text(&src[lit..i]);
                if !inl.open(Kind::Bracket {
                    image: true,
                    active: true,
                }) {
                    inl.text("![");
                }
                i += 2;
                lit = i;
            }
            b'[' => {
                inl.text(&src[lit..i]);
                if !inl.open(Kind::Bracket {
                    image: false,
                    active: true,
                }) {
                    inl.text("[");
                }
                i += 1;
                lit = i;
            }
            b']' => {
                let Some(idx) = inl.find(|k| matches!(k, Kind::Bracket { .. })) else {
                    i += 1;
                    continue;
                };
                inl.text(&src[lit..i]);
                let (image, active) = match inl.frames[idx].kind {
                    Kind::Bracket { image, active } => (image, active),
                    _ => (false, false),
                };
                let dest = if image || active {
                    link_dest(src, i + 1)
                } else {
                    None
                };
                let f = inl.take(idx);
                match dest {
                    Some((raw, end)) => {
                        if image {
                            inl.splice(f);
                        } else if let Some(href) = safe_href(&md_decode_dest(raw)) {
                            inl.wrap(f, |children| Inline::Link { href, children });
                            for fr in &mut inl.frames {
                                if let Kind::Bracket {
                                    image: false,
                                    active,
                                } = &mut fr.kind
                                {
                                    *active = false;
                                }
                            }
                        } else {
                            inl.splice(f);
                        }
                        i = end;
                    }
                    None => {
                        inl.literal(f, if image { "![" } else { "[" }, "]");
                        i += 1;
                    }
                }
                lit = i;
            }
            b'<' => {
                let mut j = i + 1;
                while j < b.len() && !matches!(b[j], b'>' | b'<') && !b[j].is_ascii_whitespace() {
                    j += 1;
                }
                if j < b.len() && b[j] == b'>' && !inl.in_link() {
                    let inner = &src[i + 1..j];
                    let href = if inner.contains(':') {
                        safe_href(inner)
                    } else if is_email(inner) {
                        safe_href(&format!("mailto:{inner}"))
                    } else {
                        None
                    };
                    if let Some(href) = href {
                        inl.text(&src[lit..i]);
                        inl.atom(link_node(href, inner));
                        i = j + 1;
                        lit = i;
                        continue;
                    }
                }
                i += 1;
            }
            b'&' => match entity_at(src, i) {
                Some((c, end)) => {
                    inl.text(&src[lit..i]);
                    inl.text(c.encode_utf8(&mut [0; 4]));
                    i = end;
                    lit = i;
                }
                None => i += 1,
            },
            b'\n' => {
                inl.text(&src[lit..i]);
                inl.line_break();
                i += 1;
                lit = i;
            }
            b'h' | b'H' if !inl.in_link() && (i == 0 || !b[i - 1].is_ascii_alphanumeric()) => {
                match bare_url(src, i) {
                    Some(end) => {
                        if let Some(href) = safe_href(&src[i..end]) {
                            inl.text(&src[lit..i]);
                            inl.atom(link_node(href, &src[i..end]));
                            lit = end;
                        }
                        // A rejected URL stays text; it is not scanned again.
                        i = end;
                    }
                    None => i += 1,
                }
            }
            _ => i += 1,
        }
    }
    inl.text(&src[lit..]);
}

// ---------------------------------------------------------------------------------------
// HTML.

struct HtmlList {
    ordered: bool,
    items: Vec<Vec<Inline>>,
    /// Open `<ul>` / `<ol>` elements (0 for a list started by a stray `<li>`).
    depth: usize,
    in_item: bool,
    implicit: bool,
}

/// Text gathered verbatim for `<pre>` (a block) or `<code>` and friends (inline).
struct Collect {
    text: String,
    nest: usize,
    block: bool,
}

impl Collect {
    fn opens(&self, name: &str) -> bool {
        if self.block {
            name == "pre"
        } else {
            matches!(name, "code" | "tt" | "kbd" | "samp" | "pre")
        }
    }
}

struct Html {
    blocks: Vec<Block>,
    inl: Inlines,
    list: Option<HtmlList>,
    collect: Option<Collect>,
    suppress: usize,
}

fn find_bytes(hay: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    hay.get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

/// Where the end tag `</name` of a raw text element starts, case-insensitively.
fn raw_text_end(b: &[u8], from: usize, name: &str) -> Option<usize> {
    let mut i = from;
    while let Some(p) = find_bytes(b, i, b"</") {
        let rest = &b[p + 2..];
        if starts_with_ci(rest, name.as_bytes())
            && rest
                .get(name.len())
                .is_none_or(|c| c.is_ascii_whitespace() || *c == b'>' || *c == b'/')
        {
            return Some(p);
        }
        i = p + 2;
    }
    None
}

/// Read a tag's attributes from `b[j]` to its `>`: where the tag ends and its raw
/// `href` value when asked for. `None` when the input ends inside the tag.
fn scan_attrs(s: &str, mut j: usize, want_href: bool) -> Option<(usize, Option<&str>)> {
    let b = s.as_bytes();
    let mut href = None;
    loop {
        while j < b.len() && (b[j].is_ascii_whitespace() || b[j] == b'/') {
            j += 1;
        }
        match b.get(j)? {
            b'>' => return Some((j + 1, href)),
            b'=' => {
                j += 1;
                continue;
            }
            _ => {}
        }
        let name_start = j;
        while j < b.len() && !b[j].is_ascii_whitespace() && !matches!(b[j], b'>' | b'/' | b'=') {
            j += 1;
        }
        let name = &s[name_start..j];
        while j < b.len() && b[j].is_ascii_whitespace() {
            j += 1;
        }
        if b.get(j) != Some(&b'=') {
            continue;
        }
        j += 1;
        while j < b.len() && b[j].is_ascii_whitespace() {
            j += 1;
        }
        let value = match *b.get(j)? {
            q @ (b'"' | b'\'') => {
                let end = j + 1 + b[j + 1..].iter().position(|&c| c == q)?;
                let v = &s[j + 1..end];
                j = end + 1;
                v
            }
            _ => {
                let start = j;
                while j < b.len() && !b[j].is_ascii_whitespace() && b[j] != b'>' {
                    j += 1;
                }
                &s[start..j]
            }
        };
        if want_href && href.is_none() && name.eq_ignore_ascii_case("href") {
            href = Some(value);
        }
    }
}

fn parse_html(src: &str, depth: usize) -> Vec<Block> {
    let mut h = Html {
        blocks: Vec::new(),
        inl: Inlines::new(depth),
        list: None,
        collect: None,
        suppress: 0,
    };
    let b = src.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'<' {
            let next = b[i..]
                .iter()
                .position(|&c| c == b'<')
                .map_or(b.len(), |p| i + p);
            h.text(&src[i..next]);
            i = next;
            continue;
        }
        if b[i..].starts_with(b"<!--") {
            i = find_bytes(b, i + 4, b"-->").map_or(b.len(), |p| p + 3);
            continue;
        }
        if matches!(b.get(i + 1), Some(b'!' | b'?')) {
            i = find_bytes(b, i + 2, b">").map_or(b.len(), |p| p + 1);
            continue;
        }
        let closing = b.get(i + 1) == Some(&b'/');
        let name_start = if closing { i + 2 } else { i + 1 };
        if !b.get(name_start).is_some_and(u8::is_ascii_alphabetic) {
            h.text("<");
            i += 1;
            continue;
        }
        let name_len = b[name_start..]
            .iter()
            .take_while(|c| c.is_ascii_alphanumeric() || **c == b'-')
            .count();
        let name_end = name_start + name_len;
        let name = if name_len <= 16 {
            src[name_start..name_end].to_ascii_lowercase()
        } else {
            String::new()
        };
        let want_href = !closing && name == "a";
        // A tag cut off by the end of the input is dropped with the rest.
        let Some((end, href)) = scan_attrs(src, name_end, want_href) else {
            break;
        };
        i = end;
        if closing {
            h.end_tag(&name);
        } else if name == "plaintext" {
            break;
        } else if RAW_TEXT.contains(&name.as_str()) {
            i = raw_text_end(b, i, &name).unwrap_or(b.len());
        } else {
            h.start_tag(&name, href);
        }
    }
    h.finish()
}

impl Html {
    fn text(&mut self, raw: &str) {
        if self.suppress > 0 {
            return;
        }
        let t = decode_entities(raw);
        if let Some(c) = &mut self.collect {
            c.text.push_str(&t);
            return;
        }
        if let Some(l) = &mut self.list {
            if !l.in_item {
                if !has_visible(&t) {
                    return;
                }
                l.in_item = true;
            }
        }
        self.inl.text_autolinked(&t);
    }

    fn ensure_item(&mut self) {
        if let Some(l) = &mut self.list {
            l.in_item = true;
        }
    }

    fn start_tag(&mut self, name: &str, href: Option<&str>) {
        if self.suppress > 0 || SUPPRESSED.contains(&name) {
            if SUPPRESSED.contains(&name) {
                self.suppress += 1;
            }
            return;
        }
        if let Some(c) = &mut self.collect {
            if name == "br" {
                c.text.push(if c.block { '\n' } else { ' ' });
            } else if c.opens(name) {
                c.nest += 1;
            }
            return;
        }
        match name {
            "br" => self.inl.line_break(),
            "ul" | "ol" => self.open_list(name == "ol"),
            "li" => self.start_item(),
            "pre" if self.list.is_none() => {
                self.boundary();
                self.collect = Some(Collect {
                    text: String::new(),
                    nest: 1,
                    block: true,
                });
            }
            "code" | "tt" | "kbd" | "samp" | "pre" => {
                self.ensure_item();
                self.collect = Some(Collect {
                    text: String::new(),
                    nest: 1,
                    block: false,
                });
            }
            "strong" | "b" => {
                self.ensure_item();
                self.inl.open(Kind::Bold);
            }
            "em" | "i" | "cite" | "dfn" => {
                self.ensure_item();
                self.inl.open(Kind::Italic);
            }
            "a" => {
                self.ensure_item();
                if let Some(idx) = self.inl.find(|k| matches!(k, Kind::Anchor(_))) {
                    self.inl.close_to(idx);
                }
                let href = href.and_then(|h| safe_href(&decode_entities(h)));
                self.inl.open(Kind::Anchor(href));
            }
            "td" | "th" => self.inl.text(" "),
            n if is_heading(n) => {
                self.boundary();
                self.ensure_item();
                self.inl.open(Kind::Bold);
            }
            n if BLOCKS.contains(&n) => self.boundary(),
            _ => {}
        }
    }

    fn end_tag(&mut self, name: &str) {
        if self.suppress > 0 {
            if SUPPRESSED.contains(&name) {
                self.suppress -= 1;
            }
            return;
        }
        if let Some(c) = &mut self.collect {
            if c.opens(name) {
                c.nest -= 1;
                if c.nest == 0 {
                    if let Some(c) = self.collect.take() {
                        self.finish_collect(c);
                    }
                }
            }
            return;
        }
        match name {
            "ul" | "ol" => self.close_list(),
            "li" => self.end_item(),
            "strong" | "b" => self.close_kind(|k| matches!(k, Kind::Bold)),
            "em" | "i" | "cite" | "dfn" => self.close_kind(|k| matches!(k, Kind::Italic)),
            "a" => self.close_kind(|k| matches!(k, Kind::Anchor(_))),
            "td" | "th" => self.inl.text(" "),
            n if is_heading(n) => {
                self.close_kind(|k| matches!(k, Kind::Bold));
                self.boundary();
            }
            n if BLOCKS.contains(&n) => self.boundary(),
            _ => {}
        }
    }

    fn close_kind(&mut self, pred: impl Fn(&Kind) -> bool) {
        if let Some(idx) = self.inl.find(pred) {
            self.inl.close_to(idx);
        }
    }

    fn finish_collect(&mut self, c: Collect) {
        if c.block {
            push_code(&mut self.blocks, &c.text);
        } else {
            if has_visible(&c.text) {
                self.ensure_item();
            }
            self.inl.code(&c.text, false);
        }
    }

    /// A block element starts or ends.
    fn boundary(&mut self) {
        match &self.list {
            Some(l) if l.in_item => self.inl.line_break(),
            Some(l) if l.implicit && l.depth == 0 => self.close_list(),
            Some(_) => {}
            None => self.end_paragraph(),
        }
    }

    fn end_paragraph(&mut self) {
        let inl = self.inl.finish();
        push_paragraph(&mut self.blocks, inl);
    }

    fn open_list(&mut self, ordered: bool) {
        match &mut self.list {
            Some(l) => {
                l.depth += 1;
                self.end_item();
            }
            None => {
                self.end_paragraph();
                self.list = Some(HtmlList {
                    ordered,
                    items: Vec::new(),
                    depth: 1,
                    in_item: false,
                    implicit: false,
                });
            }
        }
    }

    fn close_list(&mut self) {
        let Some(l) = &mut self.list else { return };
        l.depth = l.depth.saturating_sub(1);
        if l.depth == 0 {
            self.end_item();
            if let Some(l) = self.list.take() {
                if !l.items.is_empty() {
                    self.blocks.push(Block::List {
                        ordered: l.ordered,
                        items: l.items,
                    });
                }
            }
        }
    }

    fn start_item(&mut self) {
        if self.list.is_none() {
            self.end_paragraph();
            self.list = Some(HtmlList {
                ordered: false,
                items: Vec::new(),
                depth: 0,
                in_item: false,
                implicit: true,
            });
        }
        self.end_item();
        self.ensure_item();
    }

    fn end_item(&mut self) {
        if let Some(l) = &mut self.list {
            if l.in_item {
                let item = self.inl.finish();
                if !item.is_empty() {
                    l.items.push(item);
                }
                l.in_item = false;
            }
        }
    }

    fn finish(mut self) -> Vec<Block> {
        if let Some(c) = self.collect.take() {
            self.finish_collect(c);
        }
        if let Some(l) = &mut self.list {
            l.depth = 1;
            self.close_list();
        }
        self.end_paragraph();
        self.blocks
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Inline {
        Inline::Text(s.to_string())
    }

    fn md(s: &str) -> Vec<Block> {
        parse_body_as(s, Markup::Markdown, &RichOptions::default())
    }

    fn html(s: &str) -> Vec<Block> {
        parse_body_as(s, Markup::Html, &RichOptions::default())
    }

    #[test]
    fn entities_decode() {
        assert_eq!(
            decode_entities("a&amp;b &lt;&#60;&#x3C; &nbsp;&eacute;&colon;&#58&bogus; &"),
            "a&b <<< \u{A0}\u{E9}::&bogus; &"
        );
        assert_eq!(
            decode_entities("&#0;&#xD800;&#99999999999;&#150;"),
            "\u{FFFD}\u{FFFD}\u{FFFD}\u{2013}"
        );
        assert_eq!(decode_entities("&#x;&#;"), "&#x;&#;");
    }

    #[test]
    fn hrefs_are_allowlisted() {
        assert_eq!(
            safe_href(" HTTPS://x.test/a "),
            Some("https://x.test/a".into())
        );
        assert_eq!(safe_href("mailto:a@b.c"), Some("mailto:a@b.c".into()));
        for bad in [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            "java\tscript:alert(1)",
            "java\u{0}script:x",
            " \u{202E}javascript:x",
            "data:text/html,x",
            "vbscript:x",
            "/relative",
            "//evil.test/",
            "page.html",
            "http:/x",
            "https://",
            "mailto:",
            "https://x.test/\"onmouseover=",
            "#top",
        ] {
            assert_eq!(safe_href(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn detection() {
        assert_eq!(detect_markup("a <b>b</b>"), Markup::Html);
        assert_eq!(detect_markup("x<br />y"), Markup::Html);
        assert_eq!(detect_markup("<SCRIPT>x"), Markup::Html);
        assert_eq!(detect_markup("x <!-- c -->"), Markup::Html);
        assert_eq!(detect_markup("latency < 5ms and a<b"), Markup::Markdown);
        assert_eq!(detect_markup("see <https://x.test>"), Markup::Markdown);
        assert_eq!(
            detect_markup("**bold** [x](https://x.test)"),
            Markup::Markdown
        );
    }

    #[test]
    fn whitespace_collapses_around_elements() {
        assert_eq!(
            html("<p>  a \n <b> b </b> c  </p>"),
            [Block::Paragraph(vec![
                t("a "),
                Inline::Bold(vec![t("b")]),
                t(" c")
            ])]
        );
        assert_eq!(
            html("a<b></b> b<br><br><br><br>c<br>"),
            [Block::Paragraph(vec![
                t("a b"),
                Inline::LineBreak,
                Inline::LineBreak,
                t("c")
            ])]
        );
    }

    #[test]
    fn markdown_emphasis_rules() {
        assert_eq!(
            md("snake_case_name and 2*3*4"),
            [Block::Paragraph(vec![
                t("snake_case_name and 2"),
                Inline::Italic(vec![t("3")]),
                t("4")
            ])]
        );
        assert_eq!(
            md("***a*** **b *c***"),
            [Block::Paragraph(vec![
                Inline::Bold(vec![Inline::Italic(vec![t("a")])]),
                t(" "),
                Inline::Bold(vec![t("b "), Inline::Italic(vec![t("c")])]),
            ])]
        );
        assert_eq!(md("**open"), [Block::Paragraph(vec![t("**open")])]);
        assert_eq!(md("a * b *"), [Block::Paragraph(vec![t("a * b *")])]);
    }

    #[test]
    fn markdown_links_do_not_nest() {
        assert_eq!(
            md("[a [b](https://b.test)](https://a.test)"),
            [Block::Paragraph(vec![
                t("[a "),
                Inline::Link {
                    href: "https://b.test".into(),
                    children: vec![t("b")]
                },
                t("]("),
                Inline::Link {
                    href: "https://a.test".into(),
                    children: vec![t("https://a.test")]
                },
                t(")"),
            ])]
        );
    }

    #[test]
    fn code_span_closer_search_is_indexed() {
        let mut ticks = Ticks::new(b"`a`` b ` c``");
        assert_eq!(ticks.closing(0, 1), Some(7));
        assert_eq!(ticks.closing(3, 2), Some(10));
        assert_eq!(ticks.closing(10, 2), None);
    }

    #[test]
    fn inline_sanitizing() {
        assert_eq!(sanitize_inline_text("  a\u{202E}b\n\tc\u{0}  ", 10), "ab c");
        assert_eq!(sanitize_inline_text("abcdef", 4), "abc\u{2026}");
        assert_eq!(sanitize_inline_text("ab  cdef", 4), "ab\u{2026}");
        assert_eq!(sanitize_inline_text("abcd", 4), "abcd");
        assert_eq!(sanitize_inline_text("abcd", 0), "");
    }

    #[test]
    fn depth_is_capped() {
        let deep = "<b><i>".repeat(100) + "x";
        let opts = RichOptions {
            max_depth: 3,
            ..RichOptions::default()
        };
        let blocks = parse_body(&deep, &opts);
        fn depth(n: &[Inline]) -> usize {
            n.iter()
                .map(|i| match i {
                    Inline::Bold(c) | Inline::Italic(c) | Inline::Link { children: c, .. } => {
                        1 + depth(c)
                    }
                    _ => 0,
                })
                .max()
                .unwrap_or(0)
        }
        let Block::Paragraph(inl) = &blocks[0] else {
            panic!("{blocks:?}")
        };
        assert_eq!(depth(inl), 3);
        assert_eq!(plain_text(&blocks), "x");
    }
}
