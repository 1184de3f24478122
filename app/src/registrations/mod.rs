//! Registrations as their owner sees them: the form, the "check your email" page, the manage
//! page reached through the personal link, and the services behind them.
pub mod api;
pub mod form;
pub mod manage;
pub mod question_fields;
#[cfg(feature = "ssr")]
pub mod ssr;

use crate::domain::{RegistrationStatus, SessionChoiceStatus};
use serde::{Deserialize, Serialize};

/// A session as the manage page shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChosenSession {
    pub id: i64,
    pub title: String,
    pub day: String,
    pub time: String,
    pub parallel_group: Option<String>,
    /// `None` when not chosen.
    pub status: Option<SessionChoiceStatus>,
    /// Place on the session's waiting list.
    pub position: Option<i64>,
    pub seats_left: Option<i64>,
}

/// What the manage page shows of one registration. Carries no token.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ManageView {
    pub event_slug: String,
    pub event_title: String,
    pub event_when: String,
    pub event_place: String,
    pub given_name: String,
    pub family_name: String,
    pub email: String,
    pub country: String,
    pub organization: String,
    pub job_title: String,
    pub status: RegistrationStatus,
    pub waitlist_position: Option<i64>,
    pub sessions: Vec<ChosenSession>,
    /// Whether sessions can still be changed and the registration cancelled.
    pub can_change: bool,
    /// The online join link, for confirmed participants only.
    pub join_url: Option<String>,
    /// The event's questions the participant answers (organizer-only ones left out), and
    /// their answers.
    pub questions: Vec<crate::domain::Question>,
    pub answers: crate::domain::Answers,
    /// Whether details and answers can still be corrected, and until when (in the event's zone).
    pub can_correct: bool,
    pub changes_close: String,
}

/// The filters, search, order and page of the registrations table (from the query string).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct RegQuery {
    pub status: String,
    pub country: String,
    pub region: String,
    pub org_type: String,
    pub session: String,
    pub q: String,
    pub sort: String,
    pub page: u32,
    /// Question columns the table shows: their keys, from repeated `col=q.<key>`.
    pub cols: Vec<String>,
    /// Answer filters, question key → stored value, from `a.<key>=<value>`.
    pub answers: std::collections::BTreeMap<String, String>,
}

impl RegQuery {
    /// Reads the question columns and answer filters from a query string's pairs (the keys
    /// are the organizer's, so they cannot be fields of their own).
    pub fn read_answer_params<'a>(&mut self, pairs: impl IntoIterator<Item = (&'a str, &'a str)>) {
        for (k, v) in pairs {
            if k == "col"
                && let Some(key) = v.strip_prefix("q.")
                && !self.cols.iter().any(|c| c == key)
            {
                self.cols.push(key.to_owned());
            } else if let Some(key) = k.strip_prefix("a.")
                && !v.trim().is_empty()
            {
                self.answers.insert(key.to_owned(), v.trim().to_owned());
            }
        }
    }

    /// The question columns and answer filters as query string pairs, to carry them along.
    pub fn answer_params(&self) -> Vec<(String, String)> {
        let cols = self.cols.iter().map(|k| ("col".to_owned(), format!("q.{k}")));
        cols.chain(self.answers.iter().map(|(k, v)| (format!("a.{k}"), v.clone()))).collect()
    }
}
