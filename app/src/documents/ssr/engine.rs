//! Typst turned into PDFs. The fonts are read once, at start, from a folder (Debian's Noto,
//! Naskh and Amiri packages; never compiled into the binary: the CJK files alone weigh 40 MB),
//! and one engine holds the three templates. A missing font turns documents off with a message
//! that names it, rather than producing PDFs with empty boxes.
use super::qr;
use crate::error::AppError;
use std::{
    path::{Path, PathBuf},
    sync::Arc,
};
use typst::foundations::{Bytes, Dict, IntoValue, Value};
use typst_as_lib::TypstEngine;
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards};

/// The font files the templates use, found anywhere under the fonts folder.
pub const FONT_FILES: [&str; 14] = [
    "NotoSans-Regular.ttf",
    "NotoSans-Bold.ttf",
    "NotoSans-Italic.ttf",
    "NotoSerif-Regular.ttf",
    "NotoSerif-Bold.ttf",
    "NotoSerif-Italic.ttf",
    "NotoSansArabic-Regular.ttf",
    "NotoSansArabic-Bold.ttf",
    "NotoNaskhArabic-Regular.ttf",
    "NotoNaskhArabic-Bold.ttf",
    "NotoSansCJK-Regular.ttc",
    "NotoSansCJK-Bold.ttc",
    "Amiri-Regular.ttf",
    "Amiri-Bold.ttf",
];

/// Where Debian installs fonts; `PLENARY_FONT_DIR` names another folder.
pub const DEFAULT_FONT_DIR: &str = "/usr/share/fonts";

const TEMPLATES: [(&str, &str); 4] = [
    ("badge.typ", include_str!("../templates/badge.typ")),
    ("certificate.typ", include_str!("../templates/certificate.typ")),
    ("letter.typ", include_str!("../templates/letter.typ")),
    // Lays out an uploaded image alone, to refuse one Typst cannot read before it breaks documents.
    ("image-check.typ", "#image(sys.inputs.image, width: 1cm)"),
];

/// Which template, and so which kind of PDF.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Template {
    Badge,
    Certificate,
    Letter,
}

impl Template {
    fn file(self) -> &'static str {
        match self {
            Template::Badge => "badge.typ",
            Template::Certificate => "certificate.typ",
            Template::Letter => "letter.typ",
        }
    }
}

/// The documents' renderer, or why this server has none.
#[derive(Clone)]
pub enum Documents {
    Ready(Arc<Renderer>),
    Off(String),
}

impl Default for Documents {
    fn default() -> Self {
        Documents::Off("documents were not set up".into())
    }
}

impl std::fmt::Debug for Documents {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Documents::Ready(_) => f.write_str("Documents::Ready"),
            Documents::Off(why) => write!(f, "Documents::Off({why:?})"),
        }
    }
}

impl Documents {
    /// Reads the fonts under `dir`; a missing one turns documents off, saying which.
    pub fn load(dir: &Path) -> Self {
        match Renderer::new(dir) {
            Ok(r) => Documents::Ready(Arc::new(r)),
            Err(why) => Documents::Off(why),
        }
    }

    pub fn renderer(&self) -> Result<Arc<Renderer>, AppError> {
        match self {
            Documents::Ready(r) => Ok(r.clone()),
            Documents::Off(why) => Err(AppError::Unavailable(why.clone())),
        }
    }
}

pub struct Renderer {
    engine: TypstEngine,
}

fn find(dir: &Path, name: &str, depth: u8) -> Option<PathBuf> {
    let entries = std::fs::read_dir(dir).ok()?;
    let mut folders = Vec::new();
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            folders.push(path);
        } else if path.file_name().is_some_and(|n| n == name) {
            return Some(path);
        }
    }
    folders.sort();
    if depth == 0 {
        return None;
    }
    folders.iter().find_map(|f| find(f, name, depth - 1))
}

impl Renderer {
    pub fn new(dir: &Path) -> Result<Self, String> {
        let mut fonts = Vec::with_capacity(FONT_FILES.len());
        for name in FONT_FILES {
            let path = find(dir, name, 4).ok_or_else(|| {
                format!(
                    "documents are off: the font {name} is not under {} (install Debian's fonts-noto-core, fonts-noto-cjk and fonts-hosny-amiri, or set PLENARY_FONT_DIR)",
                    dir.display()
                )
            })?;
            fonts.push(std::fs::read(&path).map_err(|e| format!("documents are off: cannot read {}: {e}", path.display()))?);
        }
        let engine = TypstEngine::builder().with_static_source_file_resolver(TEMPLATES).fonts(fonts).build();
        Ok(Renderer { engine })
    }

