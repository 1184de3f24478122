//! The attendee list as a spreadsheet: the organizer's columns and the registrations table's
//! filters, read from the database as a stream and written out row by row, so 100,000 rows
//! use little memory. Each export is written to the audit log with its row count. The
//! questions' answers come as a column per question (sensitive ones only when asked for), read
//! for a chunk of rows at a time on a second connection.
use super::{
    export::{Cell, CsvRows, Format, XlsxRows},
    storage::{self, ExportRow as Row},
};
use crate::{
    accounts::ssr::{Principal, audit},
    context::Ctx,
    domain::{Gender, Language, OrganizationType},
    error::AppError,
    events::ssr::{EventRow, managed},
    i18n::Locale,
    labels,
    locale::country_name,
    questions::ssr::{StoredQuestion, joined, storage as questions, yes_no},
    registrations::RegQuery,
    reports::{DEFAULT_EXPORT_COLUMNS, EXPORT_COLUMNS},
    store::{BoxFuture, Conn, Store},
};
use axum::body::Bytes;
use futures_util::TryStreamExt;
use serde::Deserialize;
use std::collections::BTreeMap;
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
    /// Whether sensitive questions' answers (a passport number) are exported: only when ticked.
    pub sensitive: String,
    /// The table's answer filters (`a.<key>`), read from the raw pairs.
    #[serde(skip)]
    pub answers: BTreeMap<String, String>,
}

/// Rows written per read of their answers.
const CHUNK: usize = 500;

impl ExportQuery {
    pub fn parse(raw: Option<&str>) -> Result<Self, AppError> {
        let invalid = || AppError::Form([("query".to_owned(), "invalid".to_owned())].into());
        let mut eq: Self = serde_html_form::from_str(raw.unwrap_or("")).map_err(|_| invalid())?;
        let pairs: Vec<(String, String)> = serde_html_form::from_str(raw.unwrap_or("")).map_err(|_| invalid())?;
        let mut f = RegQuery::default();
        f.read_answer_params(pairs.iter().filter(|(k, _)| k.starts_with("a.")).map(|(k, v)| (k.as_str(), v.as_str())));
        eq.answers = f.answers;
        Ok(eq)
    }

    pub fn sensitive(&self) -> bool {
        matches!(self.sensitive.as_str(), "1" | "on" | "true" | "yes")
    }

    /// The question columns, in the form's order: archived questions only when answered,
    /// sensitive ones only when asked for, and when the columns were chosen (`col=q.<key>`,
    /// `col=q.` alone for none) only the chosen ones that are not sensitive.
    fn questions(&self, stored: Vec<StoredQuestion>, answered: &[String]) -> Vec<StoredQuestion> {
        let chosen: Option<Vec<&str>> =
            self.col.iter().any(|c| c.starts_with("q.")).then(|| self.col.iter().filter_map(|c| c.strip_prefix("q.")).collect());
        stored
            .into_iter()
            .filter(|s| !s.archived || answered.contains(&s.question.key))
            .filter(|s| match (s.question.sensitive, &chosen) {
                (true, _) => self.sensitive(),
                (false, None) => true,
                (false, Some(keys)) => keys.contains(&s.question.key.as_str()),
            })
            .collect()
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
            cols: Vec::new(),
            answers: self.answers.clone(),
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
                let with = if eq.sensitive() { ", with sensitive answers" } else { "" };
                let detail = format!("{name}: {rows} rows{with}");
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

/// The file being written: CSV drained into the channel as it goes, XLSX sent whole at the end.
enum Out {
    // Boxed: the writers are large and of unequal sizes.
    Csv(Box<CsvRows>),
    Xlsx(Box<XlsxRows>),
}

impl Out {
    fn push(&mut self, row: &[Cell]) -> Result<(), AppError> {
        match self {
            Out::Csv(out) => out.push(row).map_err(AppError::internal),
            Out::Xlsx(out) => out.push(row).map_err(AppError::internal),
        }
    }
}

/// A chunk of rows with their answers (read in one statement), as cells.
async fn chunk_cells(
    chunk: Vec<Row>,
    answers: Option<&mut Conn>,
    qcols: &[StoredQuestion],
    cols: &[&str],
    event: &EventRow,
    loc: Locale,
) -> Result<Vec<Vec<Cell>>, AppError> {
    let given = match answers {
        Some(conn) => {
            let ids: Vec<i64> = chunk.iter().map(|r| r.id).collect();
            questions::by_registration(questions::answers_of(conn, &ids).await?)
        }
        None => Default::default(),
    };
    Ok(chunk
        .into_iter()
        .map(|r| {
            let mine = given.get(&r.id);
            let mut line = cells(r, cols, event, loc);
            line.extend(qcols.iter().map(|s| {
                let values = mine.and_then(|a| a.get(&s.question.key)).map(Vec::as_slice).unwrap_or_default();
                Cell::Text(joined(&s.question, values, Language::En, yes_no(Locale::en)))
            }));
            line
        })
        .collect())
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
    let mut conn = store.read().await?;
    let answered = questions::answered_keys(&mut conn, event.id).await?;
    let qcols = eq.questions(questions::of_event(&mut conn, event.id).await?, &answered);
    // Headed in English whatever the reader's language, like the API's labels.
    let header: Vec<Cell> = cols
        .iter()
        .map(|c| Cell::Text(heading(loc, c)))
        .chain(qcols.iter().map(|s| Cell::Text(s.question.label(Language::En).to_owned())))
        .collect();
    // The rows stream on one connection; their answers are read on another, a chunk at a time.
    let mut answers_conn = if qcols.is_empty() { None } else { Some(store.read().await?) };
    let statement = storage::export(event.id, &eq.filters());
    let mut rows = conn.fetch::<Row>(&statement);
    let mut n = 0u64;
    let gone = || AppError::Conflict("the client went away");
    let mut out = match format {
        Format::Csv { bom } => Out::Csv(Box::new(CsvRows::new(bom))),
        Format::Xlsx => Out::Xlsx(Box::new(XlsxRows::new(&heading(loc, "sheet")).map_err(AppError::internal)?)),
    };
    out.push(&header)?;
    let mut chunk = Vec::with_capacity(CHUNK);
    loop {
        let next = rows.try_next().await?;
        let done = next.is_none();
        chunk.extend(next);
        if chunk.len() >= CHUNK || (done && !chunk.is_empty()) {
            let lines = chunk_cells(std::mem::take(&mut chunk), answers_conn.as_mut(), &qcols, &cols, event, loc).await?;
            for line in lines {
                out.push(&line)?;
                n += 1;
            }
        }
        if let Out::Csv(csv) = &mut out
            && let Some(bytes) = csv.take(if done { 1 } else { 64 * 1024 }).map_err(AppError::internal)?
        {
            tx.send(Ok(bytes.into())).await.map_err(|_| gone())?;
        }
        if done {
            break;
        }
    }
    drop(rows);
    if let Out::Xlsx(xlsx) = out {
        // Compressing the file is CPU work: off the async workers.
        let bytes = tokio::task::spawn_blocking(move || xlsx.finish()).await.map_err(AppError::internal)?.map_err(AppError::internal)?;
        tx.send(Ok(bytes.into())).await.map_err(|_| gone())?;
    }
    Ok(n)
}
