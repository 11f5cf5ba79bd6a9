//! The setup wizard's requests run by the engine: discovery and server checks, each a task
//! of its own that reports through events and can be cancelled.

use std::path::PathBuf;
use std::sync::Arc;

use tokio::sync::mpsc;

use super::Event;
use crate::proto::Credentials;
use crate::setup::discover::{self, Dns, FixedDns, Settings, SystemDns};
use crate::setup::{ServerSetting, probe};

pub async fn discover(
    request: crate::engine::RequestId,
    email: String,
    settings: Settings,
    dns: Option<Arc<dyn Dns>>,
    events: mpsc::UnboundedSender<Event>,
) {
    let dns: Arc<dyn Dns> = match dns {
        Some(d) => d,
        None => match SystemDns::new() {
            Ok(d) => Arc::new(d),
            // No resolver configuration: the bundled data and HTTPS still work.
            Err(_) => Arc::new(FixedDns::default()),
        },
    };
    let stages = events.clone();
    let report = move |stage| {
        let _ = stages.send(Event::DiscoveryProgress { request, stage });
    };
    let result = discover::discover_reporting(&email, &settings, dns, &report).await;
    let _ = events.send(Event::Discovered { request, result });
}

pub async fn check(
    request: crate::engine::RequestId,
    server: ServerSetting,
    credentials: Credentials,
    extra_ca: Option<PathBuf>,
    events: mpsc::UnboundedSender<Event>,
) {
    let progress_events = events.clone();
    let result = probe::check(
        &server,
        &credentials,
        extra_ca,
        probe::SERVER_BOUND,
        &mut |progress| {
            let _ = progress_events.send(Event::SetupProgress { request, progress });
        },
    )
    .await;
    let _ = events.send(Event::SetupChecked { request, result });
}
