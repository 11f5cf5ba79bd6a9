use super::*;
use crate::account::{Incoming, Security};
use crate::engine::RequestId;
use crate::engine::SetupOp;
use crate::proto::error::ErrorKind;
use crate::setup::probe::Progress;
use crate::setup::{Pop3Hints, Source};

fn setting(protocol: Protocol, host: &str, port: u16) -> ServerSetting {
    ServerSetting {
        protocol,
        host: host.into(),
        port,
        security: Security::Tls,
        username: "marie@example.fr".into(),
        auth: AuthMethod::Password,
    }
}

fn both_kinds() -> Candidate {
    Candidate {
        source: Source::Guess,
        provider: None,
        incoming: vec![
            setting(Protocol::Imap, "imap.example.fr", 993),
            setting(Protocol::Pop3, "pop.example.fr", 995),
        ],
        outgoing: vec![setting(Protocol::Smtp, "smtp.example.fr", 465)],
        pop3: Pop3Hints::default(),
    }
}

fn commands(action: Action) -> Vec<Command> {
    match action {
        Action::Engine(c) => c,
        other => panic!("expected engine commands, got {other:?}"),
    }
}

/// Types the first step and starts discovery; returns its request.
fn started(w: &mut State) -> RequestId {
    w.update(Message::Name("Marie Dupont".into()));
    w.update(Message::Email("marie@example.fr".into()));
    w.update(Message::Password("secret".into()));
    let sent = commands(w.update(Message::Start));
    assert!(matches!(w.step, Step::Discovering { .. }), "{:?}", w.step);
    match sent.as_slice() {
        [Command::Setup(SetupOp::Discover { request, email })] => {
            assert_eq!(email, "marie@example.fr");
            *request
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_wrong_address_stays_on_the_first_step() {
    let _lock = crate::i18n::test_lock();
    let mut w = State::new(false);
    w.update(Message::Email("marie@".into()));
    w.update(Message::Password("x".into()));
    assert_eq!(w.update(Message::Start), Action::None);
    assert_eq!(w.step, Step::Identity);
    assert!(w.identity_error.as_ref().unwrap().text().contains("marie@"));
}

#[test]
fn the_pop3_choice_leads_to_a_pop3_account() {
    let mut w = State::new(false);
    let request = started(&mut w);
    w.event(&Event::DiscoveryProgress {
        request,
        stage: Stage::Ispdb,
    });
    assert!(matches!(
        w.step,
        Step::Discovering {
            stage: Some(Stage::Ispdb),
            ..
        }
    ));
    // Answers to other requests are not ours.
    w.event(&Event::Discovered {
        request: RequestId::new(),
        result: Ok(vec![]),
    });
    assert!(matches!(w.step, Step::Discovering { .. }), "{:?}", w.step);
    w.event(&Event::Discovered {
        request,
        result: Ok(vec![both_kinds()]),
    });
    assert_eq!(w.step, Step::Found);
    assert_eq!(w.update(Message::UseFound), Action::None);
    assert_eq!(w.step, Step::Choice);
    w.update(Message::OtherDevices(false));
    assert_eq!(w.kind, Kind::Pop3, "only here: POP3 is recommended");
    let sent = commands(w.update(Message::ChoiceDone));
    assert!(matches!(w.step, Step::Verifying(_)));
    let checks: Vec<(RequestId, &ServerSetting)> = sent
        .iter()
        .map(|c| match c {
            Command::Setup(SetupOp::CheckServer {
                request,
                server,
                credentials,
            }) => {
                assert_eq!(credentials, &Credentials::Password("secret".into()));
                (*request, server)
            }
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(checks.len(), 2);
    assert_eq!(checks[0].1.host, "pop.example.fr");
    assert_eq!(checks[1].1.host, "smtp.example.fr");
    w.event(&Event::SetupProgress {
        request: checks[0].0,
        progress: Progress {
            protocol: Protocol::Pop3,
            host: "pop.example.fr".into(),
            port: 995,
            step: ProbeStep::Secured,
        },
    });
    let Step::Verifying(v) = &w.step else {
        panic!("not verifying: {:?}", w.step)
    };
    assert_eq!(v.checks[0].reached, Some(ProbeStep::Secured));
    assert_eq!(
        w.event(&Event::SetupChecked {
            request: checks[0].0,
            result: Ok(())
        }),
        Action::None
    );
    match w.event(&Event::SetupChecked {
        request: checks[1].0,
        result: Ok(()),
    }) {
        Action::Save { account, password } => {
            assert_eq!(password, "secret");
            assert_eq!(account.name, "Marie Dupont");
            assert!(
                matches!(&account.incoming, Incoming::Pop3(s) if s.host == "pop.example.fr" && s.port == 995)
            );
            assert_eq!(account.outgoing.host, "smtp.example.fr");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_refused_password_is_said_and_the_other_check_stops() {
    let mut w = State::new(false);
    let request = started(&mut w);
    let mut imap_only = both_kinds();
    imap_only.incoming.truncate(1);
    w.event(&Event::Discovered {
        request,
        result: Ok(vec![imap_only]),
    });
    let sent = commands(w.update(Message::UseFound));
    let requests: Vec<RequestId> = sent
        .iter()
        .filter_map(|c| match c {
            Command::Setup(SetupOp::CheckServer { request, .. }) => Some(*request),
            _ => None,
        })
        .collect();
    let cancel = commands(w.event(&Event::SetupChecked {
        request: requests[0],
        result: Err(MailError::new(
            ErrorKind::WrongCredentials,
            "[AUTHENTICATIONFAILED] Authentication failed.",
        )),
    }));
    assert_eq!(
        cancel,
        vec![Command::Cancel {
            request: requests[1]
        }]
    );
    assert_eq!(
        w.failure().map(|e| &e.kind),
        Some(&ErrorKind::WrongCredentials)
    );
    // Edit settings, then check again: a fresh pair of checks.
    w.update(Message::EditSettings);
    assert_eq!(w.step, Step::Manual);
    let again = commands(w.update(Message::Verify));
    assert_eq!(again.len(), 2);
    assert!(w.failure().is_none());
}

#[test]
fn discovery_can_be_cancelled_and_a_failure_opens_the_form() {
    let mut w = State::new(false);
    let request = started(&mut w);
    assert_eq!(
        commands(w.update(Message::Cancel)),
        vec![Command::Cancel { request }]
    );
    assert_eq!(w.step, Step::Identity);
    let request = commands(w.update(Message::Start))
        .into_iter()
        .find_map(|c| match c {
            Command::Setup(SetupOp::Discover { request, .. }) => Some(request),
            _ => None,
        })
        .unwrap();
    w.event(&Event::Discovered {
        request,
        result: Err(SetupError::NoServerFound("example.fr".into())),
    });
    assert_eq!(w.step, Step::Manual);
    assert_eq!(
        w.form.incoming.host, "imap.example.fr",
        "a guess to correct"
    );
    assert_eq!(w.form.outgoing.username, "marie@example.fr");
}

#[test]
fn a_provider_no_mail_app_can_use_is_named_and_the_user_goes_back() {
    let mut w = State::new(false);
    let request = started(&mut w);
    w.event(&Event::Discovered {
        request,
        result: Err(SetupError::Unsupported {
            provider: "Tuta".into(),
            reason: crate::setup::Unsupported::NoMailApps,
            help_url: Some("https://tuta.com".into()),
        }),
    });
    assert!(
        matches!(w.step, Step::Unsupported(_)),
        "no server form to fill in vain"
    );
    assert!(matches!(w.primary(), Some(Message::Back)));
    w.update(Message::Back);
    assert_eq!(w.step, Step::Identity);
    assert_eq!(w.email, "marie@example.fr", "what was typed is kept");
}

#[test]
fn without_a_network_the_form_offers_to_look_again() {
    let mut w = State::new(false);
    let request = started(&mut w);
    w.event(&Event::Discovered {
        request,
        result: Err(SetupError::NoConnection("example.fr".into())),
    });
    assert_eq!(w.step, Step::Manual);
    assert!(w.offline());
    let again = commands(w.update(Message::Start));
    assert!(matches!(
        again.as_slice(),
        [Command::Setup(SetupOp::Discover { .. })]
    ));
    assert!(matches!(w.step, Step::Discovering { .. }), "{:?}", w.step);
    assert!(!w.offline());
}

#[test]
fn a_refused_password_is_corrected_on_the_checking_step() {
    let mut w = State::new(false);
    let request = started(&mut w);
    let mut imap_only = both_kinds();
    imap_only.incoming.truncate(1);
    w.event(&Event::Discovered {
        request,
        result: Ok(vec![imap_only]),
    });
    let sent = commands(w.update(Message::UseFound));
    let Command::Setup(SetupOp::CheckServer { request: first, .. }) = &sent[0] else {
        panic!("{sent:?}")
    };
    w.event(&Event::SetupChecked {
        request: *first,
        result: Err(MailError::new(ErrorKind::WrongCredentials, "")),
    });
    assert!(w.password_refused());
    assert!(matches!(w.step, Step::Verifying(_)));
    w.update(Message::Password("the right one".into()));
    let again = commands(w.update(Message::Verify));
    assert_eq!(again.len(), 2);
    for c in &again {
        let Command::Setup(SetupOp::CheckServer { credentials, .. }) = c else {
            panic!("{c:?}")
        };
        assert_eq!(credentials, &Credentials::Password("the right one".into()));
    }
    assert!(!w.password_refused());
    w.event(&Event::SetupChecked {
        request: match &again[0] {
            Command::Setup(SetupOp::CheckServer { request, .. }) => *request,
            _ => unreachable!(),
        },
        result: Err(MailError::new(
            ErrorKind::ConnectionRefused {
                host: "imap.example.fr".into(),
                port: 993,
            },
            "",
        )),
    });
    assert!(!w.password_refused(), "a closed port is not the password");
}
