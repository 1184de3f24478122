//! The attendee list as a spreadsheet: the organizer's columns and the registrations table's
//! filters, read from the database as a stream and written out row by row, so 100,000 rows
//! use little memory. Each export is written to the audit log with its row count.
use super::{
    export::{Cell, CsvRows, Format, XlsxRows},
    storage::{self, ExportRow as Row},
};
use crate::{
    accounts::ssr::{Principal, audit},
    context::Ctx,
    domain::{Gender, OrganizationType},
    error::AppError,
    events::ssr::{EventRow, managed},
    i18n::Locale,
    labels,
    locale::country_name,
    registrations::RegQuery,
    reports::{DEFAULT_EXPORT_COLUMNS, EXPORT_COLUMNS},
    store::{BoxFuture, Store},
};
use axum::body::Bytes;
use futures_util::TryStreamExt;
use serde::Deserialize;
use tokio::sync::mpsc;

/// The query string of an export: the table's filters, the ticked columns (`col`, repeated)
/// and whether to start a CSV file with Excel's byte-order mark.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ExportQuery {
    pub status: String,
    pub country: String,
    pub region: String,
    pub org_type: String,
    pub session: String,
    pub q: String,
    pub sort: String,
    pub col: Vec<String>,
    pub bom: String,
}

impl ExportQuery {
    pub fn parse(raw: Option<&str>) -> Result<Self, AppError> {
        serde_html_form::from_str(raw.unwrap_or("")).map_err(|_| AppError::Form([("query".to_owned(), "invalid".to_owned())].into()))
    }

    fn filters(&self) -> RegQuery {
        RegQuery {
            status: self.status.clone(),
            country: self.country.clone(),
            region: self.region.clone(),
            org_type: self.org_type.clone(),
            session: self.session.clone(),
            q: self.q.clone(),
            sort: if self.sort.is_empty() { "name".into() } else { self.sort.clone() },
            page: 0,
        }
    }

    /// The known columns asked for, in the file's order; the defaults when none are.
    pub fn columns(&self) -> Vec<&'static str> {
        let asked: Vec<&'static str> = EXPORT_COLUMNS.iter().copied().filter(|c| self.col.iter().any(|a| a == c)).collect();
        if asked.is_empty() { DEFAULT_EXPORT_COLUMNS.to_vec() } else { asked }
    }

    pub fn bom(&self) -> bool {
        matches!(self.bom.as_str(), "1" | "on" | "true" | "yes")
    }
}

/// The column headings in the reader's language.
fn heading(loc: Locale, col: &str) -> String {
    use crate::i18n::*;
    match col {
        "reference" => td_string!(loc, export.reference),
        "given_name" => td_string!(loc, export.given_name),
        "family_name" => td_string!(loc, export.family_name),
        "email" => td_string!(loc, export.email),
        "country" => td_string!(loc, export.country),
        "country_code" => td_string!(loc, export.country_code),
        "organization" => td_string!(loc, export.organization),
        "organization_type" => td_string!(loc, export.organization_type),
        "job_title" => td_string!(loc, export.job_title),
        "gender" => td_string!(loc, export.gender),
        "status" => td_string!(loc, export.status),
        "sessions" => td_string!(loc, export.sessions),
        "registered_at" => td_string!(loc, export.registered_at),
        "checked_in" => td_string!(loc, export.checked_in),
        "language" => td_string!(loc, export.language),
        "accessibility_needs" => td_string!(loc, export.accessibility_needs),
        "dietary_needs" => td_string!(loc, export.dietary_needs),
        "sheet" => td_string!(loc, export.sheet),
        _ => td_string!(loc, export.reference),
    }
    .to_string()
}

fn cells(r: Row, cols: &[&str], event: &EventRow, loc: Locale) -> Vec<Cell> {
    let tz: chrono_tz::Tz = event.timezone.parse().unwrap_or(chrono_tz::UTC);
    cols.iter()
        .map(|col| {
            Cell::Text(match *col {
                "reference" => r.public_id.clone(),
                "given_name" => r.given_name.clone(),
                "family_name" => r.family_name.clone(),
                "email" => r.email.clone(),
                "country" => country_name(&r.country, loc),
                "country_code" => r.country.clone(),
                "organization" => r.organization.clone(),
                "organization_type" => OrganizationType::parse(&r.organization_type).map(|t| labels::org_type(loc, t)).unwrap_or_default(),
                "job_title" => r.job_title.clone(),
                "gender" => r.gender.as_deref().and_then(|g| Gender::parse(g).ok()).map(|g| labels::gender(loc, g)).unwrap_or_default(),
                "status" => labels::status(loc, r.status),
                "sessions" => r.sessions.clone().unwrap_or_default(),
                // Sortable in a spreadsheet; in the event's own time zone.
                "registered_at" => chrono::DateTime::from_timestamp(r.created_at, 0)
                    .map(|t| t.with_timezone(&tz).format("%Y-%m-%d %H:%M").to_string())
                    .unwrap_or_default(),
                "checked_in" => {
                    if r.checked_in {
                        "✓".to_owned()
                    } else {
                        String::new()
                    }
                }
                "language" => r.language.clone(),
                "accessibility_needs" => r.accessibility_needs.clone(),
                "dietary_needs" => r.dietary_needs.clone(),
                _ => String::new(),
            })
        })
        .collect()
}

