//! TLS for every connection the engine makes: rustls with the `ring` provider, certificates
//! checked against the system's certificate authorities (and only those: see
//! [`is_ca_certificate`]), plus an account's own extra CA where it names one.

use std::path::Path;
use std::sync::{Arc, Once};

use rustls::ClientConfig;
use rustls_pki_types::CertificateDer;
use rustls_pki_types::pem::PemObject;

/// Why a TLS configuration could not be built.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TlsSetupError {
    #[error("cannot read the certificate authority file {path}: {reason}")]
    CaFile { path: String, reason: String },
    #[error("the certificate authority file {path} holds no certificate")]
    EmptyCaFile { path: String },
    #[error("cannot set up certificate checks: {0}")]
    Verifier(String),
}

/// Makes `ring` the process's rustls provider (once; later calls do nothing).
pub fn install_crypto_provider() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let _ = rustls::crypto::ring::default_provider().install_default();
    });
}

/// Reads every certificate of a PEM file.
pub fn read_ca_file(path: &Path) -> Result<Vec<CertificateDer<'static>>, TlsSetupError> {
    let shown = path.display().to_string();
    let certs = CertificateDer::pem_file_iter(path)
        .and_then(|iter| iter.collect::<Result<Vec<_>, _>>())
        .map_err(|e| TlsSetupError::CaFile {
            path: shown.clone(),
            reason: e.to_string(),
        })?;
    if certs.is_empty() {
        return Err(TlsSetupError::EmptyCaFile { path: shown });
    }
    Ok(certs)
}

/// Whether a certificate may act as a certificate authority: not when its basic constraints
/// say `CA:FALSE` or its key usage leaves out certificate signing (RFC 5280 §4.2.1.3, 4.2.1.9).
/// Debian's `ssl-cert-snakeoil.pem` is such a certificate: in the system's store it would
/// otherwise vouch for any host whose certificate its key signed, as webpki does not check a
/// trust anchor's constraints. Certificates without these extensions (old v1 roots) stay.
pub fn is_ca_certificate(der: &[u8]) -> bool {
    let Ok((_, cert)) = x509_parser::parse_x509_certificate(der) else {
        return false;
    };
    if let Ok(Some(bc)) = cert.basic_constraints()
        && !bc.value.ca
    {
        return false;
    }
    if let Ok(Some(ku)) = cert.key_usage()
        && !ku.value.key_cert_sign()
    {
        return false;
    }
    true
}

/// The system's trust anchors without the certificates that are not certificate authorities
/// (see [`is_ca_certificate`]). `SSL_CERT_FILE` and `SSL_CERT_DIR` are honoured.
#[cfg(not(any(
    target_os = "macos",
    target_os = "ios",
    target_os = "windows",
    target_os = "android"
)))]
fn system_roots() -> rustls::RootCertStore {
    let found = rustls_native_certs::load_native_certs();
    for e in &found.errors {
        tracing::debug!("system certificates: {e}");
    }
    let mut roots = rustls::RootCertStore::empty();
    let mut left_out = 0;
    for cert in found.certs {
        if is_ca_certificate(&cert) {
            let _ = roots.add(cert);
        } else {
            left_out += 1;
        }
    }
    if left_out > 0 {
        tracing::info!(
            "{left_out} certificate(s) of the system store are not certificate authorities: not trusted"
        );
    }
    roots
}

/// The certificate verifier: the system's roots (on Linux and the BSDs, read by Facteur and
/// kept only where they are certificate authorities; elsewhere the platform's own verifier),
/// plus `extra_ca` if given.
pub fn verifier(
    extra_ca: Option<&Path>,
) -> Result<Arc<dyn rustls::client::danger::ServerCertVerifier>, TlsSetupError> {
    install_crypto_provider();
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let extra = match extra_ca {
        Some(path) => read_ca_file(path)?,
        None => Vec::new(),
    };
    #[cfg(not(any(
        target_os = "macos",
        target_os = "ios",
        target_os = "windows",
        target_os = "android"
    )))]
    {
        let mut roots = system_roots();
        for cert in extra {
            roots
                .add(cert)
                .map_err(|e| TlsSetupError::Verifier(e.to_string()))?;
        }
        let verifier =
            rustls::client::WebPkiServerVerifier::builder_with_provider(Arc::new(roots), provider)
                .build()
                .map_err(|e| TlsSetupError::Verifier(e.to_string()))?;
        Ok(verifier)
    }
    #[cfg(any(
        target_os = "macos",
        target_os = "ios",
        target_os = "windows",
        target_os = "android"
    ))]
    {
        let verifier = if extra.is_empty() {
            rustls_platform_verifier::Verifier::new(provider)
        } else {
            rustls_platform_verifier::Verifier::new_with_extra_roots(extra, provider)
        }
        .map_err(|e| TlsSetupError::Verifier(e.to_string()))?;
        Ok(Arc::new(verifier))
    }
}

/// A client configuration trusting the platform's roots, plus `extra_ca` if given.
pub fn client_config(extra_ca: Option<&Path>) -> Result<Arc<ClientConfig>, TlsSetupError> {
    let verifier = verifier(extra_ca)?;
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| TlsSetupError::Verifier(e.to_string()))?
        .dangerous()
        .with_custom_certificate_verifier(verifier)
        .with_no_client_auth();
    Ok(Arc::new(config))
}

/// Wraps a connected stream in TLS for `host`, checking its certificate.
pub async fn connect<S>(
    stream: S,
    host: &str,
    config: Arc<ClientConfig>,
) -> std::io::Result<tokio_rustls::client::TlsStream<S>>
where
    S: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin,
{
    let name = rustls_pki_types::ServerName::try_from(host.to_string())
        .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidInput, e))?;
    tokio_rustls::TlsConnector::from(config)
        .connect(name, stream)
        .await
}
