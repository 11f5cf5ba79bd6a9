//! The real application, driven headless: its views in iced_test's Simulator, its tasks and
//! the real engine's events fed back into `update`, as the iced runtime would.

use std::collections::VecDeque;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use facteur::paths::Paths;
use facteur::setup::discover::Settings;
use facteur::ui::app::{App, Message, Profile};
use facteur::ui::dialogs::Dialogs;
use facteur::ui::link::{self, Link};
use iced::Task;
use iced::futures::StreamExt;
use iced::futures::future::BoxFuture;
use iced_test::simulator;
use tokio::sync::mpsc;

use crate::support::engine::PATIENCE;

/// The file dialogs, answered by the test: each question takes the next answer queued (none
/// queued: the user cancels). The titles asked are kept.
#[derive(Default)]
pub struct Answers {
    files: Mutex<VecDeque<Vec<PathBuf>>>,
    folders: Mutex<VecDeque<PathBuf>>,
    pub asked: Mutex<Vec<String>>,
}

impl Answers {
    pub fn files(&self, files: Vec<PathBuf>) {
        self.files.lock().unwrap().push_back(files);
    }

    pub fn folder(&self, folder: PathBuf) {
        self.folders.lock().unwrap().push_back(folder);
    }
}

impl Dialogs for Answers {
    fn pick_files(&self, title: String) -> BoxFuture<'static, Vec<PathBuf>> {
        self.asked.lock().unwrap().push(title);
        let answer = self.files.lock().unwrap().pop_front().unwrap_or_default();
        Box::pin(async move { answer })
    }

    fn pick_folder(&self, title: String) -> BoxFuture<'static, Option<PathBuf>> {
        self.asked.lock().unwrap().push(title);
        let answer = self.folders.lock().unwrap().pop_front();
        Box::pin(async move { answer })
    }
}

pub struct Gui {
    pub app: App,
    pub answers: Arc<Answers>,
    profile: Profile,
    sender: mpsc::UnboundedSender<Message>,
    inbox: mpsc::UnboundedReceiver<Message>,
    /// What the app wrote to the clipboard, in order.
    pub clipboard: Arc<std::sync::Mutex<Vec<String>>>,
    engine: Option<facteur::engine::Engine>,
    engine_options: facteur::engine::EngineOptions,
    /// The profile's folder, removed when the test ends.
    home: tempfile::TempDir,
}

impl Gui {
    /// The app on a new, empty profile (so it opens the wizard), trusting the harness's CA and
    /// with discovery limited to the bundled data.
    pub async fn start() -> Gui {
        Gui::start_with_engine(facteur::engine::EngineOptions::default()).await
    }

    /// The same, with an engine that runs its account tasks with `options` (how they are
    /// spawned and restarted).
    pub async fn start_with_engine(options: facteur::engine::EngineOptions) -> Gui {
        Gui::new_profile(
            Settings {
                offline: true,
                extra_ca: Some(crate::support::mailserver().ca_file.clone()),
                ..Settings::default()
            },
            None,
            options,
        )
    }

    /// The app with these discovery settings and DNS.
    pub async fn start_with(
        setup: Settings,
        dns: Option<std::sync::Arc<dyn facteur::setup::discover::Dns>>,
    ) -> Gui {
        Gui::new_profile(setup, dns, facteur::engine::EngineOptions::default())
    }

    fn new_profile(
        setup: Settings,
        dns: Option<std::sync::Arc<dyn facteur::setup::discover::Dns>>,
        options: facteur::engine::EngineOptions,
    ) -> Gui {
        crate::support::session::require_session_bus();
        let home = tempfile::tempdir().unwrap();
        let answers = Arc::new(Answers::default());
        let profile = Profile {
            paths: Paths::under(home.path()),
            secrets: None,
            setup,
            dns,
            dialogs: answers.clone(),
        };
        Gui::open(profile, home, answers, options)
    }

    /// The app as it starts on `profile`, with its engine.
    fn open(
        profile: Profile,
        home: tempfile::TempDir,
        answers: Arc<Answers>,
        engine_options: facteur::engine::EngineOptions,
    ) -> Gui {
        let (sender, inbox) = mpsc::unbounded_channel();
        let (app, task) = App::new(profile.clone());
        let mut gui = Gui {
            app,
            answers,
            profile: profile.clone(),
            sender,
            inbox,
            clipboard: Arc::default(),
            engine: None,
            engine_options: engine_options.clone(),
            home,
        };
        gui.run(task);
        // What `ui::run` does on a start that is not hidden.
        let open = gui.app.open_window();
        gui.run(open);
        // What the window's engine subscription does.
        let mut engine = link::start_with(&profile, engine_options).expect("the engine starts");
        gui.update(Message::Link(Link::Ready(engine.handle.clone())));
        let events = std::mem::replace(&mut engine.events, mpsc::unbounded_channel().1);
        let sender = gui.sender.clone();
        tokio::spawn(async move {
            let mut events = events;
            while let Some(e) = events.recv().await {
                if sender.send(Message::Link(Link::Event(e))).is_err() {
                    break;
                }
            }
        });
        gui.engine = Some(engine);
        gui
    }

    /// Closes the window as the user does (the app saves what it must and stops its engine),
    /// then starts the app again on the same profile.
    pub async fn reopen(mut self) -> Gui {
        self.update(Message::CloseRequested(iced::window::Id::unique()));
        self.until("the engine stopped", |g| g.app.engine_stopped())
            .await;
        if let Some(engine) = self.engine.take() {
            engine.shutdown().await;
        }
        let Gui {
            profile,
            home,
            answers,
            engine_options,
            ..
        } = self;
        Gui::open(profile, home, answers, engine_options)
    }

