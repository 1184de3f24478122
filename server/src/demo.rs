//! Demo events modelled on the office's real ones, dated from today so they are always
//! upcoming: a four-day forum with parallel workshops, a study visit that needs approval, a
//! webinar and a learning conference co-organised with partners, each asking its own questions
//! as the office would (the forum a field visit and funding, the study visit passport and
//! travel, the webinar the participant's role). The past three years' events,
//! with participants and check-ins for the reports, are in `demo_history.rs`.
use app::store::Conn;
use app::{domain::Question, error::AppError, questions::presets::Preset, state::AppState, store::BoxFuture, time_fmt::at};
use chrono::{Datelike, Duration, Utc};

// The past events and their participants are long tables; they live in their own file.
mod history;

struct Day {
    y: i32,
    m: u32,
    d: u32,
}

/// The calendar date `days` from today.
fn day(days: i64) -> Day {
    let date = Utc::now().date_naive() + Duration::days(days);
    Day { y: date.year(), m: date.month(), d: date.day() }
}

struct NewEvent<'a> {
    slug: &'a str,
    kind: &'a str,
    title: &'a str,
    summary: &'a str,
    description: &'a str,
    online: bool,
    venue: Option<&'a str>,
    city: Option<&'a str>,
    host_country: Option<&'a str>,
    join_url: Option<&'a str>,
    timezone: &'a str,
    starts_at: i64,
    ends_at: i64,
    capacity: Option<i64>,
    requires_approval: bool,
    partners: &'a [&'a str],
}

