//! Integration tests: the whole HTTP interface on a fresh database per test, with email
//! delivered to a real SMTP server running in the test process.
mod answers_reports;
mod attendance;
mod batches;
mod copy_data;
mod documents;
mod faults;
mod helpers;
mod instances;
mod nominations;
mod openapi;
mod organizer;
mod pages;
mod participant;
mod people;
mod questions;
mod questions_admin;
mod race;
mod reports;
mod security;
mod smtp;