    fn run(&self, task: Task<Message>) {
        let Some(mut stream) = iced_runtime::task::into_stream(task) else {
            return;
        };
        let sender = self.sender.clone();
        let clipboard = self.clipboard.clone();
        tokio::spawn(async move {
            while let Some(action) = stream.next().await {
                match action {
                    iced_runtime::Action::Output(message) => {
                        let _ = sender.send(message);
                    }
                    iced_runtime::Action::Clipboard(iced_runtime::clipboard::Action::Write {
                        contents,
                        ..
                    }) => clipboard.lock().unwrap().push(contents),
                    _ => {}
                }
            }
        });
    }

    /// The profile's folder (`FACTEUR_HOME` for a `facteur` run on this profile).
    pub fn home(&self) -> &std::path::Path {
        self.home.path()
    }

    pub fn update(&mut self, message: Message) {
        let task = self.app.update(message);
        self.run(task);
    }

    /// Runs `f` on a simulator of the current view, then feeds back what it produced.
    pub fn with_ui<R>(&mut self, f: impl FnOnce(&mut iced_test::Simulator<'_, Message>) -> R) -> R {
        let (result, messages) = {
            let mut ui = simulator(self.app.view());
            let result = f(&mut ui);
            (result, ui.into_messages().collect::<Vec<_>>())
        };
        for m in messages {
            self.update(m);
        }
        result
    }

    pub fn click(&mut self, text: &str) {
        self.with_ui(|ui| {
            ui.click(text)
                .unwrap_or_else(|e| panic!("cannot click {text:?}: {e}"));
        });
    }

    /// Scrolls the pane under `at` down, as a mouse wheel does, until `text` is in view, then
    /// clicks it (a long settings panel in a 768-pixel window).
    pub fn scroll_to_and_click(&mut self, at: iced::Point, text: &str) {
        self.with_ui(|ui| {
            for _ in 0..30 {
                if ui.click(text).is_ok() {
                    return;
                }
                ui.point_at(at);
                ui.simulate([iced::Event::Mouse(iced::mouse::Event::WheelScrolled {
                    delta: iced::mouse::ScrollDelta::Lines { x: 0.0, y: -2.0 },
                })]);
            }
            panic!("{text:?} never came into view by scrolling at {at:?}");
        });
    }

    /// Clicks into the input with this id and types `text`.
    pub fn type_in(&mut self, id: &'static str, text: &str) {
        self.with_ui(|ui| {
            ui.click(iced::widget::Id::new(id))
                .unwrap_or_else(|e| panic!("no input {id}: {e}"));
            ui.typewrite(text);
        });
    }

    /// Clicks into the input with this id, erases what it holds (`len` characters, the cursor
    /// at the end) and types `text`, as a user corrects a field.
    pub fn retype_in(&mut self, id: &'static str, len: usize, text: &str) {
        use iced::keyboard::key::Named;
        self.with_ui(|ui| {
            ui.click(iced::widget::Id::new(id))
                .unwrap_or_else(|e| panic!("no input {id}: {e}"));
            ui.tap_key(Named::End);
            for _ in 0..len {
                ui.tap_key(Named::Backspace);
            }
            ui.typewrite(text);
        });
    }

    pub fn sees(&mut self, text: &str) -> bool {
        self.with_ui(|ui| ui.find(text).is_ok())
    }

    /// Processes the app's messages until `done` holds (checked after each), within
    /// [`PATIENCE`]; panics naming `what` otherwise.
    /// `done` is also checked every few milliseconds while no message comes, for conditions
    /// outside the app (a notification service, a server).
    pub async fn until(&mut self, what: &str, done: impl Fn(&mut Gui) -> bool) {
        let deadline = tokio::time::Instant::now() + PATIENCE;
        while !done(self) {
            self.frame();
            let now = tokio::time::Instant::now();
            if now >= deadline {
                panic!("{what}: not within {PATIENCE:?}");
            }
            let wake = (now + std::time::Duration::from_millis(50)).min(deadline);
            match tokio::time::timeout_at(wake, self.inbox.recv()).await {
                Ok(Some(m)) => self.update(m),
                Ok(None) => panic!("{what}: the app's messages ended"),
                Err(_) => {}
            }
        }
    }

    /// Presses a character key with these modifiers, as the window hands it to the app when
    /// no widget takes it (the app's shortcuts).
    pub fn press(&mut self, key: &str, modifiers: iced::keyboard::Modifiers) {
        use iced::keyboard::{Event, Key, Location, key};
        self.update(Message::Key(Event::KeyPressed {
            key: Key::Character(key.into()),
            modified_key: Key::Character(key.into()),
            physical_key: key::Physical::Unidentified(key::NativeCode::Unidentified),
            location: Location::Standard,
            modifiers,
            text: None,
            repeat: false,
        }));
    }

    /// Draws a frame, as the window does when it redraws: widgets that watch what is in view
    /// (the reader's laid-out mail) see it and say so.
    pub fn frame(&mut self) {
        self.with_ui(|ui| {
            ui.simulate([iced::Event::Window(iced::window::Event::RedrawRequested(
                iced::time::Instant::now(),
            ))]);
        });
    }

    /// Processes the app's messages for `time`, as the running app would meanwhile.
    pub async fn carry_on_for(&mut self, time: std::time::Duration) {
        let end = tokio::time::Instant::now() + time;
        while let Ok(Some(m)) = tokio::time::timeout_at(end, self.inbox.recv()).await {
            self.update(m);
        }
    }

    pub async fn stop(mut self) {
        if let Some(engine) = self.engine.take() {
            engine.shutdown().await;
        }
    }
}
