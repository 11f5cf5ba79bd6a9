//! TLS for every connection the engine makes: rustls with the `ring` provider, certificates
//! checked by the platform verifier, plus an account's own extra CA where it names one.

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

/// The certificate verifier: the platform's roots, plus `extra_ca` if given.
pub fn verifier(
    extra_ca: Option<&Path>,
) -> Result<Arc<rustls_platform_verifier::Verifier>, TlsSetupError> {
    install_crypto_provider();
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let verifier = match extra_ca {
        Some(path) => {
            rustls_platform_verifier::Verifier::new_with_extra_roots(read_ca_file(path)?, provider)
        }
        None => rustls_platform_verifier::Verifier::new(provider),
    }
    .map_err(|e| TlsSetupError::Verifier(e.to_string()))?;
    Ok(Arc::new(verifier))
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
