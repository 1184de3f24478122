//! Registrations as the back office's pages show them: the filtered, sorted, paged table
//! (paged by the database, so 20,000 rows stay fast) and one registration in full. (The
//! organizers' decisions are the registrations concept's: `registrations::ssr::organizer`.)
//! The table shows the questions' answers the organizer picks as columns and filters on them;
//! the detail page shows every answer and the registration's history from the audit log.
use super::events::{managed, summary};
use crate::{
    accounts::ssr::{Principal, storage as accounts},
    admin::{AnswerFilter, AuditLine, QuestionColumn, RegDetail, RegQuery, RegRow, RegTable},
    domain::{QuestionKind, RegistrationStatus},
    error::AppError,
    events::ssr::{self as events, EventRow},
    i18n::Locale,
    locale::{country_name, language_of},
    questions::ssr::{StoredQuestion, joined, readable, storage as questions, yes_no},
    registrations::ssr::{organizer::owned, storage},
    store::{Conn, Store},
    time_fmt,
};

pub const PAGE_SIZE: i64 = 50;

async fn to_row(conn: &mut Conn, event: &EventRow, r: storage::ListRow, loc: Locale) -> Result<RegRow, AppError> {
    let waitlist_position = match (r.status, r.waitlist_seq) {
        (RegistrationStatus::Waitlisted, Some(seq)) => Some(storage::waitlist_position(conn, event.id, seq).await?),
        _ => None,
    };
    Ok(RegRow {
        id: r.id,
        name: format!("{} {}", r.given_name, r.family_name),
        email: r.email,
        country: country_name(&r.country, loc),
        organization: r.organization,
        organization_type: r.organization_type,
        status: r.status,
        waitlist_position,
        registered: time_fmt::date_time(r.created_at, &event.timezone, loc),
        checked_in: r.checked_in,
        corrected: r.details_changed_at.map(|t| time_fmt::date_time(t, &event.timezone, loc)),
        answers: Vec::new(),
        nominated_by: None,
    })
}

/// Fills in who nominated each row that a focal point nominated, with one read.
async fn add_nominators(conn: &mut Conn, event: &EventRow, rows: &mut [RegRow]) -> Result<(), AppError> {
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let found = crate::nominations::ssr::storage::nominators(conn, &ids).await?;
    for (reg_id, focal_id, name, ministry, letter) in found {
        if let Some(row) = rows.iter_mut().find(|r| r.id == reg_id) {
            let who = if ministry.is_empty() { name } else { format!("{name}, {ministry}") };
            let letter = letter.then(|| format!("/admin/events/{}/focal-points/{focal_id}/letter.pdf", event.slug));
            row.nominated_by = Some((who, letter));
        }
    }
    Ok(())
}

fn column(s: &StoredQuestion, loc: Locale) -> QuestionColumn {
    let q = &s.question;
    let filter = match q.kind {
        QuestionKind::Country => Some(AnswerFilter::Country),
        QuestionKind::Date => Some(AnswerFilter::Date),
        k if k.is_tallied() => Some(AnswerFilter::Choices(q.choices(language_of(loc), yes_no(loc)))),
        _ => None,
    };
    QuestionColumn { key: q.key.clone(), label: q.label(language_of(loc)).to_owned(), sensitive: q.sensitive, archived: s.archived, filter }
}

/// The query with only the columns and answer filters the reader may use: questions they can
/// see (check-in staff no sensitive ones), filters on filterable ones.
fn allowed(q: &RegQuery, readable: &[StoredQuestion]) -> RegQuery {
    let find = |k: &str| readable.iter().find(|s| s.question.key == k);
    let mut q = q.clone();
    q.cols.retain(|k| find(k).is_some());
    q.answers.retain(|k, _| find(k).is_some_and(|s| s.question.kind.is_filterable()));
    q
}

