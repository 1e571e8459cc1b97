//! Plain-English sentences for explanations: one short sentence per piece of evidence, for an
//! officer to read beside the numbers ("name part identical (hassan)", "date of birth: same
//! year and month, day differs (query 1970-03-05, record 1970-03-14)").
//!
//! The one place where evidence is worded. Sentences are written from the structured
//! explanations ([`PersonExplanation`] with the values it [`Compared`], [`DocumentExplanation`]
//! and the [`HolderCheck`]), so they say what the numbers say and nothing else. They name
//! values, never Rust enum names, and know nothing of HTTP.

use super::date::DobEvidence;
use super::document::{DocumentExplanation, NumberEvidence};
use super::holder::{Agreement, HolderCheck};
use super::name::{NameMatch, TokenEvidence, TokenPair, DISTINCT_SIMILARITY};
use super::person::{Compared, PersonExplanation, LOW_QUALITY_NAME_FACTOR};
use crate::normalize::docnum::ocr_canonical;

/// The sentences of a person hit: each aligned name part, the unmatched and reordered parts,
/// which of the record's names matched (`matched_name`, as the record writes it), then date
/// of birth, nationality and gender.
pub fn person_sentences(e: &PersonExplanation, matched_name_as_written: &str) -> Vec<String> {
    let mut out = name_sentences(&e.name);
    let mut matched = matched_name(e.matched_name_index, e.low_quality_name);
    if e.matched_name_index > 0 || e.low_quality_name {
        matched.push_str(&format!(": {matched_name_as_written}"));
    }
    out.push(matched);
    if other_script(matched_name_as_written) {
        out.push(format!(
            "the record's name {matched_name_as_written} is written in another script: its \
             parts above are shown as read in Latin letters"
        ));
    }
    out.extend(date_of_birth(&e.compared));
    out.extend(nationality(&e.compared));
    out.extend(gender(&e.compared));
    out
}

/// The sentences of a document hit: the number, the issuing country and type when the query
/// gave them, and the holder check when there was one.
pub fn document_sentences(e: &DocumentExplanation, holder: Option<&HolderCheck>) -> Vec<String> {
    let mut out = vec![number(e)];
    out.extend(given_field(
        "issuing country",
        e.country_agrees,
        e.country_effect,
    ));
    out.extend(given_field("document type", e.type_agrees, e.type_effect));
    if let Some(h) = holder {
        out.extend(holder_sentences(h));
        if e.holder_effect != 0.0 {
            out.push(format!(
                "number one character off: the holder check moves the score by {:+.2}",
                e.holder_effect
            ));
        }
    }
    out
}

fn name_sentences(m: &NameMatch) -> Vec<String> {
    let mut out: Vec<String> = m.pairs.iter().map(name_part).collect();
    if m.pairs.is_empty() {
        out.push("no name part matches".into());
    }
    if m.reordered {
        out.push("name parts in another order than the record's".into());
    }
    out.extend(
        m.unmatched_query
            .iter()
            .map(|t| format!("query name part not in the record's name ({t})")),
    );
    out.extend(
        m.unmatched_record
            .iter()
            .map(|t| format!("record name part missing from the query ({t})")),
    );
    out
}

/// One aligned name part: how the query token relates to the record's.
fn name_part(p: &TokenPair) -> String {
    let (q, r) = (p.query.as_str(), p.record.as_str());
    match p.evidence {
        TokenEvidence::Exact => format!("name part identical ({r})"),
        TokenEvidence::Phonetic => {
            format!("name part a known transliteration or spelling variant ({q} / {r})")
        }
        TokenEvidence::Initial => format!("name part given as an initial ({q} / {r})"),
        TokenEvidence::Truncated => format!("name part cut short ({q} / {r})"),
        TokenEvidence::Typo if swapped(q, r) => {
            format!("name part with two neighbouring letters swapped ({q} / {r})")
        }
        TokenEvidence::Typo => format!("name part one letter off ({q} / {r})"),
        TokenEvidence::Fuzzy if p.similarity == DISTINCT_SIMILARITY => {
            format!("name part alike but known to be a different name ({q} / {r})")
        }
        TokenEvidence::Fuzzy => format!(
            "name part alike: {} apart, similarity {:.2} ({q} / {r})",
            count(strsim::osa_distance(q, r), "edit"),
            p.similarity
        ),
    }
}

