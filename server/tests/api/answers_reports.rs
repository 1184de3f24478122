//! Registration questions where organizers read the data: the registrations table's answer
//! columns and filters, the attendee exports' question columns (sensitive ones only when
//! ticked, archived ones kept, formulas neutralised) and the report's tallies per option.
use super::helpers::{EventSpec, TestApp, person};
use serde_json::{Value, json};

fn questions(with_topics: bool) -> Value {
    let mut list = vec![
        json!({"key": "field_visit", "type": "single_choice", "label": "Field visit", "required": true,
               "options": [{"key": "port", "label": "Port"}, {"key": "smart_city", "label": "Smart city"}]}),
        json!({"key": "passport_number", "type": "short_text", "label": "Passport number", "sensitive": true}),
        json!({"key": "remarks", "type": "short_text", "label": "Remarks"}),
    ];
    if with_topics {
        list.push(json!({"key": "topics", "type": "multiple_choice", "label": "Topics",
                         "options": [{"key": "trade", "label": "Trade"}, {"key": "transport", "label": "Transport"}, {"key": "energy", "label": "Energy"}]}));
    }
    Value::Array(list)
}

/// Five people: (email, field visit, topics, remarks, checked in); all confirmed.
const PEOPLE: &[(&str, &str, &[&str], &str, bool)] = &[
    ("a@gov.example", "port", &["trade", "transport"], "=1+1", true),
    ("b@gov.example", "port", &["trade"], "", true),
    ("c@gov.example", "port", &[], "", false),
    ("d@gov.example", "smart_city", &["energy"], "", true),
    ("e@gov.example", "smart_city", &["trade"], "", false),
];

async fn fixture(app: &TestApp, token: &str) {
    app.add_event(EventSpec { slug: "forum", ..EventSpec::default() }).await;
    let r = app.client.put(app.url("/api/v1/events/forum/questions")).bearer_auth(token).json(&questions(true)).send().await.unwrap();
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
    for (i, (email, visit, topics, remarks, _)) in PEOPLE.iter().enumerate() {
        let mut body = person(email, &[]);
        let mut answers = json!({"field_visit": visit, "passport_number": format!("P{i}00"), "topics": topics});
        if !remarks.is_empty() {
            answers["remarks"] = json!(remarks);
        }
        body["answers"] = answers;
        let r = app.register_api("forum", &body).await;
        assert!(r.status().is_success(), "{}", r.text().await.unwrap());
    }
    // Confirmed (as the email link would), and some checked in at the desk.
    app.exec("UPDATE registrations SET status = 'confirmed'").await;
    for (email, .., attended) in PEOPLE {
        if *attended {
            app.exec(&format!(
                "INSERT INTO checkins (registration_id, session_id, at) SELECT id, 0, 1 FROM registrations WHERE email = '{email}'"
            ))
            .await;
        }
    }
    // The topics question leaves the form; its answers stay.
    let r = app.client.put(app.url("/api/v1/events/forum/questions")).bearer_auth(token).json(&questions(false)).send().await.unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(app.count("SELECT COUNT(*) FROM questions WHERE key = 'topics' AND archived_at IS NOT NULL").await, 1);
}

/// The file's rows (RFC 4180; none of these fields holds a line break).
fn csv_rows(text: &str) -> Vec<Vec<String>> {
    let text = text.trim_start_matches('\u{feff}');
    text.split("\r\n")
        .filter(|l| !l.is_empty())
        .map(|line| {
            let (mut fields, mut field, mut quoted, mut chars) = (Vec::new(), String::new(), false, line.chars().peekable());
            while let Some(c) = chars.next() {
                match (c, quoted) {
                    ('"', true) if chars.peek() == Some(&'"') => {
                        field.push('"');
                        chars.next();
                    }
                    ('"', _) => quoted = !quoted,
                    (',', false) => fields.push(std::mem::take(&mut field)),
                    _ => field.push(c),
                }
            }
            fields.push(field);
            fields
        })
        .collect()
}

