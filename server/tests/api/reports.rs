//! Reports against hand counts: a fixture of events in several years (a country that joined
//! two events of the same type, a cancelled registration, an event nobody was checked in at, a
//! draft that must not count), the exports, the JSON API, retention and self-service erasure.
use super::helpers::{EventSpec, TestApp, location, person};
use app::{store::BoxFuture, time_fmt::at};
use serde_json::Value;

/// (status, country, organisation type, gender, attended)
type Person = (&'static str, &'static str, &'static str, Option<&'static str>, bool);

struct Past {
    slug: &'static str,
    kind: &'static str,
    tag: &'static str,
    host: Option<&'static str>,
    tz: &'static str,
    date: (i32, u32, u32),
    status: &'static str,
    people: Vec<Person>,
}

async fn insert(app: &TestApp, e: Past) {
    let now = app.state.clock.now();
    app.state
        .store
        .write(move |conn| -> BoxFuture<'_, _> {
            Box::pin(async move {
                let start = at(e.tz, e.date.0, e.date.1, e.date.2, 9, 0);
                let id: i64 = conn.scalar(app::sql!("INSERT INTO events (slug, kind, title, timezone, starts_at, ends_at, online, host_country, activity_tag, status, created_at, updated_at)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id", e.slug, e.kind, format!("Event {}", e.slug), e.tz, start, start + 2 * 86_400, e.host.is_none(), e.host, e.tag, e.status, now, now))
                .await?;
                for (i, (status, country, org, gender, attended)) in e.people.into_iter().enumerate() {
                    // The first person of every event has a name a spreadsheet would run as a formula.
                    let given = if i == 0 { "=HYPERLINK(\"http://evil\")" } else { "Ana" };
                    let reg: i64 = conn.scalar(app::sql!("INSERT INTO registrations (public_id, event_id, given_name, family_name, email, email_norm, country, organization,
                             organization_type, job_title, gender, consent_at, status, created_at, updated_at, checkin_code)
                         VALUES ($1, $2, $3, 'Reyes', $4, $5, $6, 'Ministry', $7, 'Officer', $8, $9, $10, $11, $12, $13) RETURNING id", format!("{}-{i}", e.slug), id, given, format!("p{i}@{}.example", e.slug), format!("p{i}@{}.example", e.slug), country, org, gender, start - 86_400, status, start - 86_400, start - 86_400, format!("C{i}")))
                    .await?;
                    if attended {
                        conn.execute(app::sql!("INSERT INTO checkins (registration_id, session_id, at) VALUES ($1, 0, $2)", reg, start + 600))
                            .await?;
                    }
                }
                Ok(())
            })
        })
        .await
        .unwrap();
}

const G: &str = "government";

