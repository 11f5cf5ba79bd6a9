//! Dates, times, numbers, sizes and lists in the user's locale, by ICU4X with its compiled
//! CLDR data (no hand-made patterns): "23. Nov." and "Montag, 23. November 2026 um 07:05" in
//! German, "Nov 23" and "2:32 PM" for an en-US system, "23 nov." in French.
//!
//! The locale is the language of the translation in use with the region of the system's
//! locale when it is the same language (`LC_ALL`, `LC_TIME`, `LANG`, then `LANGUAGE`):
//! `fr_CA.UTF-8` with French gives fr-CA, with German gives de. Fluent keeps the sentences and
//! plurals; this module gives them their dates, numbers and lists.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use chrono::{DateTime, Datelike, Local, TimeZone, Timelike};
use icu_calendar::{Date, Gregorian};
use icu_datetime::fieldsets::{self, E, MD, T, YMD, YMDET};
use icu_datetime::input::{DateTime as IcuDateTime, Time};
use icu_datetime::{FixedCalendarDateTimeFormatter, NoCalendarFormatter};
use icu_decimal::DecimalFormatter;
use icu_decimal::input::Decimal;
use icu_list::ListFormatter;
use icu_list::options::{ListFormatterOptions, ListLength};
use icu_locale_core::Locale;

/// The formatters of one locale, made once (building one reads its data).
struct Formatters {
    time: NoCalendarFormatter<T>,
    weekday: FixedCalendarDateTimeFormatter<Gregorian, E>,
    day_month: FixedCalendarDateTimeFormatter<Gregorian, MD>,
    date: FixedCalendarDateTimeFormatter<Gregorian, YMD>,
    full: FixedCalendarDateTimeFormatter<Gregorian, YMDET>,
    decimal: DecimalFormatter,
    and: ListFormatter,
}

impl Formatters {
    fn new(locale: &Locale) -> Option<Formatters> {
        Some(Formatters {
            time: NoCalendarFormatter::try_new(locale.into(), T::hm()).ok()?,
            weekday: FixedCalendarDateTimeFormatter::try_new(locale.into(), E::long()).ok()?,
            day_month: FixedCalendarDateTimeFormatter::try_new(locale.into(), MD::medium()).ok()?,
            date: FixedCalendarDateTimeFormatter::try_new(locale.into(), YMD::short()).ok()?,
            full: FixedCalendarDateTimeFormatter::try_new(
                locale.into(),
                fieldsets::YMDE::long().with_time_hm(),
            )
            .ok()?,
            decimal: DecimalFormatter::try_new(locale.into(), Default::default()).ok()?,
            and: ListFormatter::try_new_and(
                locale.into(),
                ListFormatterOptions::default().with_length(ListLength::Wide),
            )
            .ok()?,
        })
    }
}

thread_local! {
    /// The formatters made on this thread, by locale (ICU4X's are not `Send`).
    static CACHE: RefCell<HashMap<String, Option<Rc<Formatters>>>> = RefCell::default();
}

fn formatters(locale: &Locale) -> Option<Rc<Formatters>> {
    CACHE.with(|cache| {
        cache
            .borrow_mut()
            .entry(locale.to_string())
            .or_insert_with(|| Formatters::new(locale).map(Rc::new))
            .clone()
    })
}

/// The region of a POSIX locale name (`fr_CA.UTF-8@euro` → (`fr`, `CA`)).
fn posix_parts(name: &str) -> Option<(String, Option<String>)> {
    let base = name.split(['.', '@']).next()?.trim();
    if base.is_empty() || base == "C" || base == "POSIX" {
        return None;
    }
    let mut parts = base.split(['_', '-']);
    let language = parts.next()?.to_ascii_lowercase();
    let region = parts
        .next()
        .filter(|r| r.len() == 2 && r.chars().all(|c| c.is_ascii_alphabetic()))
        .map(str::to_ascii_uppercase);
    Some((language, region))
}

/// The locale for `language` (`en`, `fr`, `de`) given the system's locale variables, as
/// `(name, value)` pairs: the first of `LC_ALL`, `LC_TIME`, `LANG` that is set decides the
/// region when it is the same language; else an entry of `LANGUAGE` of that language.
pub fn locale_for(language: &str, env: &[(&str, &str)]) -> Locale {
    let get = |name: &str| {
        env.iter()
            .find(|(n, v)| *n == name && !v.is_empty())
            .map(|(_, v)| *v)
    };
    let first = ["LC_ALL", "LC_TIME", "LANG"]
        .iter()
        .find_map(|n| get(n))
        .into_iter()
        .chain(get("LANGUAGE").into_iter().flat_map(|l| l.split(':')));
    let region = first
        .filter_map(posix_parts)
        .find(|(l, r)| l == language && r.is_some())
        .and_then(|(_, r)| r);
    let tag = match region {
        Some(r) => format!("{language}-{r}"),
        None => language.to_string(),
    };
    tag.parse()
        .unwrap_or_else(|_| language.parse().unwrap_or(Locale::UNKNOWN))
}

