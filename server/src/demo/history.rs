//! The demo's past: sixteen events of the last three calendar years (national training
//! programmes, regional workshops, forums and conferences, webinars, study visits) with their
//! participants and check-ins, so a fresh install's attendance and per-country reports have
//! something to count. A fixed-seed generator makes the same people every time; only the
//! dates follow today.
use app::store::Conn;
use app::{error::AppError, time_fmt::at};
use chrono::{DateTime, Datelike, Duration, NaiveDate};

/// xorshift64*: tiny, and the same sequence on every machine, so the demo never changes.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `0..n` (`n` > 0).
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    /// True `percent` times in a hundred.
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len() as u64) as usize]
    }

    fn weighted<T: Copy>(&mut self, items: &[(T, u64)]) -> T {
        let mut r = self.below(items.iter().map(|(_, w)| w).sum());
        for (item, w) in items {
            if r < *w {
                return *item;
            }
            r -= w;
        }
        items[0].0
    }

    /// A version 4 UUID made from this generator, so public ids are stable across runs.
    fn uuid(&mut self) -> String {
        let (hi, lo) = (self.next(), self.next());
        let hi = (hi & !0xF000) | 0x4000;
        let lo = (lo & !(0b11 << 62)) | (0b10 << 62);
        format!("{:08x}-{:04x}-{:04x}-{:04x}-{:012x}", hi >> 32, (hi >> 16) & 0xFFFF, hi & 0xFFFF, lo >> 48, lo & 0xFFFF_FFFF_FFFF)
    }
}

// Where participants come from. Weights apply per country of a group.
const ASIA_PACIFIC: &[&str] =
    &["TH", "VN", "KH", "LA", "MM", "ID", "PH", "MY", "TL", "MN", "NP", "BD", "LK", "BT", "MV", "PK", "FJ", "PG", "SB", "VU", "WS", "TO"];
const AFRICA: &[&str] = &["KE", "UG", "TZ", "RW", "ET", "GH", "NG", "ZM", "MW", "ZA", "BW", "SN", "CI", "BJ", "BF", "CM", "MG", "TG"];
const LATIN_AMERICA: &[&str] = &["CO", "PE", "EC", "BO", "PY", "UY", "AR", "CL", "MX", "GT", "HN", "SV", "CR", "PA", "DO", "BR"];
const CENTRAL_ASIA: &[&str] = &["KZ", "KG", "TJ", "UZ", "TM", "AZ"];
const ARAB_STATES: &[&str] = &["EG", "JO", "MA", "TN", "LB", "PS", "IQ", "OM"];
// Donor and partner countries that send speakers and experts to the global events.
const PARTNERS: &[&str] = &["JP", "CN", "AU", "NZ", "SG", "IN", "US", "GB", "DE", "FR", "SE", "CH", "CA"];
const WORLD: &[(&[&str], u64)] = &[(ASIA_PACIFIC, 4), (AFRICA, 3), (LATIN_AMERICA, 2), (CENTRAL_ASIA, 2), (ARAB_STATES, 2), (PARTNERS, 2)];
const FORUM: &[(&[&str], u64)] =
    &[(&["KR"], 60), (ASIA_PACIFIC, 4), (AFRICA, 3), (LATIN_AMERICA, 2), (CENTRAL_ASIA, 2), (ARAB_STATES, 2), (PARTNERS, 2)];

enum Origin {
    /// Each group of countries with the weight of each of its countries.
    Weighted(&'static [(&'static [&'static str], u64)]),
    /// Nominations: the same number of officials from each country, in turn.
    InTurn(&'static [&'static str]),
}

enum When {
    /// A day of the calendar year `back` years before the current one.
    Year { back: i32, month: u32, day: u32 },
    /// `days` before today, so the current year always has events too.
    Ago(i64),
}

enum Place {
    /// Webinars: 90 minutes in the afternoon, Seoul time (the office's own).
    Online,
    At {
        venue: &'static str,
        city: &'static str,
        country: &'static str,
        tz: &'static str,
    },
}

impl Place {
    fn timezone(&self) -> &'static str {
        match self {
            Place::Online => "Asia/Seoul",
            Place::At { tz, .. } => tz,
        }
    }
}

struct Past {
    /// The slug without its year, which is added from the date.
    slug: &'static str,
    kind: &'static str,
    tag: &'static str,
    title: &'static str,
    summary: &'static str,
    description: &'static str,
    place: Place,
    when: When,
    days: u32,
    capacity: i64,
    approval: bool,
    partners: &'static [&'static str],
    size: usize,
    from: Origin,
    /// Percent of confirmed participants checked in; 0 means attendance was never recorded.
    turnout: u64,
}

const NTP: &str = "National Training Program";
const WORKSHOP: &str = "Regional Workshop";
const CONFERENCE: &str = "International Conference";

