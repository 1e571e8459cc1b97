//! Records: one person of interest or one stolen/lost travel document, owned by a source
//! organization and shared with the agencies it names.

use super::{Date, PartialDate};
use serde::Serialize;

/// The sharing entry that makes a record visible to every agency.
pub const SHARE_ALL: &str = "*";

/// Record kind, as written in feeds (`"person"` / `"document"`).
#[derive(utoipa::ToSchema, Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Person,
    Document,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Person => "person",
            Kind::Document => "document",
        }
    }
}

/// Gender as recorded: male, female, other (X) or unknown.
#[derive(utoipa::ToSchema, Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Gender {
    M,
    F,
    X,
    U,
}

impl Gender {
    pub fn parse(s: &str) -> Result<Self, String> {
        match s {
            "M" | "m" => Ok(Gender::M),
            "F" | "f" => Ok(Gender::F),
            "X" | "x" => Ok(Gender::X),
            "U" | "u" => Ok(Gender::U),
            _ => Err(format!("gender '{s}' must be one of M, F, X, U")),
        }
    }

    pub fn as_char(self) -> char {
        match self {
            Gender::M => 'M',
            Gender::F => 'F',
            Gender::X => 'X',
            Gender::U => 'U',
        }
    }
}

macro_rules! string_enum {
    ($(#[$m:meta])* $name:ident { $($variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
        pub enum $name { $(#[serde(rename = $text)] $variant),+ }
        impl $name {
            /// All accepted spellings, for error messages.
            pub const ALL: &'static [&'static str] = &[$($text),+];
            pub fn parse(s: &str) -> Option<Self> {
                match s { $($text => Some($name::$variant),)+ _ => None }
            }
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }
        }
    };
}

string_enum!(
    /// Travel document type.
    DocType { Passport = "passport", IdCard = "id_card", Visa = "visa", ResidencePermit = "residence_permit", Other = "other" }
);
string_enum!(
    /// Why a travel document is listed.
    DocStatus { Stolen = "stolen", Lost = "lost", Revoked = "revoked", Invalidated = "invalidated", StolenBlank = "stolen_blank" }
);

/// An identity document a person is known to hold.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IdentityDocument {
    pub number: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub issuing_country: Option<String>,
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub doc_type: Option<String>,
}

/// A person of interest.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Person {
    /// Primary name first, then aliases; any script.
    pub names: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date_of_birth: Option<PartialDate>,
    pub nationality: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gender: Option<Gender>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub action: Option<String>,
    pub documents: Vec<IdentityDocument>,
    /// Aliases the list itself calls low quality (UN "Low", OFAC "weak" a.k.a.): searched like
    /// the others, but a match through one counts for less.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub low_quality_names: Vec<String>,
    /// Further dates of birth the list gives (alternatives, or every year of a range).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub other_dates_of_birth: Vec<PartialDate>,
    /// Addresses as the list writes them (display only).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub addresses: Vec<String>,
}

/// The (claimed) holder of a listed travel document.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Holder {
    pub names: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date_of_birth: Option<PartialDate>,
}

/// A stolen, lost or otherwise invalid travel document.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TravelDocument {
    /// As supplied (display form).
    pub number: String,
    pub issuing_country: String,
    pub document_type: DocType,
    pub status: DocStatus,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reported: Option<Date>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub holder: Option<Holder>,
}

/// What a record is about.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Body {
    Person(Person),
    Document(TravelDocument),
}

/// One record of one source.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Record {
    pub kind: Kind,
    pub source: String,
    pub id: String,
    /// Agency codes allowed to see the record; `["*"]` = everyone.
    pub sharing: Vec<String>,
    /// After this date the record is never returned.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expires: Option<Date>,
    /// The record's identifiers in the list it was imported from (SDN ent_num, UN reference
    /// number and DATAID, FtM id), so a hit can be traced back to the list.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub references: Vec<Reference>,
    #[serde(flatten)]
    pub body: Body,
}

/// One identifier of a record in the list it came from, e.g. `{"scheme": "ofac_ent_num",
/// "value": "306"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Reference {
    /// What kind of identifier: `ofac_ent_num`, `un_reference`, `un_dataid`, `ftm_id`,
    /// `senzing_record_id`, or an organization's own name (`[a-z0-9_]{1,32}`).
    pub scheme: String,
    pub value: String,
}

