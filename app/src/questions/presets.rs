//! The ready-made sets of questions an organizer adds with one click and then edits: passport
//! and visa, travel, accommodation and a funding request, with their labels in the six
//! languages. Keys are fixed, so documents and exports can rely on them (`passport_number`).
use crate::domain::{
    Language, Question, QuestionKind,
    question::{Condition, Display, Translated},
};

/// A ready-made set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Preset {
    PassportAndVisa,
    Travel,
    Accommodation,
    Funding,
}

impl Preset {
    pub const ALL: [Preset; 4] = [Preset::PassportAndVisa, Preset::Travel, Preset::Accommodation, Preset::Funding];

    pub fn code(self) -> &'static str {
        match self {
            Preset::PassportAndVisa => "passport",
            Preset::Travel => "travel",
            Preset::Accommodation => "accommodation",
            Preset::Funding => "funding",
        }
    }

    pub fn parse(code: &str) -> Option<Preset> {
        Preset::ALL.into_iter().find(|p| p.code() == code)
    }

    /// The set's questions.
    pub fn questions(self) -> Vec<Question> {
        match self {
            Preset::PassportAndVisa => passport(),
            Preset::Travel => travel(),
            Preset::Accommodation => accommodation(),
            Preset::Funding => funding(),
        }
    }
}

/// A text in the six languages, in the order en, fr, es, ru, zh, ar.
fn t(texts: [&str; 6]) -> Translated {
    let langs = [Language::En, Language::Fr, Language::Es, Language::Ru, Language::Zh, Language::Ar];
    Translated(langs.into_iter().zip(texts).map(|(l, s)| (l, s.to_owned())).collect())
}

fn q(key: &str, kind: QuestionKind, section: Translated, label: Translated) -> Question {
    Question {
        key: key.to_owned(),
        kind,
        label,
        help: Translated::default(),
        required: true,
        section,
        options: Vec::new(),
        min: None,
        max: None,
        visible_if: None,
        sensitive: false,
        organizer_only: false,
        display: Display::Radio,
    }
}

fn when(mut question: Question, key: &str, equals: &str) -> Question {
    question.visible_if = Some(Condition { question: key.to_owned(), equals: equals.to_owned() });
    question
}

fn sensitive(mut question: Question) -> Question {
    question.sensitive = true;
    question
}

fn optional(mut question: Question) -> Question {
    question.required = false;
    question
}

fn passport() -> Vec<Question> {
    let s = || t(["Passport and visa", "Passeport et visa", "Pasaporte y visado", "Паспорт и виза", "护照和签证", "جواز السفر والتأشيرة"]);
    let visa = "visa_required";
    vec![
        q(
            visa,
            QuestionKind::YesNo,
            s(),
            t([
                "Do you need a visa to enter the host country?",
                "Avez-vous besoin d'un visa pour entrer dans le pays hôte ?",
                "¿Necesita un visado para entrar en el país anfitrión?",
                "Нужна ли вам виза для въезда в принимающую страну?",
                "您入境东道国是否需要签证？",
                "هل تحتاج إلى تأشيرة لدخول البلد المضيف؟",
            ]),
        ),
        when(
            sensitive(q(
                "passport_name",
                QuestionKind::ShortText,
                s(),
                t([
                    "Name as in passport",
                    "Nom tel qu'il figure dans le passeport",
                    "Nombre como figura en el pasaporte",
                    "Имя как в паспорте",
                    "护照上的姓名",
                    "الاسم كما هو في جواز السفر",
                ]),
            )),
            visa,
            "yes",
        ),
        when(
            sensitive(q(
                "nationality",
                QuestionKind::Country,
                s(),
                t(["Nationality", "Nationalité", "Nacionalidad", "Гражданство", "国籍", "الجنسية"]),
            )),
            visa,
            "yes",
        ),
        when(
            sensitive(q(
                "passport_number",
                QuestionKind::ShortText,
                s(),
                t(["Passport number", "Numéro de passeport", "Número de pasaporte", "Номер паспорта", "护照号码", "رقم جواز السفر"]),
            )),
            visa,
            "yes",
        ),
        when(
            sensitive(q(
                "passport_issued",
                QuestionKind::Date,
                s(),
                t([
                    "Passport date of issue",
                    "Date de délivrance du passeport",
                    "Fecha de expedición del pasaporte",
                    "Дата выдачи паспорта",
                    "护照签发日期",
                    "تاريخ إصدار جواز السفر",
                ]),
            )),
            visa,
            "yes",
        ),
        when(
            sensitive(q(
                "passport_expires",
                QuestionKind::Date,
                s(),
                t([
                    "Passport date of expiry",
                    "Date d'expiration du passeport",
                    "Fecha de caducidad del pasaporte",
                    "Дата окончания срока действия паспорта",
                    "护照有效期至",
                    "تاريخ انتهاء جواز السفر",
                ]),
            )),
            visa,
            "yes",
        ),
        when(
            sensitive(q(
                "place_of_birth",
                QuestionKind::ShortText,
                s(),
                t(["Place of birth", "Lieu de naissance", "Lugar de nacimiento", "Место рождения", "出生地", "مكان الميلاد"]),
            )),
            visa,
            "yes",
        ),
        when(
            sensitive(q(
                "date_of_birth",
                QuestionKind::Date,
                s(),
                t(["Date of birth", "Date de naissance", "Fecha de nacimiento", "Дата рождения", "出生日期", "تاريخ الميلاد"]),
            )),
            visa,
            "yes",
        ),
    ]
}

