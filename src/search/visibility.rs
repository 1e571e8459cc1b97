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

use crate::index::Fields;
use crate::Result;
use std::cmp::{Ordering, Reverse};
use std::collections::BinaryHeap;
use tantivy::collector::{Collector, Count, SegmentCollector};
use tantivy::postings::SegmentPostings;
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery, Weight};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocAddress, DocId, DocSet, Score, Searcher, SegmentReader, Term};

/// The records one agency may see: `*` and its code (`None` sees `*` only).
#[derive(Debug, Clone)]
pub(crate) struct Visibility {
    terms: Vec<Term>,
}

impl Visibility {
    pub(crate) fn of(fields: &Fields, agency: Option<&str>) -> Visibility {
        Visibility {
            terms: crate::model::caller_terms(agency)
                .iter()
                .map(|t| Term::from_field_text(fields.visible_to, t))
                .collect(),
        }
    }

    /// Records the agency may see that hold `term` (with `None`: all it may see).
    pub(crate) fn count(&self, searcher: &Searcher, term: Option<&Term>) -> Result<u64> {
        let mut n = 0;
        for v in &self.terms {
            let v = Box::new(TermQuery::new(v.clone(), IndexRecordOption::Basic));
            n += match term {
                None => searcher.search(v.as_ref(), &Count)?,
                Some(t) => {
                    let t = Box::new(TermQuery::new(t.clone(), IndexRecordOption::Basic));
                    let both: Vec<(Occur, Box<dyn Query>)> =
                        vec![(Occur::Must, t), (Occur::Must, v)];
                    searcher.search(&BooleanQuery::new(both), &Count)?
                }
            } as u64;
        }
        Ok(n)
    }

    /// A collector of the best `limit` matches among the records the agency may see, by
    /// score and then address: what `TopDocs::with_limit(limit).order_by_score()` gives in an
    /// index holding only those records. It filters inside tantivy's pruning loop, so the
    /// query keeps its block-max pruning.
    pub(crate) fn top_docs(&self, limit: usize) -> VisibleTopDocs<'_> {
        VisibleTopDocs {
            terms: &self.terms,
            limit,
        }
    }
}

/// See [`Visibility::top_docs`].
pub(crate) struct VisibleTopDocs<'v> {
    terms: &'v [Term],
    limit: usize,
}

impl Collector for VisibleTopDocs<'_> {
    type Fruit = Vec<(Score, DocAddress)>;
    type Child = VisibleSegmentTopDocs;

    fn for_segment(
        &self,
        segment_ord: u32,
        reader: &SegmentReader,
    ) -> tantivy::Result<Self::Child> {
        let mut lists = Vec::with_capacity(self.terms.len());
        for t in self.terms {
            let inverted = reader.inverted_index(t.field())?;
            lists.extend(inverted.read_postings(t, IndexRecordOption::Basic)?);
        }
        Ok(VisibleSegmentTopDocs {
            segment_ord,
            lists,
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

/// The best visible matches of one segment. Matches arrive in increasing document order, so
/// the visibility postings are only ever sought forward.
pub(crate) struct VisibleSegmentTopDocs {
    segment_ord: u32,
    lists: Vec<SegmentPostings>,
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

    fn visible(&mut self, doc: DocId) -> bool {
        self.lists.iter_mut().any(|p| {
            if p.doc() < doc {
                p.seek(doc);
            }
            p.doc() == doc
        })
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
        let query = TermQuery::new(anna.clone(), IndexRecordOption::Basic);
        for (agency, visible) in [(Some("FRONTEX"), 30), (None, 20), (Some("INTERPOL"), 40)] {
            let v = Visibility::of(&fields, agency);
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
