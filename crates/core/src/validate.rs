//! Checks of a `statuslight/1` document beyond "it parses": its schema (types, required
//! and unknown fields) and its meaning. Every problem comes with the JSON path of the
//! value at fault, counted in the file's own order (`incidents[2].components[0].to`), so
//! an editor can go straight to it.
//!
//! # What is checked
//! - **Schema.** The document is an object with `"version": "statuslight/1"`; every field
//!   has its type (text is a string or an object of language → string); required fields
//!   are there; fields the format does not define are reported (a typo such as
//!   `resolvedAt` would otherwise be ignored silently). Times are RFC 3339 with an offset,
//!   dates `YYYY-MM-DD`, months `YYYY-MM`. `page.time_zone` is an IANA zone name.
//! - **Components.** Ids are unique and non-empty; `group` names a component that is a
//!   group (`is_group: true`); groups are one level deep.
//! - **Incidents.** Ids are unique; `impact` is `none`, `minor`, `major`, `critical` or
//!   `maintenance`; each interval names a known component (in a month shard without
//!   components, the components of the current feed passed in [`Context`]), has a known
//!   severity and does not end before it starts; an interval of a resolved incident has
//!   an end; nothing happens before a declared `started_at`; `resolved_at` is not before
//!   the start; updates are listed in time order and have known statuses.
//! - **Maintenance.** Ids are unique; components are known; planned and actual windows do
//!   not end before they start; updates are in order; two maintenances on one component
//!   do not overlap in their planned windows.
//! - **History index.** Months are `YYYY-MM` and listed once; urls are not empty.

use std::collections::{HashMap, HashSet};
use std::fmt;

use chrono::{DateTime, Utc};
use serde_json::{Map, Value};

use crate::formats::statuslight;

/// One problem in a document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// JSON path of the value at fault (`.` for the document itself).
    pub path: String,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

/// What a document is checked against besides itself.
#[derive(Clone, Debug, Default)]
pub struct Context {
    /// Component ids of the current feed, for a month shard that lists none of its own.
    pub components: Option<Vec<String>>,
}

/// Every problem of a `statuslight/1` document; empty when it is valid.
pub fn validate(bytes: &[u8]) -> Vec<Problem> {
    validate_with(bytes, &Context::default())
}

/// Every problem of a `statuslight/1` document, checked with `ctx`.
pub fn validate_with(bytes: &[u8], ctx: &Context) -> Vec<Problem> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let root: Value = match serde_json::from_slice(bytes) {
        Ok(v) => v,
        Err(e) => {
            return vec![Problem {
                path: ".".to_string(),
                message: format!(
                    "not valid JSON (line {}, column {}): {e}",
                    e.line(),
                    e.column()
                ),
            }]
        }
    };
    let mut c = Checker::default();
    c.document(&root, ctx);
    // The reader's own verdict, unless a check above already named that place.
    if c.problems.is_empty() {
        if let Err(e) = statuslight::parse(bytes) {
            let path = match &e {
                crate::FeedError::Json { path, .. } | crate::FeedError::Invalid { path, .. } => {
                    path.clone()
                }
                _ => ".".to_string(),
            };
            c.push(path, e.to_string());
        }
    }
    c.problems
}

#[derive(Default)]
struct Checker {
    problems: Vec<Problem>,
}

