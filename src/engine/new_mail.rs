//! New mail worth a notification.

use crate::account::AccountId;
use tokio::sync::mpsc;

use super::Event;

/// Reports the unread ones among newly stored messages as one NewMail event (for
/// notifications); mail already read on another device is not announced.
pub async fn announce(
    store: &super::StoreHandle,
    events: &mpsc::UnboundedSender<Event>,
    account: &str,
    ids: Vec<i64>,
) {
    if ids.is_empty() {
        return;
    }
    let rows = store
        .with(move |s| {
            ids.iter()
                .filter_map(|id| s.message(*id).ok().flatten())
                .collect::<Vec<_>>()
        })
        .await;
    let messages: Vec<super::event::NewMailSummary> = rows
        .into_iter()
        .filter(|m| !m.flags.contains(crate::store::Flags::SEEN))
        .map(|m| super::event::NewMailSummary {
            message_id: m.id,
            from: if m.from_name.is_empty() {
                m.from_addr
            } else {
                m.from_name
            },
            subject: m.subject,
        })
        .collect();
    if !messages.is_empty() {
        let _ = events.send(Event::NewMail {
            account: AccountId::of(account),
            messages,
        });
    }
}
