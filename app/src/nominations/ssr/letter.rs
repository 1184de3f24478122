//! What a nomination letter must be: a PDF (it starts with the `%PDF-` header and has an
//! end-of-file marker near its end, as every PDF writer puts them) of at most 10 MB. Its
//! name is kept only as a plain file name for the download.
use sha2::{Digest, Sha256};

/// The largest letter: a scanned Note Verbale of a few pages.
pub const MAX_BYTES: usize = 10 * 1024 * 1024;

/// Why a file is not taken, as the form's error code.
pub fn check(bytes: &[u8]) -> Result<(), &'static str> {
    if bytes.is_empty() {
        return Err("no_file");
    }
    if bytes.len() > MAX_BYTES {
        return Err("too_large");
    }
    // The header may follow a little junk (the specification allows it within the first 1 KB).
    let head = &bytes[..bytes.len().min(1024)];
    let has_header = head.windows(5).any(|w| w == b"%PDF-");
    let tail = &bytes[bytes.len().saturating_sub(2048)..];
    let has_end = tail.windows(5).any(|w| w == b"%%EOF");
    if has_header && has_end { Ok(()) } else { Err("not_pdf") }
}

/// The file name to offer with the download: the uploaded name's last part, with only
/// letters, digits and `-_.` kept, ending in `.pdf`.
pub fn file_name(raw: &str) -> String {
    let base = raw.rsplit(['/', '\\']).next().unwrap_or("");
    let kept: String = base.chars().filter(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.')).take(100).collect();
    let stem = kept.trim_end_matches(".pdf").trim_end_matches(".PDF").trim_matches('.');
    if stem.is_empty() { "nomination-letter.pdf".to_owned() } else { format!("{stem}.pdf") }
}

pub fn digest(bytes: &[u8]) -> String {
    crate::tokens::to_hex(&Sha256::digest(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pdf_is_taken_and_other_files_are_not() {
        let pdf = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n";
        assert_eq!(check(pdf), Ok(()));
        assert_eq!(check(b"PK\x03\x04 a word document"), Err("not_pdf"));
        assert_eq!(check(b"%PDF-1.7 but cut off before its end"), Err("not_pdf"));
        assert_eq!(check(b""), Err("no_file"));
        let mut big = pdf.to_vec();
        big.resize(MAX_BYTES + 1, b' ');
        assert_eq!(check(&big), Err("too_large"));
    }

    #[test]
    fn names_are_made_safe() {
        assert_eq!(file_name("C:\\Users\\x\\Note Verbale 12.pdf"), "NoteVerbale12.pdf");
        assert_eq!(file_name("../../etc/passwd"), "passwd.pdf");
        assert_eq!(file_name("\"; attachment.PDF"), "attachment.pdf");
        assert_eq!(file_name(""), "nomination-letter.pdf");
        assert_eq!(file_name("رسالة.pdf"), "رسالة.pdf");
    }
}