/// True when `name` holds a letter of a script other than Latin (Arabic, Cyrillic, Greek,
/// Han, ...): the name parts compared are then its reading in Latin letters, not as written.
fn other_script(name: &str) -> bool {
    name.chars().any(|c| {
        c.is_alphabetic()
            && !matches!(c, 'a'..='z' | 'A'..='Z' | '\u{00AA}' | '\u{00BA}' | '\u{00C0}'..='\u{024F}' | '\u{1E00}'..='\u{1EFF}')
    })
}

fn matched_name(index: usize, low_quality: bool) -> String {
    if low_quality {
        format!(
            "matched a low-quality alias of the record (the list calls it weak; it counts \
             {LOW_QUALITY_NAME_FACTOR} of its score)"
        )
    } else if index == 0 {
        "matched the record's primary name".into()
    } else {
        format!("matched alias {index} of the record, not its primary name")
    }
}

fn date_of_birth(c: &Compared) -> Option<String> {
    let q = c.query_date_of_birth?;
    let Some((evidence, r)) = c.date_of_birth else {
        return Some(format!(
            "date of birth not compared: the record gives none (query {q})"
        ));
    };
    let what = match evidence {
        DobEvidence::Exact => return Some(format!("date of birth identical ({r})")),
        DobEvidence::SameMonth => "same year and month, no day on one side".to_string(),
        DobEvidence::SameYear => "same year, only the year on one side".to_string(),
        DobEvidence::DayMonthSwap => "day and month swapped".to_string(),
        DobEvidence::OneDigit => "one digit differs".to_string(),
        DobEvidence::ConflictSameYear if q.month == r.month => {
            "same year and month, day differs".to_string()
        }
        DobEvidence::ConflictSameYear => "same year, month differs".to_string(),
        DobEvidence::ConflictNear | DobEvidence::Conflict => {
            format!(
                "differs, {} apart",
                count(q.year.abs_diff(r.year) as usize, "year")
            )
        }
    };
    Some(format!("date of birth: {what} (query {q}, record {r})"))
}

fn nationality(c: &Compared) -> Option<String> {
    let q = c.query_nationality.as_deref()?;
    let listed = c.record_nationality.join(", ");
    Some(if c.record_nationality.is_empty() {
        format!("nationality not compared: the record lists none (query {q})")
    } else if c.record_nationality.iter().any(|r| r == q) {
        format!("nationality listed on the record ({q})")
    } else {
        format!("nationality not among the record's (query {q}, record {listed})")
    })
}

fn gender(c: &Compared) -> Option<String> {
    use crate::model::Gender::{F, M};
    let q = c.query_gender?;
    let unknown = || "unknown".to_string();
    let r = c
        .record_gender
        .map_or_else(unknown, |g| g.as_char().to_string());
    Some(match (q, c.record_gender) {
        (M | F, Some(g @ (M | F))) if g == q => format!("gender agrees ({r})"),
        (M | F, Some(M | F)) => format!("gender differs (query {}, record {r})", q.as_char()),
        _ => format!("gender not compared (query {}, record {r})", q.as_char()),
    })
}

fn number(e: &DocumentExplanation) -> String {
    let (q, r) = (e.query_number.as_str(), e.record_number.as_str());
    match e.number {
        NumberEvidence::Exact => format!("document number identical ({r})"),
        NumberEvidence::OcrConfusion => {
            let confused: Vec<String> = q
                .chars()
                .zip(r.chars())
                .filter(|(a, b)| a != b)
                .map(|(a, b)| format!("{a} for {b}"))
                .collect();
            format!(
                "document number the same but for {} an OCR reader confuses: {} ({q} / {r})",
                count(e.ocr_confusions.unwrap_or(confused.len()), "character"),
                confused.join(", ")
            )
        }
        NumberEvidence::OneEdit => {
            let (cq, cr) = (ocr_canonical(q), ocr_canonical(r));
            let what = if swapped(&cq, &cr) {
                "two neighbouring characters swapped"
            } else if cq.len() < cr.len() {
                "one character missing"
            } else if cq.len() > cr.len() {
                "one character too many"
            } else {
                "one character differs"
            };
            format!("document number: {what} ({q} / {r})")
        }
    }
}

