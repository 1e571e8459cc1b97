//! The real UN Security Council consolidated list as an evaluation set
//! (`../shared/data/watchman-testdata/UN_consolidated.xml`, read by the project's own
//! importer): its individuals are indexed by their primary Latin name only, and looked up
//!
//! - `un_script`: by the name in its original script (Arabic, Cyrillic...), as an officer
//!   reading a document or a foreign list would type it;
//! - `un_aliases_spelling`, `un_aliases_subset`, `un_aliases_longer`: by the good-quality
//!   Latin aliases of two parts or more, each part like a part of the primary name: as many
//!   parts give or take one (spelling variants), two or more parts fewer (a shorter form), or
//!   two or more parts more (a longer form). "Like" is a normalised Levenshtein similarity of at least 0.5 between
//!   folded parts, a rule of this evaluation and not of the engine. The other aliases (other
//!   names altogether, single words, mere reorderings) and the low-quality ones (mostly
//!   partial names and kunyas) identify no one by spelling and are left out.
//!
//! The SDN set (`eval::sdn`) is where name matching may be tuned; this set is held out.

use super::Listed;
use crate::eval::sorted_tokens;
use crate::eval::variants::LabelledQuery;
use crate::feeds::{FeedOp, Sink};
use crate::model::Body;
use crate::normalize::name_tokens;
use std::path::Path;

/// The default location, relative to the project root.
pub const DEFAULT_PATH: &str = "../shared/data/watchman-testdata/UN_consolidated.xml";

/// The source the list's records are indexed under.
pub const SOURCE: &str = "UNSC";

struct Collect(Vec<crate::model::Record>);

impl Sink for Collect {
    fn op(&mut self, _line: usize, op: Result<FeedOp, String>) -> crate::Result<()> {
        if let Ok(FeedOp::Upsert(r)) = op {
            self.0.push(r);
        }
        Ok(())
    }
    fn warning(&mut self, _line: usize, _message: String) {}
}

/// Whether `name` is written in a script other than Latin.
pub fn other_script(name: &str) -> bool {
    name.chars()
        .any(|c| c.is_alphabetic() && !c.is_ascii() && !('\u{00C0}'..='\u{024F}').contains(&c))
}

/// The family of a Latin alias of `primary` (see the module doc), `None` when it is left out.
fn alias_class(primary: &str, alias: &str) -> Option<&'static str> {
    let (p, a) = (name_tokens(primary), name_tokens(alias));
    if a.len() < 2 || sorted_tokens(primary) == sorted_tokens(alias) {
        return None;
    }
    let like = |t: &String, others: &[String]| {
        others
            .iter()
            .any(|o| strsim::normalized_levenshtein(t, o) >= 0.5)
    };
    if !a.iter().all(|t| like(t, &p)) {
        return None;
    }
    Some(if a.len().abs_diff(p.len()) <= 1 {
        "un_aliases_spelling"
    } else if a.len() < p.len() {
        "un_aliases_subset"
    } else {
        "un_aliases_longer"
    })
}

/// The list's individuals (primary Latin name only) and the two families' queries.
pub fn load(path: &Path) -> crate::Result<(Vec<Listed>, Vec<LabelledQuery>)> {
    let mut sink = Collect(Vec::new());
    crate::feeds::un_xml::import(path, SOURCE, &mut sink)?;
    let mut listed = Vec::new();
    let mut queries = Vec::new();
    for r in sink.0 {
        let Body::Person(p) = &r.body else { continue };
        let Some(primary) = p.names.iter().find(|n| !other_script(n)).cloned() else {
            continue;
        };
        if name_tokens(&primary).is_empty() {
            continue;
        }
        let query = |group: &str, name: &str| LabelledQuery {
            group: group.into(),
            name: name.to_string(),
            date_of_birth: None,
            nationality: None,
            gender: None,
            expect: Some((SOURCE.into(), r.id.clone())),
            expect_names: vec![primary.clone()],
        };
        for n in &p.names {
            if name_tokens(n).is_empty() {
                continue;
            }
            if other_script(n) {
                // a few original-script fields also hold Latin spellings ("Abou Mouhadjir
                // (ابو مهاجر)"): not a lookup by the original script alone
                if !n.chars().any(|c| c.is_ascii_alphabetic()) {
                    queries.push(query("un_script", n));
                }
            } else if let Some(class) = alias_class(&primary, n) {
                queries.push(query(class, n));
            }
        }
        listed.push(Listed {
            source: SOURCE.into(),
            id: r.id.clone(),
            names: vec![primary],
            date_of_birth: None,
        });
    }
    Ok((listed, queries))
}