/// The sharing rule: `*` admits everyone, an agency code that agency, an organization prefix
/// `ORG*` every agency whose code starts with `ORG` (`EUROPOL*`: `EUROPOL`, `EUROPOL-NL` ...).
/// The owning source always sees its own records (checked by the caller, who knows it).
pub fn visible<S: AsRef<str>>(sharing: &[S], agency: Option<&str>) -> bool {
    sharing
        .iter()
        .any(|s| s.as_ref() == SHARE_ALL || agency.is_some_and(|a| admits(s.as_ref(), a)))
}

/// Whether one sharing entry (`*`, a code or `ORG*`) admits `agency`.
pub fn admits(entry: &str, agency: &str) -> bool {
    match entry.strip_suffix('*') {
        Some(stem) => agency.starts_with(stem),
        None => entry == agency,
    }
}

/// The entries a record is indexed under so that every agency that may see it finds it under
/// exactly one of them (the terms an agency looks under are [`caller_terms`]): `*` alone when
/// shared with everyone, else its sharing entries and its owner less every entry another
/// prefix entry already covers (`EUROPOL-NL` and `EUROPOL-*` under `EUROPOL*`).
pub fn visibility_entries<S: AsRef<str>>(sharing: &[S], owner: &str) -> Vec<String> {
    if sharing.iter().any(|s| s.as_ref() == SHARE_ALL) {
        return vec![SHARE_ALL.to_string()];
    }
    let mut all: Vec<&str> = sharing.iter().map(AsRef::as_ref).collect();
    all.push(owner);
    all.sort_unstable();
    all.dedup();
    let covered = |e: &str| {
        let stem = e.strip_suffix('*').unwrap_or(e);
        all.iter()
            .any(|p| *p != e && p.ends_with('*') && admits(p, stem))
    };
    all.iter()
        .filter(|e| !covered(e))
        .map(|e| e.to_string())
        .collect()
}

/// The index entries that admit `agency`: `*`, its code, and each prefix of its code with `*`
/// (with `None`: `*` only).
pub fn caller_terms(agency: Option<&str>) -> Vec<String> {
    let mut terms = vec![SHARE_ALL.to_string()];
    if let Some(a) = agency {
        terms.push(a.to_string());
        let mut ends: Vec<usize> = a.char_indices().map(|(i, _)| i).skip(1).collect();
        ends.push(a.len());
        terms.extend(ends.into_iter().map(|end| format!("{}*", &a[..end])));
    }
    terms
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_admit_the_organization_and_index_entries_are_found_exactly_once() {
        assert!(visible(&["EUROPOL*"], Some("EUROPOL-NL")));
        assert!(visible(&["EUROPOL*"], Some("EUROPOL")));
        assert!(!visible(&["EUROPOL*"], Some("EUROPO")));
        assert!(!visible(&["EUROPOL"], Some("EUROPOL-NL")));
        assert!(visible(&["*"], None) && !visible(&["EUROPOL*"], None));
        let entries = visibility_entries(
            &["EUROPOL-NL", "EUROPOL*", "EUROPOL-D*", "FRONTEX"],
            "INTERPOL",
        );
        assert_eq!(entries, vec!["EUROPOL*", "FRONTEX", "INTERPOL"]);
        assert_eq!(visibility_entries(&["EUROPOL", "*"], "INTERPOL"), vec!["*"]);
        // every agency that may see a record finds it under exactly one of its entries
        let sharings: [&[&str]; 4] = [
            &["EUROPOL-NL", "EUROPOL*"],
            &["EU*", "EUROPOL-NL", "E*"],
            &["FRONTEX"],
            &["INTERPOL", "INTER*"],
        ];
        for sharing in sharings {
            let entries = visibility_entries(sharing, "INTERPOL");
            for agency in [
                "EUROPOL",
                "EUROPOL-NL",
                "E",
                "FRONTEX",
                "INTERPOL",
                "AFRIPOL",
            ] {
                let hits = caller_terms(Some(agency))
                    .iter()
                    .filter(|t| entries.contains(t))
                    .count();
                let may = agency == "INTERPOL" || visible(sharing, Some(agency));
                assert_eq!(hits, usize::from(may), "{sharing:?} {agency}: {entries:?}");
            }
        }
        assert_eq!(caller_terms(Some("EU")), vec!["*", "EU", "E*", "EU*"]);
    }
}
