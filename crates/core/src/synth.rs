//! A deterministic synthetic feed, for benchmarks and demos.
//!
//! [`generate`] builds a [`Feed`] from a [`SynthOptions`] alone: the same options give the
//! same feed on every machine (a small SplitMix64 generator, no outside randomness, no
//! clock). The feed looks like a real service's history: components in Korean and
//! English, some in groups and some starting late; incidents mostly minutes to a couple
//! of hours long, a few over four hours, some overlapping on one component, some hitting
//! several components in stages of different severity; maintenance windows (completed,
//! completed without actual times, one in progress, one still to come); and a few
//! incidents still open at `end`.

use chrono::{DateTime, NaiveDate, TimeDelta, Utc};

use crate::model::{
    Component, ComponentImpact, Feed, FeedKind, Impact, Incident, Maintenance, Page, Severity,
    Text, Update, UpdateStatus,
};

/// What to generate. `SynthOptions::new(end)` gives the defaults ending at `end`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SynthOptions {
    /// Seed of the generator; other seeds give other, equally plausible feeds.
    pub seed: u64,
    /// Components in all, groups included. Default 20.
    pub components: usize,
    /// How many of them are groups. Default 4 (fewer when there are too few components).
    pub groups: usize,
    /// Years of history before `end`. Default 10.
    pub years: u32,
    /// Incidents in all, open ones included. Default 5,000.
    pub incidents: usize,
    /// How many incidents are still open at `end`. Default 2.
    pub open_incidents: usize,
    /// Maintenance windows. Default 40.
    pub maintenances: usize,
    /// The moment the history ends ("now" for the feed).
    pub end: DateTime<Utc>,
}

impl SynthOptions {
    /// The defaults, ending at `end`.
    pub fn new(end: DateTime<Utc>) -> Self {
        SynthOptions {
            seed: 0x5eed_2026,
            components: 20,
            groups: 4,
            years: 10,
            incidents: 5_000,
            open_incidents: 2,
            maintenances: 40,
            end,
        }
    }
}

impl Default for SynthOptions {
    /// The defaults, ending at 2026-01-01T00:00:00Z.
    fn default() -> Self {
        SynthOptions::new(DateTime::from_timestamp(1_767_225_600, 0).unwrap_or_default())
    }
}

/// SplitMix64: tiny, fast and good enough for test data.
struct Rng(u64);

impl Rng {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in `[0, 1)`.
    fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Uniform in `lo..hi` (`lo` when the range is empty).
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        if hi <= lo {
            return lo;
        }
        lo + (self.next_u64() % (hi - lo) as u64) as i64
    }

    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next_u64() % n as u64) as usize
        }
    }

    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }
}

const GROUP_NAMES: [(&str, &str); 6] = [
    ("통화", "Calls"),
    ("커머스", "Commerce"),
    ("플랫폼", "Platform"),
    ("메시징", "Messaging"),
    ("미디어", "Media"),
    ("계정", "Accounts"),
];

const LEAF_NAMES: [(&str, &str); 20] = [
    ("로그인", "Login"),
    ("음성 통화", "Voice calls"),
    ("영상 통화", "Video calls"),
    ("결제", "Payments"),
    ("선물하기", "Gifts"),
    ("API", "API"),
    ("웹훅", "Webhooks"),
    ("채팅", "Chat"),
    ("알림", "Notifications"),
    ("사진 전송", "Photo upload"),
    ("동영상 재생", "Video playback"),
    ("프로필", "Profiles"),
    ("검색", "Search"),
    ("지도", "Maps"),
    ("캘린더", "Calendar"),
    ("메일", "Mail"),
    ("파일 공유", "File sharing"),
    ("관리자 콘솔", "Admin console"),
    ("고객센터", "Help centre"),
    ("오픈채팅", "Open chat"),
];