const PAST: &[Past] = &[
    Past {
        slug: "ntp-viet-nam",
        kind: "training",
        tag: NTP,
        title: "National Training Program on digital transformation in the public sector, Viet Nam",
        summary: "Three days for central and provincial officials on planning and delivering digital public services.",
        description: "Delivered with the Ministry of Home Affairs for officials of central ministries and provinces, with a few colleagues from neighbouring countries.",
        place: Place::At { venue: "National Academy of Public Administration", city: "Hanoi", country: "VN", tz: "Asia/Ho_Chi_Minh" },
        when: When::Year { back: 2, month: 3, day: 12 },
        days: 3,
        capacity: 40,
        approval: false,
        partners: &["Ministry of Home Affairs, Viet Nam"],
        size: 36,
        from: Origin::Weighted(&[(&["VN"], 92), (&["LA", "KH"], 4)]),
        turnout: 90,
    },
    Past {
        slug: "asia-pacific-workshop",
        kind: "workshop",
        tag: WORKSHOP,
        title: "Asia-Pacific regional workshop on innovation in public service delivery",
        summary: "Peer learning on service innovation for officials from across Asia and the Pacific.",
        description: "Officials share the service innovations they introduced, test tools for co-creating services with citizens and draft plans for their own institutions.",
        place: Place::At { venue: "United Nations Conference Centre", city: "Bangkok", country: "TH", tz: "Asia/Bangkok" },
        when: When::Year { back: 2, month: 5, day: 14 },
        days: 3,
        capacity: 50,
        approval: false,
        partners: &["UN ESCAP"],
        size: 58,
        from: Origin::Weighted(&[(&["TH"], 6), (ASIA_PACIFIC, 2)]),
        turnout: 88,
    },
    Past {
        slug: "un-public-service-forum",
        kind: "forum",
        tag: CONFERENCE,
        title: "UN Public Service Forum {year}",
        summary: "The yearly forum on public service innovation for the SDGs, with the UN Public Service Awards.",
        description: "Ministers, senior officials, civil society and the private sector from around the world met for plenaries, parallel workshops and the **UN Public Service Awards** ceremony.",
        place: Place::At { venue: "Songdo Convensia", city: "Incheon", country: "KR", tz: "Asia/Seoul" },
        when: When::Year { back: 2, month: 6, day: 24 },
        days: 3,
        capacity: 3000,
        approval: false,
        partners: &["UN Department of Economic and Social Affairs (UN DESA)", "Ministry of the Interior and Safety, Republic of Korea"],
        size: 290,
        from: Origin::Weighted(FORUM),
        turnout: 84,
    },
    Past {
        slug: "webinar-e-participation",
        kind: "webinar",
        tag: "Webinar",
        title: "Webinar: e-participation and citizen engagement",
        summary: "Ninety minutes on involving citizens in policy making through digital channels.",
        description: "Speakers from three national e-participation platforms share what brought citizens in and what did not.",
        place: Place::Online,
        when: When::Year { back: 2, month: 9, day: 19 },
        days: 1,
        capacity: 500,
        approval: false,
        partners: &[],
        size: 138,
        from: Origin::Weighted(WORLD),
        turnout: 64,
    },
    Past {
        slug: "ntp-bangladesh",
        kind: "training",
        tag: NTP,
        title: "National Training Program on changing mindsets in the public service, Bangladesh",
        summary: "Leadership and mindset training for mid-level civil servants.",
        description: "Organised with the Ministry of Public Administration for mid-level officers of line ministries and districts.",
        place: Place::At { venue: "Bangladesh Public Administration Training Centre", city: "Dhaka", country: "BD", tz: "Asia/Dhaka" },
        when: When::Year { back: 1, month: 2, day: 19 },
        days: 3,
        capacity: 40,
        approval: false,
        partners: &["Ministry of Public Administration, Bangladesh"],
        size: 38,
        from: Origin::Weighted(&[(&["BD"], 90), (&["NP", "BT"], 5)]),
        turnout: 91,
    },
    Past {
        slug: "africa-workshop",
        kind: "workshop",
        tag: WORKSHOP,
        title: "Regional workshop for Africa on effective institutions for the SDGs",
        summary: "Anglophone and francophone officials work on the principles of effective governance.",
        description: "With simultaneous interpretation in English and French. Participants apply the principles of effective governance for sustainable development to their own national plans.",
        place: Place::At { venue: "Kigali Convention Centre", city: "Kigali", country: "RW", tz: "Africa/Kigali" },
        when: When::Year { back: 1, month: 4, day: 22 },
        days: 3,
        capacity: 60,
        approval: false,
        partners: &["UN Economic Commission for Africa", "Rwanda Governance Board"],
        size: 56,
        from: Origin::Weighted(&[(&["RW"], 6), (AFRICA, 2)]),
        turnout: 85,
    },
    Past {
        slug: "study-visit-digital-government",
        kind: "study_visit",
        tag: "Study Visit",
        title: "Study visit on digital government",
        summary: "A week with the agencies behind the Republic of Korea's digital government, for 15 nominated officials.",
        description: "Fifteen mid- and high-level officials nominated by five governments visited the agencies running Korea's digital public services and drafted action plans.",
        place: Place::At { venue: "UNPOG", city: "Incheon", country: "KR", tz: "Asia/Seoul" },
        when: When::Year { back: 1, month: 5, day: 19 },
        days: 5,
        capacity: 15,
        approval: true,
        partners: &["National Information Society Agency (NIA)"],
        size: 15,
        from: Origin::InTurn(&["KH", "LA", "MN", "UZ", "NP"]),
        turnout: 90,
    },
    Past {
        slug: "ntp-mongolia",
        kind: "training",
        tag: NTP,
        title: "National Training Program on open government data, Mongolia",
        summary: "Publishing and using open data in ministries and aimags.",
        description: "Hands-on training for data officers of ministries and provincial governments, with colleagues from neighbouring countries.",
        place: Place::At { venue: "National Academy of Governance", city: "Ulaanbaatar", country: "MN", tz: "Asia/Ulaanbaatar" },
        when: When::Year { back: 1, month: 7, day: 8 },
        days: 2,
        capacity: 35,
        approval: false,
        partners: &["Cabinet Secretariat of the Government of Mongolia"],
        size: 32,
        from: Origin::Weighted(&[(&["MN"], 92), (&["CN", "KZ"], 4)]),
        turnout: 86,
    },
    Past {
        slug: "asia-pacific-conference",
        kind: "conference",
        tag: CONFERENCE,
        title: "Asia-Pacific conference on digital government and the SDGs",
        summary: "Two days on digital government, inclusion and trust, with partners from across the region.",
        description: "Government, civil society, academia and the private sector discussed how digital government can leave no one behind.",
        place: Place::At { venue: "Jakarta Convention Center", city: "Jakarta", country: "ID", tz: "Asia/Jakarta" },
        when: When::Year { back: 1, month: 8, day: 27 },
        days: 2,
        capacity: 250,
        approval: false,
        partners: &["UN ESCAP", "Ministry of Administrative and Bureaucratic Reform, Indonesia"],
        size: 240,
        from: Origin::Weighted(&[(&["ID"], 30), (ASIA_PACIFIC, 5), (CENTRAL_ASIA, 2), (PARTNERS, 2)]),
        turnout: 82,
    },
    Past {
        slug: "latin-america-workshop",
        kind: "workshop",
        tag: WORKSHOP,
        title: "Regional workshop for Latin America and the Caribbean on open and participatory budgeting",
        summary: "How governments open their budgets to citizens, in Spanish with English interpretation.",
        description: "Officials from finance ministries and municipalities compared participatory budgeting practices and their results.",
        place: Place::At { venue: "Centro de Convenciones Ágora", city: "Bogotá", country: "CO", tz: "America/Bogota" },
        when: When::Year { back: 1, month: 9, day: 23 },
        days: 3,
        capacity: 40,
        approval: false,
        partners: &["UN ECLAC"],
        size: 48,
        from: Origin::Weighted(&[(&["CO"], 6), (LATIN_AMERICA, 2)]),
        turnout: 87,
    },
    Past {
        slug: "webinar-ai-public-sector",
        kind: "webinar",
        tag: "Webinar",
        title: "Webinar: artificial intelligence in the public sector",
        summary: "Opportunities and risks of AI for public institutions.",
        description: "Practitioners and researchers on procurement, oversight and the first uses of AI in public services.",
        place: Place::Online,
        when: When::Year { back: 1, month: 11, day: 12 },
        days: 1,
        capacity: 500,
        approval: false,
        partners: &[],
        size: 150,
        from: Origin::Weighted(WORLD),
        turnout: 68,
    },
    Past {
        slug: "ntp-nepal",
        kind: "training",
        tag: NTP,
        title: "National Training Program on local governance and service delivery, Nepal",
        summary: "Three days for provincial and municipal officials on delivering services locally.",
        description: "Delivered with the Nepal Administrative Staff College for officials of provinces and municipalities.",
        place: Place::At { venue: "Nepal Administrative Staff College", city: "Lalitpur", country: "NP", tz: "Asia/Kathmandu" },
        when: When::Ago(200),
        days: 3,
        capacity: 35,
        approval: false,
        partners: &["Nepal Administrative Staff College"],
        size: 30,
        from: Origin::Weighted(&[(&["NP"], 92), (&["BT", "BD"], 4)]),
        turnout: 89,
    },
    Past {
        slug: "un-public-service-forum",
        kind: "forum",
        tag: CONFERENCE,
        title: "UN Public Service Forum {year}",
        summary: "The yearly forum on public service innovation for the SDGs, with the UN Public Service Awards.",
        description: "Plenaries, six parallel workshops, an expert group meeting and the **UN Public Service Awards** ceremony.",
        place: Place::At { venue: "Songdo Convensia", city: "Incheon", country: "KR", tz: "Asia/Seoul" },
        when: When::Ago(160),
        days: 3,
        capacity: 3000,
        approval: false,
        partners: &["UN Department of Economic and Social Affairs (UN DESA)", "Ministry of the Interior and Safety, Republic of Korea"],
        size: 300,
        from: Origin::Weighted(FORUM),
        turnout: 86,
    },
    Past {
        slug: "central-asia-workshop",
        kind: "workshop",
        tag: WORKSHOP,
        title: "Regional workshop for Central Asia on civil service reform",
        summary: "Merit-based recruitment and performance management, in Russian and English.",
        description: "Civil service agencies of Central Asia and neighbouring countries compared recent reforms of recruitment, pay and performance management.",
        place: Place::At { venue: "International Congress Hall", city: "Tashkent", country: "UZ", tz: "Asia/Tashkent" },
        when: When::Ago(120),
        days: 2,
        capacity: 35,
        approval: false,
        partners: &["Agency for the Development of Public Service, Uzbekistan"],
        size: 40,
        from: Origin::Weighted(&[(&["UZ"], 8), (CENTRAL_ASIA, 4), (&["MN", "AF"], 1)]),
        turnout: 86,
    },
    Past {
        slug: "study-visit-public-service-innovation",
        kind: "study_visit",
        tag: "Study Visit",
        title: "Study visit on public service innovation",
        summary: "Five days with Korean innovation labs and one-stop service centres, for nominated officials.",
        description: "Nominated officials from four countries visited one-stop service centres and government innovation labs.",
        place: Place::At { venue: "UNPOG", city: "Incheon", country: "KR", tz: "Asia/Seoul" },
        when: When::Ago(60),
        days: 5,
        capacity: 15,
        approval: true,
        partners: &["Korea Institute of Public Administration"],
        size: 12,
        from: Origin::InTurn(&["BT", "LK", "MV", "TL"]),
        turnout: 92,
    },
    // The one event whose attendance was never recorded: reports count its registrations.
    Past {
        slug: "webinar-data-governance",
        kind: "webinar",
        tag: "Webinar",
        title: "Webinar: data governance for public institutions",
        summary: "How ministries share data safely and lawfully.",
        description: "Speakers from national data agencies on data sharing agreements, privacy and interoperability.",
        place: Place::Online,
        when: When::Ago(21),
        days: 1,
        capacity: 500,
        approval: false,
        partners: &[],
        size: 124,
        from: Origin::Weighted(WORLD),
        turnout: 0,
    },
];

