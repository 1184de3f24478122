//! Importing nominees from a CSV file (the study visit's list from the ministries): the file is
//! read and every row checked first, with each row's errors shown; nothing is saved until the
//! organizer confirms. Valid rows then become registrations invited to confirm their address.
use super::events::managed;
use crate::{
    accounts::ssr::Principal,
    admin::{ImportPreview, ImportRow},
    context::Ctx,
    domain::{Country, Field, FieldError, OrganizationType, RegistrationInput},
    error::AppError,
    registrations::ssr::{organizer, storage},
    store::Store,
};
use std::collections::HashSet;

/// Most rows in one import; a study visit has 15 nominees, a training a few hundred.
pub const MAX_ROWS: usize = 5000;

/// The column a header names, in English or as our own field codes.
fn column(header: &str) -> Option<Field> {
    let h = header.trim().to_lowercase().replace(['_', '-'], " ");
    Some(match h.as_str() {
        "given name" | "first name" | "firstname" | "given names" | "prénom" | "nombre" => Field::GivenName,
        "family name" | "last name" | "surname" | "lastname" | "nom" | "apellido" | "apellidos" => Field::FamilyName,
        "email" | "e mail" | "email address" | "courriel" | "correo" => Field::Email,
        "country" | "country code" | "pays" | "país" => Field::Country,
        "organization" | "organisation" | "institution" | "ministry" => Field::Organization,
        "organization type" | "organisation type" | "type" | "sector" => Field::OrganizationType,
        "job title" | "title" | "position" | "function" => Field::JobTitle,
        "gender" | "sex" => Field::Gender,
        "language" => Field::Language,
        "accessibility" | "accessibility needs" => Field::Accessibility,
        "dietary" | "dietary needs" => Field::Dietary,
        _ => return None,
    })
}

/// A country given by ISO code (alpha-2 or alpha-3) or by its name in any of the six languages.
fn country_code(raw: &str) -> String {
    let t = raw.trim();
    let found = Country::all()
        .iter()
        .find(|c| c.iso2.eq_ignore_ascii_case(t) || c.iso3.eq_ignore_ascii_case(t) || c.names.iter().any(|n| n.eq_ignore_ascii_case(t)));
    found.map(|c| c.iso2.to_owned()).unwrap_or_else(|| t.to_owned())
}

/// An organisation type given by code or by its English label.
fn org_type(raw: &str) -> String {
    let t = raw.trim().to_lowercase().replace(['_', '-'], " ");
    OrganizationType::ALL.iter().find(|o| o.code().replace('_', " ") == t).map(|o| o.code().to_owned()).unwrap_or(t.replace(' ', "_"))
}

/// Reads and checks the file. `existing`: addresses already registered for the event.
pub fn read(text: &str, existing: &HashSet<String>) -> Result<Vec<(RegistrationInput, ImportRow)>, String> {
    let text = text.trim_start_matches('\u{feff}');
    // Excel in many locales writes semicolons.
    let first = text.lines().next().unwrap_or("");
    let delimiter = if first.matches(';').count() > first.matches(',').count() { b';' } else { b',' };
    let mut reader = csv::ReaderBuilder::new().delimiter(delimiter).flexible(true).from_reader(text.as_bytes());
    let headers = reader.headers().map_err(|e| e.to_string())?.clone();
    let columns: Vec<Option<Field>> = headers.iter().map(column).collect();
    for needed in
        [Field::GivenName, Field::FamilyName, Field::Email, Field::Country, Field::Organization, Field::OrganizationType, Field::JobTitle]
    {
        if !columns.contains(&Some(needed)) {
            return Err(format!("missing column: {}", needed.name()));
        }
    }
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for (n, record) in reader.records().enumerate() {
        if n >= MAX_ROWS {
            return Err(format!("more than {MAX_ROWS} rows"));
        }
        let record = record.map_err(|e| format!("line {}: {e}", n + 2))?;
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let mut input = RegistrationInput { consent: true, ..RegistrationInput::default() };
        for (value, field) in record.iter().zip(&columns) {
            let Some(field) = field else { continue };
            let value = match field {
                Field::Country => country_code(value),
                Field::OrganizationType => org_type(value),
                Field::Gender | Field::Language => value.trim().to_lowercase(),
                _ => value.to_owned(),
            };
            input.set_text(*field, value);
        }
        let mut errors = input.validate(&crate::domain::FormRules::default()).err().unwrap_or_default();
        let email = input.email.trim().to_lowercase();
        if !errors.contains_key(&Field::Email) && (existing.contains(&email) || !seen.insert(email)) {
            errors.insert(Field::Email, FieldError::AlreadyRegistered);
        }
        let row = ImportRow {
            line: n + 2,
            name: format!("{} {}", input.given_name.trim(), input.family_name.trim()),
            email: input.email.trim().to_owned(),
            errors,
        };
        out.push((input, row));
    }
    Ok(out)
}

