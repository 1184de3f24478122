//! Documents people carry: visa letters, badges and certificates, read back from the PDFs
//! with `pdftotext` (poppler-utils), in Latin, Arabic and Chinese scripts; verification and
//! revocation; certificates sent through the outbox as attachments; and pages of each
//! document, in Arabic and Chinese, compared with reference images so broken shaping fails.
use super::helpers::{EventSpec, Setup, TestApp, location, person};
use app::documents::ssr::{
    compose::{self, LetterDetails, Letterhead, Passport},
    engine::{Documents, Input, Inputs, Template},
    storage::{BadgeRow, DocumentRow, Settings},
};
use reqwest::Client;
use serde_json::{Value, json};
use unicode_normalization::UnicodeNormalization;

/// The text of a PDF as `pdftotext` reads it, in a comparable form: Arabic presentation forms
/// folded to their letters (NFKC), bidi controls dropped, all whitespace removed (Chinese has
/// none, and line breaks fall where the layout put them).
pub fn pdf_text(pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("doc.pdf");
    std::fs::write(&path, pdf).unwrap();
    let out = std::process::Command::new("pdftotext")
        .arg("-enc")
        .arg("UTF-8")
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext runs (poppler-utils)");
    assert!(out.status.success(), "pdftotext: {}", String::from_utf8_lossy(&out.stderr));
    squash(&String::from_utf8_lossy(&out.stdout))
}