#[tokio::test]
async fn answers_reports_table_columns_filters_and_history() {
    let app = TestApp::spawn().await;
    let (client, token) = app.admin_client().await;
    fixture(&app, &token).await;
    let page = |path: String| {
        let client = client.clone();
        let url = app.url(&path);
        async move {
            let r = client.get(url).send().await.unwrap();
            assert_eq!(r.status(), 200);
            r.text().await.unwrap().replace("<!>", "")
        }
    };
    // Filtered by an answer: only the two who chose the smart city visit.
    let smart = page("/admin/events/forum/registrations?a.field_visit=smart_city&col=q.field_visit&col=q.topics".into()).await;
    assert!(smart.contains("d@gov.example") && smart.contains("e@gov.example"), "{smart}");
    assert!(!smart.contains("a@gov.example") && !smart.contains("c@gov.example"));
    assert!(smart.contains("<th>Field visit</th>") && smart.contains("<th>Topics</th>"), "the chosen columns");
    assert!(smart.contains(">Smart city</td>") && smart.contains(">Energy</td>"), "answers by their labels");
    assert!(smart.contains("name=\"a.field_visit\"") && smart.contains("value=\"q.passport_number\""), "the filter form offers them");
    // Multiple values joined; the sensitive column shown to an organizer who asks for it.
    let all = page("/admin/events/forum/registrations?col=q.topics&col=q.passport_number&sort=created".into()).await;
    assert!(all.contains(">Trade; Transport</td>"), "{all}");
    assert!(all.contains(">P000</td>"));
    // The archived question still filters.
    let trade = page("/admin/events/forum/registrations?a.topics=trade".into()).await;
    assert_eq!(["a@gov", "b@gov", "e@gov"].iter().filter(|e| trade.contains(*e)).count(), 3);
    assert!(!trade.contains("c@gov.example") && !trade.contains("d@gov.example"));

    // A participant's correction shows in the table and the detail page, with its audit line.
    let id: i64 = app.value("SELECT id FROM registrations WHERE email = 'b@gov.example'").await;
    app.exec(&format!("UPDATE registrations SET details_changed_at = 1700000000 WHERE id = {id}")).await;
    app.exec(&format!(
        "INSERT INTO audit_log (at, actor, action, event_id, registration_id, detail)
         SELECT 1700000000, 'participant', 'registration.correct', event_id, id, 'registration {id} corrected by the participant: given_name' FROM registrations WHERE id = {id}"
    ))
    .await;
    let table = page("/admin/events/forum/registrations".into()).await;
    assert_eq!(table.matches(">Corrected</span>").count(), 1, "one corrected registration");
    let detail = page(format!("/admin/registrations/{id}")).await;
    assert!(detail.contains("id=\"corrected\""), "{detail}");
    assert!(detail.contains("corrected by the participant: given_name") && detail.contains("registration.correct"));
    assert!(detail.contains("<dt>Field visit</dt><dd>Port</dd>") && detail.contains("<dt>Topics</dt><dd>Trade</dd>"), "{detail}");

    // Check-in staff never see a sensitive answer.
    let staff = app::accounts::ssr::service::NewUser {
        email: "desk@un.org".into(),
        name: "Desk".into(),
        role: app::domain::Role::Checkin,
        events: vec![],
        all_events: true,
        password: Some("a long enough passphrase".into()),
    };
    app::accounts::ssr::service::create_user(&app.state.ctx(), None, staff).await.unwrap();
    let desk = app.sign_in("desk@un.org", "a long enough passphrase").await;
    let body = desk.get(app.url(&format!("/admin/registrations/{id}"))).send().await.unwrap().text().await.unwrap();
    assert!(!body.contains("P100") && !body.contains("Passport number"), "{body}");
    let body = desk.get(app.url("/admin/events/forum/registrations?col=q.passport_number")).send().await.unwrap().text().await.unwrap();
    assert!(!body.contains("P100") && !body.contains("Passport number"));
}