/// A field the query gave (issuing country, document type) and whether the record agrees.
fn given_field(field: &str, agrees: Option<bool>, effect: f32) -> Option<String> {
    Some(match agrees? {
        true => format!("{field} agrees with the query"),
        false if effect != 0.0 => format!("{field} differs from the query ({effect:+.2})"),
        false => format!("{field} differs from the query"),
    })
}

fn holder_sentences(h: &HolderCheck) -> Vec<String> {
    let score = h
        .name_score
        .map(|s| format!(" (name score {s:.2})"))
        .unwrap_or_default();
    let mut out = vec![
        agreement("name", h.name, &score),
        agreement("date of birth", h.date_of_birth, ""),
    ];
    if h.other_person {
        out.push("presented by someone other than the recorded holder".into());
    }
    out
}

/// How one part of the presenting traveller's identity compares with the recorded holder's.
fn agreement(part: &str, a: Agreement, detail: &str) -> String {
    match a {
        Agreement::Agrees => format!("holder's {part} agrees with the traveller's{detail}"),
        Agreement::Uncertain => {
            format!("holder's {part} close to the traveller's but not the same{detail}")
        }
        Agreement::Differs => format!("holder's {part} differs from the traveller's{detail}"),
        Agreement::Unknown => format!("holder's {part} not compared: one side gives none"),
    }
}

/// Whether `a` is `b` with two neighbouring characters swapped.
fn swapped(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let diff: Vec<usize> = (0..a.len()).filter(|&i| a[i] != b[i]).collect();
    matches!(diff[..], [i, j] if j == i + 1 && a[i] == b[j] && a[j] == b[i])
}