pub fn squash(s: &str) -> String {
    s.nfkc()
        .filter(|c| !c.is_whitespace() && !matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'))
        .collect()
}

/// Whether `text` holds `word` in either direction: pdftotext gives right-to-left runs in
/// visual order on some lines.
fn holds(text: &str, word: &str) -> bool {
    let (text, w) = (text.to_lowercase(), squash(word).to_lowercase());
    text.contains(&w) || text.contains(&w.chars().rev().collect::<String>())
}

async fn pdf(client: &Client, url: &str) -> (u16, Vec<u8>) {
    let r = client.get(url).send().await.unwrap();
    let status = r.status().as_u16();
    let ctype = r.headers().get("content-type").map(|v| v.to_str().unwrap().to_owned()).unwrap_or_default();
    let bytes = r.bytes().await.unwrap().to_vec();
    if status == 200 {
        assert_eq!(ctype, "application/pdf");
        assert!(bytes.starts_with(b"%PDF-"), "a PDF");
    }
    (status, bytes)
}

/// Registers and confirms a person; returns (registration id, manage link).
async fn registered(app: &TestApp, email: &str, given: &str, family: &str) -> (i64, String) {
    let mut body = person(email, &[]);
    body["given_name"] = json!(given);
    body["family_name"] = json!(family);
    assert_eq!(app.register_api("forum", &body).await.status(), 202);
    let confirm = app.smtp.wait_for(email, "Please confirm").await.link("confirm").unwrap();
    app.follow(&confirm).await;
    let manage = app.smtp.wait_for(email, "You are registered").await.link("manage").unwrap();
    let id: i64 = app.value(&format!("SELECT id FROM registrations WHERE email = '{email}'")).await;
    (id, manage)
}

#[tokio::test]
async fn letters_badges_certificates_and_their_verification() {
    let app = TestApp::spawn().await;
    app.add_event(EventSpec::default()).await;
    let (admin, token) = app.admin_client().await;
    let api = |path: &str| {
        let (c, url, token) = (app.client.clone(), app.url(path), token.clone());
        async move { c.get(url).bearer_auth(token).send().await.unwrap() }
    };
    let (karma, karma_manage) = registered(&app, "karma@gov.bt", "Karma", "Wangchuk").await;
    let (mohammed, _) = registered(&app, "m.haddad@gov.jo", "محمد Ali", "حداد").await;
    let (li, li_manage) = registered(&app, "li.wei@gov.cn", "伟", "李").await;
    app.exec(&format!("UPDATE registrations SET language = 'ar' WHERE id = {mohammed}")).await;
    app.exec(&format!("UPDATE registrations SET language = 'zh' WHERE id = {li}")).await;

    // Off by default: no letter, no certificate, and the API says why.
    let r = api(&format!("/api/v1/registrations/{karma}/letter.pdf")).await;
    assert_eq!(r.status(), 409);
    assert!(r.text().await.unwrap().contains("does not offer invitation letters"));
    let r = admin
        .post(app.url("/admin/events/forum/documents"))
        .form(&[
            ("letters", "on"),
            ("certificates", "on"),
            ("badge_layout", "a6"),
            ("office", "Plenary Project Office"),
            ("signatory_name", "Jane Doe"),
            ("signatory_title", "Head of Office"),
            ("certificate_min_days", "9"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422, "more days than the event has is refused");
    assert!(r.text().await.unwrap().contains("The event has fewer days than this."));
    let r = admin
        .post(app.url("/admin/events/forum/documents"))
        .form(&[
            ("letters", "on"),
            ("certificates", "on"),
            ("badge_layout", "a6"),
            ("office", "Plenary Project Office"),
            ("signatory_name", "Jane Doe"),
            ("signatory_title", "Head of Office"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(location(&r), "/admin/events/forum/documents?done=saved");

    // A letter needs passport details: the registration has none, so the participant is asked.
    let r = api(&format!("/api/v1/registrations/{karma}/letter.pdf")).await;
    assert_eq!(r.status(), 409);
    assert!(r.text().await.unwrap().contains("passport"));
    let manage_path = karma_manage.trim_start_matches(&app.base).to_owned();
    let page = app.get(&manage_path).await.text().await.unwrap();
    assert!(page.contains("id=\"passport-form\""), "the manage page asks for the passport");
    let refused = app
        .post_form(
            &format!("{manage_path}/passport"),
            &[("passport_number", "12"), ("nationality", "BT"), ("passport_expires", "2020-01-01")],
        )
        .await;
    assert_eq!(refused.status(), 422);
    let refused = refused.text().await.unwrap();
    assert!(
        refused.contains("A passport number has 5 to 20 letters and digits.")
            && refused.contains("The passport must be valid after the event ends.")
    );
    assert!(refused.contains("value=\"12\""), "what was typed stays");
    let given = app
        .post_form(
            &format!("{manage_path}/passport"),
            &[("passport_number", "PB 123 4567"), ("nationality", "BT"), ("passport_expires", "2031-05-31")],
        )
        .await;
    assert_eq!(location(&given), format!("{manage_path}?done=letter_ready#documents"));
    let (status, letter) = pdf(&app.client, &format!("{karma_manage}/letter.pdf")).await;
    assert_eq!(status, 200);
    let text = pdf_text(&letter);
    let reference: String =
        app.value(&format!("SELECT reference FROM documents WHERE registration_id = {karma} AND kind = 'letter'")).await;
    assert_eq!(reference, "FORUM/L/0001");
    for word in ["Karma Wangchuk", "PB1234567", "Test Forum", "FORUM/L/0001", "Jane Doe", "Bhutan"] {
        assert!(holds(&text, word), "the letter says {word}: {text}");
    }
    // Downloading again gives the same letter, counted for the organizers.
    pdf(&app.client, &format!("{karma_manage}/letter.pdf")).await;
    assert_eq!(app.count(&format!("SELECT downloads FROM documents WHERE registration_id = {karma}")).await, 2);
    assert_eq!(app.count("SELECT COUNT(*) FROM documents").await, 1);

    // An organizer issues one by hand, in Arabic, with the passport details they were sent.
    let r = admin
        .post(app.url("/admin/events/forum/documents/issue"))
        .form(&[
            ("issue.person", "m.haddad@gov.jo"),
            ("issue.kind", "letter"),
            ("passport_number", "N0123456"),
            ("nationality", "JO"),
            ("passport_expires", "2030-01-01"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(location(&r), "/admin/events/forum/documents?done=issued#issued");
    let r = admin
        .post(app.url("/admin/events/forum/documents/issue"))
        .form(&[("issue.person", "nobody@example.org"), ("issue.kind", "letter")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    assert!(r.text().await.unwrap().contains("No registration of this event has this reference or address."));
    let (status, arabic) = pdf(&admin, &app.url(&format!("/admin/registrations/{mohammed}/letter.pdf"))).await;
    assert_eq!(status, 200);
    let text = pdf_text(&arabic);
    for word in ["محمد", "Ali", "حداد", "N0123456", "FORUM/L/0002", "الأردن"] {
        assert!(holds(&text, word), "the Arabic letter says {word}: {text}");
    }

    // Certificates go only to people who attended.
    let r = api(&format!("/api/v1/registrations/{li}/certificate.pdf")).await;
    assert_eq!(r.status(), 409);
    assert_eq!(r.json::<Value>().await.unwrap()["error"], "this person did not attend");
    for id in [karma, li] {
        let r = app
            .client
            .post(app.url(&format!("/api/v1/registrations/{id}/checkins")))
            .bearer_auth(&token)
            .json(&json!({}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
    }
    let (status, certificate) = pdf(&app.client, &app.url(&format!("/api/v1/registrations/{li}/certificate.pdf"))).await;
    assert_eq!(status, 401, "the API needs a token");
    let r = api(&format!("/api/v1/registrations/{li}/certificate.pdf")).await;
    assert_eq!(r.status(), 200);
    let certificate_bytes = r.bytes().await.unwrap().to_vec();
    let _ = certificate;
    let text = pdf_text(&certificate_bytes);
    let code: String = app.value(&format!("SELECT code FROM documents WHERE registration_id = {li} AND kind = 'certificate'")).await;
    for word in ["李伟", "Test Forum", &code, "出席证书"] {
        assert!(holds(&text, word), "the Chinese certificate says {word}: {text}");
    }
    let raw = String::from_utf8_lossy(&certificate_bytes);
    assert!(raw.contains("pdfaid:part") && raw.contains("2"), "certificates are PDF/A-2");
    // Not yet over: the participant's manage page offers the letter but not the certificate.
    let li_page = app.get(li_manage.trim_start_matches(&app.base)).await.text().await.unwrap();
    assert!(!li_page.contains("certificate-download"));

    // Verification: public, says what the document is, then that it was revoked.
    let v: Value = app.get(&format!("/api/v1/verify/{code}")).await.json().await.unwrap();
    assert_eq!(v["valid"], true);
    assert_eq!(v["kind"], "certificate");
    assert_eq!(v["holder"], "李伟", "a Chinese name is written family name first, without a space");
    assert_eq!(v["event"], "Test Forum");
    assert!(v.get("email").is_none() && !v.to_string().contains("li.wei@gov.cn"), "nothing else about the person");
    let page = app.get(&format!("/verify/{code}")).await;
    assert_eq!(page.status(), 200);
    assert!(page.text().await.unwrap().contains("is valid"));
    let doc_id: i64 = app.value(&format!("SELECT id FROM documents WHERE code = '{code}'")).await;
    let r = admin.post(app.url(&format!("/admin/events/forum/documents/{doc_id}/revoke"))).send().await.unwrap();
    assert_eq!(location(&r), "/admin/events/forum/documents?done=doc_revoked#issued");
    let v: Value = app.get(&format!("/api/v1/verify/{code}")).await.json().await.unwrap();
    assert_eq!(v["valid"], false);
    assert!(v["revoked"].is_string());
    assert!(
        app.get(&format!("/verify/{code}"))
            .await
            .text()
            .await
            .unwrap()
            .contains("Not valid: this Certificate of attendance was revoked on")
    );
    assert_eq!(app.get("/verify/0000-0000-0000-0000").await.status(), 404);
    assert_eq!(app.get("/api/v1/verify/0000-0000-0000-0000").await.status(), 404);

    // "Send certificates": one email each, the certificate attached as a PDF; the revoked one
    // is replaced by a new certificate with a new code.
    let r = admin.post(app.url("/admin/events/forum/documents/certificates")).send().await.unwrap();
    assert_eq!(location(&r), "/admin/events/forum/documents?done=certificates_sent&n=2#issued");
    for who in ["karma@gov.bt", "li.wei@gov.cn"] {
        // Each in the person's language (Li's subject is Chinese): find it by its attachment.
        let with_pdf = async || app.smtp.to(who).iter().any(|m| m.raw.contains("Content-Type: application/pdf"));
        assert!(super::helpers::eventually(20, with_pdf).await, "{who} gets the certificate attached");
        let mail = app.smtp.to(who).into_iter().find(|m| m.raw.contains("application/pdf")).unwrap();
        assert!(mail.raw.contains("certificate-FORUM-C-"), "named after its reference");
        assert_eq!(app.smtp.to(who).iter().filter(|m| m.raw.contains("application/pdf")).count(), 1, "once");
    }
    assert!(
        super::helpers::eventually(10, async || app
            .count("SELECT COUNT(*) FROM outbox WHERE document_id IS NOT NULL AND status = 'sent'")
            .await
            == 2)
        .await
    );
    let page = admin.get(app.url("/admin/events/forum/documents")).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("FORUM/C/0002") && page.contains("FORUM/L/0001"));
    let again = admin.post(app.url("/admin/events/forum/documents/certificates")).send().await.unwrap();
    assert_eq!(location(&again), "/admin/events/forum/documents?done=certificates_sent&n=0#issued", "nobody gets two");

    // Badges: the table's filters select whom; every script prints.
    let (status, badges) = pdf(&admin, &app.url("/admin/events/forum/badges.pdf?status=confirmed")).await;
    assert_eq!(status, 200);
    let text = pdf_text(&badges);
    for word in ["Karma", "Wangchuk", "محمد", "حداد", "伟", "李", "Participant", "مشارك", "与会者"] {
        assert!(holds(&text, word), "the badges say {word}: {text}");
    }
    let r = app.client.get(app.url("/api/v1/events/forum/badges.pdf?country=PH&q=Karma")).bearer_auth(&token).send().await.unwrap();
    assert_eq!(r.status(), 200);
    let one = pdf_text(&r.bytes().await.unwrap());
    assert!(holds(&one, "Karma") && !holds(&one, "حداد"), "filtered: {one}");
    // A speaker's badge, printed alone at the desk, in French.
    let r = admin
        .post(app.url(&format!("/admin/registrations/{karma}/badge-role")))
        .form(&[("badge_role", "speaker"), ("back", &format!("/admin/registrations/{karma}"))])
        .send()
        .await
        .unwrap();
    assert_eq!(location(&r), format!("/admin/registrations/{karma}?done=badge_role"));
    let (status, badge) = pdf(&admin, &app.url(&format!("/admin/registrations/{karma}/badge.pdf?lang=fr"))).await;
    assert_eq!(status, 200);
    let text = pdf_text(&badge);
    let code: String = app.value(&format!("SELECT checkin_code FROM registrations WHERE id = {karma}")).await;
    assert!(holds(&text, "Intervenant") && holds(&text, &code), "{text}");
}

#[tokio::test]
async fn certificates_need_the_days_the_event_asks_for_and_the_event_to_be_over() {
    let app = TestApp::spawn().await;
    app.add_event(EventSpec::default()).await;
    let (admin, _) = app.admin_client().await;
    let (ana, manage) = registered(&app, "ana@example.org", "Ana", "Reyes").await;
    let r = admin
        .post(app.url("/admin/events/forum/documents"))
        .form(&[("certificates", "on"), ("badge_layout", "a4x8"), ("certificate_min_days", "3")])
        .send()
        .await
        .unwrap();
    assert_eq!(location(&r), "/admin/events/forum/documents?done=saved");
    // The test event runs four days from 40 days ahead; check in on two of them.
    let starts: i64 = app.value("SELECT starts_at FROM events WHERE slug = 'forum'").await;
    app.exec(&format!("INSERT INTO checkins (registration_id, session_id, at) VALUES ({ana}, 0, {})", starts + 3600)).await;
    app.exec(&format!("INSERT INTO checkins (registration_id, session_id, at) VALUES ({ana}, 1, {})", starts + 86_400 + 3600)).await;
    let (status, body) = pdf(&admin, &app.url(&format!("/admin/registrations/{ana}/certificate.pdf"))).await;
    assert_eq!(status, 409);
    assert!(String::from_utf8_lossy(&body).contains("fewer days"));
    app.exec(&format!("INSERT INTO checkins (registration_id, session_id, at) VALUES ({ana}, 2, {})", starts + 2 * 86_400 + 3600)).await;
    let (status, _) = pdf(&admin, &app.url(&format!("/admin/registrations/{ana}/certificate.pdf"))).await;
    assert_eq!(status, 200);
    // The participant downloads it only once the event is over.
    let r = app.follow(&format!("{manage}/certificate.pdf")).await;
    assert_eq!(r.status(), 303);
    app.exec("UPDATE events SET starts_at = starts_at - 60 * 86400, ends_at = ends_at - 60 * 86400").await;
    app.exec(&format!("UPDATE checkins SET at = at - 60 * 86400 WHERE registration_id = {ana}")).await;
    let (status, pdf_bytes) = pdf(&app.client, &format!("{manage}/certificate.pdf")).await;
    assert_eq!(status, 200);
    assert!(holds(&pdf_text(&pdf_bytes), "Ana Reyes"));
    // An A4 sheet of eight badges for the one person with a badge.
    let (status, sheet) = pdf(&admin, &app.url("/admin/events/forum/badges.pdf")).await;
    assert_eq!(status, 200);
    assert!(holds(&pdf_text(&sheet), "Ana"));
}

#[tokio::test]
async fn without_fonts_documents_are_off_with_a_message_not_a_broken_pdf() {
    let empty = tempfile::tempdir().unwrap();
    let Documents::Off(why) = Documents::load(empty.path()) else { panic!("documents without fonts") };
    assert!(why.contains("NotoSans-Regular.ttf") && why.contains("fonts-noto-core"), "{why}");
    let app = TestApp::with(Setup { no_fonts: true, ..Setup::default() }).await;
    app.add_event(EventSpec::default()).await;
    let (admin, _) = app.admin_client().await;
    let r = admin.get(app.url("/admin/events/forum/badges.pdf")).send().await.unwrap();
    assert_eq!(r.status(), 503);
    assert!(r.text().await.unwrap().contains("documents"));
    let page = admin.get(app.url("/admin/events/forum/documents")).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("id=\"documents-unavailable\""));
}

#[tokio::test]
async fn the_verification_page_is_rate_limited() {
    let app = TestApp::spawn_limited().await;
    let mut last = 0;
    for i in 0..130 {
        last = app.get(&format!("/api/v1/verify/AAAA-BBBB-CCCC-{i:04}")).await.status().as_u16();
        if last == 429 {
            break;
        }
    }
    assert_eq!(last, 429, "guessing codes from one address is stopped");
}

// ---- Reference images ----

fn event(lang_title: &str) -> app::events::ssr::EventRow {
    use app::domain::{EventKind, EventStatus, Visibility};
    app::events::ssr::EventRow {
        id: 1,
        slug: "digital-forum-2026".into(),
        kind: EventKind::Conference,
        title: lang_title.into(),
        summary: String::new(),
        description: String::new(),
        online: false,
        venue: Some("Songdo Convensia".into()),
        city: Some("Incheon".into()),
        host_country: Some("KR".into()),
        join_url: None,
        timezone: "Asia/Seoul".into(),
        starts_at: 1_780_000_000,
        ends_at: 1_780_000_000 + 3 * 86_400,
        registration_opens_at: None,
        registration_closes_at: None,
        capacity: None,
        requires_approval: false,
        visibility: Visibility::Public,
        status: EventStatus::Published,
        activity_tag: String::new(),
        changes_close_at: None,
    }
}

fn doc(kind: &str, lang: &str, holder: &str) -> DocumentRow {
    let details = LetterDetails {
        passport: Passport { name: String::new(), number: "N0123456".into(), nationality: "JO".into(), expires: "2031-01-31".into() },
        organization: "وزارة الاقتصاد الرقمي".into(),
        country: "JO".into(),
    };
    DocumentRow {
        id: 1,
        code: "7KQ2-M9XD-4HPA-T0RE".into(),
        kind: kind.into(),
        event_id: 1,
        registration_id: 1,
        reference: "DIGITAL-FORUM-2026/X/0007".into(),
        holder_name: holder.into(),
        language: lang.into(),
        details: serde_json::to_string(&details).unwrap(),
        issued_at: 1_779_000_000,
        issued_by: None,
        downloads: 0,
        downloaded_at: None,
        revoked_at: None,
    }
}

fn badge_row(given: &str, family: &str, org: &str, country: &str, lang: &str) -> BadgeRow {
    BadgeRow {
        id: 1,
        public_id: "r1".into(),
        given_name: given.into(),
        family_name: family.into(),
        organization: org.into(),
        country: country.into(),
        language: lang.into(),
        checkin_code: Some("K7QX2MPA".into()),
        badge_role: "speaker".into(),
    }
}

/// Each document type in Arabic and in Chinese, with fixed inputs (code, dates), as the
/// template gets them.
fn reference_cases() -> Vec<(String, Template, Inputs)> {
    let head = Letterhead {
        settings: Settings {
            letters: true,
            certificates: true,
            office: "Plenary Project Office".into(),
            signatory_name: "Jane Doe".into(),
            signatory_title: "Head of Office".into(),
            ..Default::default()
        },
        logo: None,
        signature: None,
        base_url: "https://events.example.org".into(),
    };
    let mut cases = Vec::new();
    for (lang, name, title, badge) in [
        ("ar", "محمد Ali حداد", "المنتدى الإقليمي للحكومة الرقمية", badge_row("محمد Ali", "حداد", "وزارة الاقتصاد الرقمي", "JO", "ar")),
        ("zh", "李伟", "区域数字政府论坛", badge_row("伟", "李", "国务院发展研究中心", "CN", "zh")),
    ] {
        let e = event(title);
        cases.push((format!("letter-{lang}"), Template::Letter, compose::letter(&e, &doc("letter", lang, name), &head)));
        cases.push((
            format!("certificate-{lang}"),
            Template::Certificate,
            compose::certificate(&e, &doc("certificate", lang, name), &head),
        ));
        cases.push((format!("badge-{lang}"), Template::Badge, compose::badges(&e, "a6", &[badge], None)));
    }
    cases
}

/// Page one of a PDF as 8-bit grey pixels at 40 dpi, through `pdftoppm`.
fn raster(pdf: &[u8]) -> (u32, u32, Vec<u8>) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("d.pdf"), pdf).unwrap();
    let status = std::process::Command::new("pdftoppm")
        .args(["-r", "40", "-gray", "-png", "-f", "1", "-l", "1", "-singlefile"])
        .arg(dir.path().join("d.pdf"))
        .arg(dir.path().join("page"))
        .status()
        .expect("pdftoppm runs (poppler-utils)");
    assert!(status.success());
    decode(&std::fs::read(dir.path().join("page.png")).unwrap())
}

fn decode(png_bytes: &[u8]) -> (u32, u32, Vec<u8>) {
    let mut reader = png::Decoder::new(std::io::Cursor::new(png_bytes)).read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    buf.truncate(info.buffer_size());
    assert_eq!(info.bit_depth, png::BitDepth::Eight);
    let channels = info.color_type.samples();
    // Grey as the mean of the colour channels (alpha left out).
    let colours = if matches!(info.color_type, png::ColorType::GrayscaleAlpha | png::ColorType::Rgba) { channels - 1 } else { channels };
    let grey = buf.chunks(channels).map(|p| (p[..colours].iter().map(|&v| v as u32).sum::<u32>() / colours as u32) as u8).collect();
    (info.width, info.height, grey)
}

/// The share of pixels that differ by more than a quarter of the grey scale.
fn difference(a: &(u32, u32, Vec<u8>), b: &(u32, u32, Vec<u8>)) -> f64 {
    if (a.0, a.1) != (b.0, b.1) {
        return 1.0;
    }
    let differing = a.2.iter().zip(&b.2).filter(|(x, y)| x.abs_diff(**y) > 64).count();
    differing as f64 / a.2.len() as f64
}

/// Pixels that may differ from the reference: anti-aliasing and font hinting across poppler
/// versions move a few edge pixels, never a word.
const TOLERANCE: f64 = 0.004;

#[test]
fn pages_in_arabic_and_chinese_match_their_reference_images() {
    let Documents::Ready(renderer) = super::helpers::documents() else { panic!("the fonts are installed (scripts/setup.sh)") };
    let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/reference");
    let update = std::env::var("PLENARY_UPDATE_REFERENCES").is_ok();
    for (name, template, inputs) in reference_cases() {
        let pdf = renderer.render(template, inputs.clone()).unwrap();
        let page = raster(&pdf);
        let path = folder.join(format!("{name}.png"));
        if update {
            std::fs::create_dir_all(&folder).unwrap();
            let dir = tempfile::tempdir().unwrap();
            std::fs::write(dir.path().join("d.pdf"), &pdf).unwrap();
            std::process::Command::new("pdftoppm")
                .args(["-r", "40", "-gray", "-png", "-f", "1", "-l", "1", "-singlefile"])
                .arg(dir.path().join("d.pdf"))
                .arg(folder.join(&name))
                .status()
                .unwrap();
            continue;
        }
        let reference =
            decode(&std::fs::read(&path).unwrap_or_else(|_| panic!("{} (make it with PLENARY_UPDATE_REFERENCES=1)", path.display())));
        let d = difference(&page, &reference);
        assert!(d <= TOLERANCE, "{name}: {:.2}% of pixels differ from {}", d * 100.0, path.display());
    }
}

/// Every text of `inputs` passed through `f`.
fn map_texts(inputs: Inputs, f: &dyn Fn(&str) -> String) -> Inputs {
    fn one(i: Input, f: &dyn Fn(&str) -> String) -> Input {
        match i {
            Input::Text(s) => Input::Text(f(&s)),
            Input::List(items) => Input::List(items.into_iter().map(|i| one(i, f)).collect()),
            Input::Map(m) => Input::Map(map_texts(m, f)),
            other => other,
        }
    }
    Inputs(
        inputs
            .0
            .into_iter()
            .map(|(k, v)| (k, if matches!(k, "lang" | "dir" | "colour" | "layout" | "date_iso") { v } else { one(v, f) }))
            .collect(),
    )
}

/// The negative control: the same pages with shaping broken (each Arabic letter cut from its
/// neighbours by a zero-width non-joiner, so it takes its isolated form; each Chinese
/// character set apart) differ from the references far beyond the tolerance.
#[test]
fn broken_shaping_would_fail_the_reference_images() {
    let Documents::Ready(renderer) = super::helpers::documents() else { panic!("the fonts are installed (scripts/setup.sh)") };
    let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/reference");
    let break_text = |s: &str| s.chars().flat_map(|c| [c, '\u{200c}']).collect::<String>();
    for (name, template, inputs) in reference_cases().into_iter().filter(|(n, _, _)| n.ends_with("-ar")) {
        let broken = map_texts(inputs, &break_text);
        let page = raster(&renderer.render(template, broken).unwrap());
        let reference = decode(&std::fs::read(folder.join(format!("{name}.png"))).unwrap());
        let d = difference(&page, &reference);
        assert!(d > TOLERANCE * 3.0, "{name}: unjoined Arabic differs by only {:.2}%", d * 100.0);
    }
}

#[tokio::test]
async fn the_letter_goes_with_the_confirmation_when_the_event_says_so() {
    let app = TestApp::spawn().await;
    app.add_event(EventSpec::default()).await;
    let (admin, _) = app.admin_client().await;
    let r = admin.post(app.url("/admin/events/forum/questions/preset")).form(&[("preset", "passport")]).send().await.unwrap();
    assert_eq!(r.status(), 303);
    let r = admin
        .post(app.url("/admin/events/forum/documents"))
        .form(&[("letters", "on"), ("letter_attached", "on"), ("badge_layout", "a6")])
        .send()
        .await
        .unwrap();
    assert_eq!(location(&r), "/admin/events/forum/documents?done=saved");
    let register = async |email: &str, answers: Value| {
        let mut body = person(email, &[]);
        body["answers"] = answers;
        let r = app.register_api("forum", &body).await;
        assert_eq!(r.status(), 202, "{}", r.text().await.unwrap());
        app.follow(&app.smtp.wait_for(email, "Please confirm").await.link("confirm").unwrap()).await;
        app.smtp.wait_for(email, "You are registered").await
    };
    let with_passport = json!({"visa_required": "yes", "passport_name": "ANA REYES", "nationality": "PH", "passport_number": "P1234567A",
        "passport_issued": "2022-01-01", "passport_expires": "2032-01-01", "place_of_birth": "Manila", "date_of_birth": "1980-01-01"});
    let mail = register("ana@example.org", with_passport).await;
    assert!(mail.raw.contains("Content-Type: application/pdf") && mail.raw.contains("letter-FORUM-L-0001.pdf"), "the letter is attached");
    // Without passport details there is nothing to print yet: the manage page asks for them.
    let mail = register("ben@example.org", json!({"visa_required": "no"})).await;
    assert!(!mail.raw.contains("application/pdf"), "no letter without a passport");
    assert_eq!(app.count("SELECT COUNT(*) FROM documents").await, 1);
}

#[tokio::test]
async fn badges_for_more_people_than_a_part_come_as_one_pdf_with_every_page() {
    let app = TestApp::spawn().await;
    app.add_event(EventSpec::default()).await;
    let (admin, _) = app.admin_client().await;
    // 250 confirmed people: more than one part (240), so the parts are joined.
    app.exec(
        "WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < 250)
         INSERT INTO registrations (public_id, event_id, given_name, family_name, email, email_norm, country, organization,
             organization_type, job_title, language, consent_at, status, created_at, updated_at, checkin_code)
         SELECT 'p-' || CAST(i AS TEXT), (SELECT id FROM events WHERE slug = 'forum'), 'Given' || CAST(i AS TEXT), 'Family', 
                'p' || CAST(i AS TEXT) || '@example.org', 'p' || CAST(i AS TEXT) || '@example.org', 'PH', 'Ministry', 'government',
                'Officer', 'en', 1, 'confirmed', 1, 1, 'CODE' || CAST(i AS TEXT)
         FROM seq",
    )
    .await;
    let (status, pdf_bytes) = pdf(&admin, &app.url("/admin/events/forum/badges.pdf?sort=created")).await;
    assert_eq!(status, 200);
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("b.pdf"), &pdf_bytes).unwrap();
    let info = std::process::Command::new("pdfinfo").arg(dir.path().join("b.pdf")).output().unwrap();
    let info = String::from_utf8_lossy(&info.stdout);
    assert!(info.lines().any(|l| l.starts_with("Pages:") && l.ends_with(" 250")), "{info}");
    let text = pdf_text(&pdf_bytes);
    for code in ["CODE1", "CODE240", "CODE241", "CODE250"] {
        assert!(text.contains(code), "{code} is printed");
    }
}
