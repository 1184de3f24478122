//! The server side of people across events: their storage, the unique counts and the
//! erasure's share of them (`counting`), and the person's page and merges (`service`).
pub mod counting;
pub mod handlers;
pub mod service;
pub mod storage;