    /// Whether Typst can draw this image (a logo or signature being uploaded).
    pub fn image_is_readable(&self, bytes: &[u8]) -> bool {
        let mut inputs = Dict::new();
        inputs.insert("image".into(), Bytes::new(bytes.to_vec()).into_value());
        self.engine.compile_with_input::<_, _, PagedDocument>("image-check.typ", inputs).output.is_ok()
    }

    /// Lays out `template` with `inputs` (its `sys.inputs`) and writes the PDF; certificates
    /// as PDF/A-2b, for archives. Takes milliseconds of CPU per page: call it off the async
    /// threads (`render_blocking`).
    pub fn render(&self, template: Template, inputs: Inputs) -> Result<Vec<u8>, AppError> {
        let doc: PagedDocument = self
            .engine
            .compile_with_input(template.file(), inputs.into_dict())
            .output
            .map_err(|e| AppError::Internal(format!("{} did not compile: {e:?}", template.file()).into()))?;
        let options = match template {
            Template::Certificate => PdfOptions {
                standards: PdfStandards::new(&[PdfStandard::A_2b]).map_err(|e| AppError::Internal(format!("PDF/A: {e:?}").into()))?,
                ..Default::default()
            },
            _ => PdfOptions::default(),
        };
        typst_pdf::pdf(&doc, &options).map_err(|e| AppError::Internal(format!("{} PDF: {e:?}", template.file()).into()))
    }
}

/// Renders on a blocking thread, so a 3,000-badge PDF never stalls the server's async threads.
pub async fn render_blocking(renderer: Arc<Renderer>, template: Template, inputs: Inputs) -> Result<Vec<u8>, AppError> {
    tokio::task::spawn_blocking(move || renderer.render(template, inputs))
        .await
        .map_err(|e| AppError::Internal(format!("rendering stopped: {e}").into()))?
}

/// Renders several documents of one template and joins them into one PDF, on a blocking
/// thread: each part's pages are freed once it is written, so memory stays bounded by a part.
pub async fn render_parts(renderer: Arc<Renderer>, template: Template, parts: Vec<Inputs>) -> Result<Vec<u8>, AppError> {
    tokio::task::spawn_blocking(move || {
        let pdfs = parts.into_iter().map(|inputs| renderer.render(template, inputs)).collect::<Result<Vec<_>, _>>()?;
        super::merge::join(&pdfs)
    })
    .await
    .map_err(|e| AppError::Internal(format!("rendering stopped: {e}").into()))?
}

/// A template's inputs as plain Rust values, so they can cross to a blocking thread and be
/// tested without Typst. Texts are passed as strings, never as markup: a name cannot inject.
#[derive(Debug, Clone, PartialEq)]
pub enum Input {
    Text(String),
    Image(Option<Vec<u8>>),
    /// A QR code of this text, drawn as SVG.
    Qr(String),
    List(Vec<Input>),
    Map(Inputs),
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Inputs(pub Vec<(&'static str, Input)>);

impl Inputs {
    pub fn text(mut self, key: &'static str, value: impl Into<String>) -> Self {
        self.0.push((key, Input::Text(value.into())));
        self
    }
    pub fn put(mut self, key: &'static str, value: Input) -> Self {
        self.0.push((key, value));
        self
    }
    pub fn get(&self, key: &str) -> Option<&Input> {
        self.0.iter().find(|(k, _)| *k == key).map(|(_, v)| v)
    }

    fn into_dict(self) -> Dict {
        let mut d = Dict::new();
        for (k, v) in self.0 {
            d.insert(k.into(), v.into_value());
        }
        d
    }
}

impl Input {
    fn into_value(self) -> Value {
        match self {
            Input::Text(s) => s.into_value(),
            Input::Image(None) => Value::None,
            Input::Image(Some(bytes)) => Bytes::new(bytes).into_value(),
            Input::Qr(text) => Bytes::new(qr::svg(&text)).into_value(),
            Input::List(items) => items.into_iter().map(Input::into_value).collect::<Vec<Value>>().into_value(),
            Input::Map(m) => m.into_dict().into_value(),
        }
    }
}