/// "1 year", "3 years".
fn count(n: usize, unit: &str) -> String {
    if n == 1 {
        format!("1 {unit}")
    } else {
        format!("{n} {unit}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::matching::document::score_document;
    use crate::matching::name::{NameMatcher, NameProfile};
    use crate::matching::person::{score_person, PersonEvidence, PersonFacts};
    use crate::model::{Gender, PartialDate};

    fn date(s: &str) -> PartialDate {
        PartialDate::parse(s).unwrap()
    }

    fn pair(query: &str, record: &str, similarity: f32, evidence: TokenEvidence) -> String {
        name_part(&TokenPair {
            query: query.into(),
            record: record.into(),
            similarity,
            weight: 1.0,
            evidence,
        })
    }

    fn person(query: &str, record: &[&str], evidence: PersonEvidence) -> Vec<String> {
        let facts = PersonFacts {
            names: record.iter().map(|n| NameProfile::new(n)).collect(),
            date_of_birth: Some(date("1970-03-14")),
            nationality: vec!["SYR".into()],
            gender: Some(Gender::M),
            ..Default::default()
        };
        let q = NameProfile::new(query);
        let mut e = score_person(&mut NameMatcher::new(&q), &evidence, &facts, &mut |_| 1.0);
        e.put_in_words(record[e.matched_name_index]);
        e.sentences
    }

    #[test]
    fn each_kind_of_name_part() {
        use TokenEvidence::*;
        assert_eq!(
            pair("hassan", "hassan", 1.0, Exact),
            "name part identical (hassan)"
        );
        assert_eq!(
            pair("mohamed", "muhammad", 0.92, Phonetic),
            "name part a known transliteration or spelling variant (mohamed / muhammad)"
        );
        assert_eq!(
            pair("j", "john", 0.85, Initial),
            "name part given as an initial (j / john)"
        );
        assert_eq!(
            pair("abdulrah", "abdulrahman", 0.9, Truncated),
            "name part cut short (abdulrah / abdulrahman)"
        );
        assert_eq!(
            pair("petrof", "petrov", 0.88, Typo),
            "name part one letter off (petrof / petrov)"
        );
        assert_eq!(
            pair("sidorvo", "sidorov", 0.9, Typo),
            "name part with two neighbouring letters swapped (sidorvo / sidorov)"
        );
        assert_eq!(
            pair("ahmadi", "ahmedy", 0.71, Fuzzy),
            "name part alike: 2 edits apart, similarity 0.71 (ahmadi / ahmedy)"
        );
        assert_eq!(
            pair("ivan", "ivana", DISTINCT_SIMILARITY, Fuzzy),
            "name part alike but known to be a different name (ivan / ivana)"
        );
    }

    #[test]
    fn missing_extra_and_reordered_parts_and_the_name_matched() {
        let s = person(
            "Sidorov Ivan Karlovich",
            &["Ivan Petrovich Sidorov"],
            PersonEvidence::default(),
        );
        assert!(
            s.contains(&"name part identical (ivan)".to_string()),
            "{s:?}"
        );
        assert!(s.contains(&"name parts in another order than the record's".to_string()));
        assert!(s.contains(&"query name part not in the record's name (karlovich)".to_string()));
        assert!(s.contains(&"record name part missing from the query (petrovich)".to_string()));
        assert!(s.contains(&"matched the record's primary name".to_string()));
        let alias = person(
            "Vanya Sidorov",
            &["Ivan Sidorov", "Vanya Sidorov"],
            PersonEvidence::default(),
        );
        assert!(alias.contains(
            &"matched alias 1 of the record, not its primary name: Vanya Sidorov".into()
        ));
        assert!(!s.iter().chain(&alias).any(|s| s.contains("another script")));
        let arabic = person(
            "Mohamed Alhassan",
            &["محمد الحسن"],
            PersonEvidence::default(),
        );
        assert!(
            arabic.contains(
                &"the record's name محمد الحسن is written in another script: its parts above \
                  are shown as read in Latin letters"
                    .into()
            ),
            "{arabic:?}"
        );
        assert!(other_script("Иван") && other_script("王") && !other_script("Çağlar Øster ŁŻ"));
        assert!(
            !alias.iter().any(|s| s.contains("another order")),
            "{alias:?}"
        );
        assert_eq!(
            matched_name(0, true),
            "matched a low-quality alias of the record (the list calls it weak; it counts 0.85 \
             of its score)"
        );
    }

    #[test]
    fn dates_of_birth_full_partial_conflicting_and_missing() {
        let c = |q: &str, r: Option<&str>| {
            let (q, r) = (date(q), r.map(date));
            date_of_birth(&Compared {
                query_date_of_birth: Some(q),
                date_of_birth: r.map(|r| (crate::matching::date::compare(&q, &r), r)),
                ..Default::default()
            })
            .unwrap()
        };
        let full = Some("1970-03-14");
        assert_eq!(
            c("1970-03-14", full),
            "date of birth identical (1970-03-14)"
        );
        assert_eq!(
            c("1970-03", full),
            "date of birth: same year and month, no day on one side (query 1970-03, record \
             1970-03-14)"
        );
        assert_eq!(
            c("1970", full),
            "date of birth: same year, only the year on one side (query 1970, record 1970-03-14)"
        );
        assert!(c("1970-04-03", Some("1970-03-04")).contains("day and month swapped"));
        assert!(c("1970-03-15", full).contains("one digit differs"));
        assert_eq!(
            c("1970-03-27", full),
            "date of birth: same year and month, day differs (query 1970-03-27, record \
             1970-03-14)"
        );
        assert!(c("1970-07-21", full).contains("same year, month differs"));
        assert!(c("1971-07-21", full).contains("differs, 1 year apart"));
        assert!(c("1985-07-21", full).contains("differs, 15 years apart"));
        assert_eq!(
            c("1970", None),
            "date of birth not compared: the record gives none (query 1970)"
        );
        assert_eq!(date_of_birth(&Compared::default()), None);
    }

    #[test]
    fn nationality_and_gender() {
        let s = person(
            "Ivan Sidorov",
            &["Ivan Sidorov"],
            PersonEvidence {
                nationality: Some("SYR".into()),
                gender: Some(Gender::F),
                date_of_birth: Some(date("1970-03-14")),
            },
        );
        assert!(
            s.contains(&"nationality listed on the record (SYR)".into()),
            "{s:?}"
        );
        assert!(s.contains(&"gender differs (query F, record M)".into()));
        assert!(s.contains(&"date of birth identical (1970-03-14)".into()));
        let other = Compared {
            query_nationality: Some("FRA".into()),
            record_nationality: vec!["RUS".into(), "IRN".into()],
            query_gender: Some(Gender::M),
            record_gender: Some(Gender::M),
            ..Default::default()
        };
        assert_eq!(
            nationality(&other).unwrap(),
            "nationality not among the record's (query FRA, record RUS, IRN)"
        );
        assert_eq!(gender(&other).unwrap(), "gender agrees (M)");
        let unknown = Compared {
            query_nationality: Some("FRA".into()),
            query_gender: Some(Gender::M),
            ..Default::default()
        };
        assert_eq!(
            nationality(&unknown).unwrap(),
            "nationality not compared: the record lists none (query FRA)"
        );
        assert_eq!(
            gender(&unknown).unwrap(),
            "gender not compared (query M, record unknown)"
        );
        assert_eq!(gender(&Compared::default()), None);
    }

    #[test]
    fn document_numbers_country_type_and_holder() {
        let s = |q, r, country, doc_type| {
            let mut e = score_document(q, r, country, doc_type).unwrap();
            e.put_in_words(None);
            e.sentences
        };
        assert_eq!(
            s("X1234567", "X1234567", Some(true), Some(true)),
            [
                "document number identical (X1234567)",
                "issuing country agrees with the query",
                "document type agrees with the query"
            ]
        );
        assert_eq!(
            s("XI23456O", "X1234560", None, Some(false)),
            [
                "document number the same but for 2 characters an OCR reader confuses: I for 1, \
                 O for 0 (XI23456O / X1234560)",
                "document type differs from the query (-0.10)"
            ]
        );
        assert_eq!(
            s("X1234576", "X1234567", None, None),
            ["document number: two neighbouring characters swapped (X1234576 / X1234567)"]
        );
        assert_eq!(
            s("X1234568", "X1234567", None, None),
            ["document number: one character differs (X1234568 / X1234567)"]
        );
        assert_eq!(
            s("X123456", "X1234567", None, None),
            ["document number: one character missing (X123456 / X1234567)"]
        );
        let mut e = score_document("X1234568", "X1234567", None, None).unwrap();
        let holder = HolderCheck {
            name: Agreement::Differs,
            name_score: Some(0.21),
            date_of_birth: Agreement::Unknown,
            other_person: true,
        };
        e.apply_holder(&holder);
        e.put_in_words(Some(&holder));
        assert_eq!(
            e.sentences[1..],
            [
                "holder's name differs from the traveller's (name score 0.21)",
                "holder's date of birth not compared: one side gives none",
                "presented by someone other than the recorded holder",
                "number one character off: the holder check moves the score by -0.10"
            ]
        );
        assert_eq!(
            agreement("date of birth", Agreement::Uncertain, ""),
            "holder's date of birth close to the traveller's but not the same"
        );
        assert_eq!(
            agreement("name", Agreement::Agrees, " (name score 0.93)"),
            "holder's name agrees with the traveller's (name score 0.93)"
        );
    }

    #[test]
    fn no_sentence_names_a_rust_enum() {
        let mut all = person(
            "Mohamed Al Hasan J",
            &["Muhammad Alhassan"],
            PersonEvidence {
                date_of_birth: Some(date("1971")),
                nationality: Some("FRA".into()),
                gender: Some(Gender::M),
            },
        );
        let mut document = score_document("XI234567", "X1234567", Some(true), None).unwrap();
        document.put_in_words(None);
        all.extend(document.sentences);
        for name in [
            "Exact",
            "Phonetic",
            "Initial",
            "Truncated",
            "Typo",
            "Fuzzy",
            "OcrConfusion",
            "OneEdit",
            "SameMonth",
            "SameYear",
            "Conflict",
            "Agrees",
            "Differs",
            "Unknown",
        ] {
            assert!(!all.iter().any(|s| s.contains(name)), "{name} in {all:?}");
        }
        assert!(all.len() >= 6, "{all:?}");
    }
}
