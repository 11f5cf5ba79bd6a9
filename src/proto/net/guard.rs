//! The stream every mail connection reads and writes through. It bounds what a server can make
//! Facteur do, as the bytes arrive and before any library acts on them:
//!
//! - **A deadline per command that trickling cannot stretch.** A command (everything read
//!   after the client last wrote) gets `timeout` of waiting for the server, plus one second
//!   for every [`EARNS_A_SECOND`] bytes the server delivers. A server that sends one byte
//!   every few seconds (which restarts an ordinary per-read timeout for ever) is cut off once
//!   its allowance is spent, while a slow but real download (1 KiB/s and up) never is. Time
//!   the client spends not reading (between commands) is not counted.
//! - **IMAP lines and literals checked before async-imap sees them** ([`ImapLimits`]). The
//!   library reserves a literal's announced size up front (`{500000000}` in a 30-byte line
//!   would take 500 MB) and re-parses a line from its start on every read (an endless line
//!   burns a core). The guard follows the IMAP framing itself (lines, `{n}` literals) and
//!   refuses a literal or a line over the limits with a [`StreamFault`]; before login the
//!   limits are small ([`ImapLimits::BEFORE_LOGIN`]), so a plaintext STARTTLS reply can force
//!   nothing. Patching async-imap to stream literals would be better; until then, what it may
//!   reserve is bounded by the message-size limit, and only after login.
//!
//! Writes keep an ordinary per-write deadline.

use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::task::{Context, Poll};
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::time::{Instant, Sleep};

use super::NetStream;
use crate::proto::error::StreamFault;

/// Bytes a server must deliver to earn one more second of waiting within a command.
pub const EARNS_A_SECOND: u64 = 1024;

/// The longest line and literal an IMAP server may send, shared with the session that owns
/// the stream so that login can widen them.
#[derive(Debug, Clone)]
pub struct ImapLimits(Arc<[AtomicUsize; 2]>);

impl ImapLimits {
    /// Before login: a greeting and a capability list fit in far less.
    pub const BEFORE_LOGIN: (usize, usize) = (64 << 10, 64 << 10);
    /// After login: lines up to 8 MiB (`UID SEARCH ALL` of a million messages is about
    /// 7 MB); literals up to the message-size limit.
    pub const AFTER_LOGIN: (usize, usize) = (8 << 20, super::MAX_MESSAGE);

    pub fn new((line, literal): (usize, usize)) -> ImapLimits {
        ImapLimits(Arc::new([
            AtomicUsize::new(line),
            AtomicUsize::new(literal),
        ]))
    }

    pub fn set(&self, (line, literal): (usize, usize)) {
        self.0[0].store(line, Ordering::Relaxed);
        self.0[1].store(literal, Ordering::Relaxed);
    }

    fn line(&self) -> usize {
        self.0[0].load(Ordering::Relaxed)
    }

    fn literal(&self) -> usize {
        self.0[1].load(Ordering::Relaxed)
    }
}

/// Where the IMAP framing is: in a line (with what may be a literal's `{n}` at its end) or in
/// a literal's bytes.
#[derive(Debug)]
struct ImapFraming {
    limits: ImapLimits,
    line_len: usize,
    literal_left: u64,
    brace: Brace,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Brace {
    None,
    /// After `{` and `digits` digits.
    Open {
        value: u64,
        digits: u8,
    },
    /// After `{n}`, possibly followed by CR.
    Closed(u64),
}

impl ImapFraming {
    fn new(limits: ImapLimits) -> ImapFraming {
        ImapFraming {
            limits,
            line_len: 0,
            literal_left: 0,
            brace: Brace::None,
        }
    }

