//! Registrations and address confirmations in batches (`server::batch`): the requests waiting
//! at one moment are applied with a handful of set-based statements instead of about a dozen
//! statements each. For registrations: the event read once, one check for existing addresses,
//! one insert each for registrations, session choices, link tokens and emails. For
//! confirmations: one read of the links and their registrations, the seat counts once per
//! event, one update each for tokens and registrations, one insert each for links and emails.
//!
//! The rules are those of `service::register_in` and `service::confirm_in`. Only the common
//! case takes the set-based way; everything else (an invalid form, a closed event, a person
//! registering twice even within one batch, a used link, a registration with sessions) goes
//! through the one-by-one function under its own savepoint, after the set, so it gets the same
//! answer and the same email as it would alone.
use super::{
    bulk, emails,
    seats::{Place, Seats},
    service,
};
use crate::{
    context::Ctx,
    domain::{FormRules, RegistrationInput, RegistrationStatus, ValidRegistration, question::Audience},
    error::AppError,
    events::ssr::{self as events, EventRow},
    i18n::Locale,
    mail::{outbox, templates},
    questions::ssr::storage as questions,
    store::{self, Conn, Store, batch::Batcher},
    tokens,
};
use std::{
    collections::{HashMap, HashSet},
    sync::{
        Arc,
        atomic::{AtomicU64, Ordering},
    },
};

/// The batchers of the writes that come in rushes, and how their items went.
#[derive(Clone)]
pub struct Batches {
    pub registrations: Registrations,
    pub confirmations: Confirmations,
    pub stats: Arc<Stats>,
}

impl Batches {
    /// Starts each batcher on the store.
    pub fn start(store: &Store) -> Self {
        let stats = Arc::new(Stats::default());
        Self {
            registrations: registrations(store.clone(), stats.clone()),
            confirmations: confirmations(store.clone(), stats.clone()),
            stats,
        }
    }
}

/// Items decided the set-based way, and items that went one by one (unusual ones, and whole
/// sets taken back), so a test and the debug log can see the set-based way is the one taken.
#[derive(Debug, Default)]
pub struct Stats {
    pub set_based: AtomicU64,
    pub one_by_one: AtomicU64,
}

impl Stats {
    /// (set-based, one by one) so far.
    pub fn counts(&self) -> (u64, u64) {
        (self.set_based.load(Ordering::Relaxed), self.one_by_one.load(Ordering::Relaxed))
    }

    fn add(&self, set_based: usize, one_by_one: usize) {
        self.set_based.fetch_add(set_based as u64, Ordering::Relaxed);
        self.one_by_one.fetch_add(one_by_one as u64, Ordering::Relaxed);
    }
}

/// A registration waiting for its batch.
pub struct Registering {
    pub ctx: Ctx,
    pub slug: String,
    pub input: RegistrationInput,
}

pub type Registrations = Batcher<Registering, ()>;

/// Starts the registrations' batcher on the store.
fn registrations(store: Store, stats: Arc<Stats>) -> Registrations {
    Batcher::start(store, Arc::new(move |conn, items| Box::pin(register_all(conn, items, stats.clone()))))
}

/// What the set-based way needs of an event, read once per batch.
struct OpenEvent {
    event: EventRow,
    rules: FormRules,
}

/// Reads the event behind `slug` when it takes registrations; `None` sends its items the
/// one-by-one way, which gives them the right refusal.
async fn open_event(conn: &mut Conn, ctx: &Ctx, slug: &str) -> Result<Option<OpenEvent>, AppError> {
    let event = match events::storage::published_by_slug(conn, slug).await {
        Ok(event) => event,
        Err(AppError::NotFound) => return Ok(None),
        Err(e) => return Err(e),
    };
    let confirmed = events::confirmed_count(conn, event.id).await?;
    if !event.registration_state(confirmed, ctx.now).accepts_registrations() {
        return Ok(None);
    }
    let rules = service::form_rules(conn, event.id, Audience::Participant).await?;
    Ok(Some(OpenEvent { event, rules }))
}