/// Adds the past events with their participants and check-ins (inside the caller's transaction).
pub async fn seed(conn: &mut Conn, now: i64) -> Result<(), AppError> {
    let today = DateTime::from_timestamp(now, 0).unwrap_or_default().date_naive();
    let mut rng = Rng(0x5EED_D3A0_2026_0F0F);
    for past in PAST {
        let times = Times::of(past, today);
        let event_id = insert_event(conn, past, &times, today.year()).await?;
        let mut confirmed = Vec::new();
        for person in participants(&mut rng, past, &times) {
            let id = insert_registration(conn, event_id, &person).await?;
            if person.status == "confirmed" {
                confirmed.push(id);
            }
        }
        for id in attendees(&mut rng, &confirmed, past.turnout) {
            check_in(conn, id, times.arrival(&mut rng, past)).await?;
        }
    }
    Ok(())
}

/// Exactly `turnout` percent of `confirmed`, spread at random (selection sampling), so even a
/// study visit of twelve shows the rate it was given.
fn attendees(rng: &mut Rng, confirmed: &[i64], turnout: u64) -> Vec<i64> {
    let mut wanted = (confirmed.len() as u64 * turnout + 50) / 100;
    let mut chosen = Vec::new();
    for (seen, id) in confirmed.iter().enumerate() {
        if rng.below((confirmed.len() - seen) as u64) < wanted {
            chosen.push(*id);
            wanted -= 1;
        }
    }
    chosen
}

