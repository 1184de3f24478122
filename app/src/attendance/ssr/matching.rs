//! Which registration a row of an attendance report belongs to: the same email address first
//! (case-insensitive), then the exact name (ignoring case and spacing), and only when exactly
//! one registration has it; several with the name leave the choice to the organizer.
use crate::attendance::Found;
use serde::{Deserialize, Serialize};

/// One person of a report as kept while the organizer reviews it (times already in Unix
/// seconds, read in the event's zone).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Row {
    pub name: String,
    pub email: Option<String>,
    pub joined: Option<i64>,
    pub left: Option<i64>,
    pub minutes: i64,
    /// ISO code of the platform's country, when it names one we know.
    pub country: Option<String>,
}

/// A registration a row may match.
#[derive(Debug, Clone, PartialEq)]
pub struct Person {
    pub id: i64,
    pub name: String,
    pub email_norm: String,
}

/// "  Pema   WANGCHUK " and "pema wangchuk" are one name.
fn name_key(name: &str) -> String {
    name.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

/// How each row finds its registration, in the rows' order.
pub fn find(rows: &[Row], people: &[Person]) -> Vec<Found> {
    rows.iter()
        .map(|row| {
            if let Some(email) = row.email.as_deref().map(str::to_lowercase)
                && let Some(p) = people.iter().find(|p| p.email_norm == email)
            {
                return Found::Email(p.id);
            }
            let key = name_key(&row.name);
            if key.is_empty() {
                return Found::Unmatched;
            }
            let named: Vec<i64> = people.iter().filter(|p| name_key(&p.name) == key).map(|p| p.id).collect();
            match named.as_slice() {
                [] => Found::Unmatched,
                [one] => Found::Name(*one),
                _ => Found::Ambiguous(named),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(name: &str, email: Option<&str>) -> Row {
        Row { name: name.into(), email: email.map(Into::into), joined: None, left: None, minutes: 40, country: None }
    }

    fn person(id: i64, name: &str, email: &str) -> Person {
        Person { id, name: name.into(), email_norm: email.into() }
    }

    #[test]
    fn email_first_then_one_exact_name_then_the_organizer() {
        let people = [
            person(1, "Pema Wangchuk", "pema@mof.gov.bt"),
            person(2, "Ольга Иванова", "olga@minec.gov.ru"),
            person(3, "Li Wei", "li.wei@ndrc.gov.cn"),
            person(4, "Li Wei", "li.wei@mofcom.gov.cn"),
        ];
        let rows = [
            row("Someone Else", Some("PEMA@mof.gov.bt")),
            row("ольга  иванова", Some("olga.personal@mail.ru")),
            row("Li Wei", None),
            row("Juan Pérez", Some("juan@minhacienda.gob.pe")),
            row("", None),
        ];
        assert_eq!(
            find(&rows, &people),
            [Found::Email(1), Found::Name(2), Found::Ambiguous(vec![3, 4]), Found::Unmatched, Found::Unmatched]
        );
    }
}
