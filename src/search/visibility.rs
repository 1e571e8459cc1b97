//! The records an agency may see, as the index holds them. A record is indexed under `*` when
//! it is shared with everyone, else under its owner's code and each code or organization
//! prefix (`EUROPOL*`) it lists, less those another prefix covers
//! ([`crate::model::visibility_entries`]), so the records an agency may see are the
//! postings of disjoint terms: `*`, its own code, and each prefix of its code with `*`
//! ([`crate::model::caller_terms`]); every visible record is under exactly one.
//!
//! Searches collect their candidates among these records only ([`Visibility::top_docs`]) and
//! count what their statistics use within them ([`Visibility::count`]): a record hidden from
//! an agency takes no place under a candidate cap and weighs in no rarity weight or BM25
//! figure. (Filtered after the cap instead, a crowd of hidden records of one name took every
//! place and the visible record of that name was never found; counted, hidden records showed
//! in the rarity weights of explanations.) Expiry is a date, not a term: expired records are
//! still dropped per candidate ([`crate::index::FactsView::visible`]).
//!
//! Per segment and agency those postings are turned once into a bitset ([`VisibleSets`]): a
//! candidate is then checked, and a term's visible records counted, one bit test per
//! document. Seeking in the postings instead read their skip entries one by one, and `*` holds
//! most of the index: at 11M records that was a sixth of a document check.

use crate::index::Fields;
use crate::Result;
use std::cmp::{Ordering, Reverse};
use std::collections::{BinaryHeap, HashMap};
use std::sync::{Arc, RwLock};
use tantivy::collector::{Collector, Count, SegmentCollector};
use tantivy::index::SegmentId;
use tantivy::query::{TermQuery, Weight};
use tantivy::schema::IndexRecordOption;
use tantivy::{
    BitSet, DocAddress, DocId, DocSet, Score, Searcher, SegmentReader, Term, TERMINATED,
};

/// The records one agency may see in one searcher: `*` and its code (`None` sees `*` only).
#[derive(Clone)]
pub(crate) struct Visibility {
    terms: Vec<Term>,
    /// The visible documents of each of the searcher's segments, by segment ordinal.
    segments: Vec<Arc<BitSet>>,
}

impl Visibility {
    /// What `agency` may see in `searcher`, with the bitsets from the engine's `sets`.
    pub(crate) fn of(
        fields: &Fields,
        agency: Option<&str>,
        sets: &VisibleSets,
        searcher: &Searcher,
    ) -> Result<Visibility> {
        let terms: Vec<Term> = crate::model::caller_terms(agency)
            .iter()
            .map(|t| Term::from_field_text(fields.visible_to, t))
            .collect();
        let segments = sets.of(searcher, &terms)?;
        Ok(Visibility { terms, segments })
    }

    /// Records the agency may see that hold `term` (with `None`: all it may see).
    pub(crate) fn count(&self, searcher: &Searcher, term: Option<&Term>) -> Result<u64> {
        let Some(term) = term else {
            let mut n = 0;
            for v in &self.terms {
                let v = TermQuery::new(v.clone(), IndexRecordOption::Basic);
                n += searcher.search(&v, &Count)? as u64;
            }
            return Ok(n);
        };
        let mut n = 0;
        for (reader, set) in searcher.segment_readers().iter().zip(&self.segments) {
            let inverted = reader.inverted_index(term.field())?;
            let Some(mut postings) = inverted
                .read_postings(term, IndexRecordOption::Basic)
                .map_err(tantivy::TantivyError::from)?
            else {
                continue;
            };
            let alive = reader.alive_bitset();
            let mut doc = postings.doc();
            while doc != TERMINATED {
                if set.contains(doc) && alive.is_none_or(|a| a.is_alive(doc)) {
                    n += 1;
                }
                doc = postings.advance();
            }
        }
        Ok(n)
    }

    /// A collector of the best `limit` matches among the records the agency may see, by
    /// score and then address: what `TopDocs::with_limit(limit).order_by_score()` gives in an
    /// index holding only those records. It filters inside tantivy's pruning loop, so the
    /// query keeps its block-max pruning.
    pub(crate) fn top_docs(&self, limit: usize) -> VisibleTopDocs<'_> {
        VisibleTopDocs {
            sets: &self.segments,
            limit,
        }
    }
}

