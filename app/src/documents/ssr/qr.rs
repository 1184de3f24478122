//! QR codes for documents, as small SVGs: one path of unit squares (a badge's code is about
//! 1 KB), with the quiet zone the standard asks for, so scanners read them off paper.
use qrcode::{Color, EcLevel, QrCode};

const QUIET: usize = 4;

/// An SVG drawing the QR code of `text`; an empty square if the text cannot be encoded.
pub fn svg(text: &str) -> Vec<u8> {
    // Medium error correction: survives a crease or a smudge on a badge worn for days.
    let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M).or_else(|_| QrCode::new(text.as_bytes()));
    let Ok(code) = code else {
        return br#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"/>"#.to_vec();
    };
    let width = code.width();
    let side = width + 2 * QUIET;
    // One rectangle per horizontal run of dark modules: a third of the path a square per
    // module would take, which is what a 3,000-badge PDF holds in memory and on disk.
    let colors = code.to_colors();
    let mut path = String::with_capacity(width * width);
    for y in 0..width {
        let row = &colors[y * width..(y + 1) * width];
        let mut x = 0;
        while x < width {
            if row[x] != Color::Dark {
                x += 1;
                continue;
            }
            let start = x;
            while x < width && row[x] == Color::Dark {
                x += 1;
            }
            path.push_str(&format!("M{} {}h{}v1H{}z", start + QUIET, y + QUIET, x - start, start + QUIET));
        }
    }
    format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {side} {side}" shape-rendering="crispEdges"><rect width="{side}" height="{side}" fill="#fff"/><path d="{path}" fill="#000"/></svg>"##
    )
    .into_bytes()
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_code_is_a_small_svg_of_squares() {
        let svg = String::from_utf8(super::svg("K7QX2MPA")).unwrap();
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
        assert!(svg.matches('z').count() > 50, "dark runs are drawn");
        assert!(svg.len() < 6_000, "{} bytes", svg.len());
    }
}
