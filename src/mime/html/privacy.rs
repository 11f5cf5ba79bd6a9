//! What a mail would tell its sender, and how the reader keeps it from doing so.
//!
//! - **Tracking pixels**: pictures that exist only to be fetched (1×1 or hidden images,
//!   addresses of known mail-tracking services) are never loaded, even when the user shows
//!   the other pictures; the reader counts them.
//! - **Click tracking**: the parameters that marketing tools add to links to follow a reader
//!   (`utm_*`, `fbclid`, `gclid`, `mc_eid` …) are removed before a link is opened.
//! - **Disguised links**: a link whose text reads as an address on another site than where
//!   it goes (a phishing tell) is reported, so the reader can warn.

/// Hosts whose only business in a mail is to see it opened (matched with their sub-domains).
const TRACKER_HOSTS: [&str; 24] = [
    "google-analytics.com",
    "doubleclick.net",
    "googlesyndication.com",
    "pixel.facebook.com",
    "mandrillapp.com",
    "hubspotemail.net",
    "hs-analytics.net",
    "track.hubspot.com",
    "exct.net",
    "mktoresp.com",
    "spgo.io",
    "mailtrack.io",
    "getnotify.com",
    "bananatag.com",
    "yesware.com",
    "emltrk.com",
    "pardot.com",
    "returnpath.net",
    "mailfoogae.appspot.com",
    "openedby.com",
    "sidekickopen.com",
    "t.sidekickopen.com",
    "tracking.tldrnewsletter.com",
    "pixel.wp.com",
];

/// Paths that mailing services use for their open-tracking pictures.
const TRACKER_PATHS: [&str; 8] = [
    "/track/open",
    "/wf/open",
    "/open.php",
    "/trk/open",
    "/e/o/",
    "/tr?",
    "/pixel.gif",
    "/beacon",
];

/// Link parameters that only serve to follow the reader (compared without case).
const TRACKING_PARAMETERS: [&str; 24] = [
    "fbclid",
    "gclid",
    "dclid",
    "gbraid",
    "wbraid",
    "msclkid",
    "yclid",
    "twclid",
    "igshid",
    "mc_eid",
    "mc_cid",
    "_hsenc",
    "_hsmi",
    "__hstc",
    "__hssc",
    "__hsfp",
    "hsctatracking",
    "mkt_tok",
    "oly_enc_id",
    "oly_anon_id",
    "vero_id",
    "vero_conv",
    "wickedid",
    "_openstat",
];

/// `//host/…` as `https://host/…`; other addresses as they are.
pub fn absolute(url: &str) -> String {
    let url = url.trim();
    if url.starts_with("//") {
        format!("https:{url}")
    } else {
        url.to_string()
    }
}

/// The host of a web address, lower case, without `www.`.
pub fn host(url: &str) -> Option<String> {
    let parsed = url::Url::parse(&absolute(url)).ok()?;
    let host = parsed.host_str()?.to_ascii_lowercase();
    Some(host.strip_prefix("www.").unwrap_or(&host).to_string())
}

/// The address is a known tracker's, by its host or by the path mailing services use.
pub fn is_tracker(url: &str) -> bool {
    let Some(host) = host(url) else {
        return false;
    };
    if TRACKER_HOSTS
        .iter()
        .any(|t| host == *t || host.ends_with(&format!(".{t}")))
    {
        return true;
    }
    let Ok(parsed) = url::Url::parse(&absolute(url)) else {
        return false;
    };
    let path = match parsed.query() {
        Some(q) => format!("{}?{q}", parsed.path()),
        None => parsed.path().to_string(),
    }
    .to_ascii_lowercase();
    TRACKER_PATHS.iter().any(|p| path.contains(p))
}

/// A length from an attribute or a declaration (`1`, `1px`, `1.0`), in whole pixels.
pub fn pixels(value: &str) -> Option<u32> {
    let v = value.trim().trim_end_matches("px").trim();
    v.parse::<f32>()
        .ok()
        .filter(|f| f.is_finite() && *f >= 0.0)
        .map(|f| f.round() as u32)
}

