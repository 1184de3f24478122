//! Spreadsheet files: CSV (RFC 4180, UTF-8, with an optional byte-order mark for Excel) and
//! XLSX, written row by row so a long list never sits whole in memory. Text that a spreadsheet
//! would run as a formula is neutralised in both, and XLSX cells are always strings or numbers.
use rust_xlsxwriter::{Format as CellFormat, Workbook, XlsxError};
use std::borrow::Cow;

/// One cell of an export.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Int(i64),
}

impl From<&str> for Cell {
    fn from(s: &str) -> Self {
        Cell::Text(s.to_owned())
    }
}
impl From<String> for Cell {
    fn from(s: String) -> Self {
        Cell::Text(s)
    }
}
impl From<i64> for Cell {
    fn from(n: i64) -> Self {
        Cell::Int(n)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv { bom: bool },
    Xlsx,
}

impl Format {
    /// The format named by a file extension (`csv`, `xlsx`).
    pub fn from_extension(ext: &str, bom: bool) -> Option<Self> {
        match ext {
            "csv" => Some(Format::Csv { bom }),
            "xlsx" => Some(Format::Xlsx),
            _ => None,
        }
    }

    pub fn content_type(self) -> &'static str {
        match self {
            Format::Csv { .. } => "text/csv; charset=utf-8",
            Format::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            Format::Csv { .. } => "csv",
            Format::Xlsx => "xlsx",
        }
    }
}

/// Text starting with a character a spreadsheet treats as a formula gets a leading `'`, so an
/// attendee named `=HYPERLINK(...)` stays text when the organizer opens the file.
pub fn neutralise(s: &str) -> Cow<'_, str> {
    match s.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r' | '\0') => Cow::Owned(format!("'{s}")),
        _ => Cow::Borrowed(s),
    }
}

/// Writes CSV rows into a buffer that the caller drains as it goes.
pub struct CsvRows {
    writer: csv::Writer<Vec<u8>>,
}

impl CsvRows {
    pub fn new(bom: bool) -> Self {
        let mut buf = Vec::with_capacity(64 * 1024);
        if bom {
            buf.extend_from_slice("\u{feff}".as_bytes());
        }
        Self { writer: Self::writer(buf) }
    }

    /// RFC 4180: CRLF line ends, quotes only where needed; a report file has rows of several
    /// widths (a title line, then tables).
    fn writer(buf: Vec<u8>) -> csv::Writer<Vec<u8>> {
        csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).flexible(true).from_writer(buf)
    }

    pub fn push(&mut self, row: &[Cell]) -> std::io::Result<()> {
        let fields = row.iter().map(|c| match c {
            Cell::Text(s) => neutralise(s).into_owned(),
            Cell::Int(n) => n.to_string(),
        });
        self.writer.write_record(fields).map_err(std::io::Error::other)
    }

    /// Bytes written so far, when there are at least `min` of them.
    pub fn take(&mut self, min: usize) -> std::io::Result<Option<Vec<u8>>> {
        self.writer.flush()?;
        let len = self.writer.get_ref().len();
        if len < min || len == 0 {
            return Ok(None);
        }
        let full = std::mem::replace(&mut self.writer, Self::writer(Vec::with_capacity(64 * 1024)));
        full.into_inner().map(Some).map_err(|e| std::io::Error::other(e.to_string()))
    }
}

/// Writes one worksheet with a bold header row; rows go to a temporary file as they come.
pub struct XlsxRows {
    workbook: Workbook,
    row: u32,
    bold: CellFormat,
}