/// `(Korean, English)` title templates per severity; `{}` is the component name.
const TITLES: [[(&str, &str); 3]; 3] = [
    [
        ("{} 응답 지연", "Slow responses on {}"),
        ("{} 일부 기능 지연", "Delays in some {} features"),
        ("{} 성능 저하", "Degraded performance on {}"),
    ],
    [
        ("{} 일부 사용자 접속 장애", "{} unavailable for some users"),
        ("{} 오류 증가", "Increased errors on {}"),
        ("{} 간헐적 장애", "Intermittent failures on {}"),
    ],
    [
        ("{} 전면 장애", "{} is down"),
        ("{} 접속 불가", "{} cannot be reached"),
        ("{} 서비스 중단", "{} outage"),
    ],
];

fn text(ko: &str, en: &str) -> Text {
    Text::from_pairs([("ko", ko), ("en", en)])
}

fn sev_of(k: usize) -> Severity {
    match k {
        0 => Severity::Degraded,
        1 => Severity::Partial,
        _ => Severity::Major,
    }
}

fn random_severity(rng: &mut Rng) -> Severity {
    let r = rng.unit();
    if r < 0.5 {
        Severity::Degraded
    } else if r < 0.8 {
        Severity::Partial
    } else {
        Severity::Major
    }
}

/// An incident length in minutes: mostly minutes, some hours, a few over four hours.
fn random_minutes(rng: &mut Rng) -> i64 {
    let r = rng.unit();
    if r < 0.70 {
        rng.range(5, 90)
    } else if r < 0.95 {
        rng.range(90, 240)
    } else {
        rng.range(241, 720)
    }
}

fn at(ms: i64) -> DateTime<Utc> {
    DateTime::from_timestamp_millis(ms).unwrap_or_default()
}

