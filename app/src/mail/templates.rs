//! The text of every email, in plain text and HTML, in the language the person registered in
//! (`email.*` keys of the i18n layer). Everything that came from people (names, titles, venues)
//! is escaped in the HTML part.
use super::OutgoingEmail;
use crate::i18n::{Locale, td_string};

/// What an email says about the event.
#[derive(Debug, Clone)]
pub struct EventFacts {
    pub id: i64,
    pub title: String,
    /// Dates as shown on the event page, in the event's time zone.
    pub when: String,
    /// Venue and city, or "Online".
    pub place: String,
}

/// Who the email goes to.
#[derive(Debug, Clone)]
pub struct Addressee {
    pub registration_id: i64,
    pub given_name: String,
    pub email: String,
    /// The language the person registered in.
    pub locale: Locale,
}

/// A building block of an email body.
pub enum Block {
    Text(String),
    Link {
        label: String,
        url: String,
    },
    List(Vec<String>),
    /// A QR code of a short text (the check-in code), drawn as an HTML table so every mail
    /// client shows it without images; the text part shows the code itself. The stored HTML
    /// holds only a marker (`QR_MARK`); `expand_qr` draws the table when the email is sent, so
    /// the outbox row stays about 1 KB instead of about 55 KB, which is what a rush writes.
    Qr(String),
}

/// Where a QR code goes in a stored HTML body: `<!--plenary-qr:DATA-->`.
const QR_MARK: &str = "<!--plenary-qr:";

/// The HTML body as sent: each QR marker replaced by its table.
pub fn expand_qr(html: &str) -> std::borrow::Cow<'_, str> {
    if !html.contains(QR_MARK) {
        return std::borrow::Cow::Borrowed(html);
    }
    let mut out = String::with_capacity(html.len() + 60_000);
    let mut rest = html;
    while let Some(at) = rest.find(QR_MARK) {
        out.push_str(&rest[..at]);
        let after = &rest[at + QR_MARK.len()..];
        let Some(end) = after.find("-->") else { break };
        out.push_str(&qr_table(&after[..end]));
        rest = &after[end + 3..];
    }
    out.push_str(rest);
    std::borrow::Cow::Owned(out)
}

/// The QR code of `data` as a table of black and white cells (4 px each, with a quiet zone).
pub fn qr_table(data: &str) -> String {
    let Ok(code) = qrcode::QrCode::new(data.as_bytes()) else { return String::new() };
    let width = code.width();
    let colors = code.to_colors();
    let quiet = 4;
    let side = width + 2 * quiet;
    let mut html = String::from(
        "<table role=\"img\" aria-label=\"QR code\" cellpadding=\"0\" cellspacing=\"0\" style=\"border-collapse:collapse;margin:1em 0\">",
    );
    for y in 0..side {
        html.push_str("<tr>");
        for x in 0..side {
            let dark = x >= quiet
                && y >= quiet
                && x < quiet + width
                && y < quiet + width
                && colors[(y - quiet) * width + (x - quiet)] == qrcode::Color::Dark;
            html.push_str(if dark {
                "<td style=\"width:4px;height:4px;padding:0;background:#000\"></td>"
            } else {
                "<td style=\"width:4px;height:4px;padding:0;background:#fff\"></td>"
            });
        }
        html.push_str("</tr>");
    }
    html.push_str("</table>");
    html
}

pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Lays out `blocks` as a plain-text and an HTML body.
pub fn compose(
    kind: &'static str,
    event: &EventFacts,
    to: &Addressee,
    subject: String,
    blocks: Vec<Block>,
    ics: Option<String>,
) -> OutgoingEmail {
    let greeting = td_string!(to.locale, email.greeting, name = &to.given_name).to_string();
    let mut text = format!("{greeting}\n\n");
    let mut html = format!(
        "<!doctype html><html><body style=\"font-family:system-ui,sans-serif;line-height:1.5;max-width:40em\"><p>{}</p>",
        escape_html(&greeting)
    );
    for block in &blocks {
        match block {
            Block::Text(t) => {
                text.push_str(t);
                text.push_str("\n\n");
                html.push_str(&format!("<p>{}</p>", escape_html(t)));
            }
            Block::Link { label, url } => {
                text.push_str(&format!("{label}:\n{url}\n\n"));
                html.push_str(&format!(
                    "<p><a href=\"{}\" style=\"display:inline-block;padding:.6em 1.2em;background:#005a9c;color:#fff;text-decoration:none;border-radius:4px\">{}</a></p>",
                    escape_html(url),
                    escape_html(label)
                ));
            }
            // Only letters and digits in the marker, so it cannot end the comment early.
            Block::Qr(data) => {
                let data: String = data.chars().filter(char::is_ascii_alphanumeric).collect();
                html.push_str(&format!("{QR_MARK}{data}-->"));
            }
            Block::List(items) => {
                for item in items {
                    text.push_str(&format!("  - {item}\n"));
                }
                text.push('\n');
                html.push_str("<ul>");
                for item in items {
                    html.push_str(&format!("<li>{}</li>", escape_html(item)));
                }
                html.push_str("</ul>");
            }
        }
    }
    let footer = format!("{}\n{}\n{}", event.title, event.when, event.place);
    text.push_str(&format!("--\n{footer}\n"));
    html.push_str(&format!(
        "<hr><p style=\"color:#555;font-size:.9em\">{}<br>{}<br>{}</p></body></html>",
        escape_html(&event.title),
        escape_html(&event.when),
        escape_html(&event.place)
    ));
    OutgoingEmail {
        kind,
        registration_id: Some(to.registration_id),
        event_id: Some(event.id),
        recipient: to.email.clone(),
        subject,
        text,
        html,
        ics,
    }
}

fn manage(loc: Locale, url: &str) -> Block {
    Block::Link { label: td_string!(loc, email.manage).to_string(), url: url.into() }
}

fn text(s: impl ToString) -> Block {
    Block::Text(s.to_string())
}

pub fn confirm_address(
    event: &EventFacts,
    to: &Addressee,
    confirm_url: &str,
    manage_url: &str,
    hours: i64,
    nominated: bool,
) -> OutgoingEmail {
    let (loc, title) = (to.locale, &event.title);
    compose(
        "confirm_address",
        event,
        to,
        td_string!(loc, email.confirm_subject, event = title).to_string(),
        vec![
            if nominated {
                text(td_string!(loc, email.nominated_text, event = title))
            } else {
                text(td_string!(loc, email.confirm_text, event = title))
            },
            Block::Link { label: td_string!(loc, email.confirm_button).to_string(), url: confirm_url.into() },
            text(td_string!(loc, email.confirm_expiry, hours = hours)),
            manage(loc, manage_url),
        ],
        None,
    )
}

pub fn awaiting_approval(event: &EventFacts, to: &Addressee, manage_url: &str) -> OutgoingEmail {
    let loc = to.locale;
    compose(
        "awaiting_approval",
        event,
        to,
        td_string!(loc, email.approval_subject, event = &event.title).to_string(),
        vec![text(td_string!(loc, email.approval_text)), manage(loc, manage_url)],
        None,
    )
}

/// `code`: the short code the check-in desk finds the person by.
pub fn confirmed(event: &EventFacts, to: &Addressee, sessions: Vec<String>, manage_url: &str, ics: String, code: &str) -> OutgoingEmail {
    let (loc, title) = (to.locale, &event.title);
    let mut blocks = vec![text(td_string!(loc, email.confirmed_text, event = title))];
    if !code.is_empty() {
        blocks.push(text(td_string!(loc, email.checkin_code, code = code)));
        blocks.push(Block::Qr(code.replace('-', "")));
    }
    if !sessions.is_empty() {
        blocks.push(text(td_string!(loc, email.your_sessions)));
        blocks.push(Block::List(sessions));
    }
    blocks.push(manage(loc, manage_url));
    compose("confirmed", event, to, td_string!(loc, email.confirmed_subject, event = title).to_string(), blocks, Some(ics))
}

