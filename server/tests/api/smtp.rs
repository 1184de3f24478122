//! A minimal SMTP server for tests: accepts every message, keeps it, and decodes the parts a
//! test reads (subject, quoted-printable text). Fault tests can take it down (connections are
//! dropped at once) and make it refuse one address for good (550).
use std::{
    collections::{HashMap, HashSet},
    sync::{
        Arc, Mutex,
        atomic::{AtomicBool, Ordering},
    },
};
use tokio::{
    io::{AsyncBufReadExt, AsyncWriteExt, BufReader},
    net::TcpListener,
};

#[derive(Debug, Clone)]
pub struct Received {
    pub to: String,
    pub raw: String,
}

impl Received {
    pub fn subject(&self) -> String {
        self.raw.lines().find_map(|l| l.strip_prefix("Subject: ")).unwrap_or_default().to_owned()
    }

    /// The message with quoted-printable soft breaks and escapes undone.
    pub fn decoded(&self) -> String {
        let joined = self.raw.replace("=\r\n", "");
        let mut out = Vec::with_capacity(joined.len());
        let bytes = joined.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] == b'='
                && i + 2 < bytes.len()
                && let Ok(b) = u8::from_str_radix(std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("zz"), 16)
            {
                out.push(b);
                i += 3;
                continue;
            }
            out.push(bytes[i]);
            i += 1;
        }
        String::from_utf8_lossy(&out).into_owned()
    }

    /// The first link to `/{path}/{token}` in the message.
    pub fn link(&self, path: &str) -> Option<String> {
        let re = regex::Regex::new(&format!(r"https?://[^\s/]+/{path}/[A-Za-z0-9_-]{{43}}")).unwrap();
        re.find(&self.decoded()).map(|m| m.as_str().to_owned())
    }
}

#[derive(Clone, Default)]
struct Faults {
    down: Arc<AtomicBool>,
    /// Takes each message's data and never answers it: a sender waits, holding its claim.
    stalled: Arc<AtomicBool>,
    refused: Arc<Mutex<HashSet<String>>>,
    /// `RCPT TO` commands seen per address: the delivery attempts.
    attempts: Arc<Mutex<HashMap<String, usize>>>,
}

#[derive(Clone)]
pub struct SmtpSink {
    pub port: u16,
    messages: Arc<Mutex<Vec<Received>>>,
    faults: Faults,
}

impl SmtpSink {
    pub async fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let messages = Arc::new(Mutex::new(Vec::new()));
        let faults = Faults::default();
        let (store, f) = (messages.clone(), faults.clone());
        tokio::spawn(async move {
            while let Ok((socket, _)) = listener.accept().await {
                if f.down.load(Ordering::SeqCst) {
                    drop(socket);
                    continue;
                }
                tokio::spawn(session(socket, store.clone(), f.clone()));
            }
        });
        Self { port, messages, faults }
    }

    /// Takes the server down (every connection is dropped at once) or brings it back.
    pub fn set_down(&self, down: bool) {
        self.faults.down.store(down, Ordering::SeqCst);
    }

    /// Never answers a message's data again (nothing is delivered; senders hang).
    pub fn stall(&self) {
        self.faults.stalled.store(true, Ordering::SeqCst);
    }

    /// Refuses mail to `address` for good: `550` at `RCPT TO`.
    pub fn refuse(&self, address: &str) {
        self.faults.refused.lock().unwrap().insert(address.to_ascii_lowercase());
    }

    /// How many times delivery to `address` was attempted.
    pub fn attempts(&self, address: &str) -> usize {
        self.faults.attempts.lock().unwrap().get(&address.to_ascii_lowercase()).copied().unwrap_or(0)
    }

    pub fn messages(&self) -> Vec<Received> {
        self.messages.lock().unwrap().clone()
    }

    pub fn to(&self, address: &str) -> Vec<Received> {
        self.messages().into_iter().filter(|m| m.to.eq_ignore_ascii_case(address)).collect()
    }

    /// Waits (up to 10 s) for a message to `address` whose subject contains `subject`.
    pub async fn wait_for(&self, address: &str, subject: &str) -> Received {
        for _ in 0..200 {
            if let Some(m) = self.to(address).into_iter().rev().find(|m| m.subject().contains(subject)) {
                return m;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        panic!(
            "no email {subject:?} to {address}; got {:?}",
            self.messages().iter().map(|m| (m.to.clone(), m.subject())).collect::<Vec<_>>()
        );
    }
}

async fn session(socket: tokio::net::TcpStream, store: Arc<Mutex<Vec<Received>>>, faults: Faults) {
    let (read, mut write) = socket.into_split();
    let mut lines = BufReader::new(read);
    let _ = write.write_all(b"220 sink ESMTP\r\n").await;
    let mut to = String::new();
    let mut line = String::new();
    loop {
        line.clear();
        if lines.read_line(&mut line).await.unwrap_or(0) == 0 {
            return;
        }
        let upper = line.to_ascii_uppercase();
        let reply: &[u8] = if upper.starts_with("EHLO") || upper.starts_with("HELO") {
            b"250-sink\r\n250 8BITMIME\r\n"
        } else if upper.starts_with("RCPT TO:") {
            to = line[8..].trim().trim_start_matches('<').trim_end_matches('>').to_owned();
            *faults.attempts.lock().unwrap().entry(to.to_ascii_lowercase()).or_default() += 1;
            if faults.refused.lock().unwrap().contains(&to.to_ascii_lowercase()) {
                b"550 5.1.1 mailbox unavailable\r\n"
            } else {
                b"250 OK\r\n"
            }
        } else if upper.starts_with("DATA") {
            let _ = write.write_all(b"354 go ahead\r\n").await;
            let mut raw = String::new();
            loop {
                line.clear();
                if lines.read_line(&mut line).await.unwrap_or(0) == 0 {
                    return;
                }
                if line == ".\r\n" {
                    break;
                }
                if faults.stalled.load(Ordering::SeqCst) {
                    continue;
                }
                raw.push_str(line.strip_prefix('.').filter(|_| line.starts_with("..")).unwrap_or(&line));
            }
            if faults.stalled.load(Ordering::SeqCst) {
                std::future::pending::<()>().await;
            }
            store.lock().unwrap().push(Received { to: to.clone(), raw });
            b"250 queued\r\n"
        } else if upper.starts_with("QUIT") {
            let _ = write.write_all(b"221 bye\r\n").await;
            return;
        } else {
            b"250 OK\r\n"
        };
        if write.write_all(reply).await.is_err() {
            return;
        }
    }
}