async fn insert_event(conn: &mut Conn, e: &NewEvent<'_>, now: i64) -> Result<i64, AppError> {
    let id: i64 = conn.scalar(app::sql!("INSERT INTO events (slug, kind, title, summary, description, online, venue, city, host_country, join_url, timezone,
             starts_at, ends_at, registration_opens_at, registration_closes_at, capacity, requires_approval, visibility, status, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, 'public', 'published', $18, $19) RETURNING id", e.slug, e.kind, e.title, e.summary, e.description, e.online, e.venue, e.city, e.host_country, e.join_url, e.timezone, e.starts_at, e.ends_at, now - 3600, e.starts_at - 2 * 24 * 3600, e.capacity, e.requires_approval, now, now))
    .await?;
    for (i, partner) in e.partners.iter().enumerate() {
        conn.execute(app::sql!("INSERT INTO event_partners (event_id, position, name) VALUES ($1, $2, $3)", id, i as i64, partner)).await?;
    }
    Ok(id)
}

// One argument per column of the row it writes, so the seed lists below read as a table.
#[allow(clippy::too_many_arguments)]
async fn session(
    conn: &mut Conn,
    event_id: i64,
    title: &str,
    room: &str,
    start: i64,
    end: i64,
    capacity: Option<i64>,
    group: Option<&str>,
) -> Result<(), AppError> {
    conn.execute(app::sql!(
        "INSERT INTO sessions (event_id, title, room, starts_at, ends_at, capacity, parallel_group) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        event_id,
        title,
        room,
        start,
        end,
        capacity,
        group
    ))
    .await?;
    Ok(())
}

/// The demo's administrator, so a newcomer can open the back office at once. Only made by the
/// demo run (`PLENARY_DEMO`), never by `seed-demo` on a real database.
pub const DEMO_ADMIN: (&str, &str) = ("admin@plenary.localhost", "plenary-demo-admin");

pub async fn seed_admin(state: &AppState) -> Result<(), AppError> {
    use app::accounts::ssr::service::{NewUser, create_user};
    let user = NewUser {
        email: DEMO_ADMIN.0.into(),
        name: "Demo administrator".into(),
        role: app::domain::Role::Admin,
        events: vec![],
        all_events: true,
        password: Some(DEMO_ADMIN.1.into()),
    };
    create_user(&state.ctx(), None, user).await?;
    tracing::info!("demo back office: {}/admin, sign in as {} with password {}", state.config.base_url, DEMO_ADMIN.0, DEMO_ADMIN.1);
    Ok(())
}

/// Adds the demo events when there are none; says whether it did.
pub async fn seed_if_empty(state: &AppState) -> Result<bool, AppError> {
    let now = state.clock.now();
    state.store.write(move |conn| -> BoxFuture<'_, _> { Box::pin(async move { seed(conn, now).await }) }).await
}

async fn seed(conn: &mut Conn, now: i64) -> Result<bool, AppError> {
    let existing: i64 = conn.scalar(app::sql!("SELECT COUNT(*) FROM events")).await?;
    if existing > 0 {
        return Ok(false);
    }
    let seoul = "Asia/Seoul";
    let t = |d: &Day, h: u32, min: u32| at(seoul, d.y, d.m, d.d, h, min);
    let (d1, d2, d3, d4) = (day(60), day(61), day(62), day(63));
    let forum = insert_event(conn, &NewEvent {
        slug: "un-public-service-forum",
        kind: "forum",
        title: "United Nations Public Service Forum",
        summary: "Four days on public service innovation for the Sustainable Development Goals, with the UN Public Service Awards ceremony.",
        description: "The **United Nations Public Service Forum** brings together ministers, senior officials, civil society and the private sector to share how public institutions deliver on the 2030 Agenda.\n\nThe programme opens with a plenary, continues with six parallel capacity-development workshops, an expert group meeting and a study tour, and closes with a ministerial roundtable and the **UN Public Service Awards** ceremony.\n\nSimultaneous interpretation is offered in the six official UN languages in the plenary sessions.",
        online: false,
        venue: Some("Songdo Convensia"),
        city: Some("Incheon"),
        host_country: Some("KR"),
        join_url: None,
        timezone: seoul,
        starts_at: t(&d1, 9, 0),
        ends_at: t(&d4, 17, 30),
        capacity: Some(3000),
        requires_approval: false,
        partners: &["UN Department of Economic and Social Affairs (UN DESA)", "Ministry of the Interior and Safety, Republic of Korea", "Incheon Metropolitan City"],
    }, now).await?;
    session(
        conn,
        forum,
        "Opening plenary: transforming public institutions for the SDGs",
        "Hall A",
        t(&d1, 9, 30),
        t(&d1, 12, 0),
        None,
        None,
    )
    .await?;
    session(conn, forum, "Ministerial roundtable: trust in public institutions", "Room 301", t(&d1, 14, 0), t(&d1, 17, 0), Some(60), None)
        .await?;
    let workshops = [
        ("Workshop 1: Digital government for inclusion", "Room 101", "Day 2 morning"),
        ("Workshop 2: Data governance and privacy", "Room 102", "Day 2 morning"),
        ("Workshop 3: Innovation labs in government", "Room 103", "Day 2 morning"),
        ("Workshop 4: Building resilient institutions for disaster risk reduction", "Room 101", "Day 2 afternoon"),
        ("Workshop 5: Changing mindsets in the public service", "Room 102", "Day 2 afternoon"),
        ("Workshop 6: Open and participatory budgeting", "Room 103", "Day 2 afternoon"),
    ];
    for (i, (title, room, group)) in workshops.iter().enumerate() {
        let (start, end) = if i < 3 { (t(&d2, 9, 0), t(&d2, 12, 30)) } else { (t(&d2, 14, 0), t(&d2, 17, 30)) };
        session(conn, forum, title, room, start, end, Some(150), Some(group)).await?;
    }
    session(
        conn,
        forum,
        "Expert group meeting: effective governance for sustainable development",
        "Room 201",
        t(&d3, 9, 0),
        t(&d3, 17, 0),
        Some(40),
        Some("Day 3"),
    )
    .await?;
    session(
        conn,
        forum,
        "Study tour: Incheon smart city operations centre",
        "Departs from the main entrance",
        t(&d3, 9, 0),
        t(&d3, 16, 0),
        Some(45),
        Some("Day 3"),
    )
    .await?;
    session(conn, forum, "UN Public Service Awards ceremony and closing plenary", "Hall A", t(&d4, 10, 0), t(&d4, 17, 30), None, None)
        .await?;

    questions(conn, forum, [field_visit(), Preset::Funding.questions()].concat(), now).await?;

    let (v1, v5) = (day(90), day(94));
    let study_visit = insert_event(conn, &NewEvent {
        slug: "study-visit-e-government",
        kind: "study_visit",
        title: "Study visit on advancing e-government",
        summary: "Five days with the agencies behind the Republic of Korea's digital government, for 15 nominated officials.",
        description: "A study visit for **15 mid- and high-level officials** nominated by their governments. Participants visit the agencies that run the Republic of Korea's digital public services, discuss their own reform plans with peers and leave with an action plan.\n\nGovernments nominate their officials through their focal points, three per country; registrations are reviewed by the organizers, so please register only if your government has nominated you.",
        online: false,
        venue: Some("UNPOG"),
        city: Some("Incheon"),
        host_country: Some("KR"),
        join_url: None,
        timezone: seoul,
        starts_at: t(&v1, 9, 0),
        ends_at: t(&v5, 17, 0),
        capacity: Some(15),
        requires_approval: true,
        partners: &["National Information Society Agency (NIA)"],
    }, now).await?;
    questions(conn, study_visit, [Preset::PassportAndVisa.questions(), Preset::Travel.questions()].concat(), now).await?;
    focal_points(conn, study_visit, now).await?;

    let w = day(21);
    let webinar = insert_event(conn, &NewEvent {
        slug: "webinar-innovation-disaster-risk",
        kind: "webinar",
        title: "Webinar: government innovation for disaster risk reduction",
        summary: "Ninety minutes on how innovative public institutions prepare for and respond to disasters.",
        description: "Speakers from national disaster management agencies share what worked. The join link is sent to registered participants only.\n\nThe webinar is recorded; slides are shared afterwards.",
        online: true,
        venue: None,
        city: None,
        host_country: None,
        join_url: Some("https://meet.example.org/plenary-demo-webinar"),
        timezone: seoul,
        starts_at: t(&w, 15, 0),
        ends_at: t(&w, 16, 30),
        capacity: Some(500),
        requires_approval: false,
        partners: &[],
    }, now).await?;
    questions(conn, webinar, webinar_role(), now).await?;

    let bangkok = "Asia/Bangkok";
    let (c1, c3) = (day(120), day(122));
    let bt = |d: &Day, h: u32| at(bangkok, d.y, d.m, d.d, h, 0);
    let conference = insert_event(conn, &NewEvent {
        slug: "regional-learning-conference",
        kind: "conference",
        title: "Regional learning conference on institutions for the SDGs",
        summary: "Government, civil society and private sector representatives from Asia and the Pacific learn from each other's reforms.",
        description: "Co-organised with UN ESCAP and UNITAR, the conference brings together about **100 government, civil society and private sector representatives** from across Asia and the Pacific.",
        online: false,
        venue: Some("United Nations Conference Centre"),
        city: Some("Bangkok"),
        host_country: Some("TH"),
        join_url: None,
        timezone: bangkok,
        starts_at: bt(&c1, 9),
        ends_at: bt(&c3, 17),
        capacity: Some(120),
        requires_approval: false,
        partners: &["UN ESCAP", "UNITAR"],
    }, now).await?;
    session(conn, conference, "Opening and keynote", "Main hall", bt(&c1, 9), bt(&c1, 11), None, None).await?;
    session(conn, conference, "Peer learning: national SDG reviews", "Room A", bt(&c2(&c1), 9), bt(&c2(&c1), 12), Some(60), Some("Day 2"))
        .await?;
    session(
        conn,
        conference,
        "Peer learning: local governments and the SDGs",
        "Room B",
        bt(&c2(&c1), 9),
        bt(&c2(&c1), 12),
        Some(60),
        Some("Day 2"),
    )
    .await?;
    session(conn, conference, "Closing: commitments and next steps", "Main hall", bt(&c3, 14), bt(&c3, 17), None, None).await?;
    history::seed(conn, now).await?;
    documents(conn, now).await?;
    Ok(true)
}

/// Every demo event prints badges and issues certificates with the office's letterhead, and the
/// forum and the conference offer visa letters (the study visit's letters and certificates are
/// left for the organizer to turn on); people who attended past events hold their certificates.
async fn documents(conn: &mut Conn, now: i64) -> Result<(), AppError> {
    use app::documents::ssr::{issue, storage};
    let events: Vec<(i64, String)> = conn.fetch_all(app::sql!("SELECT id, slug FROM events ORDER BY id")).await?;
    for (id, slug) in events {
        let letters = matches!(slug.as_str(), "un-public-service-forum" | "regional-learning-conference");
        let settings = storage::Settings {
            letters,
            certificates: slug != "study-visit-e-government",
            badge_layout: if slug == "un-public-service-forum" { "a4x8".into() } else { "a6".into() },
            office: "Project Office on Governance (demo)".into(),
            signatory_name: "Min-jun Kim".into(),
            signatory_title: "Head of Office".into(),
            letter_texts: "{}".into(),
            certificate_texts: "{}".into(),
            ..Default::default()
        };
        storage::save_settings(conn, id, &settings, now).await?;
        let event = app::events::ssr::storage::by_id(conn, id).await?;
        if event.ends_at > now {
            continue;
        }
        for reg in issue::certificates_due(conn, &event, &settings).await? {
            issue::certificate(conn, &event, &settings, reg, None, event.ends_at).await?;
        }
    }
    Ok(())
}

/// The day after `d`.
fn c2(d: &Day) -> Day {
    let date = chrono::NaiveDate::from_ymd_opt(d.y, d.m, d.d).unwrap_or_default() + Duration::days(1);
    Day { y: date.year(), m: date.month(), d: date.day() }
}

/// The study visit's "15 officials from 5 countries": three seats each, and a focal point per
/// country (their links are sent from the nominations page, so the demo emails nobody).
async fn focal_points(conn: &mut Conn, event_id: i64, now: i64) -> Result<(), AppError> {
    use app::nominations::ssr::storage::{NewFocal, insert_focal, replace_quotas, set_settings};
    let countries = [
        ("BT", "Karma Choden", "focal.bhutan@example.org", "Ministry of Foreign Affairs and External Trade", "en"),
        ("KH", "Sok Dara", "focal.cambodia@example.org", "Ministry of Civil Service", "fr"),
        ("LA", "Vilayphone Sisouk", "focal.laos@example.org", "Ministry of Home Affairs", "en"),
        ("MN", "Bat-Erdene Ganbold", "focal.mongolia@example.org", "Civil Service Council", "ru"),
        ("NP", "Sita Sharma", "focal.nepal@example.org", "Ministry of Federal Affairs and General Administration", "en"),
    ];
    set_settings(conn, event_id, None, Some(15)).await?;
    replace_quotas(conn, event_id, &countries.iter().map(|(c, ..)| ((*c).to_owned(), 3)).collect::<Vec<_>>()).await?;
    for (country, name, email, ministry, language) in countries {
        insert_focal(conn, &NewFocal { event_id, country, name, email, ministry, language }, now).await?;
    }
    Ok(())
}

/// Gives a demo event its registration questions.
async fn questions(conn: &mut Conn, event_id: i64, list: Vec<Question>, now: i64) -> Result<(), AppError> {
    app::questions::ssr::service::replace(conn, event_id, &list, now).await
}

/// A question from its API spelling (labels keyed by language code).
fn question(value: serde_json::Value) -> Question {
    serde_json::from_value(value).expect("the demo's questions are valid")
}

/// The forum asks which field visit a participant wants.
fn field_visit() -> Vec<Question> {
    vec![question(serde_json::json!({
        "key": "field_visit", "type": "single_choice", "required": true,
        "label": { "en": "Which field visit would you like to join on day 3?", "fr": "À quelle visite de terrain souhaitez-vous participer le 3e jour ?",
                   "es": "¿En qué visita de campo desea participar el día 3?", "ru": "В каком выездном мероприятии вы хотите участвовать на третий день?",
                   "zh": "第三天您希望参加哪一项实地考察？", "ar": "في أي زيارة ميدانية تود المشاركة في اليوم الثالث؟" },
        "section": { "en": "Programme", "fr": "Programme", "es": "Programa", "ru": "Программа", "zh": "日程", "ar": "البرنامج" },
        "options": [
            { "key": "smart_city", "label": { "en": "Songdo smart city operations centre", "fr": "Centre d'exploitation de la ville intelligente de Songdo",
                "es": "Centro de operaciones de la ciudad inteligente de Songdo", "ru": "Центр управления умным городом Сонгдо", "zh": "松岛智慧城市运营中心", "ar": "مركز عمليات مدينة سونغدو الذكية" } },
            { "key": "nia", "label": { "en": "National Information Society Agency", "fr": "Agence nationale de la société de l'information",
                "es": "Agencia Nacional de la Sociedad de la Información", "ru": "Национальное агентство информационного общества", "zh": "国家信息社会振兴院", "ar": "الوكالة الوطنية لمجتمع المعلومات" } },
            { "key": "none", "label": { "en": "No field visit", "fr": "Pas de visite de terrain", "es": "Ninguna visita de campo",
                "ru": "Без выездного мероприятия", "zh": "不参加实地考察", "ar": "لا زيارة ميدانية" } }
        ]
    }))]
}

/// The webinar asks one question about the participant's role.
fn webinar_role() -> Vec<Question> {
    vec![question(serde_json::json!({
        "key": "role", "type": "single_choice", "required": true,
        "label": { "en": "What is your role in disaster risk reduction?", "fr": "Quel est votre rôle dans la réduction des risques de catastrophe ?",
                   "es": "¿Cuál es su función en la reducción del riesgo de desastres?", "ru": "Какова ваша роль в снижении риска бедствий?",
                   "zh": "您在减少灾害风险方面的职责是什么？", "ar": "ما دورك في الحد من مخاطر الكوارث؟" },
        "options": [
            { "key": "policy", "label": { "en": "Policy making", "fr": "Élaboration des politiques", "es": "Formulación de políticas", "ru": "Разработка политики", "zh": "政策制定", "ar": "صنع السياسات" } },
            { "key": "operations", "label": { "en": "Emergency operations", "fr": "Opérations d'urgence", "es": "Operaciones de emergencia", "ru": "Экстренные операции", "zh": "应急行动", "ar": "عمليات الطوارئ" } },
            { "key": "research", "label": { "en": "Research and training", "fr": "Recherche et formation", "es": "Investigación y formación", "ru": "Исследования и обучение", "zh": "研究与培训", "ar": "البحث والتدريب" } },
            { "key": "other", "label": { "en": "Other", "fr": "Autre", "es": "Otra", "ru": "Другое", "zh": "其他", "ar": "أخرى" } }
        ]
    }))]
}
