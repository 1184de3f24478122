//! The OpenAPI document against the router: every route of the API's table is documented with
//! its method, every documented operation is in the table, and the table is what the live
//! server serves (no row answers 405). The document itself parses and its `$ref`s resolve.
use super::helpers::TestApp;
use reqwest::Method;
use serde_json::Value;
use std::collections::BTreeSet;

/// Where the API is nested (server/src/router.rs).
const PREFIX: &str = "/api/v1";

/// Documented operations served outside the table: `/healthz` sits beside the API, not in it.
const OUTSIDE_TABLE: &[(&str, &str)] = &[("/healthz", "get")];

/// The operation keys of an OpenAPI path item (the others are `parameters`, `summary`, ...).
const OPERATIONS: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch", "trace"];

async fn document(app: &TestApp) -> Value {
    let r = app.get("/api/v1/openapi.json").await;
    assert_eq!(r.status(), 200);
    let text = r.text().await.unwrap();
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("openapi.json does not parse: {e}"))
}

/// (path, lower-case method) of every documented operation.
fn documented(doc: &Value) -> BTreeSet<(String, String)> {
    let paths = doc["paths"].as_object().expect("the document has paths");
    let mut out = BTreeSet::new();
    for (path, item) in paths {
        for method in item.as_object().expect("a path item is an object").keys() {
            if OPERATIONS.contains(&method.as_str()) {
                out.insert((path.clone(), method.clone()));
            }
        }
    }
    out
}

/// (path, lower-case method) of every row of the route table, as served.
fn table() -> BTreeSet<(String, String)> {
    let mut out = BTreeSet::new();
    for r in app::api::route_table() {
        let row = (format!("{PREFIX}{}", r.path), r.method.as_str().to_lowercase());
        assert!(out.insert(row.clone()), "{row:?} is in the route table twice");
    }
    out
}

#[tokio::test]
async fn openapi_lists_exactly_the_routes_of_the_table() {
    let app = TestApp::spawn().await;
    let doc = document(&app).await;
    let documented = documented(&doc);
    let mut served = table();
    served.extend(OUTSIDE_TABLE.iter().map(|(p, m)| (p.to_string(), m.to_string())));
    let undocumented: Vec<_> = served.difference(&documented).collect();
    let unserved: Vec<_> = documented.difference(&served).collect();
    assert!(undocumented.is_empty(), "routes missing from openapi.json: {undocumented:?}");
    assert!(unserved.is_empty(), "openapi.json documents routes the API does not have: {unserved:?}");
}

#[tokio::test]
async fn openapi_refs_resolve_and_path_parameters_are_declared() {
    let app = TestApp::spawn().await;
    let doc = document(&app).await;
    assert!(doc["openapi"].as_str().is_some_and(|v| v.starts_with("3.")), "an OpenAPI 3 document");
    let mut refs = Vec::new();
    collect_refs(&doc, &mut refs);
    assert!(!refs.is_empty());
    for r in &refs {
        let pointer = r.strip_prefix('#').unwrap_or_else(|| panic!("$ref {r} is not inside the document"));
        assert!(doc.pointer(pointer).is_some(), "$ref {r} resolves to nothing");
    }
    // Each `{name}` of a path is declared as a path parameter of each of its operations.
    for (path, method) in documented(&doc) {
        let op = &doc["paths"][&path][&method];
        let declared: BTreeSet<&str> =
            op["parameters"].as_array().into_iter().flatten().filter(|p| p["in"] == "path").filter_map(|p| p["name"].as_str()).collect();
        for name in path_params(&path) {
            assert!(declared.contains(name), "{method} {path} does not declare its path parameter {name}");
        }
    }
}

#[tokio::test]
async fn openapi_route_table_is_what_the_server_serves() {
    let app = TestApp::spawn().await;
    let mut rows: Vec<(String, String)> = table().into_iter().collect();
    rows.extend(OUTSIDE_TABLE.iter().map(|(p, m)| (p.to_string(), m.to_string())));
    for (path, method) in &rows {
        let url = app.url(&placeholders(path));
        let method = Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
        // No token: an organizer route answers 401 (or a body rejection), a public one 404 or
        // 422 for the placeholder; what matters is that the method is routed at that path.
        let r = app.client.request(method.clone(), &url).header("content-type", "application/json").body("{}").send().await.unwrap();
        let status = r.status();
        let html = r.headers().get("content-type").and_then(|v| v.to_str().ok()).is_some_and(|v| v.starts_with("text/html"));
        assert_ne!(status, 405, "{method} {path}: the router does not serve this method");
        // The site's HTML fallback answers any path nobody routes; the API never answers HTML.
        assert!(!html, "{method} {path}: answered by the page fallback ({status}), so the API does not route this path");
    }
    // The control: a method no row has is refused with 405 at each path, so the probe above
    // would see a row whose method the router does not serve.
    let paths: BTreeSet<&String> = rows.iter().map(|(p, _)| p).collect();
    for path in paths {
        let r = app.client.delete(app.url(&placeholders(path))).send().await.unwrap();
        assert_eq!(r.status(), 405, "DELETE {path}");
    }
}

/// `/events/{slug}` → `/events/1`: one placeholder fits every parameter (slugs, ids, decisions).
fn placeholders(path: &str) -> String {
    let mut out = String::new();
    let mut rest = path;
    while let Some(open) = rest.find('{') {
        let close = rest[open..].find('}').expect("a closed path parameter") + open;
        out.push_str(&rest[..open]);
        out.push('1');
        rest = &rest[close + 1..];
    }
    out + rest
}

fn path_params(path: &str) -> Vec<&str> {
    path.split('/').filter_map(|seg| seg.strip_prefix('{').and_then(|s| s.strip_suffix('}'))).collect()
}

fn collect_refs(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(map) => {
            for (k, child) in map {
                match (k.as_str(), child) {
                    ("$ref", Value::String(r)) => out.push(r.clone()),
                    _ => collect_refs(child, out),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|c| collect_refs(c, out)),
        _ => {}
    }
}