pub fn waitlisted(event: &EventFacts, to: &Addressee, position: i64, manage_url: &str) -> OutgoingEmail {
    let loc = to.locale;
    compose(
        "waitlisted",
        event,
        to,
        td_string!(loc, email.waitlisted_subject, event = &event.title).to_string(),
        vec![text(td_string!(loc, email.waitlisted_text, position = position)), manage(loc, manage_url)],
        None,
    )
}

/// `what`: which seat opened, already in the person's language.
pub fn promoted(event: &EventFacts, to: &Addressee, what: String, manage_url: &str, ics: Option<String>) -> OutgoingEmail {
    let loc = to.locale;
    compose(
        "promoted",
        event,
        to,
        td_string!(loc, email.promoted_subject, event = &event.title).to_string(),
        vec![text(format!("{} {what}", td_string!(loc, email.promoted_text))), manage(loc, manage_url)],
        ics,
    )
}

pub fn cancelled(event: &EventFacts, to: &Addressee) -> OutgoingEmail {
    let (loc, title) = (to.locale, &event.title);
    compose(
        "cancelled",
        event,
        to,
        td_string!(loc, email.cancelled_subject, event = title).to_string(),
        vec![text(td_string!(loc, email.cancelled_text, event = title))],
        None,
    )
}

pub fn event_cancelled(event: &EventFacts, to: &Addressee) -> OutgoingEmail {
    let (loc, title) = (to.locale, &event.title);
    compose(
        "event_cancelled",
        event,
        to,
        td_string!(loc, email.event_cancelled_subject, event = title).to_string(),
        vec![text(td_string!(loc, email.event_cancelled_text, event = title))],
        None,
    )
}

/// `note`: the organizers' message, if they wrote one.
pub fn rejected(event: &EventFacts, to: &Addressee, note: &str) -> OutgoingEmail {
    let (loc, title) = (to.locale, &event.title);
    let mut blocks = vec![text(td_string!(loc, email.rejected_text, event = title))];
    if !note.trim().is_empty() {
        blocks.push(text(td_string!(loc, email.organizers_note)));
        blocks.push(Block::Text(note.trim().to_owned()));
    }
    compose("rejected", event, to, td_string!(loc, email.rejected_subject, event = title).to_string(), blocks, None)
}

/// A message the organizers wrote to a group of participants. Paragraphs are separated by
/// blank lines; the text is theirs, escaped like everything else.
pub fn organizers_message(event: &EventFacts, to: &Addressee, subject: &str, body: &str, manage_url: &str) -> OutgoingEmail {
    let mut blocks: Vec<Block> = body.split("\n\n").map(str::trim).filter(|p| !p.is_empty()).map(|p| Block::Text(p.to_owned())).collect();
    blocks.push(manage(to.locale, manage_url));
    compose("message", event, to, subject.to_owned(), blocks, None)
}

pub fn already_registered(event: &EventFacts, to: &Addressee, manage_url: &str, confirm_url: Option<&str>) -> OutgoingEmail {
    let (loc, title) = (to.locale, &event.title);
    let mut blocks = vec![text(td_string!(loc, email.already_text, event = title))];
    if let Some(url) = confirm_url {
        blocks.push(text(td_string!(loc, email.already_unconfirmed)));
        blocks.push(Block::Link { label: td_string!(loc, email.confirm_button).to_string(), url: url.into() });
    }
    blocks.push(manage(loc, manage_url));
    compose("already_registered", event, to, td_string!(loc, email.already_subject, event = title).to_string(), blocks, None)
}

pub fn sessions_changed(event: &EventFacts, to: &Addressee, sessions: Vec<String>, manage_url: &str) -> OutgoingEmail {
    let loc = to.locale;
    let blocks = if sessions.is_empty() {
        vec![text(td_string!(loc, email.sessions_none)), manage(loc, manage_url)]
    } else {
        vec![text(td_string!(loc, email.sessions_now)), Block::List(sessions), manage(loc, manage_url)]
    };
    compose("sessions_changed", event, to, td_string!(loc, email.sessions_subject, event = &event.title).to_string(), blocks, None)
}

