//! The index schema and the conversion of a record into a tantivy document.

use super::facts::Facts;
use crate::matching::name::NameProfile;
use crate::model::{Body, PartialDate, Record};
use crate::normalize::{adjacent_joins, docnum, particle_joins, skeleton};
use tantivy::schema::{
    Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, FAST, STORED, STRING,
};
use tantivy::{TantivyDocument, Term};

/// Separator between source and id in the unique `key` term.
pub const KEY_SEPARATOR: char = '\u{1f}';

/// Date-of-birth terms of a (partial) date: `Y1970`, `M1970-04`, `D1970-04-13` as far as
/// known. Among many records with the same name, the date of birth brings the right one
/// into the candidate set.
pub fn dob_terms(d: &PartialDate) -> Vec<String> {
    let mut out = vec![format!("Y{:04}", d.year)];
    if let Some(m) = d.month {
        out.push(format!("M{:04}-{m:02}", d.year));
        if let Some(day) = d.day {
            out.push(format!("D{:04}-{m:02}-{day:02}", d.year));
        }
    }
    out
}

/// Handles to every field of the schema.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    /// `SOURCE\x1fID`, unique per record: upserts and deletes target it.
    pub key: Field,
    /// Organization code (full-mode ingest deletes by it).
    pub source: Field,
    /// `person` / `document`.
    pub kind: Field,
    /// `SOURCE/kind`, for per-source counts.
    pub source_kind: Field,
    /// Who may see the record: `*` when it is shared with everyone, else its owner's code and
    /// each agency code it lists, one term each. A record is under `*` or under codes, never
    /// both, so an agency's records are two disjoint postings lists (`*`, its code); searches
    /// keep their candidates and statistics within them (`search::visibility`).
    pub visible_to: Field,
    /// Folded name tokens and glued adjacent pairs.
    pub name_token: Field,
    /// Phonetic skeletons of tokens and pairs.
    pub name_skeleton: Field,
    /// Date-of-birth terms at each known precision ([`dob_terms`]).
    pub dob: Field,
    /// OCR-canonical document number. The document check finds numbers one edit away by
    /// walking this field's and [`Fields::doc_reversed`]'s term dictionaries with a Levenshtein
    /// automaton (`search::near`): two terms per number instead of one per deletion key, which
    /// made numbers nearly a tenth of all unique terms and a third of an ingest.
    pub doc_canonical: Field,
    /// The OCR-canonical number written backwards.
    pub doc_reversed: Field,
    /// The record as JSON (stored).
    pub record: Field,
    /// Precomputed matching facts (stored, see [`Facts`]).
    pub facts: Field,
    /// The same facts of persons as a fast (columnar) field: rescoring reads them for every
    /// candidate without decompressing a doc-store block.
    pub person_facts: Field,
}

/// Name of the [`Fields::person_facts`] fast field.
/// The facts layout is in the names of both facts fields: an index written with another layout
/// (before persons' own documents were indexed: 1; before low-quality names and other dates of
/// birth: 2) is refused as incompatible instead of being read wrongly.
pub const PERSON_FACTS_FIELD: &str = "pf3";
/// Name of the [`Fields::facts`] stored field.
pub const FACTS_FIELD: &str = "facts3";

fn keyword() -> TextOptions {
    // one term per value; no positions, no field norms: BM25 then ranks by rarity only
    TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer("raw")
            .set_index_option(IndexRecordOption::Basic)
            .set_fieldnorms(false),
    )
}

impl Fields {
    /// Builds the schema and its field handles.
    pub fn schema() -> (Schema, Fields) {
        let mut b = Schema::builder();
        let fields = Fields {
            key: b.add_text_field("key", STRING),
            source: b.add_text_field("source", STRING),
            kind: b.add_text_field("kind", STRING),
            source_kind: b.add_text_field("source_kind", STRING),
            visible_to: b.add_text_field("vis", keyword()),
            name_token: b.add_text_field("nt", keyword()),
            name_skeleton: b.add_text_field("nk", keyword()),
            dob: b.add_text_field("dob", keyword()),
            doc_canonical: b.add_text_field("dc", keyword()),
            doc_reversed: b.add_text_field("dr", keyword()),
            record: b.add_text_field("record", STORED),
            facts: b.add_text_field(FACTS_FIELD, STORED),
            person_facts: b.add_bytes_field(PERSON_FACTS_FIELD, FAST),
        };
        (b.build(), fields)
    }

