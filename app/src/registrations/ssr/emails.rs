//! The participant emails, each enqueued in the caller's transaction with a fresh personal
//! manage link (only token hashes are stored, so every email carries a new token).
use super::storage;
use crate::store::Conn;
use crate::{
    context::Ctx,
    domain::SessionChoiceStatus,
    error::AppError,
    events::ssr::{EventRow, SessionRow, sessions_of},
    i18n::{Locale, td_string},
    mail::{ics, outbox, templates},
    time_fmt,
};

/// Manage links stay valid until half a year after the event, for certificates and data requests.
pub const MANAGE_AFTER_EVENT: i64 = 180 * 24 * 3600;

/// When a confirmation link sent now stops working.
pub fn confirm_expiry(ctx: &Ctx) -> i64 {
    ctx.now + ctx.config.confirm_hours * 3600
}

pub fn manage_link(ctx: &Ctx, token: &str) -> String {
    format!("{}/manage/{token}", ctx.config.base_url)
}

pub fn confirm_link(ctx: &Ctx, token: &str) -> String {
    format!("{}/confirm/{token}", ctx.config.base_url)
}

pub async fn manage_url(conn: &mut Conn, ctx: &Ctx, event: &EventRow, reg_id: i64) -> Result<String, AppError> {
    let token = storage::issue_token(conn, reg_id, "manage", ctx.now, event.ends_at + MANAGE_AFTER_EVENT).await?;
    Ok(manage_link(ctx, &token))
}

pub async fn confirm_url(conn: &mut Conn, ctx: &Ctx, reg_id: i64) -> Result<String, AppError> {
    let token = storage::issue_token(conn, reg_id, "confirm", ctx.now, confirm_expiry(ctx)).await?;
    Ok(confirm_link(ctx, &token))
}

fn calendar(ctx: &Ctx, event: &EventRow, reg: &storage::RegistrationRow, manage_url: &str) -> String {
    ics::render(&ics::CalendarEntry {
        uid: &format!("{}@plenary", reg.public_id),
        title: &event.title,
        starts_at: event.starts_at,
        ends_at: event.ends_at,
        location: &event.place(reg.addressee().locale),
        description: &td_string!(reg.addressee().locale, email.calendar_description, url = manage_url).to_string(),
        url: &format!("{}/events/{}", ctx.config.base_url, event.slug),
        stamp: ctx.now,
    })
}

/// "Workshop 2, 14:00–15:30 (waiting list, position 3)" for each chosen session.
async fn session_lines(conn: &mut Conn, event: &EventRow, reg_id: i64, loc: Locale) -> Result<Vec<String>, AppError> {
    let sessions = sessions_of(conn, event.id).await?;
    let mut lines = Vec::new();
    for choice in storage::choices(conn, reg_id).await? {
        let Some(s) = sessions.iter().find(|s| s.id == choice.session_id) else { continue };
        let when = session_when(event, s, loc);
        let line = match (choice.status, choice.waitlist_seq) {
            (SessionChoiceStatus::Waitlisted, Some(seq)) => {
                let pos = storage::session_waitlist_position(conn, s.id, seq).await?;
                td_string!(loc, email.session_waitlisted, session = &s.title, when = &when, position = pos).to_string()
            }
            _ => td_string!(loc, email.session_line, session = &s.title, when = &when).to_string(),
        };
        lines.push(line);
    }
    Ok(lines)
}

/// "Wednesday 12 May 2027, 14:00–15:30".
fn session_when(event: &EventRow, s: &SessionRow, loc: Locale) -> String {
    format!("{}, {}", time_fmt::day_label(s.starts_at, &event.timezone, loc), time_fmt::time_range(s.starts_at, s.ends_at, &event.timezone))
}

async fn enqueue(conn: &mut Conn, ctx: &Ctx, email: outbox::OutgoingEmail) -> Result<(), AppError> {
    outbox::enqueue(conn, &email, ctx.now).await.map(|_| ())
}

/// After the address is confirmed: confirmed, waitlisted or awaiting approval.
pub async fn outcome(conn: &mut Conn, ctx: &Ctx, event: &EventRow, reg_id: i64) -> Result<(), AppError> {
    let reg = storage::by_id(conn, reg_id).await?;
    let manage = manage_url(conn, ctx, event, reg_id).await?;
    let seat = match reg.status {
        crate::domain::RegistrationStatus::Confirmed => Seat::Confirmed {
            sessions: session_lines(conn, event, reg_id, reg.addressee().locale).await?,
            checkin_code: storage::checkin_code(conn, reg_id).await?,
        },
        crate::domain::RegistrationStatus::Waitlisted => {
            Seat::Waitlisted { position: storage::waitlist_position(conn, event.id, reg.waitlist_seq.unwrap_or(i64::MAX)).await? }
        }
        _ => Seat::AwaitingApproval,
    };
    enqueue(conn, ctx, outcome_email(ctx, &event.facts(reg.addressee().locale), event, &reg, seat, &manage)).await
}