/// The file's name: the event's slug and today's date.
pub fn file_name(slug: &str, what: &str, format: Format, now: i64) -> String {
    let day = chrono::DateTime::from_timestamp(now, 0).map(|t| t.format("%Y-%m-%d").to_string()).unwrap_or_default();
    format!("{slug}-{what}-{day}.{}", format.extension())
}

/// Starts the export and returns the event (for the file name) and the stream of its bytes.
/// The event and rights are checked before the first byte is sent.
pub async fn start(
    ctx: &Ctx,
    who: Principal,
    slug: &str,
    format: Format,
    eq: ExportQuery,
    loc: Locale,
) -> Result<(EventRow, mpsc::Receiver<Result<Bytes, std::io::Error>>), AppError> {
    let event = managed(&mut ctx.store.read().await?, &who, slug).await?;
    let (tx, rx) = mpsc::channel(4);
    let (store, now, ev) = (ctx.store.clone(), ctx.now, event.clone());
    tokio::spawn(async move {
        let name = format!("registrations.{}", format.extension());
        match write(&store, &ev, format, &eq, loc, &tx).await {
            Ok(rows) => {
                let detail = format!("{name}: {rows} rows");
                let (who, event_id) = (who.clone(), ev.id);
                let logged = store
                    .write(move |conn| -> BoxFuture<'_, _> {
                        Box::pin(async move { audit::record(conn, &who, "export", Some(event_id), &detail, now).await })
                    })
                    .await;
                if let Err(e) = logged {
                    tracing::error!(error = %e, "could not write the export to the audit log");
                }
            }
            Err(e) => {
                tracing::error!(error = %e, event = %ev.slug, "export failed");
                let _ = tx.send(Err(std::io::Error::other("export failed"))).await;
            }
        }
    });
    Ok((event, rx))
}

/// Writes the rows into the channel; returns how many were written. Stops when the client
/// goes away.
async fn write(
    store: &Store,
    event: &EventRow,
    format: Format,
    eq: &ExportQuery,
    loc: Locale,
    tx: &mpsc::Sender<Result<Bytes, std::io::Error>>,
) -> Result<u64, AppError> {
    let cols = eq.columns();
    let header: Vec<Cell> = cols.iter().map(|c| Cell::Text(heading(loc, c))).collect();
    let mut conn = store.read().await?;
    let statement = storage::export(event.id, &eq.filters());
    let mut rows = conn.fetch::<Row>(&statement);
    let mut n = 0u64;
    let gone = || AppError::Conflict("the client went away");
    match format {
        Format::Csv { bom } => {
            let mut out = CsvRows::new(bom);
            out.push(&header).map_err(AppError::internal)?;
            while let Some(row) = rows.try_next().await? {
                out.push(&cells(row, &cols, event, loc)).map_err(AppError::internal)?;
                n += 1;
                if let Some(chunk) = out.take(64 * 1024).map_err(AppError::internal)? {
                    tx.send(Ok(chunk.into())).await.map_err(|_| gone())?;
                }
            }
            if let Some(chunk) = out.take(1).map_err(AppError::internal)? {
                tx.send(Ok(chunk.into())).await.map_err(|_| gone())?;
            }
        }
        Format::Xlsx => {
            let mut out = XlsxRows::new(&heading(loc, "sheet")).map_err(AppError::internal)?;
            out.push(&header).map_err(AppError::internal)?;
            while let Some(row) = rows.try_next().await? {
                out.push(&cells(row, &cols, event, loc)).map_err(AppError::internal)?;
                n += 1;
            }
            drop(rows);
            // Compressing the file is CPU work: off the async workers.
            let bytes = tokio::task::spawn_blocking(move || out.finish()).await.map_err(AppError::internal)?.map_err(AppError::internal)?;
            tx.send(Ok(bytes.into())).await.map_err(|_| gone())?;
        }
    }
    Ok(n)
}
