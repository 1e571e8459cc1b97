//! PAXLST manifests: the UN/EDIFACT message ([`crate::screening::paxlst`]) read into
//! travellers. Each traveller's position is the segment number of its `NAD`; a traveller whose
//! segments are bad is rejected naming the segment number, tag and field. Dates of birth
//! (`DTM+329`, `YYMMDD`) get the century that puts them in the past; the first `DOC` is the
//! document presented; `RFF+ABO` (the unique passenger reference) is echoed as the id.

use super::{Entry, Manifest, Position, Rejection, Voyage};
use crate::model::Date;
use crate::screening::mrz::{resolve_birth_date_year, Today};
use crate::screening::paxlst::{self, ListKind, PaxTraveller};
use crate::screening::traveller::{parse_document_type, TravellerFields};

pub(super) fn parse(text: &str, today: Date) -> Result<Manifest, String> {
    let msg = paxlst::parse(text).map_err(|e| e.to_string())?;
    let mut warnings: Vec<String> = msg.warnings.iter().map(|w| w.to_string()).collect();
    let today = Today::from(today);
    let entries = msg
        .travellers
        .into_iter()
        .map(|t| match t {
            Ok(p) => Entry {
                position: Position::Segment {
                    segment: p.segment,
                    tag: "NAD".into(),
                },
                fields: fields(&p, &today, &mut warnings),
            },
            Err(issue) => Entry {
                position: Position::Segment {
                    segment: issue.segment,
                    tag: issue.tag.clone(),
                },
                fields: Err(Rejection {
                    id: None,
                    field: issue.field.clone(),
                    message: issue.message.clone(),
                }),
            },
        })
        .collect();
    let legs = msg
        .legs
        .iter()
        .map(|l| {
            format!(
                "{} {}-{}",
                l.transport_id,
                l.departure.as_deref().unwrap_or("?"),
                l.arrival.as_deref().unwrap_or("?")
            )
        })
        .collect();
    let list = match &msg.list {
        ListKind::Passengers => "passengers".to_string(),
        ListKind::Crew => "crew".to_string(),
        ListKind::Other(code) => format!("BGM {code}"),
    };
    Ok(Manifest {
        entries,
        warnings,
        voyage: Some(Voyage {
            legs,
            list: Some(list),
        }),
    })
}

/// `YYMMDD` as `YYYY-MM-DD`, with the century the MRZ reader gives a date of birth (the
/// latest that does not put it after today).
fn birth_date(raw: &str, today: &Today) -> Option<String> {
    let yy: u32 = raw.get(0..2)?.parse().ok()?;
    let (mm, dd) = (raw.get(2..4)?, raw.get(4..6)?);
    let year = resolve_birth_date_year(yy, mm.parse().ok(), dd.parse().ok(), today);
    Some(format!("{year:04}-{mm}-{dd}"))
}

fn fields(
    p: &PaxTraveller,
    today: &Today,
    warnings: &mut Vec<String>,
) -> Result<TravellerFields, Rejection> {
    let date_of_birth = match p.date_of_birth.as_deref() {
        None => None,
        Some(raw) => Some(birth_date(raw, today).ok_or_else(|| Rejection {
            id: None,
            field: "DTM+329".into(),
            message: format!("date of birth '{raw}' is not YYMMDD"),
        })?),
    };
    let doc = p.documents.first();
    let document_type = doc.and_then(|d| d.doc_type.as_deref()).map(|code| {
        if parse_document_type(code).is_some() {
            code.to_string()
        } else {
            warnings.push(format!(
                "segment {}: document code '{code}' read as 'other'",
                p.segment
            ));
            "other".to_string()
        }
    });
    let id = p
        .references
        .iter()
        .find(|(q, _)| q == "ABO")
        .map(|(_, v)| v.clone());
    Ok(TravellerFields {
        id,
        surname: Some(p.surname.clone()),
        given_names: Some(p.given_names.clone()),
        date_of_birth,
        nationality: p.nationality.clone(),
        sex: p.sex.clone(),
        document_number: doc.map(|d| d.number.clone()),
        document_type,
        document_country: doc.and_then(|d| d.issuing_country.clone()),
    })
}
