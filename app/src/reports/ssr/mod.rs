//! The server side of reports: the queries and counting, the summary sentence, the exports,
//! the retention job and the HTTP handlers for downloads and settings.
pub mod activity;
pub mod attendees;
pub mod event_report;
pub mod export;
pub mod handlers;
pub mod sentence;
pub mod storage;
pub mod tally;