/// The locale of the translation in use, with the system's region.
pub fn current_locale() -> Locale {
    // The system's locale variables do not change while Facteur runs.
    static VARS: std::sync::OnceLock<Vec<(String, String)>> = std::sync::OnceLock::new();
    let vars = VARS.get_or_init(|| {
        ["LC_ALL", "LC_TIME", "LANG", "LANGUAGE"]
            .iter()
            .filter_map(|n| std::env::var(n).ok().map(|v| (n.to_string(), v)))
            .collect()
    });
    let env: Vec<(&str, &str)> = vars.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
    locale_for(&crate::i18n::current(), &env)
}

fn icu_date(when: &DateTime<impl TimeZone>) -> Option<Date<Gregorian>> {
    let date = Date::try_new_gregorian(when.year(), when.month() as u8, when.day() as u8).ok()?;
    Some(date)
}

fn icu_time(when: &DateTime<impl TimeZone>) -> Option<Time> {
    Time::try_new(when.hour() as u8, when.minute() as u8, 0, 0).ok()
}

fn local(unix: i64) -> Option<DateTime<Local>> {
    Local.timestamp_opt(unix, 0).single()
}

/// How long ago a message's date is, for the list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Recency {
    Today,
    Yesterday,
    ThisWeek,
    ThisYear,
    Older,
}

fn recency(when: &DateTime<impl TimeZone>, now: &DateTime<impl TimeZone>) -> Recency {
    let days = (now.date_naive() - when.date_naive()).num_days();
    match days {
        0 => Recency::Today,
        1 => Recency::Yesterday,
        2..=6 => Recency::ThisWeek,
        _ if when.year() == now.year() => Recency::ThisYear,
        _ => Recency::Older,
    }
}

/// A message list's date, shorter the more recent (as Apple Mail and Geary): the time today,
/// "Yesterday", the weekday within the week, day and month within the year, else the date.
/// A date in the future (a wrong clock) shows as a date.
pub fn list_date_in(
    locale: &Locale,
    when: &DateTime<impl TimeZone>,
    now: &DateTime<impl TimeZone>,
) -> String {
    let Some(f) = formatters(locale) else {
        return when.naive_local().format("%Y-%m-%d").to_string();
    };
    let (Some(date), Some(time)) = (icu_date(when), icu_time(when)) else {
        return String::new();
    };
    match recency(when, now) {
        Recency::Today => f.time.format(&time).to_string(),
        Recency::Yesterday => crate::fl!("date-yesterday"),
        Recency::ThisWeek => f.weekday.format(&date).to_string(),
        Recency::ThisYear => f.day_month.format(&date).to_string(),
        Recency::Older => f.date.format(&date).to_string(),
    }
}

/// A date with its weekday and time, as the reader and reply attributions show it.
pub fn full_date_in(locale: &Locale, when: &DateTime<impl TimeZone>) -> String {
    let Some(f) = formatters(locale) else {
        return when.naive_local().format("%Y-%m-%d %H:%M").to_string();
    };
    let (Some(date), Some(time)) = (icu_date(when), icu_time(when)) else {
        return String::new();
    };
    f.full.format(&IcuDateTime { date, time }).to_string()
}

/// [`list_date_in`] in the user's locale and time zone.
pub fn list_date(unix: i64, now: i64) -> String {
    match (local(unix), local(now)) {
        (Some(when), Some(now)) => list_date_in(&current_locale(), &when, &now),
        _ => String::new(),
    }
}

/// [`full_date_in`] in the user's locale and time zone.
pub fn full_date(unix: i64) -> String {
    local(unix)
        .map(|when| full_date_in(&current_locale(), &when))
        .unwrap_or_default()
}

/// A number with `fraction` decimal places, rounded, in the locale's digits and separators
/// ("1.4", "1,4", "12 345").
pub fn decimal_in(locale: &Locale, value: f64, fraction: i16) -> String {
    let scaled = (value * 10f64.powi(fraction as i32)).round();
    if !scaled.is_finite() || scaled.abs() > 1e15 {
        return format!("{value}");
    }
    let mut d = Decimal::from(scaled as i64);
    d.multiply_pow10(-fraction);
    match formatters(locale) {
        Some(f) => f.decimal.format(&d).to_string(),
        None => d.to_string(),
    }
}