/// Build the synthetic feed described by `opts`.
pub fn generate(opts: &SynthOptions) -> Feed {
    let mut rng = Rng(opts.seed ^ 0xa076_1d64_78bd_642f);
    let end = opts.end.timestamp_millis() / 1000 * 1000;
    let day_ms = 86_400_000i64;
    let span_days = i64::from(opts.years) * 365 + i64::from(opts.years) / 4;
    let begin = end - span_days.max(1) * day_ms;
    let begin_date = at(begin).date_naive();

    let mut feed = Feed::empty(FeedKind::Statuslight);
    feed.page = Page {
        id: Some("synthetic".to_string()),
        name: text("합성 상태 페이지", "Synthetic status page"),
        url: None,
        time_zone: Some("Asia/Seoul".to_string()),
        languages: vec!["ko".to_string(), "en".to_string()],
        notice: Some(text(
            "벤치마크용 합성 데이터입니다.",
            "Synthetic data for benchmarks.",
        )),
    };
    feed.as_of = Some(at(end));
    feed.updated_at = Some(at(end));

    // Components: groups first, then leaves; two thirds of the leaves go into groups.
    let groups = opts.groups.min(opts.components / 3);
    let leaves = opts.components - groups;
    let grouped = if groups == 0 { 0 } else { leaves * 2 / 3 };
    let mut leaf_start: Vec<Option<NaiveDate>> = Vec::with_capacity(leaves);
    let mut leaf_group: Vec<Option<usize>> = Vec::with_capacity(leaves);
    for g in 0..groups {
        let (ko, en) = GROUP_NAMES[g % GROUP_NAMES.len()];
        let round = g / GROUP_NAMES.len();
        let (ko, en) = if round == 0 {
            (ko.to_string(), en.to_string())
        } else {
            (format!("{ko} {}", round + 1), format!("{en} {}", round + 1))
        };
        feed.components.push(Component {
            id: format!("group-{g:02}"),
            name: text(&ko, &en),
            description: None,
            group_id: None,
            is_group: true,
            position: g as i64,
            start_date: None,
            status: None,
            only_show_if_degraded: false,
            showcase: true,
        });
    }
    for l in 0..leaves {
        let (ko, en) = LEAF_NAMES[l % LEAF_NAMES.len()];
        let round = l / LEAF_NAMES.len();
        let (ko, en) = if round == 0 {
            (ko.to_string(), en.to_string())
        } else {
            (format!("{ko} {}", round + 1), format!("{en} {}", round + 1))
        };
        let group = (l < grouped).then(|| l % groups);
        // Most components have data from the start; some began later.
        let start = if rng.chance(0.7) {
            begin_date
        } else {
            at(begin + rng.range(0, span_days * 6 / 10) * day_ms).date_naive()
        };
        leaf_start.push(Some(start));
        leaf_group.push(group);
        feed.components.push(Component {
            id: format!("comp-{l:02}"),
            name: text(&ko, &en),
            description: Some(text(&format!("{ko} 서비스"), &format!("The {en} service"))),
            group_id: group.map(|g| format!("group-{g:02}")),
            is_group: false,
            position: match group {
                Some(_) => l as i64,
                None => (groups + l) as i64,
            },
            start_date: Some(start),
            status: None,
            only_show_if_degraded: false,
            showcase: true,
        });
    }
    if leaves == 0 {
        return feed;
    }
    let leaf_begin: Vec<i64> = leaf_start
        .iter()
        .map(|d| {
            d.map(|d| {
                d.and_hms_opt(0, 0, 0)
                    .unwrap_or_default()
                    .and_utc()
                    .timestamp_millis()
            })
            .unwrap_or(begin)
        })
        .collect();

    // Incidents.
    let open = opts.open_incidents.min(opts.incidents);
    let closed = opts.incidents - open;
    let mut last_on: Vec<Option<(i64, i64)>> = vec![None; leaves];
    for k in 0..opts.incidents {
        let is_open = k >= closed;
        let mut leaf = rng.below(leaves);
        let mut start = if is_open {
            end - rng.range(10 * 60_000, 6 * 3_600_000)
        } else {
            rng.range(begin, end - 3_600_000)
        };
        if start < leaf_begin[leaf] {
            // Pick a component that had begun by then (the first one always had).
            leaf = (0..leaves)
                .find(|&l| leaf_begin[l] <= start)
                .unwrap_or(leaf);
            start = start.max(leaf_begin[leaf]);
        }
        // Some incidents start while the last one on the component is still going.
        if let (false, Some((ps, pe))) = (is_open, last_on[leaf]) {
            if rng.chance(0.08) && pe > ps {
                start = rng.range(ps, pe);
            }
        }
        let minutes = random_minutes(&mut rng);
        let stop = if is_open {
            None
        } else {
            Some((start + minutes * 60_000).min(end - 1_000))
        };
        let start = start / 1000 * 1000;
        let sev = random_severity(&mut rng);
        let mut intervals = Vec::new();
        let push = |intervals: &mut Vec<ComponentImpact>,
                    c: usize,
                    sev: Severity,
                    s: i64,
                    e: Option<i64>| {
            intervals.push(ComponentImpact {
                component_id: format!("comp-{c:02}"),
                severity: sev,
                start: at(s),
                end: e.map(at),
            });
        };
        match stop {
            // A third of the longer incidents change severity halfway.
            Some(e) if minutes >= 30 && rng.chance(0.33) => {
                let mid = (start + (e - start) * rng.range(3, 8) / 10) / 1000 * 1000;
                let other = sev_of(rng.below(3));
                push(&mut intervals, leaf, sev, start, Some(mid));
                push(&mut intervals, leaf, other, mid, Some(e));
            }
            e => push(&mut intervals, leaf, sev, start, e),
        }
        // A quarter hit a neighbour too, a little later and a little shorter.
        if leaves > 1 && rng.chance(0.25) {
            let other = match leaf_group[leaf] {
                Some(g) if rng.chance(0.7) => {
                    let mates: Vec<usize> = (0..leaves)
                        .filter(|&l| l != leaf && leaf_group[l] == Some(g))
                        .collect();
                    if mates.is_empty() {
                        (leaf + 1) % leaves
                    } else {
                        mates[rng.below(mates.len())]
                    }
                }
                _ => (leaf + 1 + rng.below(leaves - 1)) % leaves,
            };
            let s = (start + rng.range(0, 10) * 60_000) / 1000 * 1000;
            let e = stop.map(|e| {
                (e - rng.range(0, 10) * 60_000)
                    .max(s + 60_000)
                    .min(end - 1_000)
            });
            if leaf_begin[other] <= s && e.is_none_or(|e| e > s) {
                push(&mut intervals, other, random_severity(&mut rng), s, e);
            }
        }
        last_on[leaf] = Some((start, stop.unwrap_or(end)));

        let worst = intervals.iter().map(|iv| iv.severity).max().unwrap_or(sev);
        let started_at = intervals
            .iter()
            .map(|iv| iv.start)
            .min()
            .unwrap_or(at(start));
        let resolved_at = if is_open {
            None
        } else {
            intervals.iter().filter_map(|iv| iv.end).max()
        };
        let name = &feed.components[groups + leaf].name;
        let (tko, ten) = TITLES[worst as usize][rng.below(3)];
        let title = text(
            &tko.replace("{}", name.get("ko")),
            &ten.replace("{}", name.get("en")),
        );
        let mut updates = vec![Update {
            status: UpdateStatus::Investigating,
            label: None,
            at: started_at + TimeDelta::minutes(rng.range(1, 5)),
            body: text("원인을 확인하고 있습니다.", "We are investigating."),
        }];
        if let Some(r) = resolved_at {
            if r - started_at > TimeDelta::minutes(40) {
                updates.push(Update {
                    status: UpdateStatus::Identified,
                    label: None,
                    at: started_at + (r - started_at) / 3,
                    body: text(
                        "원인을 찾아 조치 중입니다.",
                        "The cause is found; a fix is under way.",
                    ),
                });
            }
            updates.push(Update {
                status: UpdateStatus::Resolved,
                label: None,
                at: r,
                body: text("해결되었습니다.", "This incident is resolved."),
            });
        }
        let mut components: Vec<String> = Vec::new();
        for iv in &intervals {
            if !components.contains(&iv.component_id) {
                components.push(iv.component_id.clone());
            }
        }
        feed.incidents.push(Incident {
            id: format!("syn-{k:05}"),
            title,
            impact: match worst {
                Severity::Degraded => Impact::Minor,
                Severity::Partial => Impact::Major,
                Severity::Major => Impact::Critical,
            },
            status: updates
                .last()
                .map(|u| u.status.clone())
                .unwrap_or(UpdateStatus::Investigating),
            started_at,
            resolved_at,
            components,
            intervals,
            updates,
            url: None,
        });
    }
    crate::formats::statuslight::sort_incidents(&mut feed.incidents);

    // Maintenance: nightly windows (02:00 KST is 17:00 UTC), mostly done.
    for k in 0..opts.maintenances {
        let upcoming = k + 1 == opts.maintenances && opts.maintenances >= 2;
        let running = k + 2 == opts.maintenances && opts.maintenances >= 3;
        let day = if upcoming {
            end / day_ms + 3
        } else if running {
            end / day_ms - 1
        } else {
            rng.range(begin / day_ms + 1, end / day_ms - 2)
        };
        let hours = rng.range(1, 5);
        let sched_start = day * day_ms + 17 * 3_600_000;
        let sched_end = sched_start + hours * 3_600_000;
        let count = 1 + rng.below(3.min(leaves));
        let mut components: Vec<String> = Vec::new();
        while components.len() < count {
            let id = format!("comp-{:02}", rng.below(leaves));
            if !components.contains(&id) {
                components.push(id);
            }
        }
        let (status, actual_start, actual_end) = if upcoming {
            (UpdateStatus::Scheduled, None, None)
        } else if running {
            let s = (end - rng.range(20, 90) * 60_000) / 1000 * 1000;
            (UpdateStatus::InProgress, Some(s), None)
        } else if rng.chance(0.2) {
            (UpdateStatus::Completed, None, None)
        } else {
            let s = sched_start + rng.range(0, 15) * 60_000;
            let e = (sched_end + rng.range(-30, 45) * 60_000).max(s + 10 * 60_000);
            (UpdateStatus::Completed, Some(s), Some(e))
        };
        let (ko, en) = [
            ("데이터베이스 점검", "Database maintenance"),
            ("네트워크 장비 교체", "Network equipment upgrade"),
            ("정기 점검", "Scheduled maintenance"),
        ][rng.below(3)];
        let mut updates = vec![Update {
            status: UpdateStatus::Scheduled,
            label: None,
            at: at(sched_start - 3 * day_ms),
            body: text("점검이 예정되어 있습니다.", "Maintenance is scheduled."),
        }];
        if let Some(s) = actual_start {
            updates.push(Update {
                status: UpdateStatus::InProgress,
                label: None,
                at: at(s),
                body: text("점검을 시작했습니다.", "Maintenance has begun."),
            });
        }
        if status == UpdateStatus::Completed {
            updates.push(Update {
                status: UpdateStatus::Completed,
                label: None,
                at: at(actual_end.unwrap_or(sched_end)),
                body: text("점검을 마쳤습니다.", "Maintenance is complete."),
            });
        }
        feed.maintenances.push(Maintenance {
            id: format!("mnt-{k:03}"),
            title: text(ko, en),
            status,
            components,
            scheduled_start: at(sched_start),
            scheduled_end: at(sched_end),
            actual_start: actual_start.map(at),
            actual_end: actual_end.map(at),
            updates,
            url: None,
        });
    }
    crate::formats::statuslight::sort_maintenances(&mut feed.maintenances);
    feed
}

