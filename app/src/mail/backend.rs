//! Where emails go: an SMTP server, or a folder of `.eml` files for local use.
use lettre::{
    AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor,
    message::{Attachment, MultiPart, header::ContentType},
};
use std::path::PathBuf;

pub use lettre::message::Mailbox;

/// A delivery backend.
#[derive(Clone)]
pub enum Mailer {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    Folder(PathBuf),
}

/// Why a delivery failed: worth retrying, or never going to work.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SendError {
    Transient(String),
    Permanent(String),
}

/// One email ready to send.
pub struct Envelope<'a> {
    pub from: &'a str,
    pub to: &'a str,
    pub subject: &'a str,
    pub text: &'a str,
    pub html: &'a str,
    pub ics: Option<&'a str>,
    /// A PDF to attach (a certificate): its file name and bytes.
    pub attachment: Option<(&'a str, &'a [u8])>,
}

impl Mailer {
    /// An SMTP backend from a URL: `smtp://host:port` (STARTTLS required unless the host is a
    /// loopback address or the URL says `?tls=none`), `smtps://` for TLS from the start, with
    /// optional `user:password@` credentials.
    pub fn smtp(url: &str) -> Result<Self, String> {
        let url = smtp_url_with_tls_default(url)?;
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(&url)
            .map_err(|e| format!("invalid PLENARY_SMTP_URL: {e}"))?
            .timeout(Some(std::time::Duration::from_secs(30)))
            .build();
        Ok(Mailer::Smtp(transport))
    }

    pub fn folder(dir: impl Into<PathBuf>) -> Result<Self, String> {
        let dir = dir.into();
        std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create the mail folder {}: {e}", dir.display()))?;
        Ok(Mailer::Folder(dir))
    }

    pub async fn send(&self, email: &Envelope<'_>) -> Result<(), SendError> {
        let message = build_message(email)?;
        match self {
            Mailer::Smtp(transport) => transport
                .send(message)
                .await
                .map(|_| ())
                .map_err(|e| if e.is_permanent() { SendError::Permanent(e.to_string()) } else { SendError::Transient(e.to_string()) }),
            Mailer::Folder(dir) => {
                let id =
                    AsyncFileTransport::<Tokio1Executor>::new(dir).send(message).await.map_err(|e| SendError::Transient(e.to_string()))?;
                // The folder is for trying Plenary locally: print the links so they can be clicked.
                let links: Vec<&str> =
                    email.text.split_whitespace().filter(|w| w.starts_with("http://") || w.starts_with("https://")).collect();
                tracing::info!(file = %dir.join(format!("{id}.eml")).display(), subject = email.subject, ?links, "email written");
                Ok(())
            }
        }
    }
}

fn build_message(email: &Envelope<'_>) -> Result<Message, SendError> {
    let permanent = |what: &str, e: &dyn std::fmt::Display| SendError::Permanent(format!("{what}: {e}"));
    let alternative = MultiPart::alternative_plain_html(email.text.to_owned(), email.html.to_owned());
    let body = if email.ics.is_none() && email.attachment.is_none() {
        alternative
    } else {
        let mut mixed = MultiPart::mixed().multipart(alternative);
        if let Some(ics) = email.ics {
            mixed =
                mixed.singlepart(Attachment::new("event.ics".to_owned()).body(
                    ics.to_owned(),
                    ContentType::parse("text/calendar; charset=utf-8; method=PUBLISH").expect("a valid content type"),
                ));
        }
        if let Some((name, bytes)) = email.attachment {
            mixed = mixed.singlepart(
                Attachment::new(name.to_owned()).body(bytes.to_vec(), ContentType::parse("application/pdf").expect("a valid content type")),
            );
        }
        mixed
    };
    Message::builder()
        .from(email.from.parse().map_err(|e| permanent("bad sender", &e))?)
        .to(email.to.parse().map_err(|e| permanent("bad recipient", &e))?)
        .subject(email.subject)
        .multipart(body)
        .map_err(|e| permanent("cannot build the message", &e))
}

fn smtp_url_with_tls_default(url: &str) -> Result<String, String> {
    let Some(rest) = url.strip_prefix("smtp://") else {
        return if url.starts_with("smtps://") {
            Ok(url.to_owned())
        } else {
            Err(format!("PLENARY_SMTP_URL must start with smtp:// or smtps://, not {url:?}"))
        };
    };
    if rest.contains("tls=none") {
        return Ok(url.replace("?tls=none", "").replace("&tls=none", ""));
    }
    if rest.contains("tls=") {
        return Ok(url.to_owned());
    }
    let authority = rest.split(['/', '?']).next().unwrap_or("");
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let host = if host_port.starts_with('[') {
        host_port.split(']').next().unwrap_or("").trim_start_matches('[')
    } else {
        host_port.split(':').next().unwrap_or("")
    };
    let loopback = host == "localhost" || host.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback());
    if loopback {
        return Ok(url.to_owned());
    }
    let sep = if rest.contains('?') { '&' } else { '?' };
    Ok(format!("{url}{sep}tls=required"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remote_smtp_requires_starttls_by_default() {
        assert_eq!(smtp_url_with_tls_default("smtp://u:p@mail.example.org:587").unwrap(), "smtp://u:p@mail.example.org:587?tls=required");
    }

    #[test]
    fn loopback_smtp_stays_plain() {
        assert_eq!(smtp_url_with_tls_default("smtp://127.0.0.1:2525").unwrap(), "smtp://127.0.0.1:2525");
        assert_eq!(smtp_url_with_tls_default("smtp://localhost:25").unwrap(), "smtp://localhost:25");
    }

    #[test]
    fn tls_can_be_turned_off_or_chosen() {
        assert_eq!(smtp_url_with_tls_default("smtp://relay:25?tls=none").unwrap(), "smtp://relay:25");
        assert_eq!(smtp_url_with_tls_default("smtp://relay:25?tls=opportunistic").unwrap(), "smtp://relay:25?tls=opportunistic");
    }

    #[tokio::test]
    async fn other_schemes_are_refused() {
        assert!(smtp_url_with_tls_default("http://relay").is_err());
        assert!(Mailer::smtp("smtps://u:p@mail.example.org").is_ok());
    }
}
