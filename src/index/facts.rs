//! Compact stored facts that rescoring and visibility checks need, precomputed at ingest so a
//! query never renormalises candidate names.
//!
//! Text encoding, one line per item: `kind \t source \t id \t sharing,.. \t expires`, then for persons
//! `dob \t nationality,.. \t gender \t held documents \t other dobs,.. \t low-quality count`
//! (held documents each `number/country/type`, joined by `;`, country and type empty when
//! unknown) and one line per name `tokens.. | skeletons..`, good names first, then the
//! low-quality ones; for documents `number \t country \t type`.

use crate::matching::name::NameProfile;
use crate::matching::person::{PersonFacts, PersonView};
use crate::model::{Body, Date, DocType, Gender, Kind, PartialDate, Record};
use crate::{Error, Result};

/// Matching data of a listed travel document.
#[derive(Debug, Clone, PartialEq)]
pub struct DocumentFacts {
    /// Normalised number.
    pub number: String,
    pub issuing_country: String,
    pub document_type: DocType,
}

/// A travel document listed inside a person record (`documents` of a person): the document
/// check finds it like a listed stolen or lost document.
#[derive(Debug, Clone, PartialEq)]
pub struct HeldDocumentFacts {
    /// Normalised number.
    pub number: String,
    pub issuing_country: Option<String>,
    pub document_type: Option<DocType>,
}

/// What a stored record contributes to matching.
#[derive(Debug, Clone, PartialEq)]
pub struct Facts {
    pub kind: Kind,
    pub source: String,
    pub id: String,
    pub sharing: Vec<String>,
    pub expires: Option<Date>,
    pub person: Option<PersonFacts>,
    pub document: Option<DocumentFacts>,
    /// The documents a person is known to hold (empty for documents).
    pub held: Vec<HeldDocumentFacts>,
}

impl Facts {
    /// Extracts the facts of a validated record.
    pub fn of(record: &Record) -> Facts {
        let held = match &record.body {
            Body::Person(p) => p
                .documents
                .iter()
                .map(|d| HeldDocumentFacts {
                    number: crate::normalize::docnum::normalize(&d.number),
                    issuing_country: d.issuing_country.clone(),
                    document_type: d.doc_type.as_deref().and_then(DocType::parse),
                })
                .filter(|d| !d.number.is_empty())
                .collect(),
            Body::Document(_) => Vec::new(),
        };
        let (person, document) = match &record.body {
            Body::Person(p) => (
                Some(PersonFacts {
                    names: p
                        .names
                        .iter()
                        .chain(&p.low_quality_names)
                        .map(|n| NameProfile::new(n))
                        .collect(),
                    low_quality: p.low_quality_names.len(),
                    date_of_birth: p.date_of_birth,
                    other_dates_of_birth: p.other_dates_of_birth.clone(),
                    nationality: p.nationality.clone(),
                    gender: p.gender,
                }),
                None,
            ),
            Body::Document(d) => (
                None,
                Some(DocumentFacts {
                    number: crate::normalize::docnum::normalize(&d.number),
                    issuing_country: d.issuing_country.clone(),
                    document_type: d.document_type,
                }),
            ),
        };
        Facts {
            kind: record.kind,
            source: record.source.clone(),
            id: record.id.clone(),
            sharing: record.sharing.clone(),
            expires: record.expires,
            person,
            document,
            held,
        }
    }

    /// Serialises to the stored text form.
    pub fn encode(&self) -> String {
        let mut s = format!(
            "{}\t{}\t{}\t{}\t{}",
            self.kind.as_str(),
            self.source,
            self.id,
            self.sharing.join(","),
            self.expires.map(|d| d.to_string()).unwrap_or_default()
        );
        if let Some(p) = &self.person {
            let held: Vec<String> = self
                .held
                .iter()
                .map(|d| {
                    format!(
                        "{}/{}/{}",
                        d.number,
                        d.issuing_country.as_deref().unwrap_or_default(),
                        d.document_type.map(DocType::as_str).unwrap_or_default()
                    )
                })
                .collect();
            let others: Vec<String> = p
                .other_dates_of_birth
                .iter()
                .map(|d| d.to_string())
                .collect();
            s.push_str(&format!(
                "\n{}\t{}\t{}\t{}\t{}\t{}",
                p.date_of_birth.map(|d| d.to_string()).unwrap_or_default(),
                p.nationality.join(","),
                p.gender
                    .map(|g| g.as_char().to_string())
                    .unwrap_or_default(),
                held.join(";"),
                others.join(","),
                p.low_quality
            ));
            for n in &p.names {
                s.push_str(&format!(
                    "\n{}|{}",
                    n.tokens.join(" "),
                    n.skeletons.join(" ")
                ));
            }
        }
        if let Some(d) = &self.document {
            s.push_str(&format!(
                "\n{}\t{}\t{}",
                d.number,
                d.issuing_country,
                d.document_type.as_str()
            ));
        }
        s
    }