#[tokio::test]
async fn answers_reports_exports_have_a_column_per_question() {
    use calamine::{Data, Reader, Xlsx};
    let app = TestApp::spawn().await;
    let (client, token) = app.admin_client().await;
    fixture(&app, &token).await;
    let get = |path: &str| client.get(app.url(path)).send();

    // Every question that is not sensitive, archived ones with answers too, in English.
    let text = get("/admin/events/forum/registrations.csv?col=email&sort=created").await.unwrap().text().await.unwrap();
    let rows = csv_rows(&text);
    assert_eq!(rows[0], ["Email", "Field visit", "Remarks", "Topics"], "no sensitive column unless ticked");
    assert_eq!(rows[1], ["a@gov.example", "Port", "'=1+1", "Trade; Transport"], "labels joined, the formula neutralised");
    assert_eq!(rows[3], ["c@gov.example", "Port", "", ""]);
    assert_eq!(rows.len(), 6);

    // Ticked: the sensitive answers come too; with the table's answer filter.
    let text = get("/admin/events/forum/registrations.csv?col=email&sensitive=1&a.field_visit=smart_city&sort=created")
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let rows = csv_rows(&text);
    assert_eq!(rows[0], ["Email", "Field visit", "Passport number", "Remarks", "Topics"]);
    assert_eq!(rows[1], ["d@gov.example", "Smart city", "P300", "", "Energy"]);
    assert_eq!(rows.len(), 3, "only the filtered people");

    // Chosen in the form: only the ticked questions (`col=q.` alone: none).
    let text = get("/admin/events/forum/registrations.csv?col=email&col=q.&col=q.topics&sort=created").await.unwrap().text().await.unwrap();
    assert_eq!(csv_rows(&text)[0], ["Email", "Topics"]);
    let text = get("/admin/events/forum/registrations.csv?col=email&col=q.&sort=created").await.unwrap().text().await.unwrap();
    assert_eq!(csv_rows(&text)[0], ["Email"]);

    let r =
        app.client.get(app.url("/api/v1/events/forum/registrations.xlsx?col=email&sort=created")).bearer_auth(&token).send().await.unwrap();
    assert_eq!(r.status(), 200);
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(r.bytes().await.unwrap().to_vec())).unwrap();
    let sheet = book.sheet_names()[0].clone();
    let cells: Vec<Vec<Data>> = book.worksheet_range(&sheet).unwrap().rows().map(<[Data]>::to_vec).collect();
    let s = |v: &str| Data::String(v.into());
    assert_eq!(cells[0], vec![s("Email"), s("Field visit"), s("Remarks"), s("Topics")]);
    assert_eq!(cells[1], vec![s("a@gov.example"), s("Port"), s("'=1+1"), s("Trade; Transport")]);
    let formulas = book.worksheet_formula(&sheet).unwrap();
    assert!(formulas.used_cells().all(|(_, _, f)| f.is_empty()), "no cell is a formula");
}

#[tokio::test]
async fn answers_reports_tally_each_option_with_the_threshold() {
    let app = TestApp::spawn().await;
    let (client, token) = app.admin_client().await;
    fixture(&app, &token).await;
    let report = |app: &TestApp| {
        let r = app.client.get(app.url("/api/v1/events/forum/report")).bearer_auth(&token).send();
        async move { r.await.unwrap().json::<Value>().await.unwrap() }
    };
    let r = report(&app).await;
    assert_eq!(r["questions"]["field_visit"], json!({"port": 3, "smart_city": 2}));
    assert_eq!(r["questions_attended"]["field_visit"], json!({"port": 2, "smart_city": 1}));
    assert_eq!(r["questions"]["topics"], json!({"trade": 3, "transport": 1, "energy": 1}), "an archived question with answers");
    assert!(r["questions"].get("remarks").is_none() && r["questions"].get("passport_number").is_none(), "texts are not tallied");
    let html = client.get(app.url("/admin/events/forum/report")).send().await.unwrap().text().await.unwrap().replace("<!>", "");
    assert!(html.contains("id=\"question-field_visit\""), "{html}");
    assert!(html.contains("<th scope=\"row\">Smart city</th><td class=\"num\">2</td><td class=\"num\">1</td>"), "{html}");

    // A threshold of 2 hides the ones in the JSON, the printed page and the files.
    let r = client
        .post(app.url("/admin/events/forum/report"))
        .header("content-type", "application/x-www-form-urlencoded")
        .header("sec-fetch-site", "same-origin")
        .body("threshold=2&retention_days=")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let r = report(&app).await;
    assert_eq!(r["questions"]["topics"], json!({"trade": 3, "transport": null, "energy": null}));
    // One hidden option (Smart city's 1) would follow from the answer count: Port's 2 is withheld with it.
    assert_eq!(r["questions_attended"]["field_visit"], json!({"port": null, "smart_city": null}));
    let printed = client.get(app.url("/admin/events/forum/report?print=1")).send().await.unwrap().text().await.unwrap().replace("<!>", "");
    assert!(printed.contains("<th scope=\"row\">Smart city</th><td class=\"num\">2</td><td class=\"num\">&lt; 2</td>"), "{printed}");
    let csv = client.get(app.url("/admin/events/forum/report.csv")).send().await.unwrap().text().await.unwrap();
    assert!(csv.contains("Topics,Code,Registered,Attended"), "{csv}");
    assert!(printed.contains("<th scope=\"row\">Port</th><td class=\"num\">3</td><td class=\"num\">x</td>"), "{printed}");
    assert!(csv.contains("Transport,transport,< 2,< 2") && csv.contains("Port,port,3,x"), "{csv}");
}