fn travel() -> Vec<Question> {
    let s = || t(["Travel", "Voyage", "Viaje", "Поездка", "行程", "السفر"]);
    vec![
        q(
            "arrival",
            QuestionKind::Datetime,
            s(),
            t([
                "Arrival date and time",
                "Date et heure d'arrivée",
                "Fecha y hora de llegada",
                "Дата и время прибытия",
                "抵达日期和时间",
                "تاريخ ووقت الوصول",
            ]),
        ),
        optional(q(
            "arrival_flight",
            QuestionKind::ShortText,
            s(),
            t([
                "Arrival flight number",
                "Numéro du vol d'arrivée",
                "Número del vuelo de llegada",
                "Номер рейса прибытия",
                "抵达航班号",
                "رقم رحلة الوصول",
            ]),
        )),
        q(
            "departure",
            QuestionKind::Datetime,
            s(),
            t([
                "Departure date and time",
                "Date et heure de départ",
                "Fecha y hora de salida",
                "Дата и время отъезда",
                "离开日期和时间",
                "تاريخ ووقت المغادرة",
            ]),
        ),
        optional(q(
            "departure_flight",
            QuestionKind::ShortText,
            s(),
            t([
                "Departure flight number",
                "Numéro du vol de départ",
                "Número del vuelo de salida",
                "Номер рейса отъезда",
                "离开航班号",
                "رقم رحلة المغادرة",
            ]),
        )),
        optional(q(
            "airport",
            QuestionKind::ShortText,
            s(),
            t(["Airport of arrival", "Aéroport d'arrivée", "Aeropuerto de llegada", "Аэропорт прибытия", "抵达机场", "مطار الوصول"]),
        )),
    ]
}

fn accommodation() -> Vec<Question> {
    let s = || t(["Accommodation", "Hébergement", "Alojamiento", "Проживание", "住宿", "الإقامة"]);
    let mut nights = when(
        q(
            "nights",
            QuestionKind::Number,
            s(),
            t(["Number of nights", "Nombre de nuits", "Número de noches", "Количество ночей", "住宿晚数", "عدد الليالي"]),
        ),
        "hotel_needed",
        "yes",
    );
    nights.min = Some(1);
    nights.max = Some(30);
    vec![
        q(
            "hotel_needed",
            QuestionKind::YesNo,
            s(),
            t([
                "Do you need a hotel room?",
                "Avez-vous besoin d'une chambre d'hôtel ?",
                "¿Necesita una habitación de hotel?",
                "Нужен ли вам номер в гостинице?",
                "您是否需要酒店房间？",
                "هل تحتاج إلى غرفة فندقية؟",
            ]),
        ),
        nights,
    ]
}

fn funding() -> Vec<Question> {
    let s = || t(["Funding", "Financement", "Financiación", "Финансирование", "资助", "التمويل"]);
    let conditions = when(
        q(
            "funding_conditions",
            QuestionKind::Agreement,
            s(),
            t([
                "I confirm that my organization cannot cover my travel, and that I will attend every day of the event.",
                "Je confirme que mon organisation ne peut pas prendre en charge mon voyage et que je participerai à toutes les journées de l'événement.",
                "Confirmo que mi organización no puede cubrir mi viaje y que asistiré a todos los días del evento.",
                "Подтверждаю, что моя организация не может оплатить мою поездку и что я буду присутствовать все дни мероприятия.",
                "我确认我的单位无法承担我的差旅费用，并且我将参加活动的每一天。",
                "أؤكد أن جهة عملي لا تستطيع تغطية تكاليف سفري، وأنني سأحضر جميع أيام الفعالية.",
            ]),
        ),
        "funding_requested",
        "yes",
    );
    vec![
        q(
            "funding_requested",
            QuestionKind::YesNo,
            s(),
            t([
                "Do you request funding for your travel?",
                "Demandez-vous un financement pour votre voyage ?",
                "¿Solicita financiación para su viaje?",
                "Запрашиваете ли вы финансирование поездки?",
                "您是否申请差旅资助？",
                "هل تطلب تمويلاً لسفرك؟",
            ]),
        ),
        when(
            q(
                "funding_reason",
                QuestionKind::LongText,
                s(),
                t([
                    "Why do you need funding?",
                    "Pourquoi avez-vous besoin d'un financement ?",
                    "¿Por qué necesita financiación?",
                    "Почему вам нужно финансирование?",
                    "您为什么需要资助？",
                    "لماذا تحتاج إلى تمويل؟",
                ]),
            ),
            "funding_requested",
            "yes",
        ),
        conditions,
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::question::check_definition;

    #[test]
    fn every_set_is_a_valid_form_alone_and_all_together() {
        let mut all = Vec::new();
        for p in Preset::ALL {
            assert_eq!(check_definition(&p.questions()), Ok(()), "{p:?}");
            assert_eq!(Preset::parse(p.code()), Some(p));
            all.extend(p.questions());
        }
        assert_eq!(check_definition(&all), Ok(()));
    }

    #[test]
    fn every_label_is_in_the_six_languages() {
        for q in Preset::ALL.into_iter().flat_map(Preset::questions) {
            for lang in Language::ALL.iter().copied() {
                assert!(!q.label.exact(lang).is_empty(), "{} has no {lang:?} label", q.key);
                assert!(!q.section.exact(lang).is_empty(), "{} has no {lang:?} section", q.key);
            }
        }
    }

    #[test]
    fn passport_questions_are_sensitive_and_asked_only_of_those_who_need_a_visa() {
        let set = Preset::PassportAndVisa.questions();
        let number = set.iter().find(|q| q.key == "passport_number").unwrap();
        assert!(number.sensitive);
        assert_eq!(number.visible_if, Some(Condition { question: "visa_required".into(), equals: "yes".into() }));
    }
}
