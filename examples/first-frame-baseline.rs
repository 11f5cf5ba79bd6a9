//! The start-up benchmark's baseline: the smallest iced window (one line of text, the same
//! renderer and window settings as Facteur), which writes `FACTEUR_FIRST_FRAME_FILE` once its
//! first frame is drawn, as Facteur does.

use iced::widget::text;
use iced::{Element, Subscription, Task};

#[derive(Default)]
struct Baseline {
    file: Option<std::path::PathBuf>,
}

#[derive(Debug, Clone)]
enum Message {
    Frame,
}

fn update(state: &mut Baseline, _message: Message) -> Task<Message> {
    if let Some(file) = state.file.take() {
        let _ = std::fs::write(file, b"drawn\n");
    }
    Task::none()
}

fn view(_state: &Baseline) -> Element<'_, Message> {
    text("Facteur").into()
}

fn subscription(state: &Baseline) -> Subscription<Message> {
    match state.file {
        Some(_) => iced::window::frames().map(|_| Message::Frame),
        None => Subscription::none(),
    }
}

fn main() -> iced::Result {
    iced::application(
        || Baseline {
            file: std::env::var_os("FACTEUR_FIRST_FRAME_FILE").map(Into::into),
        },
        update,
        view,
    )
    .title("Baseline")
    .subscription(subscription)
    .window_size((1100.0, 720.0))
    .run()
}