/// Applies a batch of registrations (public so tests can hand over a batch of their choosing).
pub async fn register_all(conn: &mut Conn, items: Vec<Registering>, stats: Arc<Stats>) -> Result<Vec<Result<(), AppError>>, AppError> {
    let mut answers: Vec<Option<Result<(), AppError>>> = items.iter().map(|_| None).collect();
    let mut open: HashMap<&str, Option<OpenEvent>> = HashMap::new();
    for item in &items {
        if !open.contains_key(item.slug.as_str()) {
            let found = open_event(conn, &item.ctx, &item.slug).await?;
            open.insert(&item.slug, found);
        }
    }

    // The common case: a valid form for an open event from an address seen once.
    let mut fresh: Vec<(usize, &OpenEvent, ValidRegistration)> = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let Some(Some(event)) = open.get(item.slug.as_str()) else { continue };
        if let Ok(valid) = item.input.validate(&event.rules) {
            fresh.push((i, event, valid));
        }
    }
    let registered = registered_addresses(conn, &fresh).await?;
    let mut seen = HashSet::new();
    fresh.retain(|(_, event, valid)| {
        let key = (event.event.id, valid.email.normalized());
        !registered.contains(&key) && seen.insert(key)
    });

    if !fresh.is_empty() {
        store::savepoint(conn).await?;
        let stored = insert_fresh(conn, &items, &fresh).await;
        match store::end_savepoint(conn, stored).await? {
            Ok(()) => {
                for (i, _, _) in &fresh {
                    answers[*i] = Some(Ok(()));
                }
                tracing::info!(registrations = fresh.len(), "registered; awaiting email confirmation");
            }
            // Taken back whole (say, a check-in code drawn twice): the items go one by one.
            Err(e) => tracing::warn!(error = ?e, "a batch of registrations fell back to one by one"),
        }
    }

    let alone = answers.iter().filter(|a| a.is_none()).count();
    stats.add(items.len() - alone, alone);
    for (i, item) in items.iter().enumerate() {
        if answers[i].is_none() {
            store::savepoint(conn).await?;
            let outcome = service::register_in(conn, &item.ctx, &item.slug, &item.input).await;
            answers[i] = Some(store::end_savepoint(conn, outcome).await?);
        }
    }
    Ok(answers.into_iter().map(|a| a.unwrap_or(Err(AppError::Internal("a registration was left out of its batch".into())))).collect())
}

/// The (event, address) pairs among `fresh` that already have an active registration.
async fn registered_addresses(
    conn: &mut Conn,
    fresh: &[(usize, &OpenEvent, ValidRegistration)],
) -> Result<HashSet<(i64, String)>, AppError> {
    let mut by_event: HashMap<i64, Vec<String>> = HashMap::new();
    for (_, event, valid) in fresh {
        by_event.entry(event.event.id).or_default().push(valid.email.normalized());
    }
    let mut found = HashSet::new();
    for (event_id, emails) in by_event {
        for email in bulk::active_emails(conn, event_id, &emails).await? {
            found.insert((event_id, email));
        }
    }
    Ok(found)
}