    fn feed(&mut self, bytes: &[u8]) -> Result<(), StreamFault> {
        let line_limit = self.limits.line();
        let mut i = 0;
        while i < bytes.len() {
            if self.literal_left > 0 {
                let skip = self.literal_left.min((bytes.len() - i) as u64);
                self.literal_left -= skip;
                i += skip as usize;
                continue;
            }
            let b = bytes[i];
            i += 1;
            self.line_len += 1;
            if self.line_len > line_limit {
                return Err(StreamFault::LineTooLong { limit: line_limit });
            }
            self.brace = match (b, self.brace) {
                (b'{', _) => Brace::Open {
                    value: 0,
                    digits: 0,
                },
                (b'0'..=b'9', Brace::Open { value, digits }) => Brace::Open {
                    value: value.saturating_mul(10).saturating_add(u64::from(b - b'0')),
                    digits: digits.saturating_add(1),
                },
                (b'}', Brace::Open { value, digits }) if digits > 0 => Brace::Closed(value),
                (b'\r', Brace::Closed(n)) => Brace::Closed(n),
                (b'\n', Brace::Closed(n)) => {
                    let limit = self.limits.literal();
                    if n > limit as u64 {
                        return Err(StreamFault::LiteralTooLarge { size: n, limit });
                    }
                    self.line_len = 0;
                    self.literal_left = n;
                    Brace::None
                }
                (b'\n', _) => {
                    self.line_len = 0;
                    Brace::None
                }
                _ => Brace::None,
            };
        }
        Ok(())
    }
}

/// A connection with deadlines and, for IMAP, framing limits. See the module's doc.
#[derive(Debug)]
pub struct GuardedStream {
    pub(super) inner: NetStream,
    host: String,
    port: u16,
    timeout: Duration,
    /// Waiting counted against the current command, not including the wait in progress.
    waited: Duration,
    /// Bytes received in the current command.
    received: u64,
    /// When the read in progress started waiting.
    waiting_since: Option<Instant>,
    read_timer: Pin<Box<Sleep>>,
    write_since: Option<Instant>,
    write_timer: Pin<Box<Sleep>>,
    imap: Option<ImapFraming>,
}

impl GuardedStream {
    pub fn new(inner: NetStream, host: &str, timeout: Duration) -> GuardedStream {
        let port = match &inner {
            NetStream::Plain(s) => s.peer_addr().map(|a| a.port()).unwrap_or(0),
            NetStream::Tls(s) => s.get_ref().0.peer_addr().map(|a| a.port()).unwrap_or(0),
            NetStream::Closed => 0,
        };
        let far = Instant::now() + Duration::from_secs(86_400 * 365);
        GuardedStream {
            inner,
            host: host.to_string(),
            port,
            timeout,
            waited: Duration::ZERO,
            received: 0,
            waiting_since: None,
            read_timer: Box::pin(tokio::time::sleep_until(far)),
            write_since: None,
            write_timer: Box::pin(tokio::time::sleep_until(far)),
            imap: None,
        }
    }

    /// Follows the IMAP framing of what is read and holds it to `limits`.
    pub fn follow_imap(&mut self, limits: ImapLimits) {
        self.imap = Some(ImapFraming::new(limits));
    }

    /// The limits the IMAP framing is held to, if it is followed.
    pub fn imap_limits(&self) -> Option<&ImapLimits> {
        self.imap.as_ref().map(|f| &f.limits)
    }

    /// The waiting the current command may still do.
    fn allowance(&self) -> Duration {
        self.timeout + Duration::from_secs(self.received / EARNS_A_SECOND)
    }

