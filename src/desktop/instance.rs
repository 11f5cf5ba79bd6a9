//! One Facteur per session: the first launch owns a name on the session bus and serves the
//! freedesktop Application interface (`Activate`, `Open`, `ActivateAction`); a later launch
//! (a `mailto:` link clicked in a browser, the launcher's icon, `facteur --quit`) hands its
//! request to it and exits, so two engines never run on one profile.
//!
//! The bus connection lives on a thread of its own with its own small tokio runtime, started
//! before the window: the decision "first or not" is made before anything is drawn, and the
//! connection outlives any one window (the app may run with its window closed).

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Mutex, OnceLock};

use tokio::sync::mpsc;
use zbus::OwnedVariant;

/// The application's id: its D-Bus name, its desktop file's name.
pub const APP_ID: &str = "org.facteur.Facteur";

/// Where the Application interface is served.
pub const OBJECT_PATH: &str = "/org/facteur/Facteur";

/// What another launch (or the desktop) asks of the running app.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Request {
    /// Show the window (open it if it is closed) and bring it to the front.
    Activate,
    /// Open these links (`mailto:`), each in a composer.
    Open(Vec<String>),
    /// A named action: [`ACTION_COMPOSE`], [`ACTION_QUIT`].
    Action(String),
}

/// Write a new message.
pub const ACTION_COMPOSE: &str = "compose";
/// Stop Facteur, with its window closed or not.
pub const ACTION_QUIT: &str = "quit";
/// Run with the window closed (the first launch at login asks it of itself).
pub const ACTION_BACKGROUND: &str = "background";