/// One page of the table, with the total the filters match.
pub async fn table(store: &Store, who: &Principal, slug: &str, q: &RegQuery, loc: Locale) -> Result<RegTable, AppError> {
    let mut conn = store.read().await?;
    let event = managed(&mut conn, who, slug).await?;
    let stored = readable(questions::of_event(&mut conn, event.id).await?, who.role);
    let q = &allowed(q, &stored);
    let total = storage::count_matching(&mut conn, event.id, q).await?;
    let pages = ((total + PAGE_SIZE - 1) / PAGE_SIZE).max(1) as u32;
    let page = q.page.clamp(1, pages);
    let found = storage::matching(&mut conn, event.id, q, Some((PAGE_SIZE, (page as i64 - 1) * PAGE_SIZE))).await?;
    // The page's answers in one read.
    let ids: Vec<i64> = found.iter().map(|r| r.id).collect();
    let answers =
        if q.cols.is_empty() { Default::default() } else { questions::by_registration(questions::answers_of(&mut conn, &ids).await?) };
    let shown: Vec<&StoredQuestion> = q.cols.iter().filter_map(|k| stored.iter().find(|s| &s.question.key == k)).collect();
    let mut rows = Vec::with_capacity(found.len());
    for r in found {
        let mut row = to_row(&mut conn, &event, r, loc).await?;
        let given = answers.get(&row.id);
        row.answers = shown
            .iter()
            .map(|s| {
                let values = given.and_then(|a| a.get(&s.question.key)).map(Vec::as_slice).unwrap_or_default();
                joined(&s.question, values, language_of(loc), yes_no(loc))
            })
            .collect();
        rows.push(row);
    }
    add_nominators(&mut conn, &event, &mut rows).await?;
    let sessions = events::sessions_of(&mut conn, event.id).await?.into_iter().map(|s| (s.id, s.title)).collect();
    let questions = stored.iter().map(|s| column(s, loc)).collect();
    Ok(RegTable { event: summary(&mut conn, who, &event, loc).await?, rows, total, page, pages, sessions, questions })
}

/// All rows the filters match (for the API), without paging: each row with the country code,
/// gender and chosen session ids.
pub async fn all_rows(
    store: &Store,
    who: &Principal,
    slug: &str,
    q: &RegQuery,
) -> Result<(EventRow, Vec<(RegRow, String, Option<String>, Vec<i64>)>), AppError> {
    let mut conn = store.read().await?;
    let event = managed(&mut conn, who, slug).await?;
    let found = storage::matching(&mut conn, event.id, q, None).await?;
    let mut out = Vec::with_capacity(found.len());
    for r in found {
        let (code, gender) = (r.country.clone(), r.gender.clone());
        let sessions = storage::choices(&mut conn, r.id).await?.into_iter().map(|c| c.session_id).collect();
        let row = to_row(&mut conn, &event, r, Locale::en).await?;
        out.push((row, code, gender, sessions));
    }
    Ok((event, out))
}

pub async fn detail(store: &Store, who: &Principal, reg_id: i64, loc: Locale) -> Result<RegDetail, AppError> {
    let mut conn = store.read().await?;
    let (_, event) = owned(&mut conn, who, reg_id).await?;
    let list = storage::list_row(&mut conn, reg_id).await?;
    let mut row = [to_row(&mut conn, &event, list, loc).await?];
    add_nominators(&mut conn, &event, &mut row).await?;
    let [row] = row;
    let d = storage::details(&mut conn, reg_id).await?;
    let stored = readable(questions::of_event(&mut conn, event.id).await?, who.role);
    let given = questions::by_registration(questions::answers_of(&mut conn, &[reg_id]).await?).remove(&reg_id).unwrap_or_default();
    let answers = stored
        .iter()
        .filter_map(|s| {
            let values = given.get(&s.question.key)?;
            Some((s.question.label(language_of(loc)).to_owned(), joined(&s.question, values, language_of(loc), yes_no(loc))))
        })
        .collect();
    let history = accounts::audit_of_registration(&mut conn, reg_id)
        .await?
        .into_iter()
        .map(|(at, actor, action, detail)| AuditLine {
            at: time_fmt::date_time(at, &event.timezone, loc),
            actor,
            action,
            event: String::new(),
            detail,
        })
        .collect();
    let sessions = events::sessions_of(&mut conn, event.id).await?;
    let mut chosen = Vec::new();
    for c in storage::choices(&mut conn, reg_id).await? {
        if let Some(s) = sessions.iter().find(|s| s.id == c.session_id) {
            chosen.push(format!("{} ({})", s.title, c.status.code()));
        }
    }
    Ok(RegDetail {
        event: summary(&mut conn, who, &event, loc).await?,
        row,
        given_name: d.given_name,
        family_name: d.family_name,
        country_code: d.country,
        job_title: d.job_title,
        gender: d.gender.unwrap_or_default(),
        accessibility: d.accessibility_needs,
        dietary: d.dietary_needs,
        language: d.language,
        checkin_code: d.checkin_code.unwrap_or_default(),
        decision_note: d.decision_note,
        sessions: chosen,
        answers,
        questions: crate::questions::ssr::live(&stored),
        given,
        history,
    })
}