/// A focal point's private nomination link. `seats`: their country's, if it has a limit.
pub fn nomination_link(event: &EventFacts, to: &Addressee, country: &str, seats: Option<i64>, closes: &str, url: &str) -> OutgoingEmail {
    let (loc, title) = (to.locale, &event.title);
    let seats_text = match seats {
        Some(n) => td_string!(loc, email.nomination_seats, country = country, seats = n).to_string(),
        None => td_string!(loc, email.nomination_no_limit, country = country).to_string(),
    };
    compose(
        "nomination_link",
        event,
        to,
        td_string!(loc, email.nomination_subject, event = title).to_string(),
        vec![
            text(td_string!(loc, email.nomination_text, country = country, event = title)),
            text(seats_text),
            Block::Link { label: td_string!(loc, email.nomination_button).to_string(), url: url.into() },
            text(td_string!(loc, email.nomination_until, when = closes)),
            text(td_string!(loc, email.nomination_private)),
        ],
        None,
    )
}

/// A personal invitation to an invitation-only event, with the link to its filled-in form.
/// The certificate of attendance, attached when the email is sent, and where anyone can
/// check it. No personal link: the certificate is the attachment.
pub fn certificate(event: &EventFacts, to: &Addressee, verify_url: &str) -> OutgoingEmail {
    let (loc, title) = (to.locale, &event.title);
    compose(
        "certificate",
        event,
        to,
        td_string!(loc, email.certificate_subject, event = title).to_string(),
        vec![
            text(td_string!(loc, email.certificate_text, event = title)),
            Block::Link { label: td_string!(loc, email.certificate_verify).to_string(), url: verify_url.into() },
        ],
        None,
    )
}

pub fn invitation(event: &EventFacts, to: &Addressee, url: &str, closes: Option<&str>) -> OutgoingEmail {
    let (loc, title) = (to.locale, &event.title);
    let mut blocks = vec![
        text(td_string!(loc, email.invitation_text, event = title)),
        Block::Link { label: td_string!(loc, email.invitation_button).to_string(), url: url.into() },
    ];
    if let Some(when) = closes {
        blocks.push(text(td_string!(loc, email.invitation_until, when = when)));
    }
    blocks.push(text(td_string!(loc, email.invitation_personal)));
    compose("invitation", event, to, td_string!(loc, email.invitation_subject, event = title).to_string(), blocks, None)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts() -> (EventFacts, Addressee) {
        (
            EventFacts { id: 1, title: "Forum <2027>".into(), when: "12–15 May 2027".into(), place: "Incheon".into() },
            Addressee {
                registration_id: 7,
                given_name: "<script>alert(1)</script>".into(),
                email: "ana@un.org".into(),
                locale: Locale::en,
            },
        )
    }

    #[test]
    fn people_supplied_text_is_escaped_in_html_and_kept_in_text() {
        let (event, to) = facts();
        let email = confirm_address(&event, &to, "http://x/confirm/t", "http://x/manage/m", 48, false);
        assert!(!email.html.contains("<script>"));
        assert!(email.html.contains("&lt;script&gt;"));
        assert!(email.html.contains("Forum &lt;2027&gt;"));
        assert!(email.text.contains("Dear <script>alert(1)</script>,"));
        assert!(email.text.contains("http://x/confirm/t"));
        assert!(email.text.contains("http://x/manage/m"));
    }

    #[test]
    fn the_confirmation_carries_the_check_in_code_and_its_qr_code() {
        let (event, to) = facts();
        let email = confirmed(&event, &to, vec![], "http://x/manage/m", String::new(), "K7M4-QX2P");
        assert!(email.text.contains("K7M4-QX2P"));
        // Stored small; drawn when sent.
        assert!(email.html.len() < 2_000, "{} bytes stored", email.html.len());
        let sent = expand_qr(&email.html);
        assert!(sent.contains("aria-label=\"QR code\""));
        assert!(!sent.contains("plenary-qr"));
        assert!(sent.ends_with("</html>"));
        // 8 characters need a version 1 code: 21 modules, plus 4 quiet modules each side.
        assert_eq!(sent.matches("<tr>").count(), 29);
    }

    #[test]
    fn the_waitlist_email_says_the_position() {
        let (event, to) = facts();
        assert!(waitlisted(&event, &to, 3, "u").text.contains("position 3"));
    }
}
