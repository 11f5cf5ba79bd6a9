//! Which certificates the system's store makes Facteur trust. In a test binary of its own:
//! it points the system store (`SSL_CERT_FILE`) at a file it writes, for the whole process.

mod support;

use std::time::Duration;

use facteur::account::{AuthMethod, Security};
use facteur::proto::Credentials;
use facteur::proto::error::{CertificateReason, ErrorKind};
use facteur::setup::{Protocol, ServerSetting, probe};
use rcgen::{BasicConstraints, CertificateParams, IsCa, Issuer, KeyPair};
use rustls::pki_types::CertificateDer;
use rustls::pki_types::pem::PemObject;

/// A self-signed certificate: a certificate authority, or (as Debian's `ssl-cert-snakeoil`)
/// one that says it is not.
fn self_signed(name: &str, is_ca: bool) -> (String, Issuer<'static, KeyPair>) {
    let mut params = CertificateParams::new(vec![name.to_string()]).unwrap();
    params.is_ca = if is_ca {
        IsCa::Ca(BasicConstraints::Unconstrained)
    } else {
        IsCa::ExplicitNoCa
    };
    params
        .distinguished_name
        .push(rcgen::DnType::CommonName, name);
    let key = KeyPair::generate().unwrap();
    let cert = params.self_signed(&key).unwrap();
    (cert.pem(), Issuer::new(params, key))
}

/// A TLS server on loopback presenting a certificate for localhost signed by `issuer`.
async fn server_signed_by(issuer: &Issuer<'static, KeyPair>) -> u16 {
    support::tls::imap_server(issuer, &["localhost"], (2020, 2090)).await
}

/// What a check of the server at `port` reaches, trusting only the system's store.
async fn check(port: u16) -> Result<(), ErrorKind> {
    let setting = ServerSetting {
        protocol: Protocol::Imap,
        host: "localhost".into(),
        port,
        security: Security::Tls,
        username: "u".into(),
        auth: AuthMethod::Password,
    };
    let mut secured = false;
    let result = probe::check(
        &setting,
        &Credentials::Password("pw".into()),
        None,
        Duration::from_secs(3),
        &mut |p| secured |= p.step == probe::Step::Secured,
    )
    .await;
    match result {
        Err(e) if matches!(e.kind, ErrorKind::Certificate(_)) => Err(e.kind),
        // Past TLS, the fake server's silence fails the login: the certificate was accepted.
        _ if secured => Ok(()),
        Err(e) => Err(e.kind),
        Ok(()) => Ok(()),
    }
}

#[tokio::test]
async fn a_certificate_that_is_not_a_ca_vouches_for_no_host() {
    let (authority_pem, authority) = self_signed("System Test CA", true);
    let (snakeoil_pem, snakeoil) = self_signed("snakeoil.example", false);
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("ca-certificates.crt");
    std::fs::write(&store, format!("{authority_pem}{snakeoil_pem}")).unwrap();
    // SAFETY: this test is alone in its process, and sets the variable before any thread
    // that reads it starts its work.
    unsafe {
        std::env::set_var("SSL_CERT_FILE", &store);
        std::env::remove_var("SSL_CERT_DIR");
    }
    // The store is read: its certificate authority vouches for its servers...
    assert_eq!(check(server_signed_by(&authority).await).await, Ok(()));
    // ...but a certificate with CA:FALSE in it vouches for nothing, whatever its key signed.
    match check(server_signed_by(&snakeoil).await).await {
        Err(ErrorKind::Certificate(problem)) => {
            assert_eq!(problem.reason, CertificateReason::UnknownIssuer)
        }
        other => panic!("a host vouched for by snakeoil: {other:?}"),
    }
    assert!(!facteur::proto::tls::is_ca_certificate(
        &CertificateDer::from_pem_slice(snakeoil_pem.as_bytes()).unwrap()
    ));
}