    /// Parses the stored text form.
    pub fn decode(text: &str) -> Result<Facts> {
        let v = FactsView::parse(text)?;
        let owned = |l: &[&str]| l.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        Ok(Facts {
            kind: v.kind,
            source: v.source.to_string(),
            id: v.id.to_string(),
            sharing: owned(&v.sharing),
            expires: v.expires,
            person: v.person.as_ref().map(PersonView::to_facts),
            document: v.document.map(|d| DocumentFacts {
                number: d.number.to_string(),
                issuing_country: d.issuing_country.to_string(),
                document_type: d.document_type,
            }),
            held: v
                .held
                .iter()
                .map(|d| HeldDocumentFacts {
                    number: d.number.to_string(),
                    issuing_country: d.issuing_country.map(str::to_string),
                    document_type: d.document_type,
                })
                .collect(),
        })
    }
}

/// The stored facts parsed in place: what rescoring reads for each candidate, borrowing
/// every string from the stored text.
#[derive(Debug, Clone, PartialEq)]
pub struct FactsView<'a> {
    pub kind: Kind,
    pub source: &'a str,
    pub id: &'a str,
    pub sharing: Vec<&'a str>,
    pub expires: Option<Date>,
    pub person: Option<PersonView<'a>>,
    pub document: Option<DocumentView<'a>>,
    /// The documents a person holds, borrowed (empty for documents).
    pub held: Vec<HeldDocumentView<'a>>,
}

/// A document held by a person, borrowed from the stored text.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HeldDocumentView<'a> {
    /// Normalised number.
    pub number: &'a str,
    pub issuing_country: Option<&'a str>,
    pub document_type: Option<DocType>,
}

/// A listed travel document's matching data, borrowed from the stored text.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DocumentView<'a> {
    /// Normalised number.
    pub number: &'a str,
    pub issuing_country: &'a str,
    pub document_type: DocType,
}

impl Default for FactsView<'_> {
    fn default() -> Self {
        FactsView {
            kind: Kind::Person,
            source: "",
            id: "",
            sharing: Vec::new(),
            expires: None,
            person: None,
            document: None,
            held: Vec::new(),
        }
    }
}