/// When an event ran and when it took registrations.
struct Times {
    date: NaiveDate,
    starts_at: i64,
    ends_at: i64,
    opens_at: i64,
    closes_at: i64,
}

impl Times {
    fn of(past: &Past, today: NaiveDate) -> Times {
        let date = weekday_start(
            match past.when {
                When::Year { back, month, day } => NaiveDate::from_ymd_opt(today.year() - back, month, day).unwrap_or(today),
                When::Ago(days) => today - Duration::days(days),
            },
            past.days,
        );
        let last = date + Duration::days(i64::from(past.days) - 1);
        let tz = past.place.timezone();
        let (from, to) = match past.place {
            Place::Online => ((15, 0), (16, 30)),
            Place::At { .. } => ((9, 0), (17, 0)),
        };
        let starts_at = at(tz, date.year(), date.month(), date.day(), from.0, from.1);
        let ends_at = at(tz, last.year(), last.month(), last.day(), to.0, to.1);
        // Webinars are announced a month ahead and close at the start; the rest take
        // nominations for two to three months and close two days before, for visas and badges.
        let (open_days, close_secs) = match past.kind {
            "webinar" => (30, 0),
            "forum" | "conference" => (90, 2 * DAY),
            _ => (60, 2 * DAY),
        };
        Times { date, starts_at, ends_at, opens_at: starts_at - open_days * DAY, closes_at: starts_at - close_secs }
    }

    /// When a participant arrived at the desk (or joined the call).
    fn arrival(&self, rng: &mut Rng, past: &Past) -> i64 {
        match past.place {
            Place::Online => self.starts_at - 10 * MINUTE + rng.below(30) as i64 * MINUTE,
            Place::At { .. } => self.starts_at - 60 * MINUTE + rng.below(150) as i64 * MINUTE,
        }
    }
}

const MINUTE: i64 = 60;
const DAY: i64 = 24 * 3600;

/// Moves `date` back until an event of `days` days fits between Monday and Friday.
fn weekday_start(mut date: NaiveDate, days: u32) -> NaiveDate {
    while date.weekday().num_days_from_monday() + days > 5 {
        date -= Duration::days(1);
    }
    date
}

async fn insert_event(conn: &mut Conn, past: &Past, times: &Times, this_year: i32) -> Result<i64, AppError> {
    let year = times.date.year();
    let (online, venue, city, country, join_url) = match past.place {
        Place::Online => (true, None, None, None, Some(format!("https://meet.example.org/plenary-demo-{}", past.slug))),
        Place::At { venue, city, country, .. } => (false, Some(venue), Some(city), Some(country), None),
    };
    // The oldest year's events are put away; the rest still show among the site's past events.
    let status = if year <= this_year - 2 { "archived" } else { "published" };
    let id: i64 = conn
        .scalar(app::sql!(
            "INSERT INTO events (slug, kind, title, summary, description, online, venue, city, host_country, join_url, timezone,
             starts_at, ends_at, registration_opens_at, registration_closes_at, capacity, requires_approval, visibility, status,
             created_at, updated_at, activity_tag)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, 'public', $18, $19, $20, $21) RETURNING id",
            format!("{}-{year}", past.slug),
            past.kind,
            past.title.replace("{year}", &year.to_string()),
            past.summary,
            past.description,
            online,
            venue,
            city,
            country,
            join_url,
            past.place.timezone(),
            times.starts_at,
            times.ends_at,
            times.opens_at,
            times.closes_at,
            past.capacity,
            past.approval,
            status,
            times.opens_at - 14 * DAY,
            times.ends_at + 7 * DAY,
            past.tag
        ))
        .await?;
    for (i, partner) in past.partners.iter().enumerate() {
        conn.execute(app::sql!("INSERT INTO event_partners (event_id, position, name) VALUES ($1, $2, $3)", id, i as i64, partner)).await?;
    }
    Ok(id)
}

/// One generated registration, with the times of each step it went through.
struct Person {
    public_id: String,
    given: &'static str,
    family: String,
    email: String,
    country: &'static str,
    organization: &'static str,
    org_type: &'static str,
    job_title: &'static str,
    gender: Option<&'static str>,
    accessibility: &'static str,
    dietary: &'static str,
    language: &'static str,
    status: &'static str,
    waitlist_seq: Option<i64>,
    created_at: i64,
    email_confirmed_at: i64,
    confirmed_at: Option<i64>,
    cancelled_at: Option<i64>,
    note: &'static str,
}

