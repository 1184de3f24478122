//! Questions' storage: every statement on `questions` and `answers`.
use super::StoredQuestion;
use crate::{
    domain::{Question, question::CleanAnswers},
    error::AppError,
    sql,
    store::{Conn, Engine},
};

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    definition: String,
    archived_at: Option<i64>,
}

impl Row {
    fn stored(self) -> Result<StoredQuestion, AppError> {
        let question =
            serde_json::from_str(&self.definition).map_err(|e| AppError::Internal(format!("question {}: {e}", self.id).into()))?;
        Ok(StoredQuestion { id: self.id, archived: self.archived_at.is_some(), question })
    }
}

/// Every question of the event, archived ones too, in the form's order.
pub async fn of_event(conn: &mut Conn, event_id: i64) -> Result<Vec<StoredQuestion>, AppError> {
    let rows: Vec<Row> = conn
        .fetch_all(sql!("SELECT id, definition, archived_at FROM questions WHERE event_id = $1 ORDER BY position, id", event_id))
        .await?;
    rows.into_iter().map(Row::stored).collect()
}

/// The questions the event's form asks now, in order.
pub async fn form_of(conn: &mut Conn, event_id: i64) -> Result<Vec<Question>, AppError> {
    Ok(super::live(&of_event(conn, event_id).await?))
}

/// The keys of the event's questions that somebody has answered.
pub async fn answered_keys(conn: &mut Conn, event_id: i64) -> Result<Vec<String>, AppError> {
    conn.scalars(sql!(
        "SELECT q.key FROM questions q WHERE q.event_id = $1 AND EXISTS (SELECT 1 FROM answers a WHERE a.question_id = q.id)",
        event_id
    ))
    .await
}

/// Stores a question at `position`, or updates the event's question with its key (bringing an
/// archived one back onto the form).
pub async fn upsert(conn: &mut Conn, event_id: i64, position: i64, q: &Question) -> Result<(), AppError> {
    let definition = serde_json::to_string(q).map_err(AppError::internal)?;
    conn.execute(sql!(
        "INSERT INTO questions (event_id, key, position, kind, definition, sensitive) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (event_id, key) DO UPDATE
             SET position = excluded.position, kind = excluded.kind, definition = excluded.definition,
                 sensitive = excluded.sensitive, archived_at = NULL",
        event_id,
        &q.key,
        position,
        q.kind.code(),
        definition,
        q.sensitive
    ))
    .await?;
    Ok(())
}

/// Takes a question off the form, keeping it and its answers.
pub async fn archive(conn: &mut Conn, id: i64, position: i64, now: i64) -> Result<(), AppError> {
    conn.execute(sql!("UPDATE questions SET archived_at = COALESCE(archived_at, $2), position = $3 WHERE id = $1", id, now, position))
        .await?;
    Ok(())
}

/// Deletes a question nobody answered.
pub async fn delete(conn: &mut Conn, id: i64) -> Result<(), AppError> {
    conn.execute(sql!("DELETE FROM questions WHERE id = $1", id)).await?;
    Ok(())
}

/// One stored value of one answer: (registration, event, question key, value).
pub type AnswerValue<'a> = (i64, i64, &'a str, &'a str);

/// Stores answers of any number of registrations with one statement; a key the event does
/// not have stores nothing (the answers were checked against its form before).
pub async fn insert_answers(conn: &mut Conn, values: &[AnswerValue<'_>]) -> Result<(), AppError> {
    if values.is_empty() {
        return Ok(());
    }
    let q = match conn.engine() {
        Engine::Sqlite => {
            let rows: Vec<serde_json::Value> = values.iter().map(|(r, e, k, v)| serde_json::json!([r, e, k, v])).collect();
            sql!(
                "INSERT INTO answers (registration_id, question_id, value)
                 SELECT j.value->>0, q.id, j.value->>3 FROM json_each($1) j
                 JOIN questions q ON q.event_id = j.value->>1 AND q.key = j.value->>2",
                serde_json::Value::Array(rows).to_string()
            )
        }
        Engine::Postgres => sql!(
            "INSERT INTO answers (registration_id, question_id, value)
             SELECT a.r, q.id, a.v FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[]) AS a(r, e, k, v)
             JOIN questions q ON q.event_id = a.e AND q.key = a.k",
            values.iter().map(|v| v.0).collect::<Vec<i64>>(),
            values.iter().map(|v| v.1).collect::<Vec<i64>>(),
            values.iter().map(|v| v.2.to_owned()).collect::<Vec<String>>(),
            values.iter().map(|v| v.3.to_owned()).collect::<Vec<String>>()
        ),
    };
    conn.execute(q).await?;
    Ok(())
}