/// Per segment and set of visibility terms (an agency), the documents under those terms as a
/// bitset, built on first use from their postings and kept while the segment is searched
/// (1 bit per document: 1.4 MB per agency for an 11M-document segment).
#[derive(Default)]
pub(crate) struct VisibleSets {
    sets: RwLock<HashMap<SegmentId, Vec<AgencySet>>>,
}

/// The visibility terms of an agency and their documents in one segment.
type AgencySet = (Vec<Term>, Arc<BitSet>);

impl VisibleSets {
    /// The bitsets of `terms` for each segment of `searcher`, by segment ordinal. Building a
    /// missing one also forgets the segments the searcher no longer has.
    fn of(&self, searcher: &Searcher, terms: &[Term]) -> Result<Vec<Arc<BitSet>>> {
        let readers = searcher.segment_readers();
        let mut out = Vec::with_capacity(readers.len());
        let mut missing = Vec::new();
        {
            let known = self.sets.read().map_err(|_| poisoned())?;
            for (ord, reader) in readers.iter().enumerate() {
                let found = known.get(&reader.segment_id()).and_then(|sets| {
                    sets.iter()
                        .find(|(t, _)| t.as_slice() == terms)
                        .map(|(_, set)| set.clone())
                });
                if found.is_none() {
                    missing.push(ord);
                }
                out.push(found);
            }
        }
        if missing.is_empty() {
            return Ok(out.into_iter().flatten().collect());
        }
        for &ord in &missing {
            out[ord] = Some(Arc::new(build_set(&readers[ord], terms)?));
        }
        let mut known = self.sets.write().map_err(|_| poisoned())?;
        known.retain(|id, _| readers.iter().any(|r| r.segment_id() == *id));
        for ord in missing {
            let set = out[ord].clone().expect("built above");
            let sets = known.entry(readers[ord].segment_id()).or_default();
            if !sets.iter().any(|(t, _)| t.as_slice() == terms) {
                sets.push((terms.to_vec(), set));
            }
        }
        Ok(out.into_iter().flatten().collect())
    }
}

fn poisoned() -> crate::Error {
    crate::Error::Internal("the visibility cache lock is poisoned".into())
}

/// The documents of one segment under any of `terms`.
fn build_set(reader: &SegmentReader, terms: &[Term]) -> Result<BitSet> {
    let mut set = BitSet::with_max_value(reader.max_doc());
    for t in terms {
        let inverted = reader.inverted_index(t.field())?;
        if let Some(mut postings) = inverted
            .read_postings(t, IndexRecordOption::Basic)
            .map_err(tantivy::TantivyError::from)?
        {
            let mut doc = postings.doc();
            while doc != TERMINATED {
                set.insert(doc);
                doc = postings.advance();
            }
        }
    }
    Ok(set)
}

/// See [`Visibility::top_docs`].
pub(crate) struct VisibleTopDocs<'v> {
    /// By segment ordinal.
    sets: &'v [Arc<BitSet>],
    limit: usize,
}

impl Collector for VisibleTopDocs<'_> {
    type Fruit = Vec<(Score, DocAddress)>;
    type Child = VisibleSegmentTopDocs;

    fn for_segment(
        &self,
        segment_ord: u32,
        _reader: &SegmentReader,
    ) -> tantivy::Result<Self::Child> {
        let set = self
            .sets
            .get(segment_ord as usize)
            .cloned()
            .ok_or_else(|| {
                tantivy::TantivyError::InternalError(format!(
                    "no visibility set for segment {segment_ord}"
                ))
            })?;
        Ok(VisibleSegmentTopDocs {
            segment_ord,
            set,
            heap: BinaryHeap::with_capacity(self.limit),
            limit: self.limit,
        })
    }

    fn requires_scoring(&self) -> bool {
        true
    }

    fn merge_fruits(&self, fruits: Vec<Self::Fruit>) -> tantivy::Result<Self::Fruit> {
        let mut all: Vec<(Score, DocAddress)> = fruits.into_iter().flatten().collect();
        all.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        all.truncate(self.limit);
        Ok(all)
    }

    fn collect_segment(
        &self,
        weight: &dyn Weight,
        segment_ord: u32,
        reader: &SegmentReader,
    ) -> tantivy::Result<Self::Fruit> {
        let mut top = self.for_segment(segment_ord, reader)?;
        let alive = reader.alive_bitset();
        weight.for_each_pruning(Score::MIN, reader, &mut |doc, score| {
            if alive.is_none_or(|a| a.is_alive(doc)) {
                top.collect(doc, score);
            }
            top.threshold()
        })?;
        Ok(top.harvest())
    }
}

