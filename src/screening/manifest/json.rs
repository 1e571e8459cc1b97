//! JSON manifests: an array of traveller objects with the CSV column names as keys, each value
//! a string (or null). An unknown key or a value of another type rejects that traveller, naming
//! its index and the key; anything but an array rejects the manifest.

use super::csv::COLUMNS;
use super::{Entry, Manifest, Position, Rejection};
use crate::screening::traveller::TravellerFields;
use serde_json::Value;

pub(super) fn parse(input: &[u8]) -> Result<Manifest, String> {
    let value: Value = serde_json::from_slice(input).map_err(|e| format!("not valid JSON: {e}"))?;
    let Value::Array(items) = value else {
        return Err("expected a JSON array of traveller objects".into());
    };
    let entries = items
        .into_iter()
        .enumerate()
        .map(|(index, item)| Entry {
            position: Position::Index { index },
            fields: fields(item),
        })
        .collect();
    Ok(Manifest {
        entries,
        ..Default::default()
    })
}

fn fields(item: Value) -> Result<TravellerFields, Rejection> {
    let Value::Object(map) = item else {
        return Err(Rejection {
            id: None,
            field: "traveller".into(),
            message: "expected an object".into(),
        });
    };
    let mut f = TravellerFields::default();
    for (key, value) in map {
        let slot = match key.as_str() {
            "id" => &mut f.id,
            "surname" => &mut f.surname,
            "given_names" => &mut f.given_names,
            "date_of_birth" => &mut f.date_of_birth,
            "nationality" => &mut f.nationality,
            "sex" => &mut f.sex,
            "document_number" => &mut f.document_number,
            "document_type" => &mut f.document_type,
            "document_country" => &mut f.document_country,
            _ => {
                return Err(Rejection {
                    id: None,
                    message: format!("unknown key; the keys are {}", COLUMNS.join(", ")),
                    field: key,
                })
            }
        };
        *slot = match value {
            Value::String(s) => Some(s),
            Value::Null => None,
            other => {
                return Err(Rejection {
                    id: None,
                    message: format!("expected a string, got {other}"),
                    field: key,
                })
            }
        };
    }
    Ok(f)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_travellers_are_named_by_index_and_key() {
        let m = parse(
            br#"[{"surname":"A"},{"surname":"B","dob":"1970"},{"surname":"C","date_of_birth":1970},7,{"surname":null,"given_names":"D"}]"#,
        )
        .unwrap();
        assert_eq!(m.entries.len(), 5);
        assert!(m.entries[0].fields.is_ok() && m.entries[4].fields.is_ok());
        let e = |i: usize| m.entries[i].fields.as_ref().unwrap_err().field.clone();
        assert_eq!(
            (e(1), e(2), e(3)),
            ("dob".into(), "date_of_birth".into(), "traveller".into())
        );
        assert_eq!(m.entries[2].position, Position::Index { index: 2 });
    }

    #[test]
    fn anything_but_an_array_is_rejected() {
        assert!(parse(br#"{"surname":"A"}"#).is_err());
        assert!(parse(b"[{").is_err());
        assert!(parse(b"").is_err());
    }
}