/// The registrations of one event, oldest first. Seats go first come, first served: once the
/// capacity is taken the rest wait, and a few people cancel along the way.
fn participants(rng: &mut Rng, past: &Past, times: &Times) -> Vec<Person> {
    // The last people sign up some hours before the deadline, so every step fits before the start.
    let slot = ((times.closes_at - times.opens_at - 6 * 3600) / past.size as i64).max(1);
    let mut seated = 0;
    let mut waiting = 0;
    (0..past.size)
        .map(|i| {
            let country = match past.from {
                Origin::Weighted(groups) => pick_country(rng, groups),
                Origin::InTurn(countries) => countries[i % countries.len()],
            };
            let created_at = times.opens_at + slot * i as i64 + rng.below(slot as u64) as i64;
            let mut person = person(rng, past, country, i + 1, created_at);
            if rng.chance(5) {
                let confirmed = person.email_confirmed_at;
                person.status = "cancelled";
                person.confirmed_at = Some(confirmed);
                person.cancelled_at = Some(confirmed + rng.below(((times.starts_at - confirmed) as u64 / 2).max(1)) as i64);
            } else if seated < past.capacity {
                seated += 1;
                person.status = "confirmed";
                person.confirmed_at = Some(confirmed_at(rng, past, &person, times));
            } else {
                waiting += 1;
                person.status = "waitlisted";
                person.waitlist_seq = Some(waiting);
            }
            person
        })
        .collect()
}

/// Open events confirm at the email link; nominations wait for the organizers' approval.
fn confirmed_at(rng: &mut Rng, past: &Past, person: &Person, times: &Times) -> i64 {
    if past.approval {
        (person.email_confirmed_at + (1 + rng.below(6) as i64) * DAY).min(times.starts_at - 3 * DAY).max(person.email_confirmed_at)
    } else {
        person.email_confirmed_at
    }
}

fn pick_country(rng: &mut Rng, groups: &[(&'static [&'static str], u64)]) -> &'static str {
    let total: u64 = groups.iter().map(|(countries, w)| countries.len() as u64 * w).sum();
    let mut r = rng.below(total);
    for (countries, w) in groups {
        let span = countries.len() as u64 * w;
        if r < span {
            return countries[(r / w) as usize];
        }
        r -= span;
    }
    groups[0].0[0]
}

/// Someone from `country`, registering at `created_at` as the `n`th person of the event.
fn person(rng: &mut Rng, past: &Past, country: &'static str, n: usize, created_at: i64) -> Person {
    let gender = rng.weighted(&[(Some("female"), 48), (Some("male"), 45), (Some("prefer_not_to_say"), 2), (Some("other"), 1), (None, 4)]);
    let female = match gender {
        Some("female") => true,
        Some("male") => false,
        _ => rng.chance(50),
    };
    let names = names_of(country);
    let given = rng.pick(if female { names.female } else { names.male });
    let family = rng.pick(names.family);
    // Central Asian family names take the feminine ending: Karimov, Karimova.
    let family = if female && names.gendered { format!("{family}a") } else { family.to_owned() };
    let org_type = rng.weighted(org_types(past.kind));
    let home = language_of(country);
    let in_person = !matches!(past.place, Place::Online);
    Person {
        public_id: rng.uuid(),
        given,
        email: format!("{}.{}.{n}@example.org", ascii(given), ascii(&family)),
        family,
        country,
        organization: rng.pick(organizations(org_type, home)),
        org_type,
        job_title: rng.pick(if past.kind == "study_visit" { SENIOR_TITLES } else { job_titles(org_type) }),
        gender,
        accessibility: if in_person && rng.chance(2) { rng.pick(&["Wheelchair access", "Large-print materials"]) } else { "" },
        dietary: if in_person && rng.chance(12) { rng.pick(&["Vegetarian", "Halal", "No pork", "Vegan", "No seafood"]) } else { "" },
        // Most people use their own UN language; some pick English anyway.
        language: if home != "en" && rng.chance(15) { "en" } else { home },
        status: "confirmed",
        waitlist_seq: None,
        created_at,
        email_confirmed_at: created_at + (2 + rng.below(240) as i64) * MINUTE,
        confirmed_at: None,
        cancelled_at: None,
        note: if past.approval { "Nomination letter received from the government." } else { "" },
    }
}

fn org_types(kind: &str) -> &'static [(&'static str, u64)] {
    match kind {
        "study_visit" => &[("government", 1)],
        "training" => &[("government", 86), ("academia", 5), ("civil_society", 5), ("international_organization", 3), ("other", 1)],
        _ => &[
            ("government", 65),
            ("civil_society", 10),
            ("academia", 8),
            ("international_organization", 7),
            ("private_sector", 6),
            ("media", 2),
            ("other", 2),
        ],
    }
}

/// The UN language people from `country` most likely read.
fn language_of(country: &str) -> &'static str {
    match country {
        "SN" | "CI" | "BJ" | "BF" | "ML" | "NE" | "TG" | "CM" | "MG" | "GN" | "CD" | "BI" | "FR" => "fr",
        "MX" | "GT" | "HN" | "SV" | "NI" | "CR" | "PA" | "DO" | "CO" | "EC" | "PE" | "BO" | "PY" | "UY" | "AR" | "CL" => "es",
        "KZ" | "KG" | "TJ" | "UZ" | "TM" | "AZ" => "ru",
        "CN" => "zh",
        "EG" | "JO" | "MA" | "TN" | "LB" | "PS" | "IQ" | "OM" => "ar",
        _ => "en",
    }
}