/// The preview: every row with its errors; nothing is saved.
pub async fn preview(store: &Store, who: &Principal, slug: &str, text: &str) -> Result<ImportPreview, AppError> {
    let mut conn = store.read().await?;
    let event = managed(&mut conn, who, slug).await?;
    let existing: HashSet<String> = storage::active_emails(&mut conn, event.id).await?.into_iter().collect();
    let rows = read(text, &existing).map_err(AppError::Refused)?;
    let valid = rows.iter().filter(|(_, r)| r.errors.is_empty()).count();
    Ok(ImportPreview { csv: text.to_owned(), rows: rows.into_iter().map(|(_, r)| r).collect(), valid })
}

/// Saves the valid rows as registrations awaiting their address confirmation, each emailed an
/// invitation to confirm. Rows with errors are left out. Returns how many were imported.
pub async fn commit(ctx: Ctx, who: Principal, slug: String, text: String) -> Result<usize, AppError> {
    organizer::import(ctx, who, slug, move |existing| {
        let rows = read(&text, existing).map_err(AppError::Refused)?;
        Ok(rows.into_iter().filter(|(_, r)| r.errors.is_empty()).map(|(input, _)| input).collect())
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_row_is_checked_and_duplicates_are_caught() {
        let csv = "First name;Last name;Email;Country;Organisation;Type;Job title\n\
                   Kadri;Tamm;kadri@gov.ee;Estonia;Ministry of Economic Affairs;government;Adviser\n\
                   Juan;Pérez;juan@gob.cl;CL;Secretaría de Gobierno Digital;Government;Director\n\
                   ;Diallo;amina@gouv.sn;SN;Ministère du Numérique;government;Cheffe de division\n\
                   Dup;Licate;KADRI@gov.ee;EE;X;government;Y\n\
                   Old;Timer;old@gov.example;Atlantis;X;ngo;Y\n";
        let existing: HashSet<String> = ["old@gov.example".to_owned()].into_iter().collect();
        let rows = read(csv, &existing).unwrap();
        assert_eq!(rows.len(), 5);
        assert!(rows[0].1.errors.is_empty() && rows[1].1.errors.is_empty(), "{:?}", rows[1].1.errors);
        assert_eq!(rows[0].0.country, "EE", "a country name becomes its code");
        assert!(rows[2].1.errors.contains_key(&Field::GivenName));
        assert!(rows[3].1.errors.contains_key(&Field::Email), "the same address twice in the file");
        assert!(
            rows[4].1.errors.contains_key(&Field::Email)
                && rows[4].1.errors.contains_key(&Field::Country)
                && rows[4].1.errors.contains_key(&Field::OrganizationType)
        );
        assert_eq!(rows[4].1.line, 6);
    }

    #[test]
    fn a_file_without_a_needed_column_is_refused_whole() {
        assert!(read("name,email\nA,a@b.org\n", &HashSet::new()).unwrap_err().contains("missing column"));
    }
}
