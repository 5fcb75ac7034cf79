//! The widget's options, read the same way from a custom element's attributes and from
//! `embed.html`'s query string: `src`, `components`, `lang`, `theme`, `size`,
//! `hide-when-operational` and (iframe only) `transparent`. Pure, so it is tested natively.

use statuslight_core::i18n::Lang;

/// How much the widget shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Size {
    /// One status badge per chosen component (or the page's), like the CLI's SVG badges.
    Badge,
    /// An overall line, the chosen components with status and a 30-day bar, a link.
    #[default]
    Compact,
    /// The compact view plus the page's name, uptime, open incidents and their latest
    /// update.
    Card,
    /// A strip that appears only while something is wrong, dismissible per incident.
    Banner,
}

impl Size {
    pub fn parse(s: &str) -> Option<Size> {
        match s.trim().to_ascii_lowercase().as_str() {
            "badge" => Some(Size::Badge),
            "compact" => Some(Size::Compact),
            "card" => Some(Size::Card),
            "banner" => Some(Size::Banner),
            _ => None,
        }
    }

    /// The CSS class suffix and `data-size` value.
    pub fn key(self) -> &'static str {
        match self {
            Size::Badge => "badge",
            Size::Compact => "compact",
            Size::Card => "card",
            Size::Banner => "banner",
        }
    }
}

/// Light, dark, or whatever the visitor's system prefers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum WidgetTheme {
    #[default]
    Auto,
    Light,
    Dark,
}

impl WidgetTheme {
    pub fn parse(s: &str) -> Option<WidgetTheme> {
        match s.trim().to_ascii_lowercase().as_str() {
            "auto" | "system" => Some(WidgetTheme::Auto),
            "light" => Some(WidgetTheme::Light),
            "dark" => Some(WidgetTheme::Dark),
            _ => None,
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            WidgetTheme::Auto => "auto",
            WidgetTheme::Light => "light",
            WidgetTheme::Dark => "dark",
        }
    }
}

/// Everything one widget was asked for.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Options {
    /// The status page's base URL (`https://status.example.com/`), as given; the widget
    /// reads `statuslight.json` beside it. Empty means "the document's own directory"
    /// (the iframe's case).
    pub src: String,
    /// Component ids in the order given; empty for the page's top-level components.
    pub components: Vec<String>,
    /// The language asked for; else the configuration's, else the browser's.
    pub lang: Option<Lang>,
    pub theme: WidgetTheme,
    pub size: Size,
    /// Show nothing at all while the chosen components (or the page) are operational.
    pub hide_when_operational: bool,
    /// Iframe only: no background of its own.
    pub transparent: bool,
}

/// A boolean attribute or parameter: present and not `false`/`0`/`no`/`off`.
fn flag(value: &str) -> bool {
    !matches!(
        value.trim().to_ascii_lowercase().as_str(),
        "false" | "0" | "no" | "off"
    )
}

impl Options {
    /// Read options from `(name, value)` pairs; unknown names and unreadable values are
    /// ignored (the default stands), so a typo never breaks the host's page.
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Options {
        let mut o = Options::default();
        for (name, value) in pairs {
            match name.trim().to_ascii_lowercase().replace('_', "-").as_str() {
                "src" => o.src = value.trim().to_string(),
                "components" | "component" => {
                    o.components = value
                        .split([',', ' '])
                        .map(str::trim)
                        .filter(|s| !s.is_empty())
                        .map(str::to_string)
                        .collect();
                }
                "lang" => o.lang = Lang::from_tag(value),
                "theme" => o.theme = WidgetTheme::parse(value).unwrap_or_default(),
                "size" => o.size = Size::parse(value).unwrap_or_default(),
                "hide-when-operational" => o.hide_when_operational = flag(value),
                "transparent" => o.transparent = flag(value),
                _ => {}
            }
        }
        o
    }