/// The best visible matches of one segment.
pub(crate) struct VisibleSegmentTopDocs {
    segment_ord: u32,
    set: Arc<BitSet>,
    /// The worst kept match on top.
    heap: BinaryHeap<Reverse<Kept>>,
    limit: usize,
}

impl VisibleSegmentTopDocs {
    /// The score a match must exceed to be kept.
    fn threshold(&self) -> Score {
        match self.heap.peek() {
            Some(Reverse(worst)) if self.heap.len() >= self.limit => worst.score,
            _ => Score::MIN,
        }
    }

    fn visible(&self, doc: DocId) -> bool {
        self.set.contains(doc)
    }
}

impl SegmentCollector for VisibleSegmentTopDocs {
    type Fruit = Vec<(Score, DocAddress)>;

    fn collect(&mut self, doc: DocId, score: Score) {
        // a later document of an equal score ranks after the kept one
        if self.limit == 0 || score <= self.threshold() || !self.visible(doc) {
            return;
        }
        let kept = Reverse(Kept { score, doc });
        if self.heap.len() < self.limit {
            self.heap.push(kept);
        } else if let Some(mut worst) = self.heap.peek_mut() {
            *worst = kept;
        }
    }

    fn harvest(self) -> Self::Fruit {
        let ord = self.segment_ord;
        self.heap
            .into_iter()
            .map(|Reverse(k)| (k.score, DocAddress::new(ord, k.doc)))
            .collect()
    }
}

/// A kept match: a higher score is better, and of equal scores the lower document.
#[derive(Debug, Clone, Copy)]
struct Kept {
    score: Score,
    doc: DocId,
}

impl Ord for Kept {
    fn cmp(&self, other: &Self) -> Ordering {
        self.score
            .total_cmp(&other.score)
            .then_with(|| other.doc.cmp(&self.doc))
    }
}

impl PartialOrd for Kept {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for Kept {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Kept {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::feeds::{jsonl::parse_line, FeedOp};
    use tantivy::collector::TopDocs;

    /// Among records of one name, the collector keeps what `TopDocs` keeps in an index of the
    /// caller's visible records alone, and counts see only those.
    #[test]
    fn top_docs_and_counts_see_only_the_callers_records() {
        let (schema, fields) = Fields::schema();
        let index = tantivy::Index::create_in_ram(schema);
        let mut writer: tantivy::IndexWriter =
            index.writer_with_num_threads(1, 15_000_000).unwrap();
        let sharing = |i: usize| match i % 4 {
            0 => r#"["*"]"#,
            1 => r#"["FRONTEX"]"#,
            2 => r#"["EUROPOL", "*"]"#,
            _ => r#"["ECO"]"#,
        };
        for i in 0..40 {
            let line = format!(
                r#"{{"kind":"person","source":"INTERPOL","id":"P{i}","names":["Anna Kowalska{}"],"sharing":{}}}"#,
                "x".repeat(i % 3),
                sharing(i)
            );
            let FeedOp::Upsert(r) = parse_line(&line).unwrap() else {
                panic!()
            };
            writer.add_document(fields.document(&r)).unwrap();
        }
        writer.commit().unwrap();
        let searcher = index.reader().unwrap().searcher();
        let anna = Term::from_field_text(fields.name_token, "anna");
        let sets = VisibleSets::default();
        let query = TermQuery::new(anna.clone(), IndexRecordOption::Basic);
        for (agency, visible) in [(Some("FRONTEX"), 30), (None, 20), (Some("INTERPOL"), 40)] {
            let v = Visibility::of(&fields, agency, &sets, &searcher).unwrap();
            assert_eq!(v.count(&searcher, Some(&anna)).unwrap(), visible);
            assert_eq!(v.count(&searcher, None).unwrap(), visible);
            let kept = searcher.search(&query, &v.top_docs(7)).unwrap();
            let all = searcher
                .search(&query, &TopDocs::with_limit(40).order_by_score())
                .unwrap();
            let seen: Vec<(Score, DocAddress)> = all
                .into_iter()
                .filter(|(_, a)| {
                    let i = a.doc_id as usize;
                    agency == Some("INTERPOL")
                        || !matches!(i % 4, 1 | 3)
                        || (i % 4 == 1 && agency == Some("FRONTEX"))
                })
                .take(7)
                .collect();
            assert_eq!(kept, seen, "{agency:?}");
        }
    }
}