/// Items joined as the locale writes a list: "Paul, Sophie and me", "Paul, Sophie et moi",
/// "Paul, Sophie und ich".
pub fn and_list_in(locale: &Locale, items: &[String]) -> String {
    match formatters(locale) {
        Some(f) => f.and.format(items.iter().map(String::as_str)).to_string(),
        None => items.join(", "),
    }
}

/// [`and_list_in`] in the user's locale.
pub fn and_list(items: &[String]) -> String {
    and_list_in(&current_locale(), items)
}

/// A size in bytes as people read it: "820 bytes", "12 kB", "1.4 MB", with the locale's
/// decimal separator and the language's unit names (one decimal below 10).
pub fn size_in(locale: &Locale, bytes: i64) -> String {
    let bytes = bytes.max(0) as f64;
    let value = |v: f64| decimal_in(locale, v, if v < 9.95 { 1 } else { 0 });
    if bytes < 1000.0 {
        crate::fl!("size-bytes", count = (bytes as i64))
    } else if bytes < 999_500.0 {
        crate::fl!("size-kb", value = value(bytes / 1e3))
    } else if bytes < 999_500_000.0 {
        crate::fl!("size-mb", value = value(bytes / 1e6))
    } else {
        crate::fl!("size-gb", value = value(bytes / 1e9))
    }
}

