//! Safe rich text: every allowed construct in HTML and Markdown, a hostile corpus, limits,
//! running time on pathological input, and property tests.

use std::time::{Duration, Instant};

use proptest::prelude::*;
use statuslight_core::rich::{
    detect_markup, parse_body, parse_body_as, plain_text, safe_href, sanitize_inline_text, Block,
    Inline, Markup, RichOptions, ELLIPSIS,
};

fn t(s: &str) -> Inline {
    Inline::Text(s.to_string())
}

fn bold(c: Vec<Inline>) -> Inline {
    Inline::Bold(c)
}

fn italic(c: Vec<Inline>) -> Inline {
    Inline::Italic(c)
}

fn link(href: &str, c: Vec<Inline>) -> Inline {
    Inline::Link {
        href: href.to_string(),
        children: c,
    }
}

fn para(c: Vec<Inline>) -> Block {
    Block::Paragraph(c)
}

fn parse(s: &str) -> Vec<Block> {
    parse_body(s, &RichOptions::default())
}

// ---------------------------------------------------------------------------------------
// Tree walks used by the assertions.

fn walk_inlines<'a>(nodes: &'a [Inline], f: &mut impl FnMut(&'a Inline)) {
    for n in nodes {
        f(n);
        match n {
            Inline::Bold(c) | Inline::Italic(c) | Inline::Link { children: c, .. } => {
                walk_inlines(c, f)
            }
            _ => {}
        }
    }
}

fn walk<'a>(blocks: &'a [Block], f: &mut impl FnMut(&'a Inline)) {
    for b in blocks {
        match b {
            Block::Paragraph(c) => walk_inlines(c, f),
            Block::List { items, .. } => items.iter().for_each(|i| walk_inlines(i, f)),
            Block::Code(_) => {}
        }
    }
}

fn hrefs(blocks: &[Block]) -> Vec<String> {
    let mut out = Vec::new();
    walk(blocks, &mut |n| {
        if let Inline::Link { href, .. } = n {
            out.push(href.clone());
        }
    });
    out
}

/// Bytes of text in the tree (text, inline code, code blocks; not hrefs).
fn text_len(blocks: &[Block]) -> usize {
    let mut n = 0;
    walk(blocks, &mut |i| {
        if let Inline::Text(s) | Inline::Code(s) = i {
            n += s.len();
        }
    });
    n + blocks
        .iter()
        .map(|b| match b {
            Block::Code(s) => s.len(),
            _ => 0,
        })
        .sum::<usize>()
}

fn has_link_inside_link(blocks: &[Block]) -> bool {
    let mut found = false;
    walk(blocks, &mut |n| {
        if let Inline::Link { children, .. } = n {
            walk_inlines(children, &mut |m| {
                found |= matches!(m, Inline::Link { .. });
            });
        }
    });
    found
}

fn is_allowed_href(h: &str) -> bool {
    h.starts_with("http://") || h.starts_with("https://") || h.starts_with("mailto:")
}