impl<'a> FactsView<'a> {
    /// Parses the stored text form (see the module doc).
    pub fn parse(text: &'a str) -> Result<FactsView<'a>> {
        let mut view = FactsView::default();
        view.reparse(text)?;
        Ok(view)
    }

    /// Parses `text` into this view, reusing its lists: rescoring parses a hundred candidates
    /// a query with one view and allocates only when a record has more names than any before.
    pub fn reparse(&mut self, text: &'a str) -> Result<()> {
        let bad = || Error::Internal(format!("corrupt stored facts: {text:?}"));
        let fill = |list: &mut Vec<&'a str>, s: &'a str| {
            list.clear();
            list.extend(s.split([',', ' ']).filter(|x| !x.is_empty()));
        };
        let mut lines = text.split('\n');
        let mut head = lines.next().ok_or_else(bad)?.split('\t');
        let mut field = || head.next().ok_or_else(bad);
        self.kind = match field()? {
            "person" => Kind::Person,
            "document" => Kind::Document,
            _ => return Err(bad()),
        };
        (self.source, self.id) = (field()?, field()?);
        fill(&mut self.sharing, field()?);
        self.expires = match field()? {
            "" => None,
            e => Some(Date::parse(e).map_err(|_| bad())?),
        };
        let mut second = lines.next().ok_or_else(bad)?.split('\t');
        let mut field = || second.next().ok_or_else(bad);
        let (a, b, c) = (field()?, field()?, field()?);
        // persons: held documents, other dates of birth, low-quality name count
        let (held, others, low_quality) = match self.kind {
            Kind::Person => (field()?, field()?, field()?),
            Kind::Document => ("", "", "0"),
        };
        self.held.clear();
        match self.kind {
            Kind::Person => {
                self.document = None;
                let person = self.person.get_or_insert_with(PersonView::default);
                let mut count = 0;
                for line in lines {
                    let (t, k) = line.split_once('|').ok_or_else(bad)?;
                    if count == person.names.len() {
                        person.names.push(Default::default());
                    }
                    let (tokens, skeletons) = &mut person.names[count];
                    fill(tokens, t);
                    fill(skeletons, k);
                    count += 1;
                }
                person.names.truncate(count);
                person.low_quality = low_quality.parse().map_err(|_| bad())?;
                if person.low_quality > count {
                    return Err(bad());
                }
                person.date_of_birth = match a {
                    "" => None,
                    d => Some(PartialDate::parse(d).map_err(|_| bad())?),
                };
                person.other_dates_of_birth.clear();
                for d in others.split(',').filter(|d| !d.is_empty()) {
                    person
                        .other_dates_of_birth
                        .push(PartialDate::parse(d).map_err(|_| bad())?);
                }
                fill(&mut person.nationality, b);
                person.gender = match c {
                    "" => None,
                    g => Some(Gender::parse(g).map_err(|_| bad())?),
                };
                for d in held.split(';').filter(|d| !d.is_empty()) {
                    let mut parts = d.split('/');
                    let (number, country, doc_type) = (
                        parts.next().ok_or_else(bad)?,
                        parts.next().ok_or_else(bad)?,
                        parts.next().ok_or_else(bad)?,
                    );
                    self.held.push(HeldDocumentView {
                        number,
                        issuing_country: (!country.is_empty()).then_some(country),
                        document_type: match doc_type {
                            "" => None,
                            t => Some(DocType::parse(t).ok_or_else(bad)?),
                        },
                    });
                }
            }
            Kind::Document => {
                self.person = None;
                self.document = Some(DocumentView {
                    number: a,
                    issuing_country: b,
                    document_type: DocType::parse(c).ok_or_else(bad)?,
                });
            }
        }
        Ok(())
    }

    /// Whether `agency` may see the record on `today`.
    pub fn visible(&self, agency: Option<&str>, today: Date) -> bool {
        self.expires.is_none_or(|e| e >= today)
            && (agency == Some(self.source) || crate::model::visible(&self.sharing, agency))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::feeds::{jsonl::parse_line, FeedOp};

    #[test]
    fn round_trip() {
        for line in [
            r#"{"kind":"person","source":"INTERPOL","id":"P1","names":["Ivan Petrov","Иван Петров"],"date_of_birth":"1970-03","nationality":["RUS","UKR"],"gender":"M","sharing":["EUROPOL","FRONTEX"],"expires":"2030-01-01","documents":[{"number":"75 123-456","issuing_country":"RUS","type":"passport"},{"number":"X9"},{"number":"ID1","type":"tribal card"}]}"#,
            r#"{"kind":"person","source":"INTERPOL","id":"P2","names":["王伟"]}"#,
            r#"{"kind":"person","source":"UNSC","id":"P3","names":["Abu Bakr"],"low_quality_names":["Abu Umar","Al Hajj"],"date_of_birth":"1961","other_dates_of_birth":["1962","1965-07-01"]}"#,
            r#"{"kind":"document","source":"INTERPOL","id":"D1","number":"ab 123","issuing_country":"FRA","document_type":"passport","status":"stolen"}"#,
        ] {
            let FeedOp::Upsert(r) = parse_line(line).unwrap() else {
                panic!()
            };
            let f = Facts::of(&r);
            assert_eq!(Facts::decode(&f.encode()).unwrap(), f);
        }
    }

    #[test]
    fn reparsing_into_a_used_view_equals_a_fresh_parse() {
        let texts: Vec<String> = [
            r#"{"kind":"person","source":"INTERPOL","id":"P1","names":["Ivan Petrov","Ivan P","I Petrov"],"date_of_birth":"1970","nationality":["RUS"],"gender":"M","sharing":["EUROPOL"]}"#,
            r#"{"kind":"person","source":"EUROPOL","id":"P2","names":["Ana Lopez"],"low_quality_names":["La Flaca"],"other_dates_of_birth":["1980"]}"#,
            r#"{"kind":"document","source":"INTERPOL","id":"D1","number":"ab 123","issuing_country":"FRA","document_type":"passport","status":"stolen"}"#,
            r#"{"kind":"person","source":"AFRIPOL","id":"P3","names":["Amadou Diallo","Amadu Jallow"]}"#,
        ]
        .iter()
        .map(|line| {
            let FeedOp::Upsert(r) = parse_line(line).unwrap() else {
                panic!()
            };
            Facts::of(&r).encode()
        })
        .collect();
        let mut view = FactsView::default();
        for text in &texts {
            view.reparse(text).unwrap();
            assert_eq!(view, FactsView::parse(text).unwrap());
        }
        assert!(view.reparse("person\tX").is_err());
    }

    #[test]
    fn visibility_rules() {
        let FeedOp::Upsert(r) = parse_line(
            r#"{"kind":"person","source":"INTERPOL","id":"P1","names":["A B"],"sharing":["EUROPOL"],"expires":"2030-01-01"}"#,
        )
        .unwrap() else { panic!() };
        let text = Facts::of(&r).encode();
        let f = FactsView::parse(&text).unwrap();
        let today = Date::parse("2026-01-01").unwrap();
        assert!(f.visible(Some("EUROPOL"), today));
        assert!(f.visible(Some("INTERPOL"), today));
        assert!(!f.visible(Some("AFRIPOL"), today));
        assert!(!f.visible(None, today));
        assert!(!f.visible(Some("EUROPOL"), Date::parse("2031-01-01").unwrap()));
    }
}
