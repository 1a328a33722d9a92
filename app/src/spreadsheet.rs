//! CSV for spreadsheets (server only): `;`-separated as Dutch spreadsheets expect, every
//! cell quoted, lines ended by CRLF, and a cell that a spreadsheet would take for a
//! formula (`=`, `+`, `-`, `@`, a tab or a carriage return first) starts with `'`, so an
//! exported name can never run as a formula on the coordinator's computer.

/// One line of cells.
pub fn line<S: AsRef<str>>(cells: impl IntoIterator<Item = S>) -> String {
    let mut out = cells
        .into_iter()
        .map(|c| cell(c.as_ref()))
        .collect::<Vec<_>>()
        .join(";");
    out.push_str("\r\n");
    out
}

fn cell(text: &str) -> String {
    let text = if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_owned()
    };
    format!("\"{}\"", text.replace('"', "\"\""))
}

/// A byte-order mark, put before a file's first line so spreadsheets read its accents as
/// UTF-8.
pub const BOM: &str = "\u{feff}";