/// Stores the fresh registrations, their links and their emails with one statement each.
async fn insert_fresh(conn: &mut Conn, items: &[Registering], fresh: &[(usize, &OpenEvent, ValidRegistration)]) -> Result<(), AppError> {
    let new: Vec<bulk::NewRegistration> = fresh
        .iter()
        .map(|(i, event, valid)| {
            let ctx = &items[*i].ctx;
            bulk::NewRegistration {
                public_id: uuid::Uuid::new_v4().to_string(),
                event_id: event.event.id,
                valid,
                status: RegistrationStatus::AwaitingEmailConfirmation,
                now: ctx.now,
                expires_at: emails::confirm_expiry(ctx),
                checkin_code: tokens::short_code(),
            }
        })
        .collect();
    let ids = bulk::insert_many(conn, &new).await?;
    let answers: Vec<_> =
        fresh.iter().zip(&ids).flat_map(|((_, event, valid), id)| questions::values_of(*id, event.event.id, &valid.answers)).collect();
    questions::insert_answers(conn, &answers).await?;

    let mut links = Vec::with_capacity(2 * ids.len());
    let mut mail = Vec::with_capacity(ids.len());
    // The event's dates and place, written once per language.
    let mut facts: HashMap<(i64, Locale), templates::EventFacts> = HashMap::new();
    for ((i, event, valid), id) in fresh.iter().zip(&ids) {
        let ctx = &items[*i].ctx;
        let (confirm, manage) = (tokens::generate(), tokens::generate());
        let to = templates::Addressee {
            registration_id: *id,
            given_name: valid.given_name.as_str().to_owned(),
            email: valid.email.as_str().to_owned(),
            locale: crate::locale::locale_of(valid.language.code()),
        };
        let facts = facts.entry((event.event.id, to.locale)).or_insert_with(|| event.event.facts(to.locale));
        mail.push(emails::confirm_address_email(
            ctx,
            facts,
            &to,
            &emails::confirm_link(ctx, &confirm.text),
            &emails::manage_link(ctx, &manage.text),
            false,
        ));
        let manage_expiry = event.event.ends_at + emails::MANAGE_AFTER_EVENT;
        links.push(bulk::NewToken {
            registration_id: *id,
            purpose: "confirm",
            now: ctx.now,
            expires_at: emails::confirm_expiry(ctx),
            token: confirm,
        });
        links.push(bulk::NewToken { registration_id: *id, purpose: "manage", now: ctx.now, expires_at: manage_expiry, token: manage });
    }
    bulk::issue_tokens(conn, &links).await?;
    let now = items[fresh[0].0].ctx.now;
    outbox::enqueue_many(conn, &mail, now).await
}

/// An address confirmation waiting for its batch: the token from the link.
pub struct Confirming {
    pub ctx: Ctx,
    pub token: String,
}

/// Answers with a fresh manage token for the page that follows.
pub type Confirmations = Batcher<Confirming, String>;

/// Starts the address confirmations' batcher on the store.
fn confirmations(store: Store, stats: Arc<Stats>) -> Confirmations {
    Batcher::start(store, Arc::new(move |conn, items| Box::pin(confirm_all(conn, items, stats.clone()))))
}

/// The set-based way takes a link that is valid and unused, once in the batch, for a
/// registration that waits for it and asked for no sessions. Under the `no_seat_lock` fault
/// every link goes one by one, so the race test still sees what that fault breaks.
pub async fn confirm_all(conn: &mut Conn, items: Vec<Confirming>, stats: Arc<Stats>) -> Result<Vec<Result<String, AppError>>, AppError> {
    let mut answers: Vec<Option<Result<String, AppError>>> = items.iter().map(|_| None).collect();
    let hashes: Vec<Option<Vec<u8>>> = items.iter().map(|i| tokens::hash_of(&i.token)).collect();
    let fault = items.first().is_some_and(|i| i.ctx.faults.no_seat_lock);
    let known: Vec<Vec<u8>> = if fault || items.len() == 1 { Vec::new() } else { hashes.iter().flatten().cloned().collect() };
    let mut found: HashMap<Vec<u8>, bulk::Confirmable> = if known.is_empty() {
        HashMap::new()
    } else {
        bulk::confirmables(conn, known).await?.into_iter().map(|c| (c.hash.clone(), c)).collect()
    };

    // Take the links the set-based way can decide, each registration once.
    let mut taken: Vec<(usize, bulk::Confirmable)> = Vec::new();
    let mut seen = HashSet::new();
    for (i, hash) in hashes.iter().enumerate() {
        let Some(hash) = hash else { continue };
        let now = items[i].ctx.now;
        let simple = found.get(hash).is_some_and(|c| {
            c.used_at.is_none()
                && c.expires_at > now
                && !c.has_sessions
                && c.registration.status == RegistrationStatus::AwaitingEmailConfirmation
                && !seen.contains(&c.registration.id)
        });
        if simple && let Some(c) = found.remove(hash) {
            seen.insert(c.registration.id);
            taken.push((i, c));
        }
    }

    if !taken.is_empty() {
        store::savepoint(conn).await?;
        let settled = confirm_taken(conn, &items, &taken).await;
        match store::end_savepoint(conn, settled).await? {
            Ok(manage) => {
                for ((i, _), token) in taken.iter().zip(manage) {
                    answers[*i] = Some(Ok(token));
                }
            }
            Err(e) => tracing::warn!(error = ?e, "a batch of confirmations fell back to one by one"),
        }
    }

    let alone = answers.iter().filter(|a| a.is_none()).count();
    stats.add(items.len() - alone, alone);
    for (i, item) in items.iter().enumerate() {
        if answers[i].is_none() {
            store::savepoint(conn).await?;
            let outcome = service::confirm_in(conn, &item.ctx, &item.token).await;
            answers[i] = Some(store::end_savepoint(conn, outcome).await?);
        }
    }
    Ok(answers.into_iter().map(|a| a.unwrap_or(Err(AppError::Internal("a confirmation was left out of its batch".into())))).collect())
}