async fn fixture(app: &TestApp) {
    let f = Some("female");
    let m = Some("male");
    insert(
        app,
        Past {
            slug: "ntp-vn-2024",
            kind: "training",
            tag: "National Training Program",
            host: Some("VN"),
            tz: "Asia/Ho_Chi_Minh",
            date: (2024, 3, 10),
            status: "published",
            people: vec![
                ("confirmed", "VN", G, f, true),
                ("confirmed", "VN", G, f, true),
                ("confirmed", "VN", G, m, true),
                ("confirmed", "VN", G, m, false),
                ("confirmed", "LA", G, m, true),
                ("cancelled", "KH", G, f, false),
            ],
        },
    )
    .await;
    // Lao PDR joins a second event of the same type: it counts once for the type.
    insert(
        app,
        Past {
            slug: "ntp-kh-2025",
            kind: "training",
            tag: "National Training Program",
            host: Some("KH"),
            tz: "Asia/Phnom_Penh",
            date: (2025, 5, 5),
            status: "archived",
            people: vec![
                ("confirmed", "KH", G, f, true),
                ("confirmed", "KH", G, f, true),
                ("confirmed", "LA", "civil_society", f, true),
                ("waitlisted", "LA", G, m, false),
            ],
        },
    )
    .await;
    // Nobody checked in: its participants are the registered.
    insert(
        app,
        Past {
            slug: "webinar-2025",
            kind: "webinar",
            tag: "",
            host: None,
            tz: "UTC",
            date: (2025, 9, 1),
            status: "published",
            people: vec![
                ("confirmed", "KE", "academia", f, false),
                ("confirmed", "FJ", G, m, false),
                ("confirmed", "FJ", "private_sector", None, false),
                ("cancelled", "TH", G, f, false),
            ],
        },
    )
    .await;
    insert(
        app,
        Past {
            slug: "workshop-2023",
            kind: "workshop",
            tag: "",
            host: Some("TH"),
            tz: "Asia/Bangkok",
            date: (2023, 6, 1),
            status: "published",
            people: vec![("confirmed", "TH", G, m, true), ("confirmed", "TH", G, f, false)],
        },
    )
    .await;
    // A draft never took place: it is in no report.
    insert(
        app,
        Past {
            slug: "draft-2024",
            kind: "training",
            tag: "National Training Program",
            host: Some("MN"),
            tz: "UTC",
            date: (2024, 8, 1),
            status: "draft",
            people: vec![("confirmed", "MN", G, f, true)],
        },
    )
    .await;
}

async fn json(app: &TestApp, token: &str, path: &str) -> Value {
    let r = app.client.get(app.url(path)).bearer_auth(token).send().await.unwrap();
    assert_eq!(r.status(), 200, "{path}");
    r.json().await.unwrap()
}

fn line(activity: &Value, name: &str) -> Value {
    activity["lines"].as_array().unwrap().iter().find(|l| l["activity"] == name).cloned().unwrap_or(Value::Null)
}

