//! The text of every email, in plain text and HTML. Everything that came from people (names,
//! titles, venues) is escaped in the HTML part.
use super::OutgoingEmail;

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
}

/// A building block of an email body.
pub enum Block {
    Text(String),
    Link { label: String, url: String },
    List(Vec<String>),
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
    let greeting = format!("Dear {},", to.given_name);
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

fn manage(url: &str) -> Block {
    Block::Link { label: "See, change or cancel your registration".into(), url: url.into() }
}

pub fn confirm_address(event: &EventFacts, to: &Addressee, confirm_url: &str, manage_url: &str, hours: i64) -> OutgoingEmail {
    compose(
        "confirm_address",
        event,
        to,
        format!("Please confirm your registration: {}", event.title),
        vec![
            Block::Text(format!("Thank you for registering for {}. Please confirm that this is your email address.", event.title)),
            Block::Link { label: "Confirm my email address".into(), url: confirm_url.into() },
            Block::Text(format!(
                "If you do not confirm within {hours} hours, the registration lapses. If you did not register, ignore this email."
            )),
            manage(manage_url),
        ],
        None,
    )
}

pub fn awaiting_approval(event: &EventFacts, to: &Addressee, manage_url: &str) -> OutgoingEmail {
    compose(
        "awaiting_approval",
        event,
        to,
        format!("Registration received: {}", event.title),
        vec![
            Block::Text("Your email address is confirmed. The organizers review each registration for this event; we will write to you as soon as they decide.".into()),
            manage(manage_url),
        ],
        None,
    )
}

pub fn confirmed(event: &EventFacts, to: &Addressee, sessions: Vec<String>, manage_url: &str, ics: String) -> OutgoingEmail {
    let mut blocks =
        vec![Block::Text(format!("You are registered for {}. The attached calendar file adds it to your calendar.", event.title))];
    if !sessions.is_empty() {
        blocks.push(Block::Text("Your sessions:".into()));
        blocks.push(Block::List(sessions));
    }
    blocks.push(manage(manage_url));
    compose("confirmed", event, to, format!("You are registered: {}", event.title), blocks, Some(ics))
}

pub fn waitlisted(event: &EventFacts, to: &Addressee, position: i64, manage_url: &str) -> OutgoingEmail {
    compose(
        "waitlisted",
        event,
        to,
        format!("You are on the waiting list: {}", event.title),
        vec![
            Block::Text(format!(
                "The event is full, so you are on the waiting list, at position {position}. If a seat opens, you get it in turn and we will email you at once."
            )),
            manage(manage_url),
        ],
        None,
    )
}

pub fn promoted(event: &EventFacts, to: &Addressee, what: String, manage_url: &str, ics: Option<String>) -> OutgoingEmail {
    compose(
        "promoted",
        event,
        to,
        format!("A seat opened for you: {}", event.title),
        vec![Block::Text(format!("Good news: a seat opened and it is yours. {what}")), manage(manage_url)],
        ics,
    )
}

pub fn cancelled(event: &EventFacts, to: &Addressee) -> OutgoingEmail {
    compose(
        "cancelled",
        event,
        to,
        format!("Registration cancelled: {}", event.title),
        vec![Block::Text(format!(
            "Your registration for {} is cancelled. If this was a mistake, you can register again while registration is open.",
            event.title
        ))],
        None,
    )
}

pub fn already_registered(event: &EventFacts, to: &Addressee, manage_url: &str, confirm_url: Option<&str>) -> OutgoingEmail {
    let mut blocks = vec![Block::Text(format!(
        "Someone, probably you, tried to register this email address for {} again. You are already registered, so nothing changed.",
        event.title
    ))];
    if let Some(url) = confirm_url {
        blocks.push(Block::Text("You have not yet confirmed your email address. Please do it now:".into()));
        blocks.push(Block::Link { label: "Confirm my email address".into(), url: url.into() });
    }
    blocks.push(manage(manage_url));
    compose("already_registered", event, to, format!("You are already registered: {}", event.title), blocks, None)
}

pub fn sessions_changed(event: &EventFacts, to: &Addressee, sessions: Vec<String>, manage_url: &str) -> OutgoingEmail {
    let blocks = if sessions.is_empty() {
        vec![Block::Text("Your session choices were changed: you have no sessions chosen now.".into()), manage(manage_url)]
    } else {
        vec![Block::Text("Your session choices were changed. Your sessions now:".into()), Block::List(sessions), manage(manage_url)]
    };
    compose("sessions_changed", event, to, format!("Your sessions were updated: {}", event.title), blocks, None)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts() -> (EventFacts, Addressee) {
        (
            EventFacts { id: 1, title: "Forum <2027>".into(), when: "12–15 May 2027".into(), place: "Incheon".into() },
            Addressee { registration_id: 7, given_name: "<script>alert(1)</script>".into(), email: "ana@un.org".into() },
        )
    }

    #[test]
    fn people_supplied_text_is_escaped_in_html_and_kept_in_text() {
        let (event, to) = facts();
        let email = confirm_address(&event, &to, "http://x/confirm/t", "http://x/manage/m", 48);
        assert!(!email.html.contains("<script>"));
        assert!(email.html.contains("&lt;script&gt;"));
        assert!(email.html.contains("Forum &lt;2027&gt;"));
        assert!(email.text.contains("Dear <script>alert(1)</script>,"));
        assert!(email.text.contains("http://x/confirm/t"));
        assert!(email.text.contains("http://x/manage/m"));
    }

    #[test]
    fn the_waitlist_email_says_the_position() {
        let (event, to) = facts();
        assert!(waitlisted(&event, &to, 3, "u").text.contains("position 3"));
    }
}