fn organizations(org_type: &str, language: &str) -> &'static [&'static str] {
    match (org_type, language) {
        ("government", "fr") => &[
            "Ministère de la Fonction publique",
            "Ministère de l'Économie et des Finances",
            "Ministère de l'Économie numérique",
            "École nationale d'administration",
            "Primature",
            "Ministère de la Décentralisation",
            "Institut national de la statistique",
            "Cour des comptes",
        ],
        ("government", "es") => &[
            "Ministerio de Hacienda",
            "Secretaría de la Función Pública",
            "Ministerio de Planificación",
            "Agencia de Gobierno Digital",
            "Contraloría General",
            "Instituto Nacional de Estadística",
            "Escuela Nacional de Administración Pública",
            "Alcaldía Municipal",
        ],
        ("government", _) => &[
            "Ministry of Home Affairs",
            "Ministry of Finance",
            "Ministry of Planning and Investment",
            "Civil Service Commission",
            "Ministry of Public Administration",
            "Prime Minister's Office",
            "Ministry of Information and Communications Technology",
            "National Statistics Office",
            "Ministry of Local Government",
            "National Institute of Public Administration",
            "Ministry of Foreign Affairs",
            "Office of the Auditor General",
            "National Disaster Management Authority",
            "Anti-Corruption Commission",
            "Provincial Governor's Office",
        ],
        ("civil_society", _) => &[
            "Transparency and Accountability Network",
            "Women in Public Service Association",
            "Citizens' Budget Watch",
            "Youth for Good Governance",
            "Community Development Foundation",
            "Open Data Collective",
            "Disability Rights Alliance",
        ],
        ("private_sector", _) => &[
            "GovTech Solutions",
            "National Telecom Company",
            "Digital Services Consulting",
            "Public Sector Advisory Partners",
            "Chamber of Commerce and Industry",
        ],
        ("academia", _) => &[
            "National University, School of Public Policy",
            "Institute of Public Administration",
            "University of Technology",
            "Centre for Governance Studies",
            "Institute of Development Studies",
        ],
        ("international_organization", _) => {
            &["UNDP Country Office", "UNICEF", "World Bank", "Asian Development Bank", "UN Women", "Resident Coordinator's Office", "GIZ"]
        }
        ("media", _) => &["National Broadcasting Corporation", "The Daily Chronicle", "Public Radio", "Governance Today"],
        _ => &["Independent consultant", "Public Employees' Union", "Professional Association of Evaluators"],
    }
}

/// Study visits are for mid- and high-level officials.
const SENIOR_TITLES: &[&str] = &[
    "Director General",
    "Deputy Director General",
    "Director",
    "Deputy Minister",
    "Head of Department",
    "Permanent Secretary",
    "Commissioner",
];

fn job_titles(org_type: &str) -> &'static [&'static str] {
    match org_type {
        "government" => &[
            "Director",
            "Deputy Director",
            "Head of Division",
            "Senior Officer",
            "Policy Analyst",
            "Programme Officer",
            "Chief of Section",
            "IT Officer",
            "Planning Officer",
            "Training Coordinator",
            "Under Secretary",
            "Assistant Director",
        ],
        "civil_society" => &["Executive Director", "Programme Manager", "Advocacy Officer", "Researcher", "Coordinator"],
        "private_sector" => &["Chief Executive Officer", "Consultant", "Business Development Manager", "Solutions Architect"],
        "academia" => &["Professor", "Associate Professor", "Lecturer", "Research Fellow", "Dean"],
        "international_organization" => &["Programme Specialist", "Governance Adviser", "Programme Analyst", "Project Manager"],
        "media" => &["Journalist", "Editor", "Correspondent"],
        _ => &["Consultant", "Adviser", "Coordinator"],
    }
}

/// The name stem of an email address: lower case ASCII, accents dropped, spaces as hyphens.
fn ascii(name: &str) -> String {
    name.to_lowercase()
        .chars()
        .filter_map(|c| match c {
            'a'..='z' | '0'..='9' | '-' => Some(c),
            ' ' => Some('-'),
            'á' | 'à' | 'â' | 'ä' | 'ã' => Some('a'),
            'é' | 'è' | 'ê' | 'ë' => Some('e'),
            'í' | 'ì' | 'î' | 'ï' => Some('i'),
            'ó' | 'ò' | 'ô' | 'ö' | 'õ' => Some('o'),
            'ú' | 'ù' | 'û' | 'ü' => Some('u'),
            'ñ' => Some('n'),
            'ç' => Some('c'),
            _ => None,
        })
        .collect()
}

/// Given names (female, male) and family names common in a country.
struct Names {
    female: &'static [&'static str],
    male: &'static [&'static str],
    family: &'static [&'static str],
    /// Family names take an `-a` for women.
    gendered: bool,
}

const fn names(female: &'static [&'static str], male: &'static [&'static str], family: &'static [&'static str]) -> Names {
    Names { female, male, family, gendered: false }
}

