//! Flat SVG status badges, in the style of shields.io: a grey label on the left, the
//! status in its colour on the right. Each badge has `role="img"`, an `aria-label` and a
//! `<title>` for screen readers; all text is XML-escaped; widths are estimated from the
//! text (Hangul and other wide characters count about twice a Latin letter).

use chrono::{DateTime, Utc};

use super::{output_lang, text_in, xml_escape};
use crate::i18n::Lang;
use crate::model::{ComponentStatus, Feed};
use crate::present::{level_label, status_label};
use crate::status::{self, Level};

/// The colour of a level.
pub fn level_colour(level: Level) -> &'static str {
    match level {
        Level::Operational => "#2e7d32",
        Level::Maintenance => "#1565c0",
        Level::Degraded => "#9a6700",
        Level::PartialOutage => "#c2410c",
        Level::MajorOutage => "#c62828",
    }
}

/// The colour of a status nobody knows: a component status this version does not know,
/// or a component the page does not have.
pub const UNKNOWN_COLOUR: &str = "#616161";

/// The colour of a component status (unknown statuses in grey).
pub fn status_colour(s: &ComponentStatus) -> &'static str {
    match s {
        ComponentStatus::Unknown(_) => UNKNOWN_COLOUR,
        other => level_colour(Level::of(other)),
    }
}

/// Estimated width in pixels of `text` in 11px Verdana-like type.
pub fn text_width(text: &str) -> u32 {
    let tenths: u32 = text
        .chars()
        .map(|c| match c {
            'i' | 'j' | 'l' | '!' | '.' | ',' | ':' | ';' | '\'' | '|' | 'I' => 35,
            'f' | 'r' | 't' | ' ' | '(' | ')' | '[' | ']' | '-' | '/' => 50,
            'm' | 'w' | 'M' | 'W' | '@' | '%' => 100,
            'A'..='Z' | '0'..='9' | '&' | '#' => 76,
            c if c.is_ascii() => 66,
            c if is_wide(c) => 120,
            _ => 75,
        })
        .sum();
    tenths.div_ceil(10)
}

/// East Asian wide characters: Hangul, CJK, kana, full-width forms, emoji.
fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF | 0xA960..=0xA97F | 0xAC00..=0xD7A3 | 0xD7B0..=0xD7FF
        | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6
        | 0x1F300..=0x1FAFF | 0x20000..=0x3FFFD)
}

/// One badge.
pub fn badge(label: &str, message: &str, colour: &str) -> String {
    let lw = text_width(label) + 10;
    let mw = text_width(message) + 10;
    let w = lw + mw;
    let title = xml_escape(&format!("{label}: {message}"));
    let (label, message, colour) = (xml_escape(label), xml_escape(message), xml_escape(colour));
    // Text is drawn at 10× and scaled down, as shields.io does, for crisp positions.
    let lx = lw * 5;
    let mx = lw * 10 + mw * 5;
    let ltl = (lw - 10) * 10;
    let mtl = (mw - 10) * 10;
    format!(
        concat!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"20\" role=\"img\" aria-label=\"{title}\">",
            "<title>{title}</title>",
            "<linearGradient id=\"s\" x2=\"0\" y2=\"100%\"><stop offset=\"0\" stop-color=\"#bbb\" stop-opacity=\".1\"/><stop offset=\"1\" stop-opacity=\".1\"/></linearGradient>",
            "<clipPath id=\"r\"><rect width=\"{w}\" height=\"20\" rx=\"3\" fill=\"#fff\"/></clipPath>",
            "<g clip-path=\"url(#r)\"><rect width=\"{lw}\" height=\"20\" fill=\"#555\"/><rect x=\"{lw}\" width=\"{mw}\" height=\"20\" fill=\"{colour}\"/><rect width=\"{w}\" height=\"20\" fill=\"url(#s)\"/></g>",
            "<g fill=\"#fff\" text-anchor=\"middle\" font-family=\"Verdana,Geneva,DejaVu Sans,sans-serif\" text-rendering=\"geometricPrecision\" font-size=\"110\">",
            "<text aria-hidden=\"true\" x=\"{lx}\" y=\"150\" fill=\"#010101\" fill-opacity=\".3\" transform=\"scale(.1)\" textLength=\"{ltl}\">{label}</text>",
            "<text x=\"{lx}\" y=\"140\" transform=\"scale(.1)\" fill=\"#fff\" textLength=\"{ltl}\">{label}</text>",
            "<text aria-hidden=\"true\" x=\"{mx}\" y=\"150\" fill=\"#010101\" fill-opacity=\".3\" transform=\"scale(.1)\" textLength=\"{mtl}\">{message}</text>",
            "<text x=\"{mx}\" y=\"140\" transform=\"scale(.1)\" fill=\"#fff\" textLength=\"{mtl}\">{message}</text>",
            "</g></svg>\n"
        ),
        w = w, lw = lw, mw = mw, title = title, colour = colour, label = label,
        message = message, lx = lx, mx = mx, ltl = ltl, mtl = mtl,
    )
}

/// The file name of a component's badge under `badges/`: its id, made safe for a file
/// name; `overall` is reserved for the page's badge.
pub fn badge_file(component_id: &str) -> String {
    let safe: String = component_id
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '_'
            }
        })
        .collect();
    let safe = safe.trim_start_matches('.').to_string();
    if safe.is_empty() || safe == "overall" {
        format!("component-{safe}.svg")
    } else {
        format!("{safe}.svg")
    }
}

/// Every badge at `now`: `(path under the site root, SVG)`, one per component (groups
/// included) under `badges/`, plus `badges/overall.svg` for the whole page.
pub fn badges(feed: &Feed, now: DateTime<Utc>, lang: Option<&str>) -> Vec<(String, String)> {
    let lang = output_lang(feed, lang);
    let m = Lang::from_tag(&lang).unwrap_or(Lang::En).messages();
    let mut out = Vec::with_capacity(feed.components.len() + 1);
    let overall = status::overall(feed, now);
    let page = text_in(&feed.page.name, &lang);
    let label = if page.trim().is_empty() {
        "status".to_string()
    } else {
        page
    };
    out.push((
        "badges/overall.svg".to_string(),
        badge(
            &label,
            level_label(overall.level, m),
            level_colour(overall.level),
        ),
    ));
    for c in &feed.components {
        let s = status::status_of(feed, c, now);
        out.push((
            format!("badges/{}", badge_file(&c.id)),
            badge(
                &text_in(&c.name, &lang),
                status_label(&s, m),
                status_colour(&s),
            ),
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hangul_is_wider_than_latin() {
        assert!(text_width("메시지") > text_width("abc"));
        assert!(text_width("메시지") >= 3 * 12);
    }

    #[test]
    fn text_is_escaped_and_labelled() {
        let svg = badge("A&B <x>", "\"ok\"", "#2e7d32");
        assert!(svg.contains("role=\"img\""));
        assert!(svg.contains("<title>A&amp;B &lt;x&gt;: &quot;ok&quot;</title>"));
        assert!(!svg.contains("<x>"));
    }

    #[test]
    fn file_names_are_safe_and_do_not_shadow_overall() {
        assert_eq!(badge_file("voice-calls"), "voice-calls.svg");
        assert_eq!(badge_file("../x/y"), "_x_y.svg");
        assert_eq!(badge_file("overall"), "component-overall.svg");
    }
}
