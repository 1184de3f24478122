//! The form editor's read model: the event's questions as `questions::ssr::service::form` gives
//! them (which checks the account may manage the event), and the other events it manages, whose
//! questions it may copy.
use crate::{
    accounts::ssr::Principal,
    admin::questions::{QuestionLine, QuestionsPage},
    error::AppError,
    events::ssr as events,
    i18n::Locale,
    locale::language_of,
    questions::ssr::service,
    store::Store,
};

pub async fn page(store: &Store, who: &Principal, slug: &str, now: i64, loc: Locale) -> Result<QuestionsPage, AppError> {
    let lang = language_of(loc);
    let (event_id, stored) = {
        let mut conn = store.read().await?;
        service::form(&mut conn, who, slug).await?
    };
    let (archived, live): (Vec<_>, Vec<_>) = stored.iter().partition(|s| s.archived);
    let line = |s: &&crate::questions::ssr::StoredQuestion| QuestionLine::of(&s.question, lang);
    let others = super::events::list(store, who, now, loc)
        .await?
        .into_iter()
        .filter(|e| e.can_manage && e.slug != slug)
        .map(|e| (e.slug, e.title))
        .collect();
    let mut conn = store.read().await?;
    let e = events::by_id(&mut conn, event_id).await?;
    Ok(QuestionsPage {
        event: super::events::summary(&mut conn, who, &e, loc).await?,
        live: live.iter().map(line).collect(),
        archived: archived.iter().map(line).collect(),
        others,
    })
}