#[tokio::test]
async fn tallies_and_the_activity_table_agree_with_a_hand_count() {
    let app = TestApp::spawn().await;
    fixture(&app).await;
    let (_, token) = app.admin_client().await;

    let r = json(&app, &token, "/api/v1/events/ntp-vn-2024/report").await;
    assert_eq!(r["states"]["registered"], 6);
    assert_eq!(r["states"]["confirmed"], 5);
    assert_eq!(r["states"]["cancelled"], 1);
    assert_eq!(r["states"]["attended"], 4);
    assert_eq!(r["attendance_rate"], 80);
    let t = &r["tallies"];
    assert_eq!(t["country"]["VN"]["registered"], 4);
    assert_eq!(t["country"]["VN"]["attended"], 3);
    assert_eq!(t["country"]["LA"]["attended"], 1);
    assert!(t["country"]["KH"].is_null(), "the cancelled registration is not counted");
    assert_eq!(t["grouping"]["member"]["registered"], 5);
    assert_eq!(t["grouping"]["lldc"]["attended"], 1);
    assert_eq!(t["region"]["Asia"]["registered"], 5);
    assert_eq!(t["subregion"]["South-eastern Asia"]["attended"], 4);
    assert_eq!(t["gender"]["female"]["registered"], 2);
    assert_eq!(t["gender"]["male"]["registered"], 3);
    assert_eq!(t["organization_type"]["government"]["attended"], 4);
    assert_eq!(r["sentence"], "4 participants from 2 countries: 4 government representatives; 50% women");

    // An undone check-in no longer counts (the `attended` flag follows `checkins`).
    let undo = |sql: &'static str| {
        app.state.store.write(move |conn| -> BoxFuture<'_, _> {
            Box::pin(async move {
                conn.execute(app::sql!(sql.to_owned())).await?;
                Ok(())
            })
        })
    };
    undo("DELETE FROM checkins WHERE registration_id = (SELECT id FROM registrations WHERE public_id = 'ntp-vn-2024-0')").await.unwrap();
    let again = json(&app, &token, "/api/v1/events/ntp-vn-2024/report").await;
    assert_eq!(again["tallies"]["country"]["VN"]["attended"], 2);
    undo("INSERT INTO checkins (registration_id, session_id, at) SELECT id, -1, 0 FROM registrations WHERE public_id = 'ntp-vn-2024-0'")
        .await
        .unwrap();
    let back = json(&app, &token, "/api/v1/events/ntp-vn-2024/report").await;
    assert_eq!(back["tallies"]["country"]["VN"]["attended"], 3, "a check-in on one day counts again");

    let w = json(&app, &token, "/api/v1/events/webinar-2025/report").await;
    assert_eq!(w["has_checkins"], false);
    assert_eq!(w["attendance_rate"], Value::Null);
    assert_eq!(w["sentence"], "3 participants from 2 countries: 1 government, 1 private sector, 1 academic representatives; 33% women");

    let a = json(&app, &token, "/api/v1/reports/activity?from=2024&to=2025").await;
    let ntp = line(&a, "National Training Program");
    assert_eq!((ntp["events"].as_i64(), ntp["countries"].as_i64(), ntp["participants"].as_i64()), (Some(2), Some(3), Some(7)));
    assert_eq!(ntp["country_codes"], serde_json::json!(["KH", "LA", "VN"]));
    assert_eq!(ntp["hosts"], serde_json::json!(["KH", "VN"]));
    let web = line(&a, "webinar");
    assert_eq!((web["events"].as_i64(), web["countries"].as_i64(), web["participants"].as_i64()), (Some(1), Some(2), Some(3)));
    assert_eq!(web["hosts"], serde_json::json!([]));
    assert!(line(&a, "workshop").is_null(), "2023 is outside the range");
    assert_eq!(
        (a["total"]["events"].as_i64(), a["total"]["countries"].as_i64(), a["total"]["participants"].as_i64()),
        (Some(3), Some(5), Some(10))
    );

    let all = json(&app, &token, "/api/v1/reports/activity?from=2023&to=2025").await;
    assert_eq!(line(&all, "workshop")["participants"], 1);
    assert_eq!(
        (all["total"]["events"].as_i64(), all["total"]["countries"].as_i64(), all["total"]["participants"].as_i64()),
        (Some(4), Some(6), Some(11))
    );
}