#[cfg(test)]
mod tests {
    use super::*;

    fn small() -> SynthOptions {
        SynthOptions {
            incidents: 300,
            years: 1,
            ..SynthOptions::default()
        }
    }

    #[test]
    fn same_options_same_feed() {
        assert_eq!(generate(&small()), generate(&small()));
        let other = SynthOptions { seed: 7, ..small() };
        assert_ne!(generate(&small()).incidents, generate(&other).incidents);
    }

    #[test]
    fn defaults_have_the_promised_shape() {
        let opts = SynthOptions::default();
        let feed = generate(&opts);
        assert_eq!(feed.components.len(), 20);
        assert_eq!(feed.components.iter().filter(|c| c.is_group).count(), 4);
        assert!(feed.components.iter().any(|c| c.group_id.is_some()));
        assert!(feed
            .components
            .iter()
            .any(|c| !c.is_group && c.group_id.is_none()));
        assert_eq!(feed.incidents.len(), 5_000);
        assert_eq!(feed.incidents.iter().filter(|i| i.is_open()).count(), 2);
        assert!(!feed.maintenances.is_empty());
        let end = opts.end;
        let begin = end - TimeDelta::days(3652);
        let mut long = 0;
        for inc in &feed.incidents {
            assert!(
                inc.started_at >= begin && inc.started_at < end,
                "{}",
                inc.id
            );
            assert!(!inc.intervals.is_empty());
            for iv in &inc.intervals {
                assert!(
                    iv.end.is_none_or(|e| e > iv.start && e <= end),
                    "{}",
                    inc.id
                );
            }
            if let Some(r) = inc.resolved_at {
                if r - inc.started_at > TimeDelta::hours(4) {
                    long += 1;
                }
            }
            assert!(!inc.title.get("ko").is_empty() && !inc.title.get("en").is_empty());
            assert_ne!(inc.title.get("ko"), inc.title.get("en"));
        }
        assert!(long > 20 && long < 1000, "{long} long incidents");
        // Newest first.
        assert!(feed
            .incidents
            .windows(2)
            .all(|w| w[0].started_at >= w[1].started_at));
        // Some incidents overlap another on the same component.
        let mut overlaps = 0;
        type Spans = Vec<(DateTime<Utc>, DateTime<Utc>)>;
        let mut by_comp: std::collections::HashMap<&str, Spans> = Default::default();
        for iv in feed.incidents.iter().flat_map(|i| &i.intervals) {
            by_comp
                .entry(&iv.component_id)
                .or_default()
                .push((iv.start, iv.end.unwrap_or(end)));
        }
        for v in by_comp.values_mut() {
            v.sort();
            overlaps += v.windows(2).filter(|w| w[1].0 < w[0].1).count();
        }
        assert!(overlaps > 50, "{overlaps} overlaps");
        assert!(feed
            .maintenances
            .iter()
            .any(|m| m.status == UpdateStatus::Scheduled && m.scheduled_start > end));
        assert!(feed
            .maintenances
            .iter()
            .any(|m| m.actual_start.is_some() && m.actual_end.is_none()));
    }
}
