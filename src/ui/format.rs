//! Dates and sizes in the user's language.

use chrono::{DateTime, Datelike, Local, Locale, TimeZone};

use crate::fl;

/// The chrono locale matching the selected translation.
fn locale() -> Locale {
    match crate::i18n::current().split('-').next().unwrap_or("en") {
        "fr" => Locale::fr_FR,
        "de" => Locale::de_DE,
        _ => Locale::en_GB,
    }
}

fn local(unix: i64) -> Option<DateTime<Local>> {
    Local.timestamp_opt(unix, 0).single()
}

/// A message list's date: the time today, the weekday within the week, day and month within
/// the year, else the full date.
pub fn list_date(unix: i64, now: i64) -> String {
    let (Some(when), Some(now)) = (local(unix), local(now)) else {
        return String::new();
    };
    let locale = locale();
    let days = (now.date_naive() - when.date_naive()).num_days();
    if days == 0 {
        when.format_localized("%H:%M", locale).to_string()
    } else if (1..7).contains(&days) {
        when.format_localized("%a %H:%M", locale).to_string()
    } else if when.year() == now.year() {
        when.format_localized("%e %b", locale)
            .to_string()
            .trim()
            .to_string()
    } else {
        when.format_localized("%x", locale).to_string()
    }
}

/// A reader's date: weekday, day, month, year and time.
pub fn full_date(unix: i64) -> String {
    match local(unix) {
        Some(when) => when
            .format_localized("%A %e %B %Y, %H:%M", locale())
            .to_string()
            .replace("  ", " "),
        None => String::new(),
    }
}

/// A size in bytes, as people read it: "820 bytes", "12 KB", "1.4 MB" (with the language's
/// decimal separator and unit names).
pub fn size(bytes: i64) -> String {
    let bytes = bytes.max(0) as f64;
    let decimal = |value: f64| {
        let text = if value < 10.0 {
            format!("{value:.1}")
        } else {
            format!("{value:.0}")
        };
        match locale() {
            Locale::en_GB => text,
            _ => text.replace('.', ","),
        }
    };
    if bytes < 1000.0 {
        fl!("size-bytes", count = (bytes as i64))
    } else if bytes < 1_000_000.0 {
        fl!("size-kb", value = decimal(bytes / 1000.0))
    } else if bytes < 1_000_000_000.0 {
        fl!("size-mb", value = decimal(bytes / 1_000_000.0))
    } else {
        fl!("size-gb", value = decimal(bytes / 1_000_000_000.0))
    }
}

/// A message's subject as shown: "(no subject)" in the user's language when it has none.
pub fn subject(subject: &str) -> String {
    if subject.trim().is_empty() {
        crate::fl!("mailbox-no-subject")
    } else {
        subject.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_naturally_in_each_language() {
        let _lock = crate::i18n::test_lock();
        crate::i18n::select(crate::i18n::Language::English).unwrap();
        assert_eq!(size(820), "820 bytes");
        assert_eq!(size(1), "1 byte");
        assert_eq!(size(12_345), "12 KB");
        assert_eq!(size(1_450_000), "1.4 MB");
        crate::i18n::select(crate::i18n::Language::French).unwrap();
        assert_eq!(size(1_450_000), "1,4 Mo");
        assert_eq!(size(12_345), "12 Ko");
        crate::i18n::select(crate::i18n::Language::German).unwrap();
        assert_eq!(size(1_450_000), "1,4 MB");
        crate::i18n::select(crate::i18n::Language::English).unwrap();
    }

    #[test]
    fn list_dates_shorten_with_recency() {
        let _lock = crate::i18n::test_lock();
        crate::i18n::select(crate::i18n::Language::French).unwrap();
        let now = Local
            .with_ymd_and_hms(2026, 3, 12, 15, 0, 0)
            .unwrap()
            .timestamp();
        let today = Local
            .with_ymd_and_hms(2026, 3, 12, 9, 5, 0)
            .unwrap()
            .timestamp();
        let earlier = Local
            .with_ymd_and_hms(2026, 1, 4, 9, 5, 0)
            .unwrap()
            .timestamp();
        let last_year = Local
            .with_ymd_and_hms(2025, 1, 4, 9, 5, 0)
            .unwrap()
            .timestamp();
        assert_eq!(list_date(today, now), "09:05");
        assert_eq!(list_date(earlier, now), "4 janv.");
        assert_eq!(list_date(last_year, now), "04/01/2025");
        crate::i18n::select(crate::i18n::Language::English).unwrap();
    }
}