#[tokio::test]
async fn pages_show_the_sentence_chart_and_history_and_small_counts_hide_when_printed() {
    let app = TestApp::spawn().await;
    fixture(&app).await;
    let (client, token) = app.admin_client().await;
    let page = |path: &'static str| {
        let client = client.clone();
        let url = app.url(path);
        async move {
            let r = client.get(url).send().await.unwrap();
            assert_eq!(r.status(), 200, "{path}");
            r.text().await.unwrap().replace("<!>", "")
        }
    };
    let report = page("/admin/events/ntp-vn-2024/report").await;
    assert!(report.contains("4 participants from 2 countries: 4 government representatives; 50% women"));
    assert!(report.contains("<svg") && report.contains("class=\"bar-attended\""), "a chart drawn on the server");
    assert!(report.contains("Viet Nam"));
    let activity = page("/admin/reports?from=2024&to=2025").await;
    assert!(activity.contains("National Training Program"));
    assert!(
        activity.contains("/admin/reports/countries/LA?from=2024&amp;to=2025")
            || activity.contains("/admin/reports/countries/LA?from=2024&to=2025")
    );
    let history = page("/admin/reports/countries/LA").await;
    assert!(history.contains("Event ntp-vn-2024") && history.contains("Event ntp-kh-2025"), "both events Lao officials took part in");
    let bad = page("/admin/reports?from=19x&to=2025").await;
    assert!(bad.contains("id=\"from-error\""), "a bad year is named beside its field");

    // The threshold hides small cells in the printed page and the files, not on screen.
    let r = client
        .post(app.url("/admin/events/ntp-vn-2024/report"))
        .header("content-type", "application/x-www-form-urlencoded")
        .header("sec-fetch-site", "same-origin")
        .body("threshold=2&retention_days=")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let printed = page("/admin/events/ntp-vn-2024/report?print=1").await;
    assert!(printed.contains("&lt; 2"), "Lao PDR's single participant is hidden when printed");
    let csv = client.get(app.url("/admin/events/ntp-vn-2024/report.csv")).send().await.unwrap().text().await.unwrap();
    assert!(csv.contains("Lao People's Democratic Republic,LA,< 2,< 2") || csv.contains("LA,< 2,< 2"), "{csv}");
    // With Lao PDR hidden, Viet Nam's count would give it away (the total is published): withheld.
    assert!(csv.contains("Viet Nam,VN,x,x"), "{csv}");
    assert!(!printed.contains("1 / 1") && !printed.contains("4 / 3"), "the printed charts draw no hidden or withheld count");
    assert!(printed.contains(">x<"), "the withheld counts are marked");
    let published = json(&app, &token, "/api/v1/events/ntp-vn-2024/report").await;
    assert_eq!(published["tallies"]["country"]["VN"]["registered"], Value::Null, "the API withholds it too");
    assert_eq!(published["tallies"]["country"]["LA"]["registered"], Value::Null);
    let r = client
        .post(app.url("/admin/events/ntp-vn-2024/report"))
        .header("content-type", "application/x-www-form-urlencoded")
        .header("sec-fetch-site", "same-origin")
        .body("threshold=lots&retention_days=30")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    let body = r.text().await.unwrap();
    assert!(body.contains("id=\"threshold-error\"") && body.contains("value=\"30\""), "the error beside the field, the other value kept");
}

