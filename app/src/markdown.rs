//! Event descriptions are written in Markdown by organizers and shown as HTML: rendered and
//! then sanitised, so no script or event handler survives.

pub fn to_safe_html(markdown: &str) -> String {
    let parser =
        pulldown_cmark::Parser::new_ext(markdown, pulldown_cmark::Options::ENABLE_TABLES | pulldown_cmark::Options::ENABLE_STRIKETHROUGH);
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, parser);
    ammonia::Builder::default().link_rel(Some("noopener noreferrer nofollow")).clean(&html).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_is_rendered() {
        assert_eq!(to_safe_html("**Hello**"), "<p><strong>Hello</strong></p>\n");
    }

    #[test]
    fn scripts_and_handlers_are_removed() {
        let html = to_safe_html("<script>alert(1)</script><img src=x onerror=alert(1)>\n\n[x](javascript:alert(1))");
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("onerror"), "{html}");
        assert!(html.contains(">x</a>") && !html.contains("href=\"javascript"), "{html}");
    }
}
