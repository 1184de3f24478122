//! The house's layers, checked on the source: the infrastructure (store, mail, errors, the
//! service context) knows no concept; concepts' services and storage know neither the HTTP
//! layer nor the application state nor the back office's pages; and the participant's path
//! (registrations) does not depend on the back office (admin). Endpoints (`handlers.rs`,
//! server functions) are where the layers meet.
use std::{fs, path::Path};

fn sources(dir: &Path, out: &mut Vec<(String, String)>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let text = fs::read_to_string(&path).unwrap();
            // Comments say what things are for; only code counts.
            let code: String = text.lines().filter(|l| !l.trim_start().starts_with("//")).collect::<Vec<_>>().join("\n");
            out.push((path.display().to_string(), code));
        }
    }
}

/// Whether `code` names `module` as a path of this crate (`crate::m`, or `m::` inside a
/// `crate::{...}` tree), or, for a type, names it at all.
fn uses(code: &str, module: &str) -> bool {
    if module.starts_with(char::is_uppercase) {
        return code.contains(module);
    }
    let needle = format!("{module}::");
    code.match_indices(&needle).any(|(at, _)| {
        let before = &code[..at];
        let prev = before.chars().next_back();
        let path_start = !prev.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':');
        path_start && (before.ends_with("crate::") || !before.trim_end().ends_with("::") && in_crate_tree(before))
    }) || code.contains(&format!("crate::{module}::"))
        || code.contains(&format!("crate::{module};"))
}

/// Whether the text before a position is inside an open `crate::{` tree.
fn in_crate_tree(before: &str) -> bool {
    let Some(open) = before.rfind("crate::{") else { return false };
    let inside = &before[open..];
    inside.matches('{').count() > inside.matches('}').count()
}

fn violations(root: &str, forbidden: &[&str], skip: &[&str]) -> Vec<String> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src").join(root);
    let mut files = Vec::new();
    if src.is_dir() {
        sources(&src, &mut files);
    } else {
        files.push((src.display().to_string(), fs::read_to_string(src.with_extension("rs")).unwrap()));
    }
    let mut found = Vec::new();
    for (path, code) in files {
        if skip.iter().any(|s| path.ends_with(s)) {
            continue;
        }
        for m in forbidden {
            if uses(&code, m) {
                found.push(format!("{path} uses {m}"));
            }
        }
    }
    found
}

const CONCEPTS: &[&str] = &["events", "registrations", "accounts", "checkin", "reports", "admin", "api"];
const HTTP: &[&str] = &["state", "web", "admin", "api", "AppState"];

#[test]
fn the_infrastructure_knows_no_concept() {
    let mut found = Vec::new();
    for root in ["store", "mail", "error.rs", "context.rs", "clock.rs", "tokens.rs", "domain"] {
        found.extend(violations(root, CONCEPTS, &[]));
    }
    assert!(found.is_empty(), "{found:#?}");
}

#[test]
fn services_and_storage_know_no_http_layer_and_no_back_office() {
    let mut found = Vec::new();
    for root in ["events/ssr", "registrations/ssr", "accounts/ssr", "reports/ssr", "checkin"] {
        found.extend(violations(root, HTTP, &["handlers.rs"]));
    }
    assert!(found.is_empty(), "{found:#?}");
}

#[test]
fn the_participant_s_path_does_not_depend_on_the_back_office() {
    let found = violations("registrations", &["admin"], &[]);
    assert!(found.is_empty(), "{found:#?}");
}

#[test]
fn the_check_sees_a_violation() {
    // The negative control: a use of the state in a service is found.
    assert!(uses("use crate::{context::Ctx, state::AppState};", "AppState"));
    assert!(uses("use crate::{\n    admin::RegQuery,\n};", "admin"));
    assert!(!uses("use crate::{registrations::RegQuery};", "admin"));
}
