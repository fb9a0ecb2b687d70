//! `--tls`: HTTPS with a self-signed certificate made on start, because some Bitrix24 SDKs only
//! speak `https://`. The certificate's PEM is written to a file that clients trust through
//! `SSL_CERT_FILE` / `REQUESTS_CA_BUNDLE`.
//!
//! rustls runs on the `ring` provider: `aws-lc-rs` would need cmake on the CI machine.

use std::io;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use axum::serve::Listener;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::mpsc;
use tokio::task::JoinHandle;
use tokio_rustls::TlsAcceptor;
use tokio_rustls::rustls::ServerConfig;
use tokio_rustls::rustls::crypto::ring;
use tokio_rustls::rustls::pki_types::{PrivateKeyDer, PrivatePkcs8KeyDer};
use tokio_rustls::server::TlsStream;

/// A client that opens a connection and never finishes the handshake must not hold a slot forever.
const HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(10);

/// A fresh self-signed certificate for `localhost` and the loopback addresses, its PEM in `pem_path`.
pub struct Certificate {
    pub pem_path: PathBuf,
    acceptor: TlsAcceptor,
}

impl Certificate {
    pub fn generate(pem_path: &Path) -> anyhow::Result<Self> {
        let names = ["localhost", "127.0.0.1", "::1"].map(String::from).to_vec();
        let certified = rcgen::generate_simple_self_signed(names)
            .context("generating the self-signed certificate")?;
        std::fs::write(pem_path, certified.cert.pem())
            .with_context(|| format!("writing the certificate to {}", pem_path.display()))?;
        let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(
            certified.signing_key.serialize_der(),
        ));
        let mut config = ServerConfig::builder_with_provider(Arc::new(ring::default_provider()))
            .with_safe_default_protocol_versions()
            .context("choosing TLS versions")?
            .with_no_client_auth()
            .with_single_cert(vec![certified.cert.der().clone()], key)
            .context("loading the certificate into rustls")?;
        config.alpn_protocols = vec![b"http/1.1".to_vec()];
        Ok(Self {
            pem_path: pem_path.to_owned(),
            acceptor: TlsAcceptor::from(Arc::new(config)),
        })
    }

    /// Serves TLS on `listener`: handshakes run in their own tasks, so one slow client does not
    /// hold up the others, and finished ones queue up for the HTTP server.
    pub fn listen(&self, listener: TcpListener) -> io::Result<TlsListener> {
        let local_addr = listener.local_addr()?;
        let (ready, incoming) = mpsc::channel(64);
        let acceptor = self.acceptor.clone();
        let accepting = tokio::spawn(async move {
            loop {
                let (stream, peer) = match listener.accept().await {
                    Ok(connection) => connection,
                    Err(error) => {
                        tracing::warn!(%error, "accepting a TLS connection failed");
                        tokio::time::sleep(Duration::from_millis(50)).await;
                        continue;
                    }
                };
                let acceptor = acceptor.clone();
                let ready = ready.clone();
                tokio::spawn(async move {
                    match tokio::time::timeout(HANDSHAKE_TIMEOUT, acceptor.accept(stream)).await {
                        Ok(Ok(tls)) => {
                            let _ = ready.send((tls, peer)).await;
                        }
                        Ok(Err(error)) => tracing::debug!(%peer, %error, "TLS handshake failed"),
                        Err(_) => tracing::debug!(%peer, "TLS handshake timed out"),
                    }
                });
            }
        });
        Ok(TlsListener {
            incoming,
            local_addr,
            accepting,
        })
    }
}

pub struct TlsListener {
    incoming: mpsc::Receiver<(TlsStream<TcpStream>, SocketAddr)>,
    local_addr: SocketAddr,
    accepting: JoinHandle<()>,
}

impl Listener for TlsListener {
    type Io = TlsStream<TcpStream>;
    type Addr = SocketAddr;

    async fn accept(&mut self) -> (Self::Io, Self::Addr) {
        match self.incoming.recv().await {
            Some(connection) => connection,
            // The accepting task only ends when the listener is dropped; wait for shutdown.
            None => std::future::pending().await,
        }
    }

    fn local_addr(&self) -> io::Result<Self::Addr> {
        Ok(self.local_addr)
    }
}

impl Drop for TlsListener {
    fn drop(&mut self) {
        self.accepting.abort();
    }
}
