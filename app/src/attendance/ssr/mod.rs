//! The server side of online attendance: matching a report's people to registrations
//! (`matching`), its tables (`storage`), the rules of uploading, saving and the threshold
//! (`service`), and the HTML form endpoints (`handlers`).
pub mod country_names;
pub mod handlers;
pub mod matching;
pub mod service;
pub mod storage;
