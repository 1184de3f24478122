//! Password hashing: argon2id with 19 MiB, 2 passes, 1 lane (OWASP's minimum), run on the
//! blocking pool so a login never stalls the async threads. A stored hash made with weaker
//! settings is replaced at the next successful login.
use argon2::{Algorithm, Argon2, Params, PasswordHash, PasswordHasher, PasswordVerifier, Version, password_hash::SaltString};
use rand::RngCore;
use std::sync::LazyLock;

const MEMORY_KIB: u32 = 19 * 1024;
const PASSES: u32 = 2;
const LANES: u32 = 1;
/// Shortest password we accept; long passphrases are welcome (up to 1,000 characters).
pub const MIN_LENGTH: usize = 10;
pub const MAX_LENGTH: usize = 1000;

fn hasher() -> Argon2<'static> {
    let params = Params::new(MEMORY_KIB, PASSES, LANES, None).expect("valid argon2 parameters");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// A hash of a password nobody has: checked against when the account does not exist, so an
/// unknown address costs the same time as a known one.
static DUMMY: LazyLock<String> = LazyLock::new(|| hash_now("plenary-no-such-account").unwrap_or_default());

fn hash_now(password: &str) -> Result<String, String> {
    let mut salt = [0u8; 16];
    rand::rng().fill_bytes(&mut salt);
    let salt = SaltString::encode_b64(&salt).map_err(|e| e.to_string())?;
    hasher().hash_password(password.as_bytes(), &salt).map(|h| h.to_string()).map_err(|e| e.to_string())
}

/// Whether a password is acceptable as a new password; the reason when not.
pub fn check_new(password: &str) -> Result<(), &'static str> {
    let n = password.chars().count();
    if n < MIN_LENGTH {
        Err("too_short")
    } else if n > MAX_LENGTH {
        Err("too_long")
    } else {
        Ok(())
    }
}

/// Hashes a new password (on the blocking pool).
pub async fn hash(password: String) -> Result<String, String> {
    tokio::task::spawn_blocking(move || hash_now(&password)).await.map_err(|e| e.to_string())?
}

/// The outcome of checking a password.
#[derive(Debug, PartialEq, Eq)]
pub enum Verified {
    No,
    Yes,
    /// Right, and the stored hash should be replaced with this stronger one.
    YesRehashed(String),
}

/// Checks `password` against `stored`, or against a dummy hash when there is no account, so
/// both cost the same.
pub async fn verify(password: String, stored: Option<String>) -> Verified {
    tokio::task::spawn_blocking(move || verify_now(&password, stored.as_deref())).await.unwrap_or(Verified::No)
}

fn verify_now(password: &str, stored: Option<&str>) -> Verified {
    let (text, real) = match stored {
        Some(s) => (s, true),
        None => (DUMMY.as_str(), false),
    };
    let Ok(parsed) = PasswordHash::new(text) else { return Verified::No };
    // Verify with the parameters the hash was made with (they are in the PHC string).
    if Argon2::default().verify_password(password.as_bytes(), &parsed).is_err() || !real {
        return Verified::No;
    }
    if is_weaker(&parsed)
        && let Ok(new) = hash_now(password)
    {
        return Verified::YesRehashed(new);
    }
    Verified::Yes
}

fn is_weaker(parsed: &PasswordHash<'_>) -> bool {
    if parsed.algorithm != argon2::ARGON2ID_IDENT {
        return true;
    }
    match Params::try_from(parsed) {
        Ok(p) => p.m_cost() < MEMORY_KIB || p.t_cost() < PASSES || p.p_cost() < LANES,
        Err(_) => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hash_verifies_its_password_only() {
        let h = hash_now("correct horse battery").unwrap();
        assert!(h.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        assert_eq!(verify_now("correct horse battery", Some(&h)), Verified::Yes);
        assert_eq!(verify_now("wrong horse battery", Some(&h)), Verified::No);
        assert_eq!(verify_now("correct horse battery", None), Verified::No);
    }

    #[test]
    fn a_weaker_stored_hash_is_replaced_on_login() {
        let weak = Argon2::new(Algorithm::Argon2id, Version::V0x13, Params::new(4096, 1, 1, None).unwrap());
        let salt = SaltString::encode_b64(b"0123456789abcdef").unwrap();
        let stored = weak.hash_password(b"a long passphrase", &salt).unwrap().to_string();
        match verify_now("a long passphrase", Some(&stored)) {
            Verified::YesRehashed(new) => assert!(new.contains("m=19456,t=2,p=1")),
            other => panic!("expected a rehash, got {other:?}"),
        }
    }

    #[test]
    fn short_passwords_are_refused() {
        assert_eq!(check_new("short"), Err("too_short"));
        assert_eq!(check_new("long enough pass"), Ok(()));
    }
}