    fn too_slow(&self, waited: Duration) -> io::Error {
        io::Error::new(
            io::ErrorKind::TimedOut,
            StreamFault::TooSlow {
                host: self.host.clone(),
                port: self.port,
                waited_secs: waited.as_secs(),
                received: self.received,
            },
        )
    }
}

impl AsyncRead for GuardedStream {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        let before = buf.filled().len();
        match Pin::new(&mut this.inner).poll_read(cx, buf) {
            Poll::Ready(Ok(())) => {
                if let Some(since) = this.waiting_since.take() {
                    this.waited += since.elapsed();
                }
                let new = &buf.filled()[before..];
                this.received += new.len() as u64;
                if let Some(framing) = this.imap.as_mut()
                    && let Err(fault) = framing.feed(new)
                {
                    return Poll::Ready(Err(io::Error::new(io::ErrorKind::InvalidData, fault)));
                }
                Poll::Ready(Ok(()))
            }
            Poll::Ready(Err(e)) => {
                this.waiting_since = None;
                Poll::Ready(Err(e))
            }
            Poll::Pending => {
                let now = Instant::now();
                let since = match this.waiting_since {
                    Some(since) => since,
                    None => {
                        this.waiting_since = Some(now);
                        let left = this.allowance().saturating_sub(this.waited);
                        this.read_timer.as_mut().reset(now + left);
                        now
                    }
                };
                let waited = this.waited + (now - since);
                if waited >= this.allowance() || this.read_timer.as_mut().poll(cx).is_ready() {
                    this.waiting_since = None;
                    return Poll::Ready(Err(this.too_slow(waited)));
                }
                Poll::Pending
            }
        }
    }
}

impl AsyncWrite for GuardedStream {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        match Pin::new(&mut this.inner).poll_write(cx, buf) {
            Poll::Ready(result) => {
                this.write_since = None;
                if matches!(result, Ok(n) if n > 0) {
                    // A new command: the server's allowance starts again.
                    this.waited = Duration::ZERO;
                    this.received = 0;
                    this.waiting_since = None;
                }
                Poll::Ready(result)
            }
            Poll::Pending => {
                if this.write_since.is_none() {
                    let now = Instant::now();
                    this.write_since = Some(now);
                    this.write_timer.as_mut().reset(now + this.timeout);
                }
                if this.write_timer.as_mut().poll(cx).is_ready() {
                    this.write_since = None;
                    return Poll::Ready(Err(io::Error::new(
                        io::ErrorKind::TimedOut,
                        "the server stopped reading",
                    )));
                }
                Poll::Pending
            }
        }
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().inner).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().inner).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn framing(line: usize, literal: usize) -> ImapFraming {
        ImapFraming::new(ImapLimits::new((line, literal)))
    }

    #[test]
    fn literals_are_skipped_and_their_announced_size_is_checked() {
        // A literal's bytes do not count as line: 900 bytes inside a 100-byte line limit.
        let body = "x".repeat(900);
        let input = format!("* 1 FETCH (BODY[] {{900}}\r\n{body})\r\n* 2 FETCH (FLAGS ())\r\n");
        // Fed in every split, the framing is the same.
        for cut in [1, 7, 30, 450, input.len()] {
            let mut f = framing(100, 1000);
            for chunk in input.as_bytes().chunks(cut) {
                f.feed(chunk).unwrap();
            }
            assert_eq!((f.line_len, f.literal_left, f.brace), (0, 0, Brace::None));
        }
        assert_eq!(
            framing(100, 1000).feed(b"* 1 FETCH (BODY[] {500000000}\r\n"),
            Err(StreamFault::LiteralTooLarge {
                size: 500_000_000,
                limit: 1000
            })
        );
        // Digits beyond u64 saturate rather than wrap to something small.
        assert!(matches!(
            framing(100, 1000).feed(b"{99999999999999999999999999}\r\n"),
            Err(StreamFault::LiteralTooLarge { .. })
        ));
    }

    #[test]
    fn a_line_over_the_limit_is_refused_and_braces_elsewhere_are_text() {
        let mut f = framing(50, 10);
        f.feed(b"* OK [ALERT] a {brace} in text {x}\r\n").unwrap();
        f.feed(b"* OK {12} is not at the end\r\n").unwrap();
        let long = "a".repeat(60);
        assert_eq!(
            framing(50, 10).feed(long.as_bytes()),
            Err(StreamFault::LineTooLong { limit: 50 })
        );
        // Many short lines are fine.
        let mut f = framing(50, 10);
        for _ in 0..1000 {
            f.feed(b"* 1 EXISTS\r\n").unwrap();
        }
    }
}
