//! CSV manifests: a header row naming the columns (any order, any case), UTF-8, RFC 4180
//! quoting. Columns: `id`, `surname`, `given_names`, `date_of_birth`, `nationality`, `sex`,
//! `document_number`, `document_type`, `document_country`; only `surname` is required. An
//! unknown column rejects the manifest (a misspelt header would otherwise drop a field
//! silently); a row with the wrong number of cells, or cells that are not UTF-8, rejects that
//! row, naming its line.

use super::{Entry, Manifest, Position, Rejection};
use crate::screening::traveller::TravellerFields;

/// The columns a CSV manifest may have.
pub const COLUMNS: [&str; 9] = [
    "id",
    "surname",
    "given_names",
    "date_of_birth",
    "nationality",
    "sex",
    "document_number",
    "document_type",
    "document_country",
];

fn setter(column: &str) -> Option<fn(&mut TravellerFields, String)> {
    Some(match column {
        "id" => |f, v| f.id = Some(v),
        "surname" => |f, v| f.surname = Some(v),
        "given_names" => |f, v| f.given_names = Some(v),
        "date_of_birth" => |f, v| f.date_of_birth = Some(v),
        "nationality" => |f, v| f.nationality = Some(v),
        "sex" => |f, v| f.sex = Some(v),
        "document_number" => |f, v| f.document_number = Some(v),
        "document_type" => |f, v| f.document_type = Some(v),
        "document_country" => |f, v| f.document_country = Some(v),
        _ => return None,
    })
}

pub(super) fn parse(input: &[u8]) -> Result<Manifest, String> {
    let input = input.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(input);
    let mut reader = ::csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(input);
    let mut records = reader.byte_records();
    let header = match records.next() {
        Some(Ok(h)) => h,
        Some(Err(e)) => return Err(format!("cannot read the header row: {e}")),
        None => return Err("empty: expected a header row naming the columns".into()),
    };
    let mut setters = Vec::new();
    for (i, cell) in header.iter().enumerate() {
        let name = std::str::from_utf8(cell)
            .map_err(|_| format!("header column {} is not UTF-8", i + 1))?
            .trim()
            .to_ascii_lowercase();
        let set = setter(&name).ok_or_else(|| {
            format!(
                "unknown column '{name}' in the header; the columns are {}",
                COLUMNS.join(", ")
            )
        })?;
        if setters.iter().any(|(n, _): &(String, _)| *n == name) {
            return Err(format!("column '{name}' appears twice in the header"));
        }
        setters.push((name, set));
    }
    if !setters.iter().any(|(n, _)| n == "surname") {
        return Err(format!(
            "the header has no 'surname' column; the columns are {}",
            COLUMNS.join(", ")
        ));
    }
    // line numbers from byte offsets: the reader's own line count skips blank lines
    let newlines: Vec<usize> = input
        .iter()
        .enumerate()
        .filter(|(_, b)| **b == b'\n')
        .map(|(i, _)| i)
        .collect();
    // (a record's position may be where the blank lines before it start)
    let line_at = |p: Option<&::csv::Position>| {
        p.map_or(0, |p| {
            let mut at = p.byte() as usize;
            while matches!(input.get(at), Some(b'\n' | b'\r')) {
                at += 1;
            }
            newlines.partition_point(|&n| n < at) as u64 + 1
        })
    };
    let mut entries = Vec::new();
    for record in records {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = line_at(e.position());
                entries.push(Entry {
                    position: Position::Line { line },
                    fields: Err(Rejection {
                        id: None,
                        field: "row".into(),
                        message: e.to_string(),
                    }),
                });
                continue;
            }
        };
        let line = line_at(record.position());
        if record.iter().all(|c| c.iter().all(u8::is_ascii_whitespace)) {
            continue; // a blank line is no traveller
        }
        let fields = if record.len() != setters.len() {
            Err(Rejection {
                id: None,
                field: "row".into(),
                message: format!(
                    "{} cells where the header has {} columns",
                    record.len(),
                    setters.len()
                ),
            })
        } else {
            let mut f = TravellerFields::default();
            let mut bad = None;
            for ((name, set), cell) in setters.iter().zip(record.iter()) {
                match std::str::from_utf8(cell) {
                    Ok(v) => set(&mut f, v.to_string()),
                    Err(_) => {
                        bad = Some(Rejection {
                            id: None,
                            field: name.clone(),
                            message: "not UTF-8 text".into(),
                        });
                        break;
                    }
                }
            }
            bad.map_or(Ok(f), Err)
        };
        entries.push(Entry {
            position: Position::Line { line },
            fields,
        });
    }
    Ok(Manifest {
        entries,
        ..Default::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_in_any_order_and_case_with_quoting() {
        let m = parse(
            b"Given_Names,SURNAME,id\n\"Anna, Maria\",\"O'Neil \"\"Jr\"\"\",7\n\nJohn,Smith,8\n\"multi\nline\",X,9\nZ,Y,10",
        )
        .unwrap();
        assert_eq!(m.entries.len(), 4);
        assert_eq!(m.entries[2].position, Position::Line { line: 5 });
        assert_eq!(m.entries[3].position, Position::Line { line: 7 });
        let f = m.entries[0].fields.as_ref().unwrap();
        assert_eq!(f.given_names.as_deref(), Some("Anna, Maria"));
        assert_eq!(f.surname.as_deref(), Some("O'Neil \"Jr\""));
        assert_eq!(m.entries[0].position, Position::Line { line: 2 });
        assert_eq!(m.entries[1].position, Position::Line { line: 4 });
    }

    #[test]
    fn a_short_row_is_rejected_with_its_line_and_the_rest_read() {
        let m = parse(b"surname,given_names\nA,B\nC\nD,E\n").unwrap();
        assert_eq!(m.entries.len(), 3);
        assert!(m.entries[0].fields.is_ok() && m.entries[2].fields.is_ok());
        assert_eq!(m.entries[1].position, Position::Line { line: 3 });
        assert_eq!(m.entries[1].fields.as_ref().unwrap_err().field, "row");
        let m = parse(b"surname,given_names\nA,\xff\xfe\n").unwrap();
        assert_eq!(
            m.entries[0].fields.as_ref().unwrap_err().field,
            "given_names"
        );
    }

    #[test]
    fn a_bad_header_rejects_the_manifest() {
        assert!(parse(b"surname,given_name\nA,B\n")
            .unwrap_err()
            .contains("given_name"));
        assert!(parse(b"given_names\nB\n").unwrap_err().contains("surname"));
        assert!(parse(b"surname,surname\nA,B\n")
            .unwrap_err()
            .contains("twice"));
        assert!(parse(b"").is_err());
    }
}