    /// Looks the handles up in an existing schema.
    pub fn from_schema(schema: &Schema) -> tantivy::Result<Fields> {
        let f = |name: &str| schema.get_field(name);
        Ok(Fields {
            key: f("key")?,
            source: f("source")?,
            kind: f("kind")?,
            source_kind: f("source_kind")?,
            visible_to: f("vis")?,
            name_token: f("nt")?,
            name_skeleton: f("nk")?,
            dob: f("dob")?,
            doc_canonical: f("dc")?,
            doc_reversed: f("dr")?,
            record: f("record")?,
            facts: f(FACTS_FIELD)?,
            person_facts: f(PERSON_FACTS_FIELD)?,
        })
    }

    /// The unique key term of a record.
    pub fn key_term(&self, source: &str, id: &str) -> Term {
        Term::from_field_text(self.key, &format!("{source}{KEY_SEPARATOR}{id}"))
    }

    /// Converts a validated record into its index document.
    pub fn document(&self, record: &Record) -> TantivyDocument {
        let mut doc = TantivyDocument::default();
        doc.add_text(
            self.key,
            format!("{}{KEY_SEPARATOR}{}", record.source, record.id),
        );
        doc.add_text(self.source, &record.source);
        doc.add_text(self.kind, record.kind.as_str());
        doc.add_text(
            self.source_kind,
            format!("{}/{}", record.source, record.kind.as_str()),
        );
        for entry in crate::model::visibility_entries(&record.sharing, &record.source) {
            doc.add_text(self.visible_to, entry);
        }
        let facts = Facts::of(record);
        match &record.body {
            Body::Person(p) => {
                // the names as matching sees them (good names, then low-quality aliases, which
                // are found like the others; scoring weighs them less), normalised once for
                // both the facts and the terms
                let names = facts.person.as_ref().map(|p| p.names.as_slice());
                self.add_name_terms(&mut doc, names.unwrap_or_default());
                let mut dates: Vec<String> = p
                    .date_of_birth
                    .iter()
                    .chain(&p.other_dates_of_birth)
                    .flat_map(dob_terms)
                    .collect();
                dates.sort_unstable();
                dates.dedup();
                for t in dates {
                    doc.add_text(self.dob, t);
                }
                for d in &p.documents {
                    self.add_document_terms(&mut doc, &d.number);
                }
            }
            Body::Document(d) => self.add_document_terms(&mut doc, &d.number),
        }
        doc.add_text(
            self.record,
            serde_json::to_string(record).expect("records serialise"),
        );
        let facts = facts.encode();
        if record.kind == crate::model::Kind::Person {
            doc.add_bytes(self.person_facts, facts.as_bytes());
        }
        doc.add_text(self.facts, facts);
        doc
    }

    /// The number terms the document check looks up: the OCR-canonical form, forwards and
    /// backwards. (An exact number is canonical-equal too; which of the canonical-equal
    /// numbers is exact is for rescoring to say, from the facts.)
    fn add_document_terms(&self, doc: &mut TantivyDocument, number: &str) {
        let n = docnum::normalize(number);
        if n.is_empty() {
            return;
        }
        let c = docnum::ocr_canonical(&n);
        doc.add_text(self.doc_reversed, docnum::reversed(&c));
        doc.add_text(self.doc_canonical, c);
    }

    /// The name terms of a person: tokens, glued pairs and particle runs with their skeletons,
    /// each once (sorted and deduplicated per field: cheaper than a hash set of every term,
    /// which was a tenth of an ingest). Tokens one edit away are found by walking the token
    /// dictionary (see `search::near`), so no deletion keys are indexed: they were
    /// three quarters of a person's terms and a fifth of an ingest.
    fn add_name_terms(&self, doc: &mut TantivyDocument, names: &[NameProfile]) {
        let (mut tokens, mut skeletons) = (Vec::new(), Vec::new());
        for name in names {
            let t = &name.tokens;
            tokens.extend(t.iter().cloned());
            skeletons.extend(name.skeletons.iter().cloned());
            let particles = particle_joins(t).into_iter().map(|(_, j)| j);
            for joined in adjacent_joins(t).into_iter().chain(particles) {
                skeletons.push(skeleton(&joined));
                tokens.push(joined);
            }
        }
        for (field, mut terms) in [(self.name_token, tokens), (self.name_skeleton, skeletons)] {
            terms.sort_unstable();
            terms.dedup();
            for term in terms {
                doc.add_text(field, term);
            }
        }
    }
}