#[tokio::test]
async fn attendee_lists_export_as_csv_and_xlsx_neutralised_and_audited() {
    use calamine::{Data, Reader, Xlsx};
    let app = TestApp::spawn().await;
    fixture(&app).await;
    let (client, token) = app.admin_client().await;
    let r = client
        .get(app.url("/admin/events/ntp-vn-2024/registrations.csv?col=given_name&col=country_code&col=status&bom=1&sort=created"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["content-type"], "text/csv; charset=utf-8");
    assert!(r.headers()["content-disposition"].to_str().unwrap().starts_with("attachment; filename=\"ntp-vn-2024-registrations-"));
    let body = r.bytes().await.unwrap();
    assert!(body.starts_with("\u{feff}".as_bytes()));
    let text = std::str::from_utf8(&body[3..]).unwrap();
    let lines: Vec<&str> = text.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert_eq!(lines[0], "Given name,Country code,Status");
    assert_eq!(lines.len(), 7, "a header and six registrations");
    assert_eq!(lines[1], "\"'=HYPERLINK(\"\"http://evil\"\")\",VN,Confirmed");
    // Compressed for a browser, and the stream ends cleanly (the compression layer polls the
    // body once more after its end).
    let r = client.get(app.url("/admin/events/ntp-vn-2024/registrations.csv")).header("accept-encoding", "gzip").send().await.unwrap();
    assert_eq!(r.headers()["content-encoding"], "gzip");
    assert!(r.bytes().await.is_ok(), "the whole file arrives");
    // The table's filters apply: only the cancelled one.
    let r = client.get(app.url("/admin/events/ntp-vn-2024/registrations.csv?status=cancelled&col=country_code")).send().await.unwrap();
    assert_eq!(r.text().await.unwrap(), "Country code\r\nKH\r\n");

    let r = app
        .client
        .get(app.url("/api/v1/events/ntp-vn-2024/registrations.xlsx?col=given_name&col=email"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let bytes = r.bytes().await.unwrap().to_vec();
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
    let sheet = book.sheet_names()[0].clone();
    let range = book.worksheet_range(&sheet).unwrap();
    let rows: Vec<Vec<Data>> = range.rows().map(<[Data]>::to_vec).collect();
    assert_eq!(rows.len(), 7);
    assert_eq!(rows[0], vec![Data::String("Given name".into()), Data::String("Email".into())]);
    assert!(rows.iter().any(|r| r[0] == Data::String("'=HYPERLINK(\"http://evil\")".into())), "text, never a formula");
    // Unauthenticated: nothing.
    assert_eq!(app.get("/admin/events/ntp-vn-2024/registrations.csv").await.status(), 401);

    // Each export is in the audit log with who and how many rows (written once the file is done).
    for _ in 0..50 {
        if app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'export'").await >= 4 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert_eq!(
        app.count(
            "SELECT COUNT(*) FROM audit_log WHERE action = 'export' AND actor = 'head@un.org' AND detail = 'registrations.csv: 6 rows'"
        )
        .await,
        2,
        "the whole list, plain and compressed"
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'export' AND detail = 'registrations.xlsx: 6 rows'").await, 1);
}

#[tokio::test]
async fn retention_erases_the_people_and_keeps_every_count() {
    let app = TestApp::spawn().await;
    fixture(&app).await;
    let (_, token) = app.admin_client().await;
    let before = (
        json(&app, &token, "/api/v1/events/ntp-vn-2024/report").await,
        json(&app, &token, "/api/v1/reports/activity?from=2023&to=2025").await,
    );
    app.state
        .store
        .write(|conn| -> BoxFuture<'_, _> {
            Box::pin(async move {
                conn.execute(app::sql!("UPDATE events SET retention_days = 365 WHERE slug = 'ntp-vn-2024'")).await?;
                Ok(())
            })
        })
        .await
        .unwrap();
    let erased = app::registrations::ssr::erasure::run_once(&app.state.ctx()).await.unwrap();
    assert_eq!(erased, 6, "every registration of the event past its retention period");
    assert_eq!(
        app.count("SELECT COUNT(*) FROM registrations WHERE email LIKE '%ntp-vn-2024%' OR given_name != ''").await,
        11,
        "only other events' people keep their names"
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM registrations r JOIN events e ON e.id = r.event_id WHERE e.slug = 'ntp-vn-2024' AND r.erased_at IS NOT NULL AND r.email = ''").await, 6);
    let mut after = (
        json(&app, &token, "/api/v1/events/ntp-vn-2024/report").await,
        json(&app, &token, "/api/v1/reports/activity?from=2023&to=2025").await,
    );
    assert_eq!(after.1, before.1, "the activity table is the same");
    assert_eq!(after.0["tallies"], before.0["tallies"], "every tally is the same");
    after.0["states"] = before.0["states"].clone();
    assert_eq!(after.0, before.0, "and so is the whole report");
    assert_eq!(app::registrations::ssr::erasure::run_once(&app.state.ctx()).await.unwrap(), 0, "erased once");
}

#[tokio::test]
async fn a_participant_downloads_and_erases_their_data_and_the_seat_goes_to_the_next() {
    let app = TestApp::spawn().await;
    app.add_event(EventSpec { capacity: Some(1), ..Default::default() }).await;
    for email in ["first@gov.example", "second@gov.example"] {
        assert_eq!(app.register_api("forum", &person(email, &[])).await.status(), 202);
        let mail = app.smtp.wait_for(email, "confirm").await;
        app.follow(&mail.link("confirm").unwrap()).await;
    }
    assert_eq!(app.count("SELECT COUNT(*) FROM registrations WHERE status = 'waitlisted'").await, 1);
    let mail = app.smtp.wait_for("first@gov.example", "You are registered").await;
    let manage = mail.link("manage").unwrap();
    let path = manage.trim_start_matches(&app.base).to_owned();

    let r = app.get(&format!("{path}/data.json")).await;
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["cache-control"], "no-store");
    let data: Value = r.json().await.unwrap();
    assert_eq!(data["registration"]["email"], "first@gov.example");
    assert_eq!(data["registration"]["country"], "PH");
    assert!(data["emails"].as_array().unwrap().len() >= 2, "the emails sent are listed");

    let r = app.post_form(&format!("{path}/erase"), &[]).await;
    assert_eq!(location(&r), format!("{path}?error=erase_confirm#erase"), "nothing happens without the box ticked");
    let page = app.get(&format!("{path}?error=erase_confirm")).await.text().await.unwrap();
    assert!(page.contains("id=\"erase-confirm-error\""));
    assert_eq!(app.count("SELECT COUNT(*) FROM registrations WHERE erased_at IS NOT NULL").await, 0);

    let r = app.post_form(&format!("{path}/erase"), &[("confirm", "yes")]).await;
    assert_eq!(location(&r), "/link/erased");
    assert_eq!(app.count("SELECT COUNT(*) FROM registrations WHERE email = 'first@gov.example'").await, 0);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM registrations WHERE erased_at IS NOT NULL AND status = 'cancelled' AND country = 'PH'").await,
        1
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM outbox o JOIN registrations r ON r.id = o.registration_id WHERE r.erased_at IS NOT NULL").await,
        0
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM registrations WHERE email = 'second@gov.example' AND status = 'confirmed'").await,
        1,
        "the seat went to the next in line"
    );
    assert_eq!(app.get(&path).await.status(), 404, "the manage link no longer opens");
    assert_eq!(app.get(&format!("{path}/data.json")).await.status(), 303);
}

#[tokio::test]
async fn security_headers_on_pages_and_json_and_rate_limits_answer_429() {
    let app = TestApp::spawn_limited().await;
    app.add_event(EventSpec::default()).await;
    let page = app.get("/events/forum").await;
    let csp = page.headers()["content-security-policy"].to_str().unwrap().to_owned();
    let html = page.text().await.unwrap();
    let nonce = csp.split("'nonce-").nth(1).and_then(|s| s.split('\'').next()).expect("a nonce in the policy");
    assert!(html.contains(&format!("nonce=\"{nonce}\"")), "Leptos's scripts carry the policy's nonce");
    assert!(!csp.contains("unsafe-inline") && csp.contains("frame-ancestors 'none'"));
    let api = app.get("/api/v1/events").await;
    let h = api.headers();
    assert_eq!(h["x-content-type-options"], "nosniff");
    assert_eq!(h["referrer-policy"], "same-origin");
    assert!(h["content-security-policy"].to_str().unwrap().starts_with("default-src 'none'"));
    assert!(h.get("strict-transport-security").is_none(), "no HSTS on a loopback address");
    assert_eq!(app.get("/manage/not-a-token").await.headers()["cache-control"], "no-store");

    // One email address: five registrations an hour, then 429 with the time to wait.
    for i in 0..5 {
        let r = app.register_api("forum", &person("same@gov.example", &[])).await;
        assert_eq!(r.status(), 202, "attempt {i}");
    }
    let r = app.register_api("forum", &person("same@gov.example", &[])).await;
    assert_eq!(r.status(), 429);
    let wait: i64 = r.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert!(wait > 3000 && wait <= 3600, "{wait}");
    assert_eq!(app.register_api("forum", &person("other@gov.example", &[])).await.status(), 202, "other people are not affected");
    // The form shows it beside the email field.
    let r = app
        .post_form(
            "/events/forum/register",
            &[
                ("given_name", "Ana"),
                ("family_name", "Reyes"),
                ("email", "same@gov.example"),
                ("country", "PH"),
                ("organization", "DFA"),
                ("organization_type", "government"),
                ("job_title", "Director"),
                ("consent", "on"),
                ("language", "en"),
            ],
        )
        .await;
    assert_eq!(r.status(), 429);
    let body = r.text().await.unwrap();
    assert!(body.contains("Too many registrations with this email address"), "the message beside the field");
}
