//! The engine, run inside the window's subscription: it starts the engine for the profile,
//! hands the window its command sender, then forwards every event.

use std::hash::{Hash, Hasher};

use iced::Subscription;
use iced::futures::SinkExt;

use super::app::Profile;
use crate::account::Config;
use crate::engine::{Engine, EngineHandle, EngineOptions, Event};
use crate::store::Store;

/// What the engine subscription produces.
#[derive(Debug, Clone)]
pub enum Link {
    Ready(EngineHandle),
    Event(Event),
    /// The engine could not start (store or settings unreadable).
    Failed(std::sync::Arc<anyhow::Error>),
}

/// The subscription is identified by the profile's folders only, so it is never restarted
/// while the window runs.
struct Key(Profile);

impl Hash for Key {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.0.paths.config_dir.hash(state);
        self.0.paths.data_dir.hash(state);
    }
}

pub fn subscription(profile: &Profile) -> Subscription<Link> {
    Subscription::run_with(Key(profile.clone()), |key| {
        let profile = key.0.clone();
        iced::stream::channel(64, async move |mut output| {
            // Opening the store (and migrating it) is blocking work.
            let started = tokio::task::spawn_blocking(move || start(&profile)).await;
            let started = started.map_err(|e| std::sync::Arc::new(anyhow::Error::new(e)));
            let mut engine = match started.and_then(|r| r) {
                Ok(engine) => engine,
                Err(e) => {
                    let _ = output.send(Link::Failed(e)).await;
                    return;
                }
            };
            let _ = output.send(Link::Ready(engine.handle.clone())).await;
            while let Some(event) = engine.events.recv().await {
                if output.send(Link::Event(event)).await.is_err() {
                    break;
                }
            }
        })
    })
}

/// Starts the engine for a profile: its accounts, its store, its secret store.
pub fn start(profile: &Profile) -> Result<Engine, std::sync::Arc<anyhow::Error>> {
    start_with(profile, EngineOptions::default())
}

/// Starts the engine for a profile with these options (how account tasks run and restart);
/// the secret store and discovery settings are the profile's.
pub fn start_with(
    profile: &Profile,
    options: EngineOptions,
) -> Result<Engine, std::sync::Arc<anyhow::Error>> {
    let said = std::sync::Arc::new;
    profile.paths.create().map_err(said)?;
    let config = Config::load(&profile.paths.config_file()).map_err(|e| said(e.into()))?;
    let store = Store::open(&profile.paths.store_file()).map_err(|e| said(e.into()))?;
    let options = EngineOptions {
        secrets: profile.secrets.clone(),
        setup: profile.setup.clone(),
        dns: profile.dns.clone(),
        ..options
    };
    Ok(Engine::start_with(&config, store, options))
}