/// [`size_in`] in the user's locale.
pub fn size(bytes: i64) -> String {
    size_in(&current_locale(), bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::FixedOffset;

    fn at(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<FixedOffset> {
        FixedOffset::east_opt(3600)
            .unwrap()
            .with_ymd_and_hms(y, m, d, h, min, 0)
            .unwrap()
    }

    fn loc(tag: &str) -> Locale {
        tag.parse().unwrap()
    }

    /// What each supported locale shows, checked against CLDR's forms as natives write them.
    #[test]
    fn dates_numbers_and_lists_in_each_locale() {
        let _lock = crate::i18n::test_lock();
        let now = at(2026, 11, 25, 15, 0);
        let today = at(2026, 11, 25, 14, 32);
        let yesterday = at(2026, 11, 24, 9, 5);
        let this_week = at(2026, 11, 21, 9, 5);
        let this_year = at(2026, 11, 3, 9, 5);
        let last_year = at(2025, 1, 4, 9, 5);
        let reader = at(2026, 11, 23, 7, 5);
        // locale, today, this week, this year, older, the reader's date, 1.45 MB, a list
        let cases = [
            (
                "en-US",
                "2:32\u{202f}PM",
                "Saturday",
                "Nov 3",
                "1/4/25",
                "Monday, November 23, 2026 at 7:05\u{202f}AM",
                "1.5",
                "Paul, Sophie, and me",
            ),
            (
                "en-GB",
                "14:32",
                "Saturday",
                "3 Nov",
                "04/01/2025",
                "Monday, 23 November 2026 at 07:05",
                "1.5",
                "Paul, Sophie and me",
            ),
            (
                "fr-FR",
                "14:32",
                "samedi",
                "3 nov.",
                "04/01/2025",
                "lundi 23 novembre 2026 à 07:05",
                "1,5",
                "Paul, Sophie et moi",
            ),
            (
                "fr-CA",
                "14 h 32",
                "samedi",
                "3 nov.",
                "2025-01-04",
                "lundi 23 novembre 2026 à 07 h 05",
                "1,5",
                "Paul, Sophie et moi",
            ),
            (
                "fr-CH",
                "14:32",
                "samedi",
                "3 nov.",
                "04.01.25",
                "lundi 23 novembre 2026 à 07:05",
                "1,5",
                "Paul, Sophie et moi",
            ),
            (
                "fr-BE",
                "14:32",
                "samedi",
                "3 nov.",
                "4/01/25",
                "lundi 23 novembre 2026 à 07:05",
                "1,5",
                "Paul, Sophie et moi",
            ),
            (
                "de-DE",
                "14:32",
                "Samstag",
                "3. Nov.",
                "04.01.25",
                "Montag, 23. November 2026 um 07:05",
                "1,5",
                "Paul, Sophie und ich",
            ),
            (
                "de-AT",
                "14:32",
                "Samstag",
                "3. Nov.",
                "04.01.25",
                "Montag, 23. November 2026 um 07:05",
                "1,5",
                "Paul, Sophie und ich",
            ),
            (
                "de-CH",
                "14:32",
                "Samstag",
                "3. Nov.",
                "04.01.25",
                "Montag, 23. November 2026 um 07:05",
                "1.5",
                "Paul, Sophie und ich",
            ),
        ];
        for (tag, t, week, year, older, full, decimal, list) in cases {
            let l = loc(tag);
            let (language, me) = match &tag[..2] {
                "fr" => (crate::i18n::Language::French, "moi"),
                "de" => (crate::i18n::Language::German, "ich"),
                _ => (crate::i18n::Language::English, "me"),
            };
            crate::i18n::select(language).unwrap();
            assert_eq!(list_date_in(&l, &today, &now), t, "{tag}");
            assert_eq!(
                list_date_in(&l, &yesterday, &now),
                crate::fl!("date-yesterday"),
                "{tag}"
            );
            assert_eq!(list_date_in(&l, &this_week, &now), week, "{tag}");
            assert_eq!(list_date_in(&l, &this_year, &now), year, "{tag}");
            assert_eq!(list_date_in(&l, &last_year, &now), older, "{tag}");
            assert_eq!(full_date_in(&l, &reader), full, "{tag}");
            assert_eq!(decimal_in(&l, 1.45, 1), decimal, "{tag}");
            let people = ["Paul".to_string(), "Sophie".to_string(), me.to_string()];
            assert_eq!(and_list_in(&l, &people), list, "{tag}");
        }
        crate::i18n::select(crate::i18n::Language::English).unwrap();
    }

    #[test]
    fn sizes_read_naturally_with_units_that_do_not_wrap() {
        let _lock = crate::i18n::test_lock();
        crate::i18n::select(crate::i18n::Language::English).unwrap();
        let en = loc("en-GB");
        assert_eq!(size_in(&en, 820), "820 bytes");
        assert_eq!(size_in(&en, 1), "1 byte");
        assert_eq!(size_in(&en, 12_345), "12\u{a0}KB");
        assert_eq!(size_in(&en, 1_440_000), "1.4\u{a0}MB");
        assert_eq!(size_in(&en, 999_999), "1.0\u{a0}MB", "never \"1000 KB\"");
        crate::i18n::select(crate::i18n::Language::French).unwrap();
        let fr = loc("fr-FR");
        assert_eq!(size_in(&fr, 1_440_000), "1,4\u{a0}Mo");
        assert_eq!(size_in(&fr, 12_345), "12\u{a0}Ko");
        crate::i18n::select(crate::i18n::Language::German).unwrap();
        let de = loc("de-DE");
        assert_eq!(size_in(&de, 1_440_000), "1,4\u{a0}MB");
        assert_eq!(size_in(&de, 12_345), "12\u{a0}kB");
        crate::i18n::select(crate::i18n::Language::English).unwrap();
    }

    #[test]
    fn the_region_comes_from_the_system_when_it_is_the_same_language() {
        let l = |language: &str, env: &[(&str, &str)]| locale_for(language, env).to_string();
        assert_eq!(l("en", &[("LANG", "en_US.UTF-8")]), "en-US");
        assert_eq!(l("en", &[("LANG", "en_GB.UTF-8")]), "en-GB");
        assert_eq!(l("fr", &[("LANG", "fr_CA.UTF-8")]), "fr-CA");
        // LC_TIME decides over LANG, LC_ALL over both.
        assert_eq!(
            l("de", &[("LANG", "de_DE.UTF-8"), ("LC_TIME", "de_AT.UTF-8")]),
            "de-AT"
        );
        assert_eq!(
            l(
                "de",
                &[("LC_ALL", "de_CH.UTF-8"), ("LC_TIME", "de_AT.UTF-8")]
            ),
            "de-CH"
        );
        // Another language's region is not borrowed: German chosen on a Canadian French
        // system is German German; LANGUAGE may still name the region.
        assert_eq!(l("de", &[("LANG", "fr_CA.UTF-8")]), "de");
        assert_eq!(
            l(
                "fr",
                &[("LANG", "en_US.UTF-8"), ("LANGUAGE", "fr_BE:fr:en")]
            ),
            "fr-BE"
        );
        assert_eq!(l("en", &[("LANG", "C.UTF-8")]), "en");
        assert_eq!(l("fr", &[]), "fr");
    }

    #[test]
    fn a_date_in_the_future_is_a_date_not_a_time() {
        let _lock = crate::i18n::test_lock();
        let now = at(2026, 11, 25, 15, 0);
        let future = at(2027, 2, 1, 9, 0);
        assert_eq!(list_date_in(&loc("en-GB"), &future, &now), "01/02/2027");
    }
}
