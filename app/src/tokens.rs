//! Secret link tokens: 32 random bytes, sent base64url-encoded in a link, stored only as their
//! SHA-256 so a copy of the database opens no registration.
use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use rand::RngCore;
use sha2::{Digest, Sha256};

/// A fresh token: the text for the link and the hash for the database.
pub struct NewToken {
    pub text: String,
    pub hash: Vec<u8>,
}

pub fn generate() -> NewToken {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    let text = URL_SAFE_NO_PAD.encode(bytes);
    let hash = Sha256::digest(bytes).to_vec();
    NewToken { text, hash }
}

/// A short code for the check-in desk: 8 characters of Crockford's base32 (no I, L, O, U),
/// 40 random bits, unique per event by an index.
pub fn short_code() -> String {
    const ALPHABET: &[u8] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    let mut bytes = [0u8; 8];
    rand::rng().fill_bytes(&mut bytes);
    bytes.iter().map(|b| ALPHABET[(*b & 31) as usize] as char).collect()
}

/// A document's verification code: 16 characters of Crockford's base32 (80 random bits) in
/// groups of four, "7KQ2-M9XD-4HPA-T0RE". Random, so no code can be guessed from another.
pub fn verification_code() -> String {
    const ALPHABET: &[u8] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    let mut bytes = [0u8; 16];
    rand::rng().fill_bytes(&mut bytes);
    let chars: Vec<char> = bytes.iter().map(|b| ALPHABET[(*b & 31) as usize] as char).collect();
    chars.chunks(4).map(|c| c.iter().collect::<String>()).collect::<Vec<_>>().join("-")
}

/// Lower-case hex, for passing hashes to SQL inside JSON (`unhex` turns them back to bytes).
pub fn to_hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The stored hash of a token from a link, or `None` when the text cannot be one of ours.
pub fn hash_of(text: &str) -> Option<Vec<u8>> {
    let bytes = URL_SAFE_NO_PAD.decode(text.as_bytes()).ok()?;
    (bytes.len() == 32).then(|| Sha256::digest(bytes).to_vec())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_hashes_to_what_is_stored() {
        let t = generate();
        assert_eq!(t.text.len(), 43);
        assert_eq!(hash_of(&t.text), Some(t.hash));
    }

    #[test]
    fn two_tokens_differ() {
        assert_ne!(generate().text, generate().text);
    }

    #[test]
    fn garbage_is_no_token() {
        assert_eq!(hash_of("not-a-token"), None);
        assert_eq!(hash_of(""), None);
        assert_eq!(hash_of(&"A".repeat(44)), None);
    }
}
