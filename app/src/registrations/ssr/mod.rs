//! The registration services: each write is a function applied to an open transaction by the
//! store's writer, so seat counts and the changes they decide are read and written atomically.
//! `storage` and `bulk` hold the statements; `seats` the seat rules; `service` the
//! participant's path, `batch` its set-based form for rushes; `organizer` the back office's
//! decisions; `emails` what each change tells the person; `privacy` and `erasure` a person's
//! own data and its erasure. `handlers` are the HTML form endpoints.
pub mod batch;
pub mod bulk;
pub mod corrections;
pub mod emails;
pub mod erasure;
pub mod handlers;
pub mod messages;
pub mod organizer;
pub mod privacy;
pub mod seats;
pub mod service;
pub mod storage;