/// The declarations of a `style` attribute, names lower case, blanks removed.
fn declarations(style: &str) -> impl Iterator<Item = (String, String)> + '_ {
    style.split(';').filter_map(|d| {
        let (name, value) = d.split_once(':')?;
        let squeeze = |s: &str| {
            s.chars()
                .filter(|c| !c.is_whitespace())
                .collect::<String>()
                .to_ascii_lowercase()
        };
        Some((squeeze(name), squeeze(value).replace("!important", "")))
    })
}

/// The `style` attribute hides its element (and so what it holds).
pub fn hides(style: &str) -> bool {
    declarations(style).any(|(name, value)| match name.as_str() {
        "display" => value == "none",
        "visibility" => value == "hidden",
        "opacity" => value.parse::<f32>().is_ok_and(|o| o < 0.05),
        "max-height" | "max-width" => pixels(&value) == Some(0),
        _ => false,
    })
}

/// A picture sized to be invisible: at most 2 × 2 pixels by its attributes or its style.
pub fn is_pixel(width: Option<u32>, height: Option<u32>, style: &str) -> bool {
    let mut width = width;
    let mut height = height;
    for (name, value) in declarations(style) {
        match name.as_str() {
            "width" => width = pixels(&value).or(width),
            "height" => height = pixels(&value).or(height),
            _ => {}
        }
    }
    match (width, height) {
        (Some(w), Some(h)) => w <= 2 && h <= 2,
        (Some(0), None) | (None, Some(0)) => true,
        _ => false,
    }
}

/// The link without the parameters that only follow the reader; other parameters, the
/// path and the fragment are kept as they are. Not a web address: unchanged.
pub fn without_tracking(url: &str) -> String {
    let Ok(mut parsed) = url::Url::parse(url) else {
        return url.to_string();
    };
    if !matches!(parsed.scheme(), "http" | "https") || parsed.query().is_none() {
        return url.to_string();
    }
    let kept: Vec<(String, String)> = parsed
        .query_pairs()
        .filter(|(k, _)| {
            let k = k.to_ascii_lowercase();
            !k.starts_with("utm_") && !TRACKING_PARAMETERS.contains(&k.as_str())
        })
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    if kept.len() == parsed.query_pairs().count() {
        return url.to_string();
    }
    if kept.is_empty() {
        parsed.set_query(None);
    } else {
        parsed.query_pairs_mut().clear().extend_pairs(kept);
    }
    parsed.to_string()
}

/// The site a host belongs to: its last two labels, or three under a two-letter country code
/// with a short second level (`shop.example.co.uk` → `example.co.uk`).
fn site(host: &str) -> String {
    let labels: Vec<&str> = host.trim_end_matches('.').split('.').collect();
    let keep = match labels.as_slice() {
        [.., second, last] if last.len() == 2 && second.len() <= 3 && labels.len() >= 3 => 3,
        _ => 2,
    };
    labels[labels.len().saturating_sub(keep)..].join(".")
}

/// Where a link's text reads as an address on another site than the link's own target: that
/// other host (the reader warns). Text that is not an address: `None`.
pub fn disguised(text: &str, href: &str) -> Option<String> {
    let text = text.trim().trim_end_matches(['.', ',', ')', ';']);
    if text.is_empty() || text.contains(char::is_whitespace) || !text.contains('.') {
        return None;
    }
    let lower = text.to_ascii_lowercase();
    let looks_like_address = lower.starts_with("http://")
        || lower.starts_with("https://")
        || lower.starts_with("www.")
        || lower.rsplit('.').next().is_some_and(|tld| {
            (2..=6).contains(&tld.len()) && tld.chars().all(|c| c.is_ascii_alphabetic())
        });
    if !looks_like_address || lower.contains('@') {
        return None;
    }
    let shown = if lower.contains("://") {
        host(text)?
    } else {
        host(&format!("https://{text}"))?
    };
    let target = host(href)?;
    (site(&shown) != site(&target)).then_some(shown)
}