fn names_of(country: &str) -> Names {
    match country {
        "VN" => names(
            &["Thi Lan", "Thu Trang", "Ngoc Anh", "Thi Huong", "Minh Chau", "Thanh Ha", "Phuong Linh", "Thi Mai"],
            &["Van Minh", "Duc Anh", "Quang Huy", "Van Hung", "Tuan Anh", "Hoang Nam", "Manh Cuong", "Thanh Son"],
            &["Nguyen", "Tran", "Le", "Pham", "Hoang", "Vu", "Dang", "Bui", "Do", "Ngo"],
        ),
        "TH" => names(
            &["Siriporn", "Kanokwan", "Nattaya", "Pimchanok", "Wanida", "Supaporn", "Arunee"],
            &["Somchai", "Anan", "Prasert", "Nattapong", "Wichai", "Thanakorn", "Kittisak"],
            &["Srisuk", "Chaiyaporn", "Wongsuwan", "Rattanakorn", "Saetang", "Boonmee", "Kaewkla"],
        ),
        "KH" => names(
            &["Sokha", "Sreymom", "Channary", "Bopha", "Sophea", "Malis", "Rachana"],
            &["Dara", "Vannak", "Sokhom", "Rithy", "Sambath", "Piseth", "Vuthy"],
            &["Chan", "Sok", "Heng", "Keo", "Meas", "Chea", "Ly", "Pich"],
        ),
        "LA" => names(
            &["Khamphoui", "Souksavanh", "Vilayvanh", "Manivanh", "Chanthaly", "Phonesavanh"],
            &["Bounmy", "Khamla", "Somphone", "Vanxay", "Thongchanh", "Sengdao"],
            &["Phommachanh", "Sisouphan", "Keomany", "Vongsay", "Inthavong", "Sayavong"],
        ),
        "MM" => names(
            &["Thandar", "Khin Myat", "Su Su", "Nwe Ni", "Hnin Wai", "May Thu"],
            &["Aung Kyaw", "Min Thu", "Zaw Win", "Kyaw Soe", "Htet Naing", "Thura"],
            &["Aung", "Win", "Htun", "Oo", "Myint", "Lwin", "Naing"],
        ),
        "ID" | "MY" | "BN" => names(
            &["Siti", "Dewi", "Nur Aini", "Rina", "Putri", "Nurul", "Sri Wahyuni", "Intan"],
            &["Budi", "Agus", "Ahmad", "Rizky", "Hendra", "Fajar", "Irwan", "Hafiz"],
            &["Santoso", "Wijaya", "Pratama", "Hidayat", "Setiawan", "Rahman", "Ismail", "Kusuma", "Abdullah"],
        ),
        "PH" => names(
            &["Maria Cristina", "Ana Liza", "Rowena", "Maricel", "Jocelyn", "Kristine"],
            &["Jose", "Mark Anthony", "Rodel", "Ramon", "Jerome", "Paolo"],
            &["Santos", "Reyes", "Cruz", "Bautista", "Garcia", "Mendoza", "Villanueva", "Aquino"],
        ),
        "MN" => names(
            &["Bolormaa", "Oyuntsetseg", "Enkhtuya", "Narantsetseg", "Solongo", "Uranchimeg"],
            &["Bat-Erdene", "Ganbaatar", "Temuulen", "Erdenebat", "Munkhbayar", "Batbold"],
            &["Batbayar", "Ganbold", "Tsogt", "Dorj", "Enkhbold", "Purev", "Otgonbayar"],
        ),
        "NP" => names(
            &["Sita", "Gita", "Sarita", "Anjana", "Pratima", "Sunita", "Binita"],
            &["Ram", "Bikash", "Suresh", "Dipendra", "Rajendra", "Prakash", "Santosh"],
            &["Sharma", "Shrestha", "Gurung", "Adhikari", "Thapa", "Rai", "Karki", "Poudel", "Tamang"],
        ),
        "BT" => names(
            &["Pema", "Dechen", "Sonam", "Tshering", "Kinley", "Choki"],
            &["Karma", "Ugyen", "Tashi", "Jigme", "Namgay", "Sangay"],
            &["Dorji", "Wangchuk", "Tshering", "Penjor", "Wangdi", "Norbu", "Tenzin"],
        ),
        "BD" | "PK" | "AF" | "MV" => names(
            &["Fatema", "Nusrat", "Ayesha", "Sadia", "Farhana", "Tahmina", "Shirin", "Mariam"],
            &["Rahim", "Imran", "Kamal", "Tanvir", "Rafiqul", "Ahmed", "Faisal", "Mahmud"],
            &["Rahman", "Hossain", "Khan", "Ahmed", "Chowdhury", "Islam", "Siddiqui", "Haque"],
        ),
        "IN" => names(
            &["Priya", "Anjali", "Kavita", "Lakshmi", "Deepa", "Meera"],
            &["Rajesh", "Arjun", "Vikram", "Suresh", "Anil", "Ravi"],
            &["Sharma", "Patel", "Iyer", "Singh", "Reddy", "Nair", "Gupta", "Menon"],
        ),
        "LK" => names(
            &["Nimali", "Dilani", "Chamari", "Sanduni", "Ishara", "Tharushi"],
            &["Kasun", "Chaminda", "Nuwan", "Ruwan", "Lahiru", "Dinesh"],
            &["Perera", "Fernando", "Silva", "Jayawardena", "Bandara", "Wickramasinghe", "Dissanayake"],
        ),
        "FJ" | "PG" | "SB" | "VU" | "WS" | "TO" => names(
            &["Litia", "Mere", "Ana", "Salote", "Grace", "Losana", "Mele"],
            &["Sione", "Tevita", "Josaia", "Peni", "John", "Semisi", "Joseph"],
            &["Naivalu", "Tupou", "Kila", "Waqa", "Fonua", "Tuilagi", "Vunibaka", "Kaitani"],
        ),
        "KR" => names(
            &["Ji-woo", "Seo-yeon", "Min-ji", "Hye-jin", "Eun-ji", "Soo-jin", "Yu-na"],
            &["Min-jun", "Ji-hoon", "Seung-ho", "Dong-hyun", "Jae-won", "Hyun-woo", "Sung-min"],
            &["Kim", "Lee", "Park", "Choi", "Jung", "Kang", "Cho", "Yoon", "Jang", "Lim"],
        ),
        "CN" | "SG" => names(
            &["Na", "Fang", "Xiuying", "Jing", "Lihua", "Min", "Yan"],
            &["Wei", "Jun", "Lei", "Qiang", "Hao", "Bo", "Tao"],
            &["Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Zhao", "Huang", "Tan"],
        ),
        "JP" => names(
            &["Yuki", "Aiko", "Haruka", "Naoko", "Emi"],
            &["Takashi", "Hiroshi", "Kenji", "Daisuke", "Satoshi"],
            &["Sato", "Suzuki", "Takahashi", "Tanaka", "Watanabe", "Ito"],
        ),
        "ET" => names(
            &["Hiwot", "Selamawit", "Meron", "Tigist", "Bethlehem"],
            &["Tadesse", "Dawit", "Yonas", "Abebe", "Getachew"],
            &["Tesfaye", "Bekele", "Haile", "Mengistu", "Girma", "Alemu"],
        ),
        "GH" | "NG" => names(
            &["Abena", "Chioma", "Ngozi", "Akosua", "Adaeze", "Efua"],
            &["Kwame", "Chinedu", "Emeka", "Kofi", "Babatunde", "Yaw"],
            &["Mensah", "Okafor", "Adeyemi", "Owusu", "Boateng", "Okonkwo", "Eze", "Asante"],
        ),
        "KE" | "UG" | "TZ" | "RW" | "ZM" | "MW" | "ZA" | "BW" => names(
            &["Grace", "Wanjiru", "Amina", "Neema", "Aline", "Chipo", "Mercy", "Lindiwe"],
            &["Joseph", "Otieno", "Emmanuel", "Baraka", "Jean-Claude", "Tendai", "Thabo", "Moses"],
            &["Mwangi", "Otieno", "Nakato", "Mushi", "Uwimana", "Banda", "Phiri", "Dlamini", "Kamau", "Habimana", "Moyo"],
        ),
        "SN" | "CI" | "BJ" | "BF" | "CM" | "MG" | "TG" => names(
            &["Aminata", "Fatou", "Mariam", "Awa", "Aïssatou", "Clarisse", "Nadège", "Hélène"],
            &["Moussa", "Ibrahima", "Mamadou", "Abdoulaye", "Jean-Baptiste", "Koffi", "Serge", "Souleymane"],
            &["Diop", "Traoré", "Koné", "Ouédraogo", "Diallo", "Ndiaye", "Sow", "Kaboré", "Rakotomalala", "Mbarga"],
        ),
        "BR" | "TL" => names(
            &["Ana", "Juliana", "Fernanda", "Maria", "Camila", "Beatriz"],
            &["João", "Pedro", "Rafael", "Lucas", "Tiago", "José"],
            &["Silva", "Souza", "Oliveira", "Santos", "Pereira", "da Costa", "Soares", "Ximenes"],
        ),
        "CO" | "PE" | "EC" | "BO" | "PY" | "UY" | "AR" | "CL" | "MX" | "GT" | "HN" | "SV" | "CR" | "PA" | "DO" => names(
            &["María José", "Ana Lucía", "Carolina", "Gabriela", "Valentina", "Sofía", "Daniela", "Mariana"],
            &["José Luis", "Carlos", "Juan Pablo", "Andrés", "Diego", "Miguel Ángel", "Jorge", "Luis Fernando"],
            &["García", "Rodríguez", "López", "Martínez", "Hernández", "González", "Pérez", "Ramírez", "Torres", "Quispe", "Mamani"],
        ),
        "KZ" | "KG" | "TJ" | "UZ" | "TM" | "AZ" => Names {
            female: &["Aigerim", "Dilnoza", "Gulnara", "Madina", "Nigora", "Aida", "Zarina"],
            male: &["Nurlan", "Rustam", "Bakhtiyor", "Azamat", "Timur", "Farrukh", "Daniyar"],
            family: &["Abdullaev", "Karimov", "Yusupov", "Nurmatov", "Sadykov", "Ismailov", "Akhmetov", "Rakhimov", "Aliyev", "Mamedov"],
            gendered: true,
        },
        "EG" | "JO" | "MA" | "TN" | "LB" | "PS" | "IQ" | "OM" => names(
            &["Fatima", "Layla", "Mariam", "Nour", "Rania", "Hana", "Salma"],
            &["Ahmed", "Omar", "Khaled", "Youssef", "Mohammed", "Karim", "Tarek"],
            &["Haddad", "Mansour", "Khalil", "Saleh", "Nasser", "Hamdan", "El Amrani", "Ben Ali"],
        ),
        _ => names(
            &["Sarah", "Emma", "Anna", "Claire", "Laura", "Julia"],
            &["David", "Thomas", "Michael", "Lukas", "Pierre", "James"],
            &["Smith", "Müller", "Johansson", "Martin", "Rossi", "Jansen", "Brown", "Dubois"],
        ),
    }
}

