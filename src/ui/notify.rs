//! New-mail notifications through the desktop's notification service (notify-rust on zbus,
//! with `show_async`: its blocking calls cannot run inside tokio).
//!
//! The engine announces only unread mail that arrived after the account's first sync, so mail
//! read on another device, or the backlog of a new account, makes no noise. Mail that arrives
//! together makes one notification.

use crate::engine::event::NewMailSummary;
use crate::fl;

/// Senders listed at most in a grouped notification.
const LISTED: usize = 4;

/// What a notification says, and the message a click opens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Announcement {
    pub summary: String,
    pub body: String,
    pub open: Option<i64>,
}

/// The notification for a batch of new messages (`None` for an empty one).
pub fn announcement(messages: &[NewMailSummary]) -> Option<Announcement> {
    let first = messages.first()?;
    let subject = |m: &NewMailSummary| crate::ui::format::subject(&m.subject);
    if messages.len() == 1 {
        return Some(Announcement {
            summary: first.from.clone(),
            body: subject(first),
            open: Some(first.message_id),
        });
    }
    let mut lines: Vec<String> = messages
        .iter()
        .take(LISTED)
        .map(|m| format!("{} — {}", m.from, subject(m)))
        .collect();
    if messages.len() > LISTED {
        lines.push(fl!("notify-and-more", count = (messages.len() - LISTED)));
    }
    // "3 new messages from Paul, Sophie and Marie" when a few people wrote.
    let mut senders: Vec<String> = Vec::new();
    for m in messages {
        if !senders.contains(&m.from) {
            senders.push(m.from.clone());
        }
    }
    let summary = if senders.len() <= 3 {
        fl!(
            "notify-new-mail-from",
            count = messages.len(),
            senders = crate::i18n::format::and_list(&senders)
        )
    } else {
        fl!("notify-new-mail", count = messages.len())
    };
    Some(Announcement {
        summary,
        body: lines.join("\n"),
        open: Some(first.message_id),
    })
}

/// Shows the notification; resolves when the user clicks it (with the message to open) or it
/// goes away (`None`). Where no notification service runs, logs it and resolves at once.
pub async fn show(announcement: Announcement) -> Option<i64> {
    let mut n = notify_rust::Notification::new();
    n.appname(&crate::fl!("app-name"))
        .summary(&announcement.summary)
        // Servers with body markup would read a subject's `<` or `&` as markup.
        .body(&escape(&announcement.body))
        .icon("mail-unread")
        .hint(notify_rust::Hint::Category("email.arrived".into()))
        .hint(notify_rust::Hint::DesktopEntry(
            crate::desktop::instance::APP_ID.into(),
        ));
    if announcement.open.is_some() {
        n.action("default", &fl!("notify-open"));
    }
    let handle = match n.show_async().await {
        Ok(handle) => handle,
        Err(e) => {
            tracing::info!("no notification shown: {e}");
            return None;
        }
    };
    let open = announcement.open?;
    let mut clicked = false;
    handle
        .wait_for_action_async(|response| {
            clicked = matches!(response, notify_rust::NotificationResponse::Default);
        })
        .await;
    clicked.then_some(open)
}

/// Escapes the characters notification markup gives a meaning to.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn summary(id: i64, from: &str, subject: &str) -> NewMailSummary {
        NewMailSummary {
            message_id: id,
            from: from.into(),
            subject: subject.into(),
        }
    }

    #[test]
    fn one_message_says_who_and_what() {
        let _lock = crate::i18n::test_lock();
        crate::i18n::select(crate::i18n::Language::English).unwrap();
        let a = announcement(&[summary(7, "Marie Dupont", "Dîner samedi")]).unwrap();
        assert_eq!(a.summary, "Marie Dupont");
        assert_eq!(a.body, "Dîner samedi");
        assert_eq!(a.open, Some(7));
        assert_eq!(announcement(&[]), None);
    }

    #[test]
    fn many_messages_make_one_notification() {
        let _lock = crate::i18n::test_lock();
        crate::i18n::select(crate::i18n::Language::English).unwrap();
        let batch: Vec<_> = (0..6)
            .map(|i| summary(i, &format!("Sender {i}"), &format!("Subject {i}")))
            .collect();
        let a = announcement(&batch).unwrap();
        assert_eq!(a.summary, "6 new messages");
        assert_eq!(a.body.lines().count(), LISTED + 1);
        assert!(a.body.starts_with("Sender 0 — Subject 0"));
        assert!(a.body.ends_with("and 2 more"), "{}", a.body);
        // A few people: named, as the language writes a list.
        let few = [
            summary(1, "Paul", "A"),
            summary(2, "Sophie", "B"),
            summary(3, "Paul", "C"),
            summary(4, "Marie", "D"),
        ];
        let people = ["Paul".to_string(), "Sophie".into(), "Marie".into()];
        assert_eq!(
            announcement(&few).unwrap().summary,
            format!(
                "4 new messages from {}",
                crate::i18n::format::and_list(&people)
            )
        );
        crate::i18n::select(crate::i18n::Language::French).unwrap();
        assert_eq!(announcement(&batch).unwrap().summary, "6 nouveaux messages");
        crate::i18n::select(crate::i18n::Language::English).unwrap();
    }

    #[test]
    fn markup_in_a_subject_is_escaped() {
        assert_eq!(escape("<b>R&D</b>"), "&lt;b&gt;R&amp;D&lt;/b&gt;");
    }
}
