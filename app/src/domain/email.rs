//! An email address as people type it, checked well enough that mail to it can be attempted.
//! Stored as typed; compared in its lower-cased form, so "Ana@UN.org" and "ana@un.org" are one
//! person.
use super::FieldError;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Email(String);

const LOCAL_SPECIALS: &str = "!#$%&'*+/=?^_`{|}~.-";

impl Email {
    pub const MAX: usize = 254;

    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        let s = raw.trim();
        if s.is_empty() {
            return Err(FieldError::Required);
        }
        if s.chars().count() > Self::MAX {
            return Err(FieldError::TooLong { max: Self::MAX });
        }
        let (local, domain) = s.rsplit_once('@').ok_or(FieldError::InvalidEmail)?;
        if !valid_local(local) || !valid_domain(domain) {
            return Err(FieldError::InvalidEmail);
        }
        Ok(Self(s.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The form used to decide whether two addresses are the same person.
    pub fn normalized(&self) -> String {
        self.0.to_lowercase()
    }

    /// `a***@example.org`: enough to recognise in logs, not enough to identify.
    pub fn redacted(&self) -> String {
        let (local, domain) = self.0.rsplit_once('@').unwrap_or(("", &self.0));
        let first: String = local.chars().take(1).collect();
        format!("{first}***@{domain}")
    }
}

fn valid_local(local: &str) -> bool {
    !local.is_empty()
        && local.len() <= 64
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && local.chars().all(|c| c.is_alphanumeric() || LOCAL_SPECIALS.contains(c))
}

fn valid_domain(domain: &str) -> bool {
    let labels: Vec<&str> = domain.split('.').collect();
    labels.len() >= 2
        && domain.len() <= 253
        && labels.iter().all(|l| {
            !l.is_empty() && l.len() <= 63 && !l.starts_with('-') && !l.ends_with('-') && l.chars().all(|c| c.is_alphanumeric() || c == '-')
        })
        && labels.last().is_some_and(|tld| tld.chars().count() >= 2 && !tld.chars().all(|c| c.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn ordinary_addresses_are_accepted() {
        for ok in ["ana@un.org", "first.last+tag@mofa.gov.kr", "o'brien@example.ie", "x@sub.domain.co.uk", "ли@пример.рф"] {
            assert!(Email::parse(ok).is_ok(), "{ok}");
        }
    }

    #[test]
    fn malformed_addresses_are_refused() {
        for bad in [
            "ana",
            "ana@",
            "@un.org",
            "ana@un",
            "ana@@un.org",
            "ana@un..org",
            ".ana@un.org",
            "ana.@un.org",
            "a na@un.org",
            "ana@-un.org",
            "ana@un.123",
            "ana@un.org<script>",
        ] {
            assert_eq!(Email::parse(bad), Err(FieldError::InvalidEmail), "{bad}");
        }
    }

    #[test]
    fn an_empty_address_is_required_not_invalid() {
        assert_eq!(Email::parse("  "), Err(FieldError::Required));
    }

    #[test]
    fn addresses_compare_case_insensitively() {
        assert_eq!(Email::parse("Ana@UN.org").unwrap().normalized(), Email::parse("ana@un.org").unwrap().normalized());
    }

    #[test]
    fn redaction_hides_the_local_part() {
        assert_eq!(Email::parse("ana.lopez@un.org").unwrap().redacted(), "a***@un.org");
    }

    proptest! {
        #[test]
        fn generated_valid_addresses_parse(local in "[a-z0-9][a-z0-9._+-]{0,20}[a-z0-9]", domain in "[a-z][a-z0-9-]{0,10}[a-z0-9]\\.[a-z]{2,6}") {
            prop_assume!(!local.contains(".."));
            let addr = format!("{local}@{domain}");
            prop_assert_eq!(Email::parse(&addr).map(|e| e.as_str().to_owned()), Ok(addr));
        }

        #[test]
        fn parsing_never_panics_and_keeps_what_it_accepts(raw in "\\PC{0,80}") {
            if let Ok(e) = Email::parse(&raw) {
                prop_assert_eq!(e.as_str(), raw.trim());
            }
        }
    }
}