    /// The address of `statuslight.json` for this widget, relative to `src` (a base URL
    /// without a trailing slash gets one: `https://s.example.com` and
    /// `https://s.example.com/` name the same page).
    pub fn config_url(&self) -> String {
        let src = self.src.trim();
        if src.is_empty() {
            return "statuslight.json".to_string();
        }
        if src.ends_with('/') {
            return format!("{src}statuslight.json");
        }
        match src.rsplit_once('/') {
            Some((head, last)) if last.ends_with(".html") || last.ends_with(".htm") => {
                format!("{head}/statuslight.json")
            }
            _ => format!("{src}/statuslight.json"),
        }
    }

    /// The status page itself, for "Full status page" links.
    pub fn page_url(&self) -> String {
        let src = self.src.trim();
        if src.is_empty() {
            "./".to_string()
        } else {
            src.to_string()
        }
    }
}

/// Split a query string (`a=1&b=x%20y`, no leading `?`) into decoded pairs; `+` is a
/// space, invalid escapes stay as written.
pub fn parse_query(query: &str) -> Vec<(String, String)> {
    query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (decode(k), decode(v))
        })
        .collect()
}

fn decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => match s
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
            {
                Some(b) => {
                    out.push(b);
                    i += 2;
                }
                None => out.push(b'%'),
            },
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attributes_are_read_and_typos_fall_back() {
        let o = Options::from_pairs([
            ("src", " https://status.example.com/ "),
            ("components", "messaging, calls,,"),
            ("lang", "ko-KR"),
            ("theme", "DARK"),
            ("size", "card"),
            ("hide-when-operational", ""),
            ("unknown", "x"),
        ]);
        assert_eq!(o.src, "https://status.example.com/");
        assert_eq!(o.components, ["messaging", "calls"]);
        assert_eq!(o.lang, Some(Lang::Ko));
        assert_eq!(o.theme, WidgetTheme::Dark);
        assert_eq!(o.size, Size::Card);
        assert!(o.hide_when_operational);
        assert!(!o.transparent);

        let o = Options::from_pairs([
            ("size", "huge"),
            ("theme", "pink"),
            ("lang", "fr"),
            ("hide_when_operational", "false"),
            ("transparent", "1"),
        ]);
        assert_eq!(o.size, Size::Compact);
        assert_eq!(o.theme, WidgetTheme::Auto);
        assert_eq!(o.lang, None);
        assert!(!o.hide_when_operational);
        assert!(o.transparent);
    }

    #[test]
    fn query_strings_decode_like_url_search_params() {
        assert_eq!(
            parse_query(
                "size=card&components=messaging%2Ccalls&hide-when-operational&x=a+b&bad=%zz%4"
            ),
            [
                ("size".to_string(), "card".to_string()),
                ("components".to_string(), "messaging,calls".to_string()),
                ("hide-when-operational".to_string(), String::new()),
                ("x".to_string(), "a b".to_string()),
                ("bad".to_string(), "%zz%4".to_string()),
            ]
        );
        assert_eq!(
            parse_query("lang=%ED%95%9C"),
            [("lang".to_string(), "한".to_string())]
        );
        assert!(parse_query("").is_empty());
    }

    #[test]
    fn the_configuration_sits_beside_the_page() {
        let url = |src: &str| {
            Options {
                src: src.to_string(),
                ..Options::default()
            }
            .config_url()
        };
        assert_eq!(url(""), "statuslight.json");
        assert_eq!(
            url("https://s.example.com/"),
            "https://s.example.com/statuslight.json"
        );
        assert_eq!(
            url("https://s.example.com"),
            "https://s.example.com/statuslight.json"
        );
        assert_eq!(
            url("https://s.example.com/status"),
            "https://s.example.com/status/statuslight.json"
        );
        assert_eq!(
            url("https://s.example.com/status/"),
            "https://s.example.com/status/statuslight.json"
        );
        assert_eq!(
            url("https://s.example.com/status/index.html"),
            "https://s.example.com/status/statuslight.json"
        );
        assert_eq!(url("/status/"), "/status/statuslight.json");
    }
}