/// The bus name for a profile: the application id for the user's own profile; a profile of
/// its own (`FACTEUR_HOME`, as tests and the demo use) gets a name of its own, so that it never
/// hands over to the user's Facteur.
pub fn bus_name(own_profile: Option<&Path>) -> String {
    match own_profile {
        None => APP_ID.to_string(),
        Some(dir) => {
            // FNV-1a: stable across runs and builds (std's hasher is not).
            let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
            for b in dir.as_os_str().as_encoded_bytes() {
                hash = (hash ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
            }
            format!("{APP_ID}.Profile{hash:016x}")
        }
    }
}

/// The running app's side of the interface: requests go to the window's subscription.
struct Application {
    requests: mpsc::UnboundedSender<Request>,
}

#[zbus::interface(name = "org.freedesktop.Application")]
impl Application {
    fn activate(&self, _platform_data: HashMap<String, OwnedVariant>) {
        let _ = self.requests.send(Request::Activate);
    }

    fn open(&self, uris: Vec<String>, _platform_data: HashMap<String, OwnedVariant>) {
        let _ = self.requests.send(Request::Open(uris));
    }

    fn activate_action(
        &self,
        action_name: String,
        _parameter: Vec<OwnedVariant>,
        _platform_data: HashMap<String, OwnedVariant>,
    ) {
        let _ = self.requests.send(Request::Action(action_name));
    }
}

/// The outcome of asking for the name.
pub enum Claim {
    /// This process is the one Facteur of the profile; requests arrive on the receiver.
    First(Instance, mpsc::UnboundedReceiver<Request>),
    /// Another process has the name: hand the request over with [`hand_over`].
    Running,
}

/// The bus connection of the running app (kept for the launcher's count).
#[derive(Clone)]
pub struct Instance {
    pub connection: zbus::Connection,
    /// Where the Application interface puts what it is asked.
    requests: mpsc::UnboundedSender<Request>,
}

/// Asks for `name` on the session bus, serving the Application interface if it is ours.
pub async fn claim(name: &str) -> zbus::Result<Claim> {
    let (sender, receiver) = mpsc::unbounded_channel();
    let connection = zbus::connection::Builder::session()
        .serve_at(
            OBJECT_PATH,
            Application {
                requests: sender.clone(),
            },
        )
        .build()
        .await?;
    let reply = match connection
        .request_name_with_flags(name, zbus::fdo::RequestNameFlags::DO_NOT_QUEUE)
        .await
    {
        // zbus says "taken" as an error.
        Err(zbus::Error::NameTaken) => return Ok(Claim::Running),
        other => other?,
    };
    Ok(match reply {
        zbus::fdo::RequestNameReply::PrimaryOwner | zbus::fdo::RequestNameReply::AlreadyOwner => {
            Claim::First(
                Instance {
                    connection,
                    requests: sender,
                },
                receiver,
            )
        }
        _ => Claim::Running,
    })
}

/// Gives `request` to the process that owns `name`.
pub async fn hand_over(name: &str, request: &Request) -> zbus::Result<()> {
    let connection = zbus::Connection::session().await?;
    let none: HashMap<String, OwnedVariant> = HashMap::new();
    let interface = Some("org.freedesktop.Application");
    match request {
        Request::Activate => {
            connection
                .call_method(Some(name), OBJECT_PATH, interface, "Activate", &(none,))
                .await?
        }
        Request::Open(uris) => {
            connection
                .call_method(Some(name), OBJECT_PATH, interface, "Open", &(uris, none))
                .await?
        }
        Request::Action(action) => {
            let parameter: Vec<OwnedVariant> = Vec::new();
            connection
                .call_method(
                    Some(name),
                    OBJECT_PATH,
                    interface,
                    "ActivateAction",
                    &(action, parameter, none),
                )
                .await?
        }
    };
    Ok(())
}

/// Whether a notification service runs on the bus, or the bus can start one.
async fn notifications_shown(connection: &zbus::Connection) -> bool {
    const NAME: &str = "org.freedesktop.Notifications";
    let Ok(bus) = zbus::fdo::DBusProxy::new(connection).await else {
        return false;
    };
    let Ok(name) = zbus::names::BusName::try_from(NAME) else {
        return false;
    };
    if bus.name_has_owner(name).await.unwrap_or(false) {
        return true;
    }
    bus.list_activatable_names()
        .await
        .is_ok_and(|names| names.iter().any(|n| n.as_str() == NAME))
}

/// What [`start`] decided.
pub enum Started {
    /// This process runs the app; its first request is already queued.
    First,
    /// Another process runs the app and took the request.
    HandedOver,
    /// No session bus (or it refused): run alone, without the hand-over.
    NoBus(zbus::Error),
}

static REQUESTS: Mutex<Option<mpsc::UnboundedReceiver<Request>>> = Mutex::new(None);
static INSTANCE: OnceLock<Instance> = OnceLock::new();

/// Before the window opens: claims the profile's name on a thread that keeps the connection
/// for the life of the process, and queues `first` for the window; or hands `first` to the
/// Facteur that already runs.
pub fn start(name: &str, first: Request) -> Started {
    let (told, answer) = std::sync::mpsc::channel();
    let name = name.to_string();
    let spawned = std::thread::Builder::new()
        .name("facteur-bus".into())
        .spawn(move || {
            let runtime = match tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
            {
                Ok(r) => r,
                Err(e) => {
                    let _ = told.send(Started::NoBus(zbus::Error::InputOutput(e.into())));
                    return;
                }
            };
            runtime.block_on(async move {
                match claim(&name).await {
                    Ok(Claim::First(instance, receiver)) => {
                        super::set_notifications_shown(
                            notifications_shown(&instance.connection).await,
                        );
                        if let Ok(mut slot) = REQUESTS.lock() {
                            *slot = Some(receiver);
                        }
                        let _ = INSTANCE.set(instance.clone());
                        // Queued before the window starts reading.
                        let _ = instance.requests.send(first);
                        let _ = told.send(Started::First);
                        // Keep the connection served for the life of the process.
                        std::future::pending::<()>().await;
                    }
                    Ok(Claim::Running) => {
                        let _ = told.send(match hand_over(&name, &first).await {
                            Ok(()) => Started::HandedOver,
                            Err(e) => Started::NoBus(e),
                        });
                    }
                    Err(e) => {
                        let _ = told.send(Started::NoBus(e));
                    }
                }
            });
        });
    if let Err(e) = spawned {
        return Started::NoBus(zbus::Error::InputOutput(e.into()));
    }
    answer
        .recv()
        .unwrap_or_else(|_| Started::NoBus(zbus::Error::Failure("bus thread ended".into())))
}

/// Without a bus: queues `first` for this process's window all the same.
pub fn alone(first: Request) {
    let (sender, receiver) = mpsc::unbounded_channel();
    let _ = sender.send(first);
    if let Ok(mut slot) = REQUESTS.lock() {
        *slot = Some(receiver);
    }
}

/// The running app's bus connection, once [`start`] made this process the first.
pub fn instance() -> Option<&'static Instance> {
    INSTANCE.get()
}

/// The requests of later launches, for the window's subscription (once; later calls get an
/// empty stream).
pub fn requests() -> impl futures::Stream<Item = Request> {
    let receiver = REQUESTS.lock().ok().and_then(|mut r| r.take());
    futures::stream::unfold(receiver, |receiver| async move {
        match receiver {
            Some(mut r) => {
                let next = r.recv().await?;
                Some((next, Some(r)))
            }
            None => std::future::pending().await,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_profile_of_its_own_has_a_bus_name_of_its_own() {
        assert_eq!(bus_name(None), APP_ID);
        let a = bus_name(Some(Path::new("/tmp/a")));
        let b = bus_name(Some(Path::new("/tmp/b")));
        assert_ne!(a, b);
        assert_eq!(a, bus_name(Some(Path::new("/tmp/a"))));
        assert!(
            zbus::names::WellKnownName::try_from(a.as_str()).is_ok(),
            "{a}"
        );
    }
}