/// Seats (or waitlists, or leaves for approval) the taken registrations in the order their
/// links came, reading each event's counts once; returns each one's new manage token.
async fn confirm_taken(conn: &mut Conn, items: &[Confirming], taken: &[(usize, bulk::Confirmable)]) -> Result<Vec<String>, AppError> {
    let mut events: HashMap<i64, (EventRow, Seats)> = HashMap::new();
    for (_, c) in taken {
        let id = c.registration.event_id;
        if let std::collections::hash_map::Entry::Vacant(slot) = events.entry(id) {
            let event = events::by_id(conn, id).await?;
            let seats = Seats::new(event.capacity, super::storage::event_seats(conn, id).await?);
            slot.insert((event, seats));
        }
    }
    let mut settled = Vec::with_capacity(taken.len());
    let mut places = Vec::with_capacity(taken.len());
    for (_, c) in taken {
        let Some((event, seats)) = events.get_mut(&c.registration.event_id) else {
            return Err(AppError::Internal("an event left its batch".into()));
        };
        let id = c.registration.id;
        // The same decision as one by one (`seats::seat_registration`), person after person.
        let (status, seq, seat) = if c.registration.needs_approval(event) {
            (RegistrationStatus::AwaitingApproval, None, emails::Seat::AwaitingApproval)
        } else {
            match seats.take() {
                Place::Seat => (
                    RegistrationStatus::Confirmed,
                    None,
                    emails::Seat::Confirmed { sessions: Vec::new(), checkin_code: c.checkin_code.clone() },
                ),
                Place::Waitlist { seq, position } => (RegistrationStatus::Waitlisted, Some(seq), emails::Seat::Waitlisted { position }),
            }
        };
        settled.push(bulk::Settled { id, status, waitlist_seq: seq });
        places.push(seat);
    }
    let now = items[taken[0].0].ctx.now;
    bulk::mark_tokens_used(conn, taken.iter().map(|(_, c)| c.hash.clone()).collect(), now).await?;
    bulk::settle_addresses(conn, &settled, now).await?;

    let mut links = Vec::with_capacity(2 * taken.len());
    let mut mail = Vec::with_capacity(taken.len());
    let mut facts: HashMap<(i64, Locale), templates::EventFacts> = HashMap::new();
    let mut for_page = Vec::with_capacity(taken.len());
    for (((i, c), seat), settled) in taken.iter().zip(places).zip(&settled) {
        let ctx = &items[*i].ctx;
        let Some((event, _)) = events.get(&c.registration.event_id) else {
            return Err(AppError::Internal("an event left its batch".into()));
        };
        let expiry = event.ends_at + emails::MANAGE_AFTER_EVENT;
        let (in_email, on_page) = (tokens::generate(), tokens::generate());
        let mut reg = c.registration.clone();
        reg.status = settled.status;
        reg.waitlist_seq = settled.waitlist_seq;
        let loc = reg.addressee().locale;
        let facts = facts.entry((event.id, loc)).or_insert_with(|| event.facts(loc));
        mail.push(emails::outcome_email(ctx, facts, event, &reg, seat, &emails::manage_link(ctx, &in_email.text)));
        for_page.push(on_page.text.clone());
        links.push(bulk::NewToken { registration_id: reg.id, purpose: "manage", now: ctx.now, expires_at: expiry, token: in_email });
        links.push(bulk::NewToken { registration_id: reg.id, purpose: "manage", now: ctx.now, expires_at: expiry, token: on_page });
    }
    bulk::issue_tokens(conn, &links).await?;
    outbox::enqueue_many(conn, &mail, now).await?;
    tracing::info!(confirmations = taken.len(), "addresses confirmed");
    Ok(for_page)
}
