//! Terms one edit away: the neighbours of a query token or document number in the index's
//! term dictionaries, found by walking each segment's dictionary with a Levenshtein automaton
//! (distance 1, a swap of neighbours counting as one edit) instead of indexing deletion keys.
//!
//! A walk from the root fans out at every level (a substitution or insertion may come first),
//! which over millions of random-looking document numbers costs most of a check. So numbers
//! are walked twice with the first half held exact: forwards over the canonical numbers, and
//! over the same numbers written backwards. A single edit lies in the second half of one of
//! the two spellings, so the union finds every neighbour, and each walk only fans out where
//! the dictionary has thinned out.

use crate::normalize::docnum::reversed;
use crate::Result;
use tantivy::query::{DfaWrapper, FuzzyTermQuery};
use tantivy::schema::Field;
use tantivy::{Searcher, Term};
use tantivy_fst::Automaton;

/// The Levenshtein automaton of a text, with its first `exact` bytes held exact.
struct ExactPrefix<'a> {
    dfa: DfaWrapper,
    prefix: &'a [u8],
}

impl Automaton for ExactPrefix<'_> {
    /// The automaton's state and the bytes read; `None` once nothing can match.
    type State = Option<(u32, usize)>;

    fn start(&self) -> Self::State {
        Some((self.dfa.start(), 0))
    }

    fn is_match(&self, state: &Self::State) -> bool {
        state.is_some_and(|(s, _)| self.dfa.is_match(&s))
    }

    fn can_match(&self, state: &Self::State) -> bool {
        state.is_some_and(|(s, _)| self.dfa.can_match(&s))
    }

    fn accept(&self, state: &Self::State, byte: u8) -> Self::State {
        let (s, read) = (*state)?;
        if self.prefix.get(read).is_some_and(|&b| b != byte) {
            return None;
        }
        Some((self.dfa.accept(&s, byte), read + 1))
    }
}

/// The terms of `field` one edit (insertion, deletion, substitution or swap of neighbours)
/// from `text`, other than `text` itself, whose first `exact` bytes equal those of `text`
/// (0: any), sorted and deduplicated over the searcher's segments.
pub(super) fn one_edit_terms(
    searcher: &Searcher,
    field: Field,
    text: &str,
    exact: usize,
) -> Result<Vec<String>> {
    near_terms(searcher, field, text, 1, exact)
}

/// Like [`one_edit_terms`], at most `edits` edits from `text`.
pub(super) fn near_terms(
    searcher: &Searcher,
    field: Field,
    text: &str,
    edits: u8,
    exact: usize,
) -> Result<Vec<String>> {
    let automaton = ExactPrefix {
        dfa: FuzzyTermQuery::new(Term::from_field_text(field, text), edits, true).automaton()?,
        prefix: &text.as_bytes()[..exact.min(text.len())],
    };
    let mut terms = Vec::new();
    for segment in searcher.segment_readers() {
        let inverted = segment.inverted_index(field)?;
        let mut stream = inverted
            .terms()
            .search(&automaton)
            .into_stream()
            .map_err(tantivy::TantivyError::from)?;
        while stream.advance() {
            if stream.key() != text.as_bytes() {
                terms.push(String::from_utf8_lossy(stream.key()).into_owned());
            }
        }
    }
    terms.sort_unstable();
    terms.dedup();
    Ok(terms)
}

/// The bytes each walk of an `n`-byte number holds exact. An edit at byte p (0-based) is after
/// the exact part of the forward walk when p >= k, and after that of the backward walk when
/// p <= n - 2 - k (a swap spans p and p + 1); with k = (n - 1) / 2 the two cover every p.
fn exact_half(n: usize) -> usize {
    n.saturating_sub(1) / 2
}

/// The canonical numbers one edit from `canonical`: a forward walk of `forward` and a walk of
/// `backward` (the same numbers reversed), each with the first half held exact (see the module
/// doc for why both halves are covered).
pub(super) fn one_edit_numbers(
    searcher: &Searcher,
    forward: Field,
    backward: Field,
    canonical: &str,
) -> Result<Vec<String>> {
    let exact = exact_half(canonical.len());
    let mut near = one_edit_terms(searcher, forward, canonical, exact)?;
    let back = one_edit_terms(searcher, backward, &reversed(canonical), exact)?;
    near.extend(back.iter().map(|t| reversed(t)));
    near.sort_unstable();
    near.dedup();
    Ok(near)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every single edit at every position of a number is found by one of the two half-exact
    /// walks (the property the module relies on), checked against brute force.
    #[test]
    fn the_two_half_exact_walks_cover_every_single_edit() {
        let alphabet = b"0123456789AX";
        let n = "A1234567X0";
        let mut variants = Vec::new();
        let b = n.as_bytes();
        for p in 0..=b.len() {
            for &c in alphabet {
                let mut ins = b.to_vec();
                ins.insert(p, c);
                variants.push(ins);
                if p < b.len() {
                    let mut sub = b.to_vec();
                    sub[p] = c;
                    variants.push(sub);
                }
            }
            if p < b.len() {
                let mut del = b.to_vec();
                del.remove(p);
                variants.push(del);
            }
            if p + 1 < b.len() {
                let mut swap = b.to_vec();
                swap.swap(p, p + 1);
                variants.push(swap);
            }
        }
        let exact = exact_half(n.len());
        for v in variants {
            let v = String::from_utf8(v).unwrap();
            if v == n {
                continue;
            }
            let forward = v.as_bytes()[..exact.min(v.len())] == b[..exact];
            let rv = reversed(&v);
            let rn = reversed(n);
            let backward = rv.as_bytes()[..exact.min(rv.len())] == rn.as_bytes()[..exact];
            assert!(forward || backward, "{v} is missed by both walks");
        }
    }
}