fn is_bidi(c: char) -> bool {
    matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

// ---------------------------------------------------------------------------------------
// HTML.

#[test]
fn html_paragraphs_breaks_and_inline_formatting() {
    let blocks = parse(
        "<p>We are <strong>investigating</strong> <em>elevated</em> errors.<br />\
         More <b>soon</b>, <i>really</i>, see <code>GET  /v1</code>.</p><p>Second</p>",
    );
    assert_eq!(
        blocks,
        [
            para(vec![
                t("We are "),
                bold(vec![t("investigating")]),
                t(" "),
                italic(vec![t("elevated")]),
                t(" errors."),
                Inline::LineBreak,
                t("More "),
                bold(vec![t("soon")]),
                t(", "),
                italic(vec![t("really")]),
                t(", see "),
                Inline::Code("GET /v1".into()),
                t("."),
            ]),
            para(vec![t("Second")]),
        ]
    );
}

#[test]
fn html_lists_and_links() {
    let blocks = parse(
        "<p>Affected:</p>\n<ul>\n  <li>API</li>\n  <li><a href=\"https://status.example.com/x?a=1&amp;b=2\">Dashboard</a></li>\n</ul>\
         <ol><li>one</li><li>two<ul><li>nested</li></ul></li></ol>",
    );
    assert_eq!(
        blocks,
        [
            para(vec![t("Affected:")]),
            Block::List {
                ordered: false,
                items: vec![
                    vec![t("API")],
                    vec![link(
                        "https://status.example.com/x?a=1&b=2",
                        vec![t("Dashboard")]
                    )],
                ],
            },
            Block::List {
                ordered: true,
                items: vec![vec![t("one")], vec![t("two")], vec![t("nested")]],
            },
        ]
    );
}

#[test]
fn html_pre_is_a_code_block() {
    let blocks = parse("<p>Log:</p><pre>\nline 1\n  line &lt;2&gt;<br>line 3\n</pre>after");
    assert_eq!(
        blocks,
        [
            para(vec![t("Log:")]),
            Block::Code("line 1\n  line <2>\nline 3".into()),
            para(vec![t("after")]),
        ]
    );
}

#[test]
fn html_unknown_tags_keep_their_text_and_headings_are_bold() {
    let blocks = parse(
        "<h2>Update</h2><div><span class=x>Fixed</span> at <var data-var='time'>22:15</var></div>\
         <table><tr><td>a</td><td>b</td></tr></table><img src=x alt=pic>",
    );
    assert_eq!(
        blocks,
        [
            para(vec![bold(vec![t("Update")])]),
            para(vec![t("Fixed at 22:15")]),
            para(vec![t("a b")]),
        ]
    );
}

#[test]
fn statuspage_style_body() {
    let body = "<p><small>Nov <var data-var='date'>21</var>, <var data-var='time'>22:15</var> UTC</small><br><strong>Resolved</strong> - This incident has been resolved.</p>";
    assert_eq!(
        plain_text(&parse(body)),
        "Nov 21, 22:15 UTC\nResolved - This incident has been resolved."
    );
}

#[test]
fn html_bare_urls_become_links() {
    let blocks = parse("<p>See https://status.example.com/incidents/1. Thanks</p>");
    assert_eq!(
        blocks,
        [para(vec![
            t("See "),
            link(
                "https://status.example.com/incidents/1",
                vec![t("https://status.example.com/incidents/1")]
            ),
            t(". Thanks"),
        ])]
    );
}

#[test]
fn bare_urls_stop_at_unmatched_brackets() {
    // Found by the property test: the URL must not swallow "](javascript:x".
    for markup in [Markup::Markdown, Markup::Plain, Markup::Html] {
        let blocks = parse_body_as(
            "https://ok.example/a](javascript:x)",
            markup,
            &RichOptions::default(),
        );
        assert_eq!(hrefs(&blocks), ["https://ok.example/a"], "{markup:?}");
    }
    assert_eq!(
        hrefs(&parse_body_as(
            "(see https://x.example/a(b)) [https://y.example]",
            Markup::Plain,
            &RichOptions::default()
        )),
        ["https://x.example/a(b)", "https://y.example"]
    );
}

// ---------------------------------------------------------------------------------------
// Markdown.

#[test]
fn markdown_incident_io_style_body() {
    let body = "We're investigating **elevated error rates** for _ChatGPT_.\n\n\
                Affected:\n- Login\n- [Conversations](https://status.openai.com/incidents/01J)\n\n\
                1. First\n2. Second";
    assert_eq!(detect_markup(body), Markup::Markdown);
    assert_eq!(
        parse(body),
        [
            para(vec![
                t("We're investigating "),
                bold(vec![t("elevated error rates")]),
                t(" for "),
                italic(vec![t("ChatGPT")]),
                t("."),
            ]),
            para(vec![t("Affected:")]),
            Block::List {
                ordered: false,
                items: vec![
                    vec![t("Login")],
                    vec![link(
                        "https://status.openai.com/incidents/01J",
                        vec![t("Conversations")]
                    )],
                ],
            },
            Block::List {
                ordered: true,
                items: vec![vec![t("First")], vec![t("Second")]],
            },
        ]
    );
}

#[test]
fn markdown_code_headings_quotes_and_breaks() {
    let body = "# Title #\nline one\nline `two  x` \\*three\\*\n\n> quoted *text*\n\n```sh\ncurl  -v\n  x\n```\n---\nSub\n===";
    assert_eq!(
        parse(body),
        [
            para(vec![bold(vec![t("Title")])]),
            para(vec![
                t("line one"),
                Inline::LineBreak,
                t("line "),
                Inline::Code("two  x".into()),
                t(" *three*"),
            ]),
            para(vec![t("quoted "), italic(vec![t("text")])]),
            Block::Code("curl  -v\n  x".into()),
            para(vec![bold(vec![t("Sub")])]),
        ]
    );
}

#[test]
fn markdown_autolinks_images_and_entities() {
    let body = "<https://a.example/x> <ops@example.com> ![diagram](https://img.example/p.png) \
                https://b.example/path_(x)). &amp; &copy;";
    assert_eq!(
        parse(body),
        [para(vec![
            link("https://a.example/x", vec![t("https://a.example/x")]),
            t(" "),
            link("mailto:ops@example.com", vec![t("ops@example.com")]),
            t(" diagram "),
            link(
                "https://b.example/path_(x)",
                vec![t("https://b.example/path_(x)")]
            ),
            t("). & \u{A9}"),
        ])]
    );
}

#[test]
fn markdown_list_continuations() {
    let body = "- a\n  more a\n\n- b\n\n  b para\nlazy\n\nafter";
    assert_eq!(
        parse(body),
        [
            Block::List {
                ordered: false,
                items: vec![
                    vec![t("a"), Inline::LineBreak, t("more a")],
                    vec![
                        t("b"),
                        Inline::LineBreak,
                        t("b para"),
                        Inline::LineBreak,
                        t("lazy"),
                    ],
                ],
            },
            para(vec![t("after")]),
        ]
    );
    // An ordered list interrupts a paragraph only when it starts at 1.
    assert_eq!(
        parse("It lasted\n2. hours"),
        [para(vec![t("It lasted"), Inline::LineBreak, t("2. hours")])]
    );
}

#[test]
fn plain_markup_keeps_every_character() {
    let blocks = parse_body_as(
        "a *b* [c](https://x.example)\nnext\n\nhttps://y.example",
        Markup::Plain,
        &RichOptions::default(),
    );
    assert_eq!(
        blocks,
        [
            para(vec![
                t("a *b* [c]("),
                link("https://x.example", vec![t("https://x.example")]),
                t(")"),
                Inline::LineBreak,
                t("next"),
            ]),
            para(vec![link(
                "https://y.example",
                vec![t("https://y.example")]
            )]),
        ]
    );
}

#[test]
fn plain_text_of_blocks() {
    let blocks = parse("Intro **bold**\n\n- a\n- b\n\n1. x\n2. y\n\n```\ncode\n```");
    assert_eq!(
        plain_text(&blocks),
        "Intro bold\n\n- a\n- b\n\n1. x\n2. y\n\ncode"
    );
}

// ---------------------------------------------------------------------------------------
// Hostile input.

const HOSTILE: &[&str] = &[
    "<script>EVIL()</script>ok",
    "<SCRIPT type=text/javascript>EVIL()</SCRIPT >ok",
    "<script>EVIL('</scr' + 'ipt>')</script>ok",
    "<scr<script>inert</script>ipt>ok",
    "<script src=//evil.example/x.js></script><p>ok</p>",
    "<script>unclosed EVIL",
    "<style>body{background:url(javascript:EVIL)}</style><p>ok</p>",
    "<p style=\"background:url(javascript:EVIL)\">ok</p>",
    "<img src=x onerror=EVIL()>ok",
    "<svg onload=EVIL()><script>EVIL</script><text>EVIL</text></svg>ok",
    "<body onload=EVIL()>ok</body>",
    "<iframe src=javascript:EVIL>EVIL</iframe>ok",
    "<noscript><p title=\"</noscript><img src=x onerror=EVIL()>\">ok",
    "<textarea><script>EVIL</script></textarea>ok",
    "<template><script>EVIL</script></template>ok",
    "<math><mtext><script>EVIL</script></mtext></math>ok",
    "<a href=\"javascript:EVIL()\">click</a>",
    "<a href='JaVaScRiPt:EVIL()'>click</a>",
    "<a href=\"java\tscript:EVIL()\">click</a>",
    "<a href=\"java&#x09;script:EVIL()\">click</a>",
    "<a href=\"javascript&#58;EVIL()\">click</a>",
    "<a href=\"javascript&#0000058EVIL()\">click</a>",
    "<a href=\"javascript&colon;EVIL()\">click</a>",
    "<a href=\" &#14;  javascript:EVIL()\">click</a>",
    "<a href=\"data:text/html;base64,PHNjcmlwdD5FVklMPC9zY3JpcHQ+\">click</a>",
    "<a href=\"vbscript:EVIL\">click</a>",
    "<a href=\"//evil.example\">click</a>",
    "<a href=\"/relative\">click</a>",
    "<a href=x onclick=EVIL()>click</a>",
    "<a href=\"https://ok.example\" onmouseover=\"EVIL()\">click</a>",
    "<a href=\"https://a.example\"><a href=\"https://b.example\">nested</a></a>",
    "<b><i><a href=https://x.example>unclosed",
    "<p><b>mis</p>nested</b></i></a></ul></li>",
    "<!-- <script>EVIL</script> -->ok",
    "<!--unclosed <script>EVIL</script>",
    "<![CDATA[ x ]]><script>EVIL</script>ok",
    "<? EVIL ?>ok",
    "<div <script>inert</script>>ok",
    "<a href=\"https://x.example\u{202E}gpj.exe\">file\u{202E}gpj.exe</a>",
    "[click](javascript:EVIL())",
    "[click](JaVaScRiPt:EVIL())",
    "[click](javascript&#58;EVIL())",
    "[click](javascript&colon;EVIL)",
    "[click](java\\script:EVIL)",
    "[click](data:text/html,EVIL)",
    "[click](vbscript:EVIL)",
    "[click](//evil.example)",
    "[click](<javascript:EVIL>)",
    "<javascript:EVIL()>",
    "<data:text/html,EVIL>",
    "![x](javascript:EVIL)",
    "[a](https://ok.example \"title\")",
    "[[[[[[[[[[nested](https://x.example)]]]]]]]]]](javascript:EVIL)",
    "**[x](https://ok.example)** *[y](mailto:a@b.example)*",
    "\u{202E}evil\u{202D} \u{2066}iso\u{2069} \u{200F}rlm &#x202E;entity",
];

#[test]
fn hostile_corpus_yields_only_safe_links_and_no_script_text() {
    for (k, input) in HOSTILE.iter().enumerate() {
        for markup in [None, Some(Markup::Html), Some(Markup::Markdown)] {
            let blocks = match markup {
                None => parse(input),
                Some(m) => parse_body_as(input, m, &RichOptions::default()),
            };
            for h in hrefs(&blocks) {
                assert!(is_allowed_href(&h), "#{k} {input:?} {markup:?}: href {h:?}");
                let lower = h.to_ascii_lowercase();
                assert!(
                    !lower.contains("javascript") && !lower.contains("evil"),
                    "{h:?}"
                );
                assert!(!h.chars().any(|c| c.is_control() || is_bidi(c)), "{h:?}");
            }
            assert!(!has_link_inside_link(&blocks), "#{k} {input:?}");
            let text = plain_text(&blocks);
            assert!(!text.chars().any(is_bidi), "#{k} {input:?}: {text:?}");
            if input.starts_with('<') && markup.unwrap_or(detect_markup(input)) == Markup::Html {
                // As HTML, nothing inside a script, style, attribute or comment is text.
                assert!(
                    !text.contains("EVIL"),
                    "#{k} {input:?} {markup:?}: {text:?}"
                );
            }
        }
    }
}

#[test]
fn hostile_html_keeps_the_harmless_text() {
    assert_eq!(plain_text(&parse("<script>EVIL()</script>ok")), "ok");
    assert_eq!(
        parse("<a href=\"javascript:EVIL()\">click</a>"),
        [para(vec![t("click")])]
    );
    assert_eq!(
        parse("[click](javascript:EVIL())"),
        [para(vec![t("click")])]
    );
    assert_eq!(
        parse("<a href=\"https://ok.example\" onmouseover=\"EVIL()\">click</a>"),
        [para(vec![link("https://ok.example", vec![t("click")])])]
    );
    assert_eq!(
        parse("<a href=\"https://a.example\"><a href=\"https://b.example\">nested</a></a>"),
        [para(vec![link("https://b.example", vec![t("nested")])])]
    );
    assert_eq!(
        plain_text(&parse(
            "\u{202E}evil\u{202D} \u{2066}iso\u{2069} \u{200F}rlm &#x202E;entity"
        )),
        "evil iso rlm entity"
    );
}

#[test]
fn huge_title_is_cut_quickly() {
    let huge = "A\u{202E}".repeat(5 * 1024 * 1024); // 10+ MB
    let start = Instant::now();
    let title = sanitize_inline_text(&huge, 120);
    assert_eq!(title.chars().count(), 120);
    assert!(title.ends_with(ELLIPSIS));
    assert!(!title.contains('\u{202E}'));
    let blocks = parse(&huge);
    let n = text_len(&blocks);
    assert!(n <= 64 * 1024 + ELLIPSIS.len(), "{n}");
    assert!(plain_text(&blocks).ends_with(ELLIPSIS));
    assert!(
        start.elapsed() < Duration::from_secs(5),
        "{:?}",
        start.elapsed()
    );
}

#[test]
fn truncation_marks_the_cut_at_a_char_boundary() {
    let opts = RichOptions {
        max_bytes: 9,
        ..RichOptions::default()
    };
    // "héllo wörld": the limit falls inside "ö".
    assert_eq!(
        parse_body("héllo wörld", &opts),
        [para(vec![t("héllo w\u{2026}")])]
    );
    let opts = RichOptions {
        max_bytes: 12,
        ..RichOptions::default()
    };
    assert_eq!(
        parse_body("- one\n- two\n- three", &opts),
        [Block::List {
            ordered: false,
            items: vec![vec![t("one")], vec![t("two\u{2026}")]],
        }]
    );
    // A tag cut in half is dropped.
    assert_eq!(
        parse_body("<p>abc <a href=\"https://x", &opts),
        [para(vec![t("abc\u{2026}")])]
    );
    assert_eq!(parse_body("", &opts), []);
}

#[test]
fn sanitize_inline_text_rules() {
    assert_eq!(
        sanitize_inline_text(
            "\u{202E}Cloud\u{2066}flare\n\n  API\t\u{7}status\u{FEFF}",
            100
        ),
        "Cloudflare API status"
    );
    assert_eq!(
        sanitize_inline_text("Resolved incident", 9),
        "Resolved\u{2026}"
    );
    assert_eq!(sanitize_inline_text("   ", 9), "");
    assert_eq!(sanitize_inline_text("한국어 제목", 3), "한국\u{2026}");
}

#[test]
fn safe_href_rules() {
    assert_eq!(
        safe_href("\u{200B}HTTP://Example.com/a b"),
        Some("http://Example.com/ab".into())
    );
    assert_eq!(
        safe_href("mailto:ops@example.com"),
        Some("mailto:ops@example.com".into())
    );
    assert_eq!(safe_href("ftp://example.com"), None);
    assert_eq!(safe_href("javascript://%0aalert(1)"), None);
    assert_eq!(
        safe_href(&format!("https://x.example/{}", "a".repeat(5000))),
        None
    );
}

// ---------------------------------------------------------------------------------------
// Running time: every pathological input of the default limit parses quickly. A
// quadratic step would take minutes on these.

#[test]
fn pathological_inputs_run_in_linear_time() {
    let n = 64 * 1024;
    let cases: Vec<(&str, String)> = vec![
        ("open brackets", "[".repeat(n)),
        ("bracket dest", "[a](".repeat(n / 4)),
        ("close dest", "](x".repeat(n / 3)),
        ("stars", "*a ".repeat(n / 3)),
        ("underscores", "_a_ _".repeat(n / 5)),
        (
            "ticks",
            (1..400).map(|k| "`".repeat(k) + "x").collect::<String>(),
        ),
        ("angle", "<x".repeat(n / 2)),
        ("urls", "http://".repeat(n / 7)),
        ("bad urls", "http:///".repeat(n / 8)),
        ("entities", "&#".repeat(n / 2)),
        ("named", "&aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa".repeat(n / 32)),
        ("nested html", "<b><i>".repeat(n / 6)),
        ("anchors", "<a href=https://x.example>".repeat(n / 26)),
        ("comments", "<!--".repeat(n / 4)),
        ("scripts", "<script>".repeat(n / 8)),
        ("end tags", "</b>".repeat(n / 4)),
        ("lists", "<ul><li>".repeat(n / 8)),
        ("md lists", "- a\n".repeat(n / 4)),
        ("quotes", ">".repeat(n)),
        ("pre", "<pre>".repeat(n / 5)),
    ];
    for (name, input) in cases {
        let start = Instant::now();
        for markup in [Markup::Html, Markup::Markdown, Markup::Plain] {
            let blocks = parse_body_as(&input, markup, &RichOptions::default());
            assert!(text_len(&blocks) <= n + ELLIPSIS.len(), "{name}");
        }
        let took = start.elapsed();
        assert!(took < Duration::from_secs(3), "{name}: {took:?}");
    }
}

// ---------------------------------------------------------------------------------------
// Properties.

/// Strings built from fragments that exercise every construct, hostile ones included.
fn fragments() -> impl Strategy<Value = String> {
    let frag = prop_oneof![
        Just("<p>"),
        Just("</p>"),
        Just("<br>"),
        Just("<ul>"),
        Just("<li>"),
        Just("</ul>"),
        Just("<ol>"),
        Just("<b>"),
        Just("</b>"),
        Just("<i>"),
        Just("<code>"),
        Just("</code>"),
        Just("<pre>"),
        Just("</pre>"),
        Just("<a href=\"https://ok.example\">"),
        Just("<a href=\"javascript:x\">"),
        Just("<a href=java&#x09;script:x>"),
        Just("</a>"),
        Just("<script>"),
        Just("</script>"),
        Just("<style>"),
        Just("<!--"),
        Just("-->"),
        Just("<svg>"),
        Just("**"),
        Just("*"),
        Just("_"),
        Just("`"),
        Just("```"),
        Just("["),
        Just("]"),
        Just("]("),
        Just("](https://ok.example)"),
        Just("](javascript:x)"),
        Just("("),
        Just(")"),
        Just("!["),
        Just("<https://ok.example>"),
        Just("<javascript:x>"),
        Just("https://ok.example/a"),
        Just("http://"),
        Just("mailto:a@b.example"),
        Just("&amp;"),
        Just("&#58;"),
        Just("&#x202E;"),
        Just("&"),
        Just("\\"),
        Just("\n"),
        Just("\n\n"),
        Just("- "),
        Just("1. "),
        Just("# "),
        Just("> "),
        Just(" "),
        Just("\t"),
        Just("\u{202E}"),
        Just("\u{0}"),
        Just("é"),
        Just("한"),
        Just("word"),
    ];
    prop::collection::vec(frag, 0..60).prop_map(|v| v.concat())
}

/// Any printable-or-not text up to `max` chars.
fn any_text(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(any::<char>(), 0..max).prop_map(|v| v.into_iter().collect())
}

fn check(blocks: &[Block], max_bytes: usize) -> Result<(), TestCaseError> {
    for h in hrefs(blocks) {
        prop_assert!(is_allowed_href(&h), "href {:?}", h);
    }
    prop_assert!(!has_link_inside_link(blocks));
    prop_assert!(text_len(blocks) <= max_bytes + ELLIPSIS.len());
    let text = plain_text(blocks);
    prop_assert!(!text.chars().any(is_bidi), "{:?}", text);
    prop_assert!(!text.contains('\0'), "NUL in {:?}", text);
    for b in blocks {
        match b {
            Block::Paragraph(c) => prop_assert!(!c.is_empty()),
            Block::List { items, .. } => {
                prop_assert!(!items.is_empty() && items.iter().all(|i| !i.is_empty()))
            }
            Block::Code(s) => prop_assert!(!s.is_empty()),
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn arbitrary_strings_are_safe(s in any_text(300), max_bytes in 0usize..400, depth in 0usize..6) {
        let opts = RichOptions { max_bytes, max_depth: depth };
        for blocks in [
            parse_body(&s, &opts),
            parse_body_as(&s, Markup::Html, &opts),
            parse_body_as(&s, Markup::Markdown, &opts),
            parse_body_as(&s, Markup::Plain, &opts),
        ] {
            check(&blocks, max_bytes)?;
        }
        let title = sanitize_inline_text(&s, 40);
        prop_assert!(title.chars().count() <= 40);
        prop_assert!(!title.chars().any(|c| c.is_control() || is_bidi(c)));
    }

    #[test]
    fn markup_soup_is_safe(s in fragments(), max_bytes in 0usize..600, depth in 0usize..8) {
        let opts = RichOptions { max_bytes, max_depth: depth };
        for blocks in [
            parse_body(&s, &opts),
            parse_body_as(&s, Markup::Html, &opts),
            parse_body_as(&s, Markup::Markdown, &opts),
        ] {
            check(&blocks, max_bytes)?;
        }
    }

    #[test]
    fn hrefs_that_pass_start_with_an_allowed_scheme(s in any_text(40)) {
        if let Some(h) = safe_href(&s) {
            prop_assert!(is_allowed_href(&h), "{:?} -> {:?}", s, h);
        }
    }
}
