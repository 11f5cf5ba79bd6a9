//! The wizard with the bundled provider data: a provider no mail app can use is named at once
//! (in the user's language), and a refused password is corrected on the checking step.

use super::*;
use facteur::i18n::setup::unsupported_text;
use facteur::setup::Unsupported;

/// Types the first step for `email` and presses Next; discovery here is offline (the bundled
/// data only).
async fn start_with_address(gui: &mut Gui, email: &str) {
    gui.type_in(wizard::view::NAME, "Jo Martin");
    gui.type_in(wizard::view::EMAIL, email);
    gui.type_in(wizard::view::PASSWORD, "secret");
    gui.click(&i18n_text("wizard-next"));
}

async fn unsupported_providers_in(language: Language, words: &str) {
    let _lock = LANGUAGE.lock().await;
    i18n::select(language).unwrap();
    let mut gui = Gui::start().await;
    start_with_address(&mut gui, "jo@Tuta.com").await;
    gui.until("the screen of a provider no mail app can use", |g| {
        matches!(wizard(g).step, Step::Unsupported(_))
    })
    .await;
    let sentence = unsupported_text("Tuta", Unsupported::NoMailApps);
    assert!(sentence.contains(words), "{language:?}: {sentence:?}");
    assert!(gui.sees(&sentence), "{language:?}: {sentence:?} not shown");
    assert!(gui.sees(&i18n_text("wizard-unsupported-title")));
    // No server form to fill in vain.
    assert!(!gui.sees(&i18n_text("wizard-unsupported-manual")));
    assert!(!gui.sees(&i18n_text("wizard-verify")));
    // Back to the address, as typed.
    gui.click(&i18n_text("wizard-unsupported-other"));
    assert_eq!(wizard(&gui).step, Step::Identity);
    assert_eq!(wizard(&gui).email, "jo@Tuta.com");

    // Proton works only through its bridge: said, with its page, and the form is offered.
    gui.update(facteur::ui::Message::Wizard(wizard::Message::Email(
        "jo@proton.me".into(),
    )));
    gui.click(&i18n_text("wizard-next"));
    gui.until("Proton's screen", |g| {
        matches!(wizard(g).step, Step::Unsupported(_))
    })
    .await;
    assert!(gui.sees(&unsupported_text("Proton Mail", Unsupported::Bridge)));
    assert!(gui.sees("https://proton.me/mail/bridge"));
    gui.click(&i18n_text("wizard-unsupported-manual"));
    assert_eq!(wizard(&gui).step, Step::Manual);
    gui.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_provider_no_mail_app_can_use_is_named_in_english() {
    unsupported_providers_in(Language::English, "does not let mail apps read its mail").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_provider_no_mail_app_can_use_is_named_in_french() {
    unsupported_providers_in(
        Language::French,
        "ne permet pas aux logiciels de messagerie de lire son courrier",
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_provider_no_mail_app_can_use_is_named_in_german() {
    unsupported_providers_in(
        Language::German,
        "können E-Mail-Programme keine E-Mails abrufen",
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_password_is_corrected_on_the_checking_screen() {
    let _lock = LANGUAGE.lock().await;
    i18n::select(Language::English).unwrap();
    let user = mailserver().new_user();
    let mut gui = Gui::start().await;
    let wrong = "not-the-password";
    set_up_by_hand(&mut gui, &user, wrong, Protocol::Imap).await;
    gui.until("the refused password", |g| wizard(g).password_refused())
        .await;
    assert!(
        matches!(wizard(&gui).step, Step::Verifying(_)),
        "still on the checking step"
    );
    assert!(gui.sees(&i18n_text("wizard-password-again-hint")));
    gui.retype_in(
        wizard::view::PASSWORD_AGAIN,
        wrong.chars().count(),
        &user.password,
    );
    assert_eq!(wizard(&gui).password, user.password);
    gui.click(&i18n_text("wizard-try-again"));
    gui.until("the mailbox", |g| mailbox_of(g).is_some()).await;
    assert_eq!(gui.app.accounts[0].email, user.email);
    gui.stop().await;
}