const ROOT_KEYS: &[&str] = &[
    "$schema",
    "version",
    "shard",
    "as_of",
    "updated_at",
    "page",
    "components",
    "incidents",
    "maintenances",
    "history",
];
const PAGE_KEYS: &[&str] = &["id", "name", "url", "time_zone", "languages", "notice"];
const COMPONENT_KEYS: &[&str] = &[
    "id",
    "name",
    "description",
    "group",
    "is_group",
    "order",
    "start_date",
    "only_show_if_degraded",
    "showcase",
];
const INCIDENT_KEYS: &[&str] = &[
    "id",
    "title",
    "impact",
    "status",
    "started_at",
    "resolved_at",
    "affected",
    "components",
    "updates",
    "url",
];
const INTERVAL_KEYS: &[&str] = &["id", "severity", "from", "to"];
const UPDATE_KEYS: &[&str] = &["status", "label", "at", "body"];
const MAINTENANCE_KEYS: &[&str] = &[
    "id",
    "title",
    "status",
    "components",
    "planned",
    "actual",
    "updates",
    "url",
];
/// Fields a month shard must not have: it holds only incidents and maintenance.
const NOT_IN_SHARD: &[&str] = &["as_of", "updated_at", "page", "components", "history"];
const WINDOW_KEYS: &[&str] = &["from", "to"];
const SHARD_KEYS: &[&str] = &["month", "url", "incidents"];
const IMPACTS: &[&str] = &["none", "minor", "major", "critical", "maintenance"];
const SEVERITIES: &[&str] = &["degraded_performance", "partial_outage", "major_outage"];
const STATUSES: &[&str] = &[
    "investigating",
    "identified",
    "monitoring",
    "resolved",
    "postmortem",
    "scheduled",
    "in_progress",
    "verifying",
    "completed",
    "update",
];

