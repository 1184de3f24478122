//! Documents on the server: what emails carry (`attachments`), rendering (`engine`, Typst with fonts read at start, `qr`), what
//! each document says and who gets it (`compose`, `wording`), issuing and numbering (`issue`),
//! the organizer's and the participant's sides (`service`, `participant`), the tables
//! (`storage`) and the HTTP endpoints (`handlers`).
pub mod attachments;
pub mod compose;
pub mod engine;
pub mod handlers;
pub mod issue;
pub mod merge;
pub mod participant;
pub mod qr;
pub mod service;
pub mod storage;
pub mod wording;