/// The values of a registration's answers flattened for `insert_answers`.
pub fn values_of<'a>(registration_id: i64, event_id: i64, answers: &'a CleanAnswers) -> impl Iterator<Item = AnswerValue<'a>> + 'a {
    answers.iter().flat_map(move |(k, vs)| vs.iter().map(move |v| (registration_id, event_id, k.as_str(), v.as_str())))
}

/// Replaces the answers a registration gave to the questions in `keys` (the ones its form
/// asked, as that form's filler sees it) with `answers`; answers to other questions stay.
pub async fn replace_answers(
    conn: &mut Conn,
    registration_id: i64,
    event_id: i64,
    keys: &[String],
    answers: &CleanAnswers,
) -> Result<(), AppError> {
    conn.execute(sql!(
        "DELETE FROM answers WHERE registration_id = $1
             AND question_id IN (SELECT id FROM questions WHERE event_id = $2 AND key = ANY($3))",
        registration_id,
        event_id,
        keys
    ))
    .await?;
    let values: Vec<AnswerValue> = values_of(registration_id, event_id, answers).collect();
    insert_answers(conn, &values).await
}

/// The answers of the registrations `ids`: (registration, question key, value), in the
/// registrations' order.
pub async fn answers_of(conn: &mut Conn, ids: &[i64]) -> Result<Vec<(i64, String, String)>, AppError> {
    conn.fetch_all(sql!(
        "SELECT a.registration_id, q.key, a.value FROM answers a JOIN questions q ON q.id = a.question_id
         WHERE a.registration_id = ANY($1) ORDER BY a.registration_id, q.position, a.value",
        ids
    ))
    .await
}

/// Gathers `answers_of` rows into each registration's answers.
pub fn by_registration(rows: Vec<(i64, String, String)>) -> std::collections::HashMap<i64, CleanAnswers> {
    let mut out: std::collections::HashMap<i64, CleanAnswers> = std::collections::HashMap::new();
    for (id, key, value) in rows {
        out.entry(id).or_default().entry(key).or_default().push(value);
    }
    out
}

/// Deletes the answers of `ids` to sensitive questions (a passport number): what retention
/// erases first, once the event is over.
pub async fn erase_sensitive(conn: &mut Conn, ids: &[i64]) -> Result<u64, AppError> {
    conn.execute(sql!(
        "DELETE FROM answers WHERE registration_id = ANY($1) AND question_id IN (SELECT id FROM questions WHERE sensitive)",
        ids
    ))
    .await
}

/// Deletes the answers of `ids` that say something about the person (texts, numbers, dates,
/// addresses, phones, and every sensitive answer). Choices, yes/no and countries stay, like the
/// registration's country and organisation type, so the tallies read the same afterwards.
pub async fn erase_personal(conn: &mut Conn, ids: &[i64]) -> Result<u64, AppError> {
    conn.execute(sql!(
        "DELETE FROM answers WHERE registration_id = ANY($1) AND question_id IN
             (SELECT id FROM questions WHERE sensitive OR kind NOT IN ('single_choice', 'multiple_choice', 'yes_no', 'country', 'agreement'))",
        ids
    ))
    .await
}

/// Registrations of events that are over, with a retention period, that still hold sensitive answers.
pub async fn sensitive_past_events(conn: &mut Conn, now: i64) -> Result<Vec<i64>, AppError> {
    conn.scalars(sql!(
        "SELECT DISTINCT a.registration_id FROM answers a
         JOIN questions q ON q.id = a.question_id JOIN events e ON e.id = q.event_id
         WHERE q.sensitive AND e.ends_at <= $1 AND e.retention_days IS NOT NULL ORDER BY a.registration_id",
        now
    ))
    .await
}

/// The answers of `ids` as the API gives them: per registration, an object keyed by question
/// key (archived questions' answers too).
pub async fn answers_json(
    conn: &mut Conn,
    event_id: i64,
    ids: &[i64],
) -> Result<std::collections::HashMap<i64, serde_json::Map<String, serde_json::Value>>, AppError> {
    let questions = of_event(conn, event_id).await?;
    let mut out = std::collections::HashMap::new();
    for (id, answers) in by_registration(answers_of(conn, ids).await?) {
        let object = answers
            .iter()
            .filter_map(|(key, values)| {
                let q = questions.iter().find(|s| &s.question.key == key)?;
                Some((key.clone(), crate::domain::question::answer_to_json(&q.question, values)))
            })
            .collect();
        out.insert(id, object);
    }
    Ok(out)
}