impl XlsxRows {
    pub fn new(sheet: &str) -> Result<Self, XlsxError> {
        let mut workbook = Workbook::new();
        // Sheet names may not hold []:*?/\ and are at most 31 characters.
        let name: String = sheet.chars().filter(|c| !matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\')).take(31).collect();
        let ws = workbook.add_worksheet_with_constant_memory()?;
        ws.set_name(if name.trim().is_empty() { "Sheet1" } else { name.as_str() })?;
        Ok(Self { workbook, row: 0, bold: CellFormat::new().set_bold() })
    }

    pub fn push(&mut self, row: &[Cell]) -> Result<(), XlsxError> {
        let header = self.row == 0;
        let ws = self.workbook.worksheet_from_index(0)?;
        for (col, cell) in row.iter().enumerate() {
            let col = u16::try_from(col).unwrap_or(u16::MAX);
            match (cell, header) {
                (Cell::Text(s), true) => ws.write_string_with_format(self.row, col, neutralise(s), &self.bold)?,
                (Cell::Text(s), false) => ws.write_string(self.row, col, neutralise(s))?,
                (Cell::Int(n), _) => ws.write_number(self.row, col, *n as f64)?,
            };
        }
        self.row += 1;
        Ok(())
    }

    pub fn finish(mut self) -> Result<Vec<u8>, XlsxError> {
        self.workbook.save_to_buffer()
    }
}

/// A small table (a report's tallies) written whole in one format.
pub fn table(format: Format, sheet: &str, rows: &[Vec<Cell>]) -> Result<Vec<u8>, String> {
    match format {
        Format::Csv { bom } => {
            let mut w = CsvRows::new(bom);
            for r in rows {
                w.push(r).map_err(|e| e.to_string())?;
            }
            Ok(w.take(0).map_err(|e| e.to_string())?.unwrap_or_default())
        }
        Format::Xlsx => {
            let mut w = XlsxRows::new(sheet).map_err(|e| e.to_string())?;
            for r in rows {
                w.push(r).map_err(|e| e.to_string())?;
            }
            w.finish().map_err(|e| e.to_string())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::{Data, Reader, Xlsx};
    use proptest::prelude::*;

    fn read_csv(bytes: &[u8]) -> Vec<Vec<String>> {
        let mut r = csv::ReaderBuilder::new().has_headers(false).from_reader(bytes);
        r.records().map(|rec| rec.unwrap().iter().map(str::to_owned).collect()).collect()
    }

    proptest! {
        #[test]
        fn any_text_round_trips_through_csv(cells in proptest::collection::vec(proptest::collection::vec(".*", 1..5), 1..5)) {
            // Every row the same width under a header row, as in an export (a reader drops a
            // byte-order mark at the very start of a file, which a header never begins with).
            let width = cells.iter().map(Vec::len).max().unwrap_or(1);
            let header = vec![Cell::Text("h".into()); width];
            let rows: Vec<Vec<Cell>> = std::iter::once(header).chain(cells.iter().map(|r| {
                let mut r: Vec<Cell> = r.iter().map(|s| Cell::Text(s.clone())).collect();
                r.resize(width, Cell::Text(String::new()));
                r
            })).collect();
            let bytes = table(Format::Csv { bom: false }, "t", &rows).unwrap();
            let back = read_csv(&bytes);
            let expected: Vec<Vec<String>> = rows.iter().map(|r| r.iter().map(|c| match c {
                Cell::Text(s) => neutralise(s).into_owned(),
                Cell::Int(n) => n.to_string(),
            }).collect()).collect();
            prop_assert_eq!(back, expected);
        }
    }

    #[test]
    fn formula_starts_are_neutralised() {
        for s in ["=1+1", "+41 22", "-2", "@SUM(A1)", "\tx", "\rx", "\0x"] {
            assert_eq!(neutralise(s), format!("'{s}"));
        }
        for s in ["Jane", "", "1=1", " =x"] {
            assert_eq!(neutralise(s), s);
        }
        let bytes = table(Format::Csv { bom: true }, "t", &[vec!["=HYPERLINK(\"http://x\")".into(), 3.into()]]).unwrap();
        assert!(bytes.starts_with("\u{feff}".as_bytes()), "the byte-order mark comes first");
        assert_eq!(&bytes[3..], b"\"'=HYPERLINK(\"\"http://x\"\")\",3\r\n");
    }

    #[test]
    fn xlsx_reads_back_as_text_not_formulas() {
        let rows = vec![
            vec![Cell::from("Name"), Cell::from("Count")],
            vec![Cell::from("=1+1"), Cell::Int(7)],
            vec![Cell::from("Zoë «ÄÖ» 中文 عربي"), Cell::Int(0)],
        ];
        let bytes = table(Format::Xlsx, "Attendees", &rows).unwrap();
        let mut book: Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
        let range = book.worksheet_range("Attendees").unwrap();
        let cells: Vec<Vec<Data>> = range.rows().map(<[Data]>::to_vec).collect();
        assert_eq!(cells[0], vec![Data::String("Name".into()), Data::String("Count".into())]);
        assert_eq!(cells[1], vec![Data::String("'=1+1".into()), Data::Float(7.0)]);
        assert_eq!(cells[2][0], Data::String("Zoë «ÄÖ» 中文 عربي".into()));
        let formulas = book.worksheet_formula("Attendees").unwrap();
        assert!(formulas.used_cells().all(|(_, _, f)| f.is_empty()), "no cell is a formula");
    }
}