fn at(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

use crate::formats::rfc3339::parse as time;

use crate::formats::statuslight::is_month;

impl Checker {
    fn push(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.problems.push(Problem {
            path: path.into(),
            message: message.into(),
        });
    }

    fn object<'v>(
        &mut self,
        v: &'v Value,
        path: &str,
        keys: &[&str],
    ) -> Option<&'v Map<String, Value>> {
        let Some(o) = v.as_object() else {
            self.push(
                if path.is_empty() { "." } else { path },
                format!("expected an object, found {}", kind(v)),
            );
            return None;
        };
        for k in o.keys() {
            if !keys.contains(&k.as_str()) {
                self.push(
                    at(path, k),
                    format!("unknown field {k:?} (expected one of: {})", keys.join(", ")),
                );
            }
        }
        Some(o)
    }

    fn array<'v>(&mut self, o: &'v Map<String, Value>, path: &str, key: &str) -> &'v [Value] {
        match o.get(key) {
            None | Some(Value::Null) => &[],
            Some(Value::Array(a)) => a,
            Some(other) => {
                self.push(
                    at(path, key),
                    format!("expected an array, found {}", kind(other)),
                );
                &[]
            }
        }
    }

    /// A required or optional string.
    fn string<'v>(
        &mut self,
        o: &'v Map<String, Value>,
        path: &str,
        key: &str,
        required: bool,
    ) -> Option<&'v str> {
        match o.get(key) {
            None | Some(Value::Null) => {
                if required {
                    self.push(at(path, key), "missing: this field is required");
                }
                None
            }
            Some(Value::String(s)) => Some(s),
            Some(other) => {
                self.push(
                    at(path, key),
                    format!("expected a string, found {}", kind(other)),
                );
                None
            }
        }
    }

    fn non_empty_id<'v>(&mut self, o: &'v Map<String, Value>, path: &str) -> Option<&'v str> {
        let id = self.string(o, path, "id", true)?;
        if id.trim().is_empty() {
            self.push(at(path, "id"), "an id must not be empty");
            return None;
        }
        Some(id)
    }

    fn time(
        &mut self,
        o: &Map<String, Value>,
        path: &str,
        key: &str,
        required: bool,
    ) -> Option<DateTime<Utc>> {
        let s = self.string(o, path, key, required)?;
        let t = time(s);
        if t.is_none() {
            self.push(
                at(path, key),
                format!("{s:?} is not {}", crate::formats::rfc3339::EXPECTED),
            );
        }
        t
    }

    fn text(&mut self, o: &Map<String, Value>, path: &str, key: &str, required: bool) {
        let p = at(path, key);
        match o.get(key) {
            None | Some(Value::Null) => {
                if required {
                    self.push(p, "missing: this field is required");
                }
            }
            Some(Value::String(s)) => {
                if required && s.trim().is_empty() {
                    self.push(p, "must not be empty");
                }
            }
            Some(Value::Object(m)) => {
                for (lang, v) in m {
                    if !v.is_string() {
                        self.push(
                            at(&p, lang),
                            format!("expected a string, found {}", kind(v)),
                        );
                    }
                }
                if required
                    && m.values()
                        .all(|v| v.as_str().is_none_or(|s| s.trim().is_empty()))
                {
                    self.push(p, "must not be empty in every language");
                }
            }
            Some(other) => self.push(
                p,
                format!(
                    "expected a string or an object of language → string, found {}",
                    kind(other)
                ),
            ),
        }
    }

    fn document(&mut self, root: &Value, ctx: &Context) {
        let Some(o) = self.object(root, "", ROOT_KEYS) else {
            return;
        };
        match self.string(o, "", "version", true) {
            Some(statuslight::VERSION) | None => {}
            Some(other) => self.push(
                "version",
                format!("unsupported version {other:?}: expected \"statuslight/1\""),
            ),
        }
        if let Some(s) = self.string(o, "", "shard", false) {
            if !is_month(s) {
                self.push("shard", format!("{s:?} is not a month (YYYY-MM)"));
            }
            for k in NOT_IN_SHARD {
                if o.contains_key(*k) {
                    self.push(*k, "a month shard holds only incidents and maintenances");
                }
            }
        }
        self.time(o, "", "as_of", false);
        self.time(o, "", "updated_at", false);
        if let Some(p) = o.get("page").filter(|p| !p.is_null()) {
            self.page(p);
        }
        let own = self.components(o);
        let known: Option<HashSet<String>> = if o.get("components").is_some_and(|c| !c.is_null()) {
            Some(own)
        } else {
            ctx.components
                .as_ref()
                .map(|c| c.iter().cloned().collect())
                .or(Some(own).filter(|_| o.get("shard").is_none()))
        };
        self.incidents(o, known.as_ref());
        self.maintenances(o, known.as_ref());
        self.history(o);
    }

    fn page(&mut self, p: &Value) {
        let Some(o) = self.object(p, "page", PAGE_KEYS) else {
            return;
        };
        self.text(o, "page", "name", true);
        self.text(o, "page", "notice", false);
        self.string(o, "page", "url", false);
        if let Some(tz) = self.string(o, "page", "time_zone", false) {
            if crate::zone::Zone::parse(tz).is_none() {
                self.push(
                    "page.time_zone",
                    format!("{tz:?} is not an IANA time zone name (Asia/Seoul)"),
                );
            }
        }
        for (i, l) in self.array(o, "page", "languages").iter().enumerate() {
            if l.as_str().is_none_or(|s| s.trim().is_empty()) {
                self.push(
                    format!("page.languages[{i}]"),
                    "expected a language tag such as \"ko\"",
                );
            }
        }
    }

    /// Checks the components; returns their ids.
    fn components(&mut self, o: &Map<String, Value>) -> HashSet<String> {
        let list = self.array(o, "", "components");
        let mut ids: HashMap<String, usize> = HashMap::new();
        let mut groups: HashMap<String, (bool, Option<String>)> = HashMap::new();
        let mut refs: Vec<(usize, String)> = Vec::new();
        for (i, c) in list.iter().enumerate() {
            let path = format!("components[{i}]");
            let Some(co) = self.object(c, &path, COMPONENT_KEYS) else {
                continue;
            };
            let id = self.non_empty_id(co, &path);
            self.text(co, &path, "name", true);
            self.text(co, &path, "description", false);
            let group = self.string(co, &path, "group", false).map(str::to_string);
            let is_group = match co.get("is_group") {
                None | Some(Value::Null) => false,
                Some(Value::Bool(b)) => *b,
                Some(other) => {
                    self.push(
                        at(&path, "is_group"),
                        format!("expected true or false, found {}", kind(other)),
                    );
                    false
                }
            };
            if let Some(v) = co.get("order").filter(|v| !v.is_null()) {
                if !v.is_i64() {
                    self.push(
                        at(&path, "order"),
                        format!("expected an integer, found {}", kind(v)),
                    );
                }
            }
            if let Some(d) = self.string(co, &path, "start_date", false) {
                if crate::formats::rfc3339::parse_date(d).is_none() {
                    self.push(
                        at(&path, "start_date"),
                        format!("{d:?} is not a date (YYYY-MM-DD)"),
                    );
                }
            }
            if let Some(id) = id {
                if let Some(first) = ids.get(id) {
                    self.push(
                        at(&path, "id"),
                        format!("duplicate component id {id:?} (also components[{first}])"),
                    );
                } else {
                    ids.insert(id.to_string(), i);
                    groups.insert(id.to_string(), (is_group, group.clone()));
                }
            }
            if let Some(g) = group {
                refs.push((i, g));
            }
        }
        for (i, g) in refs {
            let path = format!("components[{i}].group");
            match groups.get(&g) {
                None => self.push(path, format!("unknown component id {g:?}")),
                Some((false, _)) => self.push(
                    path,
                    format!("{g:?} is not a group (it needs \"is_group\": true)"),
                ),
                Some((true, Some(_))) => self.push(
                    path,
                    format!("{g:?} is itself inside a group: groups are one level deep"),
                ),
                Some((true, None)) => {}
            }
        }
        ids.into_keys().collect()
    }

    fn status_field(&mut self, o: &Map<String, Value>, path: &str) {
        if let Some(s) = self.string(o, path, "status", false) {
            if !STATUSES.contains(&s) {
                self.push(
                    at(path, "status"),
                    format!(
                        "unknown status {s:?} (expected one of: {})",
                        STATUSES.join(", ")
                    ),
                );
            }
        }
    }

    fn component_ref(&mut self, id: &str, path: String, known: Option<&HashSet<String>>) {
        if let Some(k) = known {
            if !k.contains(id) {
                self.push(path, format!("unknown component id {id:?}"));
            }
        }
    }

    /// Checks an update list; returns the times in list order.
    fn updates(&mut self, o: &Map<String, Value>, path: &str) -> Vec<(DateTime<Utc>, String)> {
        let mut out: Vec<(DateTime<Utc>, String)> = Vec::new();
        let mut last: Option<DateTime<Utc>> = None;
        for (k, u) in self.array(o, path, "updates").iter().enumerate() {
            let up = format!("{path}.updates[{k}]");
            let Some(uo) = self.object(u, &up, UPDATE_KEYS) else {
                continue;
            };
            let status = self.string(uo, &up, "status", true).map(str::to_string);
            if let Some(s) = &status {
                if !STATUSES.contains(&s.as_str()) {
                    self.push(
                        at(&up, "status"),
                        format!(
                            "unknown status {s:?} (expected one of: {})",
                            STATUSES.join(", ")
                        ),
                    );
                }
            }
            self.text(uo, &up, "body", false);
            self.string(uo, &up, "label", false);
            if let Some(t) = self.time(uo, &up, "at", true) {
                if let Some(prev) = last {
                    if t < prev {
                        self.push(
                            at(&up, "at"),
                            format!("updates out of order: {} is earlier than the update before it ({})",
                                t.to_rfc3339(), prev.to_rfc3339()),
                        );
                    }
                }
                last = Some(last.map_or(t, |p| p.max(t)));
                out.push((t, status.unwrap_or_default()));
            }
        }
        out
    }

    fn incidents(&mut self, o: &Map<String, Value>, known: Option<&HashSet<String>>) {
        let mut ids: HashMap<String, usize> = HashMap::new();
        for (i, inc) in self.array(o, "", "incidents").iter().enumerate() {
            let path = format!("incidents[{i}]");
            let Some(io) = self.object(inc, &path, INCIDENT_KEYS) else {
                continue;
            };
            if let Some(id) = self.non_empty_id(io, &path) {
                if let Some(first) = ids.get(id) {
                    self.push(
                        at(&path, "id"),
                        format!("duplicate incident id {id:?} (also incidents[{first}])"),
                    );
                } else {
                    ids.insert(id.to_string(), i);
                }
            }
            self.text(io, &path, "title", true);
            self.string(io, &path, "url", false);
            if let Some(imp) = self.string(io, &path, "impact", true) {
                if !IMPACTS.contains(&imp) {
                    self.push(
                        at(&path, "impact"),
                        format!(
                            "unknown impact {imp:?} (expected one of: {})",
                            IMPACTS.join(", ")
                        ),
                    );
                }
            }
            self.status_field(io, &path);
            for (k, a) in self.array(io, &path, "affected").iter().enumerate() {
                if !a.is_string() {
                    self.push(
                        format!("{path}.affected[{k}]"),
                        format!("expected a string, found {}", kind(a)),
                    );
                }
            }
            let started = self.time(io, &path, "started_at", false);
            let resolved = self.time(io, &path, "resolved_at", false);
            let updates = self.updates(io, &path);
            // An explicit `"resolved_at": null` keeps the incident open whatever the
            // timeline says.
            let forced_open = io.get("resolved_at").is_some_and(Value::is_null);
            let resolved_by_update = !forced_open && updates.iter().any(|(_, s)| s == "resolved");
            let mut earliest: Option<DateTime<Utc>> = updates.iter().map(|u| u.0).min();
            for (j, iv) in self.array(io, &path, "components").iter().enumerate() {
                let ip = format!("{path}.components[{j}]");
                let Some(ivo) = self.object(iv, &ip, INTERVAL_KEYS) else {
                    continue;
                };
                if let Some(id) = self.non_empty_id(ivo, &ip) {
                    self.component_ref(id, at(&ip, "id"), known);
                }
                if let Some(sev) = self.string(ivo, &ip, "severity", true) {
                    if !SEVERITIES.contains(&sev) {
                        self.push(
                            at(&ip, "severity"),
                            format!(
                                "unknown severity {sev:?} (expected one of: {})",
                                SEVERITIES.join(", ")
                            ),
                        );
                    }
                }
                let from = self.time(ivo, &ip, "from", true);
                let to = self.time(ivo, &ip, "to", false);
                if let (Some(f), Some(t)) = (from, to) {
                    if t < f {
                        self.push(
                            at(&ip, "to"),
                            format!(
                                "the interval ends ({}) before it starts ({})",
                                t.to_rfc3339(),
                                f.to_rfc3339()
                            ),
                        );
                    }
                }
                if to.is_none()
                    && ivo.get("to").is_none_or(Value::is_null)
                    && (resolved.is_some() || resolved_by_update)
                {
                    self.push(
                        at(&ip, "to"),
                        "missing: the incident is resolved, so its intervals must end",
                    );
                }
                if let (Some(f), Some(s)) = (from, started) {
                    if f < s {
                        self.push(
                            at(&ip, "from"),
                            format!(
                                "the interval starts ({}) before the incident's started_at ({})",
                                f.to_rfc3339(),
                                s.to_rfc3339()
                            ),
                        );
                    }
                }
                if let Some(f) = from {
                    earliest = Some(earliest.map_or(f, |e| e.min(f)));
                }
            }
            if let Some(s) = started {
                for (k, (t, _)) in updates.iter().enumerate() {
                    if *t < s {
                        self.push(
                            format!("{path}.updates[{k}].at"),
                            format!(
                                "the update ({}) is before the incident's started_at ({})",
                                t.to_rfc3339(),
                                s.to_rfc3339()
                            ),
                        );
                    }
                }
            }
            let start = started.or(earliest);
            if let (Some(s), Some(r)) = (start, resolved) {
                if r < s {
                    self.push(
                        at(&path, "resolved_at"),
                        format!(
                            "resolved ({}) before the incident started ({})",
                            r.to_rfc3339(),
                            s.to_rfc3339()
                        ),
                    );
                }
            }
            if start.is_none() && !io.contains_key("started_at") {
                self.push(
                    path.clone(),
                    "an incident needs started_at, an update or a component interval",
                );
            }
        }
    }

    fn window(
        &mut self,
        o: &Map<String, Value>,
        path: &str,
        key: &str,
        required: bool,
    ) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
        let p = at(path, key);
        let w = match o.get(key) {
            None | Some(Value::Null) => {
                if required {
                    self.push(p, "missing: this field is required");
                }
                return None;
            }
            Some(w) => w,
        };
        let wo = self.object(w, &p, WINDOW_KEYS)?;
        let from = self.time(wo, &p, "from", true)?;
        let to = self.time(wo, &p, "to", false);
        if let Some(t) = to {
            if t < from {
                self.push(
                    at(&p, "to"),
                    format!(
                        "the window ends ({}) before it starts ({})",
                        t.to_rfc3339(),
                        from.to_rfc3339()
                    ),
                );
            }
        }
        Some((from, to.unwrap_or(from).max(from)))
    }

    fn maintenances(&mut self, o: &Map<String, Value>, known: Option<&HashSet<String>>) {
        let mut ids: HashMap<String, usize> = HashMap::new();
        // (index, id, components, planned window)
        let mut planned: Vec<Planned> = Vec::new();
        for (i, m) in self.array(o, "", "maintenances").iter().enumerate() {
            let path = format!("maintenances[{i}]");
            let Some(mo) = self.object(m, &path, MAINTENANCE_KEYS) else {
                continue;
            };
            let id = self.non_empty_id(mo, &path).map(str::to_string);
            if let Some(id) = &id {
                if let Some(first) = ids.get(id) {
                    self.push(
                        at(&path, "id"),
                        format!("duplicate maintenance id {id:?} (also maintenances[{first}])"),
                    );
                } else {
                    ids.insert(id.clone(), i);
                }
            }
            self.text(mo, &path, "title", true);
            self.string(mo, &path, "url", false);
            self.status_field(mo, &path);
            let mut comps = Vec::new();
            for (j, c) in self.array(mo, &path, "components").iter().enumerate() {
                let cp = format!("{path}.components[{j}]");
                match c.as_str() {
                    Some(id) => {
                        self.component_ref(id, cp, known);
                        comps.push(id.to_string());
                    }
                    None => self.push(cp, format!("expected a component id, found {}", kind(c))),
                }
            }
            let win = self.window(mo, &path, "planned", true);
            self.window(mo, &path, "actual", false);
            self.updates(mo, &path);
            if let Some((from, to)) = win {
                planned.push((i, id.unwrap_or_default(), comps, from, to));
            }
        }
        for (n, b) in planned.iter().enumerate() {
            for a in &planned[..n] {
                let overlap = a.3 < b.4 && b.3 < a.4;
                if !overlap {
                    continue;
                }
                if let Some(shared) = b.2.iter().find(|c| a.2.contains(c)) {
                    self.push(
                        format!("maintenances[{}].planned", b.0),
                        format!(
                            "overlaps maintenance {:?} (maintenances[{}]) on component {shared:?}",
                            a.1, a.0
                        ),
                    );
                }
            }
        }
    }

    fn history(&mut self, o: &Map<String, Value>) {
        let mut months: HashMap<String, usize> = HashMap::new();
        for (i, h) in self.array(o, "", "history").iter().enumerate() {
            let path = format!("history[{i}]");
            let Some(ho) = self.object(h, &path, SHARD_KEYS) else {
                continue;
            };
            if let Some(m) = self.string(ho, &path, "month", true) {
                if !is_month(m) {
                    self.push(
                        at(&path, "month"),
                        format!("{m:?} is not a month (YYYY-MM)"),
                    );
                } else if let Some(first) = months.get(m) {
                    self.push(
                        at(&path, "month"),
                        format!("month {m} is listed twice (also history[{first}])"),
                    );
                } else {
                    months.insert(m.to_string(), i);
                }
            }
            if let Some(u) = self.string(ho, &path, "url", true) {
                if u.trim().is_empty() {
                    self.push(at(&path, "url"), "must not be empty");
                }
            }
            if let Some(n) = ho.get("incidents").filter(|v| !v.is_null()) {
                if !n.is_u64() {
                    self.push(
                        at(&path, "incidents"),
                        format!("expected a count, found {}", kind(n)),
                    );
                }
            }
        }
    }
}