async fn insert_registration(conn: &mut Conn, event_id: i64, p: &Person) -> Result<i64, AppError> {
    let updated_at = p.cancelled_at.or(p.confirmed_at).unwrap_or(p.email_confirmed_at);
    let code = p.public_id.replace('-', "")[..10].to_uppercase();
    let id = conn.scalar(app::sql!("INSERT INTO registrations (public_id, event_id, given_name, family_name, email, email_norm, country, organization,
             organization_type, job_title, gender, accessibility_needs, dietary_needs, language, consent_at, status, waitlist_seq,
             created_at, email_confirmed_at, confirmed_at, cancelled_at, updated_at, checkin_code, decision_note)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24) RETURNING id", &p.public_id, event_id, p.given, &p.family, &p.email, p.email.to_lowercase(), p.country, p.organization, p.org_type, p.job_title, p.gender, p.accessibility, p.dietary, p.language, p.created_at, p.status, p.waitlist_seq, p.created_at, p.email_confirmed_at, p.confirmed_at, p.cancelled_at, updated_at, code, p.note))
    .await?;
    Ok(id)
}

/// A whole-event check-in (session 0) by the desk, before any account existed.
async fn check_in(conn: &mut Conn, registration_id: i64, at: i64) -> Result<(), AppError> {
    conn.execute(app::sql!(
        "INSERT INTO checkins (registration_id, session_id, at, by_user) VALUES ($1, 0, $2, NULL)",
        registration_id,
        at
    ))
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_fit_in_a_working_week() {
        let saturday = NaiveDate::from_ymd_opt(2026, 11, 21).unwrap_or_default();
        assert_eq!(weekday_start(saturday, 1).weekday(), chrono::Weekday::Fri);
        assert_eq!(weekday_start(saturday, 3).weekday(), chrono::Weekday::Wed);
        assert_eq!(weekday_start(saturday, 5).weekday(), chrono::Weekday::Mon);
    }

    #[test]
    fn attendance_is_the_given_share_of_the_confirmed() {
        let confirmed: Vec<i64> = (1..=12).collect();
        assert_eq!(attendees(&mut Rng(7), &confirmed, 92).len(), 11);
        assert_eq!(attendees(&mut Rng(7), &confirmed, 0).len(), 0);
        assert_eq!(attendees(&mut Rng(7), &confirmed, 100), confirmed);
    }

    #[test]
    fn uuids_have_the_version_4_shape_and_emails_are_ascii() {
        let id = Rng(7).uuid();
        assert_eq!(id.len(), 36);
        assert_eq!(&id[14..15], "4");
        assert!(matches!(&id[19..20], "8" | "9" | "a" | "b"));
        assert_eq!(ascii("Miguel Ángel"), "miguel-angel");
        assert_eq!(ascii("Aïssatou"), "aissatou");
    }
}
