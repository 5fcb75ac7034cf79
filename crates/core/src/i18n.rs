//! The words of the page, in Korean and English.
//!
//! Every language is one [`Messages`] value, so a missing translation is a compile error,
//! not a blank on the page.

/// A language the page speaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Lang {
    Ko,
    En,
}

impl Lang {
    /// Every language, in the order the switch shows them.
    pub const ALL: [Lang; 2] = [Lang::Ko, Lang::En];

    /// The language for a BCP 47 tag (`ko`, `ko-KR`, `en-GB`), if we speak it.
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        match primary.as_str() {
            "ko" => Some(Lang::Ko),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The first of `tags` that we speak, else English.
    pub fn negotiate<'a>(tags: impl IntoIterator<Item = &'a str>) -> Lang {
        tags.into_iter()
            .find_map(Lang::from_tag)
            .unwrap_or(Lang::En)
    }

    /// The BCP 47 tag, for `lang` attributes and [`crate::Text::get`].
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Ko => "ko",
            Lang::En => "en",
        }
    }

    /// This language's words.
    pub fn messages(self) -> &'static Messages {
        match self {
            Lang::Ko => &KO,
            Lang::En => &EN,
        }
    }
}

/// All the fixed words of the page in one language.
#[derive(Debug)]
pub struct Messages {
    pub language_name: &'static str,
    pub loading: &'static str,
    pub load_failed: &'static str,
    pub retry: &'static str,
    pub as_of: &'static str,
    pub components: &'static str,
    pub incidents: &'static str,
    pub no_incidents: &'static str,
    pub no_components: &'static str,
    pub all_operational: &'static str,
    pub level_maintenance: &'static str,
    pub level_degraded: &'static str,
    pub level_partial: &'static str,
    pub level_major: &'static str,
    pub status_operational: &'static str,
    pub status_degraded: &'static str,
    pub status_partial: &'static str,
    pub status_major: &'static str,
    pub status_maintenance: &'static str,
    pub status_unknown: &'static str,
    pub impact: &'static str,
    pub impact_none: &'static str,
    pub impact_minor: &'static str,
    pub impact_major: &'static str,
    pub impact_critical: &'static str,
    pub impact_maintenance: &'static str,
    pub impact_unknown: &'static str,
    pub update_investigating: &'static str,
    pub update_identified: &'static str,
    pub update_monitoring: &'static str,
    pub update_resolved: &'static str,
    pub update_postmortem: &'static str,
    pub update_scheduled: &'static str,
    pub update_in_progress: &'static str,
    pub update_verifying: &'static str,
    pub update_completed: &'static str,
    pub update_update: &'static str,
    pub ongoing: &'static str,
    pub duration: &'static str,
    pub affected: &'static str,
    pub timeline: &'static str,
    pub hours_short: &'static str,
    pub minutes_short: &'static str,
    pub days_short: &'static str,
    pub list_separator: &'static str,
    pub times_in: &'static str,
}

/// English.
pub const EN: Messages = Messages {
    language_name: "English",
    loading: "Loading the current status…",
    load_failed: "The status could not be loaded.",
    retry: "Try again",
    as_of: "Archived snapshot: this page shows the status as of",
    components: "Components",
    incidents: "Incidents",
    no_incidents: "No incidents reported.",
    no_components: "This page lists no components.",
    all_operational: "All systems operational",
    level_maintenance: "Maintenance in progress",
    level_degraded: "Degraded performance",
    level_partial: "Partial outage",
    level_major: "Major outage",
    status_operational: "Operational",
    status_degraded: "Degraded performance",
    status_partial: "Partial outage",
    status_major: "Major outage",
    status_maintenance: "Under maintenance",
    status_unknown: "Unknown status",
    impact: "Impact",
    impact_none: "No impact",
    impact_minor: "Minor",
    impact_major: "Major",
    impact_critical: "Critical",
    impact_maintenance: "Maintenance",
    impact_unknown: "Unrated",
    update_investigating: "Investigating",
    update_identified: "Identified",
    update_monitoring: "Monitoring",
    update_resolved: "Resolved",
    update_postmortem: "Postmortem",
    update_scheduled: "Scheduled",
    update_in_progress: "In progress",
    update_verifying: "Verifying",
    update_completed: "Completed",
    update_update: "Update",
    ongoing: "ongoing",
    duration: "Duration",
    affected: "Affected",
    timeline: "Updates",
    hours_short: "h",
    minutes_short: "min",
    days_short: "d",
    list_separator: ", ",
    times_in: "Times in",
};

/// Korean.
pub const KO: Messages = Messages {
    language_name: "한국어",
    loading: "현재 상태를 불러오는 중…",
    load_failed: "상태를 불러오지 못했습니다.",
    retry: "다시 시도",
    as_of: "보관된 스냅숏: 이 페이지는 다음 시점의 상태를 보여 줍니다",
    components: "구성 요소",
    incidents: "장애 기록",
    no_incidents: "보고된 장애가 없습니다.",
    no_components: "이 페이지에는 구성 요소가 없습니다.",
    all_operational: "모든 시스템 정상",
    level_maintenance: "점검 중",
    level_degraded: "성능 저하",
    level_partial: "부분 장애",
    level_major: "전면 장애",
    status_operational: "정상",
    status_degraded: "성능 저하",
    status_partial: "부분 장애",
    status_major: "전면 장애",
    status_maintenance: "점검 중",
    status_unknown: "알 수 없는 상태",
    impact: "영향",
    impact_none: "영향 없음",
    impact_minor: "경미",
    impact_major: "심각",
    impact_critical: "매우 심각",
    impact_maintenance: "점검",
    impact_unknown: "등급 없음",
    update_investigating: "조사 중",
    update_identified: "원인 확인",
    update_monitoring: "모니터링 중",
    update_resolved: "해결됨",
    update_postmortem: "사후 분석",
    update_scheduled: "예정됨",
    update_in_progress: "진행 중",
    update_verifying: "확인 중",
    update_completed: "완료",
    update_update: "업데이트",
    ongoing: "진행 중",
    duration: "지속 시간",
    affected: "영향 받은 구성 요소",
    timeline: "진행 상황",
    hours_short: "시간",
    minutes_short: "분",
    days_short: "일",
    list_separator: ", ",
    times_in: "표시 시간대",
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn negotiates_from_browser_tags() {
        assert_eq!(Lang::negotiate(["fr-FR", "ko-KR", "en"]), Lang::Ko);
        assert_eq!(Lang::negotiate(["de"]), Lang::En);
        assert_eq!(Lang::from_tag("EN_gb"), Some(Lang::En));
        assert_eq!(Lang::from_tag(""), None);
    }
}