/// A maintenance's index, id, components and planned window.
type Planned = (usize, String, Vec<String>, DateTime<Utc>, DateTime<Utc>);

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paths(doc: &str) -> Vec<String> {
        validate(doc.as_bytes())
            .into_iter()
            .map(|p| p.path)
            .collect()
    }

    const GOOD: &str = r#"{
      "version": "statuslight/1",
      "page": {"name": {"ko": "샘플", "en": "Sample"}, "time_zone": "Asia/Seoul"},
      "components": [
        {"id": "msg", "name": "Messaging"},
        {"id": "calls", "name": "Calls", "is_group": true},
        {"id": "voice", "name": "Voice", "group": "calls"}
      ],
      "incidents": [
        {"id": "a", "title": "Down", "impact": "major",
         "components": [{"id": "msg", "severity": "major_outage", "from": "2021-01-01T00:00:00Z", "to": "2021-01-01T01:00:00Z"}],
         "updates": [
           {"status": "investigating", "at": "2021-01-01T00:05:00Z", "body": "x"},
           {"status": "resolved", "at": "2021-01-01T01:00:00Z", "body": "y"}
         ]}
      ],
      "maintenances": [
        {"id": "m1", "title": "Work", "components": ["msg"], "planned": {"from": "2021-02-01T00:00:00Z", "to": "2021-02-01T02:00:00Z"}}
      ]
    }"#;

    #[test]
    fn a_good_feed_has_no_problems() {
        assert_eq!(validate(GOOD.as_bytes()), vec![]);
    }

    #[test]
    fn the_demo_feed_is_valid() {
        let demo = std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../public/demo/feed.json"
        ))
        .expect("the demo feed at public/demo/feed.json");
        assert_eq!(validate(&demo), vec![]);
    }

    #[test]
    fn every_problem_is_reported_with_its_path() {
        let bad = GOOD
            .replace(
                "\"id\": \"msg\", \"severity\"",
                "\"id\": \"mgs\", \"severity\"",
            )
            .replace(
                "\"to\": \"2021-01-01T01:00:00Z\"",
                "\"to\": \"2020-12-31T23:00:00Z\"",
            )
            .replace(
                "\"at\": \"2021-01-01T00:05:00Z\"",
                "\"at\": \"2021-01-01T02:05:00Z\"",
            )
            .replace("\"group\": \"calls\"", "\"group\": \"msg\"")
            .replace(
                "\"time_zone\": \"Asia/Seoul\"",
                "\"time_zone\": \"Mars/Base\", \"colour\": 1",
            );
        let p = paths(&bad);
        for want in [
            "incidents[0].components[0].id",
            "incidents[0].components[0].to",
            "incidents[0].updates[1].at",
            "components[2].group",
            "page.time_zone",
            "page.colour",
        ] {
            assert!(p.contains(&want.to_string()), "{want} missing from {p:?}");
        }
    }

    #[test]
    fn overlapping_maintenance_is_reported() {
        let doc = GOOD.replace(
            "\"maintenances\": [",
            "\"maintenances\": [{\"id\": \"m0\", \"title\": \"Earlier\", \"components\": [\"msg\"], \"planned\": {\"from\": \"2021-02-01T01:00:00Z\", \"to\": \"2021-02-01T03:00:00Z\"}},",
        );
        let problems = validate(doc.as_bytes());
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].path, "maintenances[1].planned");
        assert!(problems[0].message.contains("m0"));
    }

    #[test]
    fn open_intervals_of_resolved_incidents_and_bad_values_are_reported() {
        let doc = GOOD
            .replace(", \"to\": \"2021-01-01T01:00:00Z\"", "")
            .replace("\"impact\": \"major\"", "\"impact\": \"huge\"")
            .replace("\"status\": \"investigating\"", "\"status\": \"looking\"");
        assert_eq!(
            paths(&doc),
            [
                "incidents[0].impact",
                "incidents[0].updates[0].status",
                "incidents[0].components[0].to"
            ]
        );
    }

    #[test]
    fn shards_use_the_current_feeds_components() {
        let shard = r#"{"version": "statuslight/1", "shard": "2021-01", "incidents": [
            {"id": "a", "title": "T", "impact": "minor",
             "components": [{"id": "msg", "severity": "partial_outage", "from": "2021-01-01T00:00:00Z", "to": "2021-01-01T00:10:00Z"}]}]}"#;
        assert_eq!(validate(shard.as_bytes()), vec![]);
        let ctx = Context {
            components: Some(vec!["other".to_string()]),
        };
        let p = validate_with(shard.as_bytes(), &ctx);
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].path, "incidents[0].components[0].id");
        let bad = shard.replace("\"shard\": \"2021-01\"", "\"shard\": \"Jan\"");
        assert_eq!(paths(&bad), ["shard"]);
    }

    #[test]
    fn broken_json_and_wrong_versions_are_problems() {
        assert_eq!(paths("{\"version\": "), ["."]);
        assert_eq!(paths("{\"version\": \"statuslight/2\"}"), ["version"]);
        assert_eq!(paths("[]"), ["."]);
    }
}
