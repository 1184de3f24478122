//! The documents emails carry, made when the email is sent (never stored): the certificate an
//! outbox row names, and the invitation letter that goes with a confirmation when the event
//! says so and the answers hold the passport details. The mail worker calls this through its
//! `Attach` hook.
use super::{issue, storage};
use crate::{
    context::Config,
    error::AppError,
    mail::{
        outbox::OutboxRow,
        worker::{Attach, Attachment},
    },
    store::{BoxFuture, Store},
};
use std::sync::Arc;

/// The hook the mail worker is given.
pub fn hook(store: Store, config: Arc<Config>, clock: crate::clock::Clock) -> Attach {
    Arc::new(move |row: OutboxRow| -> BoxFuture<'static, Result<Option<Attachment>, AppError>> {
        let (store, config, now) = (store.clone(), config.clone(), clock.now());
        Box::pin(async move {
            match (row.document_id, row.kind.as_str()) {
                (Some(id), _) => rendered(&store, &config, id).await,
                (None, "confirmed") => letter_with_confirmation(&store, &config, &row, now).await,
                _ => Ok(None),
            }
        })
    })
}

/// The PDF of a document, with its file name (none if it was deleted meanwhile).
async fn rendered(store: &Store, config: &Config, document_id: i64) -> Result<Option<Attachment>, AppError> {
    let renderer = config.documents.renderer()?;
    let mut conn = store.read().await?;
    let Some(doc) = storage::by_id(&mut conn, document_id).await? else { return Ok(None) };
    let bytes = issue::render_row(&mut conn, &config.base_url, renderer, &doc).await?;
    Ok(Some((issue::file_name(&doc), bytes)))
}

/// The letter that goes with a confirmation, issued now if it applies.
async fn letter_with_confirmation(store: &Store, config: &Config, row: &OutboxRow, now: i64) -> Result<Option<Attachment>, AppError> {
    let (Some(event_id), Some(reg_id)) = (row.event_id, row.registration_id) else { return Ok(None) };
    let settings = storage::settings(&mut store.read().await?, event_id).await?;
    if !(settings.letters && settings.letter_attached) {
        return Ok(None);
    }
    let doc = store
        .write_apart(move |conn| -> BoxFuture<'_, _> {
            Box::pin(async move {
                let event = crate::events::ssr::storage::by_id(conn, event_id).await?;
                match issue::letter(conn, &event, &settings, reg_id, None, None, now).await {
                    Ok(issued) => Ok(Some(issued.row().id)),
                    // No passport details yet: the manage page asks for them.
                    Err(AppError::Conflict(_)) => Ok(None),
                    Err(e) => Err(e),
                }
            })
        })
        .await?;
    match doc {
        Some(id) => rendered(store, config, id).await,
        None => Ok(None),
    }
}
