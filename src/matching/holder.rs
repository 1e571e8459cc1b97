//! Holder agreement: does the traveller presenting a document agree with the holder its record
//! names (a listed document's `holder`, or the person whose record lists the document)?
//!
//! A lost passport presented by someone else is the case that matters: the document hit alerts
//! on its own, and this check tells the officer whether the person in front of them is the one
//! the record names. Names are compared with the same alignment as person search (uniform
//! token weights: here the question is "the same name?", not "how rare is it?"), dates of birth
//! with the same evidence ladder.

use super::date::{best_compare, DobEvidence};
use super::name::{NameMatcher, NameProfile};
use crate::model::PartialDate;
use serde::Serialize;

/// A presented name scoring at least this against one of the holder's names agrees.
pub const NAME_AGREES: f32 = 0.8;
/// ... and below this it differs; in between the check is `uncertain`.
pub const NAME_DIFFERS: f32 = 0.6;

/// The verdict on one part of the identity.
#[derive(utoipa::ToSchema, Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Agreement {
    /// The presented value agrees with the recorded one.
    Agrees,
    /// Close but not the same (a spelling far off, a day/month swap, one digit).
    Uncertain,
    /// The presented value contradicts the recorded one.
    Differs,
    /// One side does not give it.
    Unknown,
}

/// How the presented traveller compares with the recorded holder.
#[derive(utoipa::ToSchema, Debug, Clone, PartialEq, Serialize)]
pub struct HolderCheck {
    pub name: Agreement,
    /// The best name score against the holder's names, when both sides have a name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name_score: Option<f32>,
    pub date_of_birth: Agreement,
    /// True when the name or the date of birth differs: the document is presented by someone
    /// other than its recorded holder.
    pub other_person: bool,
}

impl HolderCheck {
    /// True when the name agrees and the date of birth does not differ.
    pub fn agrees(&self) -> bool {
        self.name == Agreement::Agrees
            && matches!(self.date_of_birth, Agreement::Agrees | Agreement::Unknown)
    }
}

/// Compares a presented name (prepared once per query as a [`NameMatcher`], matched with
/// uniform weights) and date of birth with a holder's names and dates of birth (the best
/// agreeing one counts: a person record may give several). Returns `None` when the presented
/// traveller gives neither or the record names no holder.
pub fn compare_holder(
    presented_name: Option<&mut NameMatcher>,
    presented_dob: Option<&PartialDate>,
    holder_names: &[NameProfile],
    holder_dobs: &[PartialDate],
) -> Option<HolderCheck> {
    if holder_names.is_empty() && holder_dobs.is_empty() {
        return None;
    }
    if presented_name.is_none() && presented_dob.is_none() {
        return None;
    }
    let name_score = presented_name
        .filter(|_| !holder_names.is_empty())
        .map(|matcher| {
            holder_names
                .iter()
                .map(|h| {
                    let tokens: Vec<&str> = h.tokens.iter().map(String::as_str).collect();
                    let skeletons: Vec<&str> = h.skeletons.iter().map(String::as_str).collect();
                    matcher.score(&tokens, &skeletons, &mut |_| 1.0)
                })
                .fold(0.0f32, f32::max)
        });
    let name = match name_score {
        None => Agreement::Unknown,
        Some(s) if s >= NAME_AGREES => Agreement::Agrees,
        Some(s) if s < NAME_DIFFERS => Agreement::Differs,
        Some(_) => Agreement::Uncertain,
    };
    let date_of_birth = match presented_dob.and_then(|p| best_compare(p, holder_dobs).map(|b| b.0))
    {
        None => Agreement::Unknown,
        Some(DobEvidence::Exact | DobEvidence::SameMonth | DobEvidence::SameYear) => {
            Agreement::Agrees
        }
        Some(DobEvidence::DayMonthSwap | DobEvidence::OneDigit) => Agreement::Uncertain,
        Some(_) => Agreement::Differs,
    };
    Some(HolderCheck {
        name,
        name_score,
        date_of_birth,
        other_person: name == Agreement::Differs || date_of_birth == Agreement::Differs,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(name: &str, dob: Option<&str>) -> HolderCheck {
        let holder = [NameProfile::new("Anna Maria Eriksson")];
        let holder_dob = PartialDate::parse("1974-08-12").unwrap();
        let dob = dob.map(|d| PartialDate::parse(d).unwrap());
        let name = NameProfile::new(name);
        compare_holder(
            Some(&mut NameMatcher::new(&name)),
            dob.as_ref(),
            &holder,
            std::slice::from_ref(&holder_dob),
        )
        .unwrap()
    }

    #[test]
    fn the_holder_agrees_in_another_order_and_spelling() {
        let c = check("ERIKSSON ANNA MARIA", Some("1974-08-12"));
        assert_eq!(c.name, Agreement::Agrees);
        assert_eq!(c.date_of_birth, Agreement::Agrees);
        assert!(!c.other_person);
        assert_eq!(check("Ana Erikson", None).name, Agreement::Agrees);
    }

    #[test]
    fn someone_else_presenting_the_document_is_flagged() {
        let c = check("Mohamed Diallo", Some("1990-01-01"));
        assert_eq!(c.name, Agreement::Differs);
        assert_eq!(c.date_of_birth, Agreement::Differs);
        assert!(c.other_person);
        // the right name with a different date of birth is still someone else
        assert!(check("Anna Maria Eriksson", Some("1961-02-03")).other_person);
    }

    #[test]
    fn nothing_to_compare_gives_no_check() {
        assert!(compare_holder(None, None, &[NameProfile::new("A B")], &[]).is_none());
        let name = NameProfile::new("A B");
        let mut matcher = NameMatcher::new(&name);
        assert!(compare_holder(Some(&mut matcher), None, &[], &[]).is_none());
    }
}
