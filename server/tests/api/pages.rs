//! The public pages' cache (`server::page_cache`): a page is served from memory only while no
//! write has committed since it was rendered, and every answer carries its own nonce.
use super::helpers::{EventSpec, TestApp};
use app::store::BoxFuture;

fn nonce(html: &str) -> String {
    let at = html.find("nonce=\"").expect("a script with a nonce") + "nonce=\"".len();
    html[at..at + html[at..].find('"').unwrap()].to_owned()
}

#[tokio::test]
async fn a_cached_page_changes_with_the_next_write_and_never_repeats_a_nonce() {
    let app = TestApp::spawn().await;
    app.add_event(EventSpec::default()).await;
    let first = app.get("/events/forum").await;
    let policy = first.headers()["content-security-policy"].to_str().unwrap().to_owned();
    let first = first.text().await.unwrap();
    assert!(first.contains("Test Forum"));
    let second = app.get("/events/forum").await;
    let second_policy = second.headers()["content-security-policy"].to_str().unwrap().to_owned();
    let second = second.text().await.unwrap();
    // Served twice (the second from memory): each answer's nonce is its own, in page and policy.
    assert_ne!(nonce(&first), nonce(&second));
    assert!(policy.contains(&format!("'nonce-{}'", nonce(&first))));
    assert!(second_policy.contains(&format!("'nonce-{}'", nonce(&second))));
    assert_eq!(first.replace(&nonce(&first), ""), second.replace(&nonce(&second), ""));

    // A write commits: the next answer is rendered anew.
    app.state
        .store
        .write(|conn| -> BoxFuture<'_, _> {
            Box::pin(async move {
                conn.execute(app::sql!("UPDATE events SET title = 'Renamed Forum' WHERE slug = 'forum'")).await?;
                Ok(())
            })
        })
        .await
        .unwrap();
    let rendered = std::time::Instant::now();
    let third = app.get("/events/forum").await.text().await.unwrap();
    assert!(third.contains("Renamed Forum") && !third.contains("Test Forum"));

    // A change behind the writer's back (no commit counted) shows that answers come from memory.
    app.exec_behind("UPDATE events SET title = 'Changed Outside' WHERE slug = 'forum'").await;
    let cached = app.get("/events/forum").await.text().await.unwrap();
    if rendered.elapsed() < std::time::Duration::from_millis(900) {
        assert!(cached.contains("Renamed Forum"), "the page was rendered again instead of served from memory");
    }
    // And that memory lasts at most a second.
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    assert!(app.get("/events/forum").await.text().await.unwrap().contains("Changed Outside"));
    let list = app.get("/events").await.text().await.unwrap();
    assert!(list.contains("Changed Outside"));
}

/// The cache's freshness counts commits; the mail worker once woke itself with an empty claim
/// after each of its own commits, so an idle server committed without end and no page stayed
/// cached.
#[tokio::test]
async fn an_idle_server_commits_nothing() {
    let app = TestApp::spawn().await;
    app.add_event(EventSpec::default()).await;
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    let before = app.state.store.commits();
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    assert_eq!(app.state.store.commits(), before);
}

/// Leptos suppresses every resource of the process while it generates a route list (a global
/// flag), and a resource first polled meanwhile never loads: its page never answers. Several
/// instances of the application in one process (the integration tests, one per test) build
/// their routers while others render, so the list is generated once per process
/// (`server::router::build`). Here one router is built after another while pages render.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_render_while_other_routers_are_built() {
    use std::sync::{
        Arc,
        atomic::{AtomicBool, Ordering},
    };
    let app = TestApp::spawn().await;
    app.add_event(EventSpec::default()).await;
    let stop = Arc::new(AtomicBool::new(false));
    let builder = tokio::task::spawn_blocking({
        let (state, stop) = (app.state.clone(), stop.clone());
        move || {
            let mut built = 0;
            while !stop.load(Ordering::Relaxed) {
                drop(server::router::build(state.clone()));
                built += 1;
            }
            built
        }
    });
    let mut hung = 0;
    for _ in 0..300 {
        // The registration form is rendered for every request (only the listing pages are cached).
        let page = tokio::time::timeout(std::time::Duration::from_secs(5), app.client.get(app.url("/events/forum/register")).send()).await;
        if page.is_err() {
            hung += 1;
        }
    }
    stop.store(true, Ordering::Relaxed);
    let built = builder.await.unwrap();
    assert!(built > 10, "routers were built meanwhile: {built}");
    assert_eq!(hung, 0, "of 300 pages rendered while {built} routers were built, {hung} never answered");
}
