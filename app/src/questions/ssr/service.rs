//! The organizer's writes on an event's form. Every change (the API's replacement, the back
//! office's add, edit, move and remove, a ready-made set, a copy from another event) is a new
//! list of questions handed to `replace`, which holds the rules: the definition checks, a type
//! that cannot change once answered, and archiving (not deleting) a removed question that has
//! answers. Each change is in the audit log, in its transaction.
use super::{StoredQuestion, storage};
use crate::{
    accounts::ssr::{Principal, audit},
    context::Ctx,
    domain::{
        Question,
        question::{DefinitionErrors, check_definition},
    },
    error::AppError,
    events::ssr::managed,
    store::{BoxFuture, Conn},
};
use std::collections::BTreeMap;

/// The event's form as its editor shows it: every question, archived ones last.
pub async fn form(conn: &mut Conn, who: &Principal, slug: &str) -> Result<(i64, Vec<StoredQuestion>), AppError> {
    let e = managed(conn, who, slug).await?;
    Ok((e.id, storage::of_event(conn, e.id).await?))
}

/// Errors keyed `questions.<place>.<field>`, the API's and the editor's spelling.
fn keyed(errors: BTreeMap<usize, DefinitionErrors>) -> AppError {
    AppError::Form(errors.into_iter().flat_map(|(i, e)| e.into_iter().map(move |(f, code)| (format!("questions.{i}.{f}"), code))).collect())
}

/// Makes `questions` the event's form, in that order.
pub async fn replace(conn: &mut Conn, event_id: i64, questions: &[Question], now: i64) -> Result<(), AppError> {
    check_definition(questions).map_err(keyed)?;
    let existing = storage::of_event(conn, event_id).await?;
    let answered = storage::answered_keys(conn, event_id).await?;
    let mut locked = BTreeMap::new();
    for (i, q) in questions.iter().enumerate() {
        let before = existing.iter().find(|s| s.question.key == q.key);
        if before.is_some_and(|s| s.question.kind != q.kind) && answered.contains(&q.key) {
            locked.insert(i, [("type".to_owned(), "type_locked".to_owned())].into());
        }
    }
    if !locked.is_empty() {
        return Err(keyed(locked));
    }
    for (i, q) in questions.iter().enumerate() {
        storage::upsert(conn, event_id, i as i64, q).await?;
    }
    let after = questions.len() as i64;
    for (n, gone) in existing.iter().filter(|s| !questions.iter().any(|q| q.key == s.question.key)).enumerate() {
        if answered.contains(&gone.question.key) {
            storage::archive(conn, gone.id, after + n as i64, now).await?;
        } else {
            storage::delete(conn, gone.id).await?;
        }
    }
    Ok(())
}

/// How an organizer changes the form: the new list is made from the current live questions.
pub async fn change(
    ctx: &Ctx,
    who: Principal,
    slug: String,
    action: &'static str,
    edit: impl FnOnce(Vec<Question>) -> Result<Vec<Question>, AppError> + Send + 'static,
) -> Result<(), AppError> {
    let now = ctx.now;
    ctx.store
        .write(move |conn| -> BoxFuture<'_, _> {
            Box::pin(async move {
                let e = managed(conn, &who, &slug).await?;
                let current = storage::form_of(conn, e.id).await?;
                let before = current.len();
                let next = edit(current)?;
                replace(conn, e.id, &next, now).await?;
                audit::record(conn, &who, action, Some(e.id), &format!("{before} → {} questions", next.len()), now).await
            })
        })
        .await
}

/// Replaces the whole form (the API's `PUT`).
pub async fn set_all(ctx: &Ctx, who: Principal, slug: String, questions: Vec<Question>) -> Result<(), AppError> {
    change(ctx, who, slug, "questions.replace", move |_| Ok(questions)).await
}

/// Appends `more` to the form, leaving out any whose key the form has already.
pub fn appended(mut current: Vec<Question>, more: Vec<Question>) -> Vec<Question> {
    for q in more {
        if !current.iter().any(|c| c.key == q.key) {
            current.push(q);
        }
    }
    current
}

/// Adds the questions of another event the organizer manages ("copy the questions of another
/// event"), keys the form has already left out.
pub async fn copy_from(ctx: &Ctx, who: Principal, slug: String, from: String) -> Result<(), AppError> {
    let theirs = {
        let mut conn = ctx.store.read().await?;
        let e = managed(&mut conn, &who, &from).await?;
        storage::form_of(&mut conn, e.id).await?
    };
    change(ctx, who, slug, "questions.copy", move |current| Ok(appended(current, theirs))).await
}