/// Where a registration stands once its address is confirmed, as its email tells it.
pub enum Seat {
    Confirmed { sessions: Vec<String>, checkin_code: Option<String> },
    Waitlisted { position: i64 },
    AwaitingApproval,
}

/// The email that tells a person the outcome of confirming their address.
pub fn outcome_email(
    ctx: &Ctx,
    facts: &templates::EventFacts,
    event: &EventRow,
    reg: &storage::RegistrationRow,
    seat: Seat,
    manage: &str,
) -> outbox::OutgoingEmail {
    let to = reg.addressee();
    match seat {
        Seat::Confirmed { sessions, checkin_code } => {
            let code = checkin_code.map(|c| crate::checkin::format_code(&c)).unwrap_or_default();
            templates::confirmed(facts, &to, sessions, manage, calendar(ctx, event, reg, manage), &code)
        }
        Seat::Waitlisted { position } => templates::waitlisted(facts, &to, position, manage),
        Seat::AwaitingApproval => templates::awaiting_approval(facts, &to, manage),
    }
}

pub async fn promoted_to_event(conn: &mut Conn, ctx: &Ctx, event: &EventRow, reg_id: i64) -> Result<(), AppError> {
    let reg = storage::by_id(conn, reg_id).await?;
    let manage = manage_url(conn, ctx, event, reg_id).await?;
    let to = reg.addressee();
    let lines = session_lines(conn, event, reg_id, to.locale).await?;
    let mut what = td_string!(to.locale, email.promoted_event, event = &event.title).to_string();
    if !lines.is_empty() {
        what.push_str(&format!(" {} {}.", td_string!(to.locale, email.your_sessions), lines.join("; ")));
    }
    let ics = calendar(ctx, event, &reg, &manage);
    enqueue(conn, ctx, templates::promoted(&event.facts(to.locale), &to, what, &manage, Some(ics))).await
}

pub async fn promoted_to_session(conn: &mut Conn, ctx: &Ctx, event: &EventRow, session: &SessionRow, reg_id: i64) -> Result<(), AppError> {
    let reg = storage::by_id(conn, reg_id).await?;
    let manage = manage_url(conn, ctx, event, reg_id).await?;
    let to = reg.addressee();
    let what =
        td_string!(to.locale, email.promoted_session, session = &session.title, when = session_when(event, session, to.locale)).to_string();
    enqueue(conn, ctx, templates::promoted(&event.facts(to.locale), &to, what, &manage, None)).await
}

pub async fn cancelled(conn: &mut Conn, ctx: &Ctx, event: &EventRow, reg_id: i64) -> Result<(), AppError> {
    let reg = storage::by_id(conn, reg_id).await?;
    let to = reg.addressee();
    enqueue(conn, ctx, templates::cancelled(&event.facts(to.locale), &to)).await
}

pub async fn sessions_changed(conn: &mut Conn, ctx: &Ctx, event: &EventRow, reg_id: i64) -> Result<(), AppError> {
    let reg = storage::by_id(conn, reg_id).await?;
    let manage = manage_url(conn, ctx, event, reg_id).await?;
    let to = reg.addressee();
    let lines = session_lines(conn, event, reg_id, to.locale).await?;
    enqueue(conn, ctx, templates::sessions_changed(&event.facts(to.locale), &to, lines, &manage)).await
}

pub async fn event_cancelled(conn: &mut Conn, ctx: &Ctx, event: &EventRow, reg_id: i64) -> Result<(), AppError> {
    let reg = storage::by_id(conn, reg_id).await?;
    let to = reg.addressee();
    enqueue(conn, ctx, templates::event_cancelled(&event.facts(to.locale), &to)).await
}

pub async fn rejected(conn: &mut Conn, ctx: &Ctx, event: &EventRow, reg_id: i64, note: &str) -> Result<(), AppError> {
    let reg = storage::by_id(conn, reg_id).await?;
    let to = reg.addressee();
    enqueue(conn, ctx, templates::rejected(&event.facts(to.locale), &to, note)).await
}

/// Asks the person to confirm their address (a fresh confirmation link). `nominated`: the
/// organizers added them (an import of nominees), which the email says.
pub async fn ask_to_confirm(conn: &mut Conn, ctx: &Ctx, event: &EventRow, reg_id: i64, nominated: bool) -> Result<(), AppError> {
    let confirm = confirm_url(conn, ctx, reg_id).await?;
    let manage = manage_url(conn, ctx, event, reg_id).await?;
    let reg = storage::by_id(conn, reg_id).await?;
    let to = reg.addressee();
    enqueue(conn, ctx, confirm_address_email(ctx, &event.facts(to.locale), &to, &confirm, &manage, nominated)).await
}

/// The email asking a person to confirm their address, with both links.
pub fn confirm_address_email(
    ctx: &Ctx,
    facts: &templates::EventFacts,
    to: &templates::Addressee,
    confirm_url: &str,
    manage_url: &str,
    nominated: bool,
) -> outbox::OutgoingEmail {
    templates::confirm_address(facts, to, confirm_url, manage_url, ctx.config.confirm_hours, nominated)
}
