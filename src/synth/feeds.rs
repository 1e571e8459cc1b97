//! The feed files: persons and documents as JSON Lines, one file per
//! organization (`<SOURCE>.jsonl`), written in parallel chunks by
//! [`write_feeds`] with byte-identical output whatever the thread count.

use super::documents::{document, SynthDocument};
use super::organizations::{document_org, person_org, ORGANIZATIONS};
use super::persons::{person, SynthPerson};
use serde::Serialize;
use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

/// What [`write_feeds`] produced.
pub struct SynthSummary {
    /// The feed files, in [`ORGANIZATIONS`] order.
    pub files: Vec<PathBuf>,
    /// Persons written.
    pub persons: u64,
    /// Documents written.
    pub documents: u64,
}

fn is_empty_slice(s: &&[String]) -> bool {
    s.is_empty()
}

#[derive(Serialize)]
struct PersonDocLine<'a> {
    number: &'a str,
    issuing_country: &'a str,
    #[serde(rename = "type")]
    doc_type: &'a str,
}

#[derive(Serialize)]
struct PersonLine<'a> {
    kind: &'static str,
    source: &'a str,
    id: &'a str,
    names: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    date_of_birth: Option<&'a str>,
    nationality: &'a [String],
    gender: char,
    category: &'a str,
    action: &'a str,
    documents: Vec<PersonDocLine<'a>>,
    #[serde(skip_serializing_if = "is_empty_slice")]
    sharing: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    expires: Option<&'a str>,
}

#[derive(Serialize)]
struct HolderLine<'a> {
    names: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    date_of_birth: Option<&'a str>,
}

#[derive(Serialize)]
struct DocumentLine<'a> {
    kind: &'static str,
    source: &'a str,
    id: &'a str,
    number: &'a str,
    issuing_country: &'a str,
    document_type: &'a str,
    status: &'a str,
    reported: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    holder: Option<HolderLine<'a>>,
    #[serde(skip_serializing_if = "is_empty_slice")]
    sharing: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    expires: Option<&'a str>,
}

impl SynthPerson {
    fn line(&self) -> PersonLine<'_> {
        PersonLine {
            kind: "person",
            source: &self.source,
            id: &self.id,
            names: &self.names,
            date_of_birth: self.date_of_birth.as_deref(),
            nationality: &self.nationality,
            gender: self.gender,
            category: &self.category,
            action: &self.action,
            documents: self
                .documents
                .iter()
                .map(|(n, c, t)| PersonDocLine {
                    number: n,
                    issuing_country: c,
                    doc_type: t,
                })
                .collect(),
            sharing: &self.sharing,
            expires: self.expires.as_deref(),
        }
    }

    /// The feed record as JSON.
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::to_value(self.line()).expect("person record serializes")
    }
}

impl SynthDocument {
    fn line(&self) -> DocumentLine<'_> {
        DocumentLine {
            kind: "document",
            source: &self.source,
            id: &self.id,
            number: &self.number,
            issuing_country: &self.issuing_country,
            document_type: &self.document_type,
            status: &self.status,
            reported: &self.reported,
            holder: self.holder.as_ref().map(|(names, dob)| HolderLine {
                names,
                date_of_birth: dob.as_deref(),
            }),
            sharing: &self.sharing,
            expires: self.expires.as_deref(),
        }
    }

    /// The feed record as JSON.
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::to_value(self.line()).expect("document record serializes")
    }
}

/// Records generated per thread and batch.
const CHUNK: u64 = 16_384;

/// Generate records `lo..hi` in parallel chunks, serialized into one byte buffer
/// per organization, then append them to the writers in index order (so the
/// output is byte-identical regardless of thread count).
fn write_range<F>(writers: &mut [BufWriter<File>], total: u64, gen: F) -> io::Result<()>
where
    F: Fn(u64, &mut [Vec<u8>]) -> io::Result<()> + Sync,
{
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .clamp(1, 16) as u64;
    let mut start = 0u64;
    while start < total {
        let batch_end = (start + CHUNK * threads).min(total);
        let chunks: Vec<(u64, u64)> = (start..batch_end)
            .step_by(CHUNK as usize)
            .map(|s| (s, (s + CHUNK).min(batch_end)))
            .collect();
        let results: Vec<io::Result<Vec<Vec<u8>>>> = std::thread::scope(|scope| {
            let handles: Vec<_> = chunks
                .iter()
                .map(|&(lo, hi)| {
                    let gen = &gen;
                    scope.spawn(move || {
                        let mut bufs = vec![Vec::new(); ORGANIZATIONS.len()];
                        for i in lo..hi {
                            gen(i, &mut bufs)?;
                        }
                        Ok(bufs)
                    })
                })
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().expect("generator thread panicked"))
                .collect()
        });
        for r in results {
            for (w, buf) in writers.iter_mut().zip(r?) {
                w.write_all(&buf)?;
            }
        }
        start = batch_end;
    }
    Ok(())
}

/// Writes `<SOURCE>.jsonl` per organization into `out_dir` (created): persons
/// first, then documents. Streams in bounded chunks, never holding the whole set.
pub fn write_feeds(
    out_dir: &Path,
    persons: u64,
    documents: u64,
    seed: u64,
) -> io::Result<SynthSummary> {
    fs::create_dir_all(out_dir)?;
    let mut files = Vec::with_capacity(ORGANIZATIONS.len());
    let mut writers = Vec::with_capacity(ORGANIZATIONS.len());
    for org in ORGANIZATIONS {
        let path = out_dir.join(format!("{org}.jsonl"));
        writers.push(BufWriter::with_capacity(1 << 20, File::create(&path)?));
        files.push(path);
    }
    write_range(&mut writers, persons, |i, bufs| {
        let p = person(seed, i);
        let buf = &mut bufs[person_org(i)];
        serde_json::to_writer(&mut *buf, &p.line())?;
        buf.push(b'\n');
        Ok(())
    })?;
    write_range(&mut writers, documents, |i, bufs| {
        let d = document(seed, i);
        let buf = &mut bufs[document_org(i)];
        serde_json::to_writer(&mut *buf, &d.line())?;
        buf.push(b'\n');
        Ok(())
    })?;
    for w in &mut writers {
        w.flush()?;
    }
    Ok(SynthSummary {
        files,
        persons,
        documents,
    })
}

#[cfg(test)]
mod tests {
    use super::super::documents::{DOC_STATUS, DOC_TYPES};
    use super::super::persons::CATEGORIES;
    use super::super::test_support::{is_date_like, is_full_date, temp_dir};
    use super::*;
    use std::collections::HashSet;
    use std::io::{BufRead, BufReader};

    fn check_sharing(v: &serde_json::Value) {
        let sh = v["sharing"].as_array().expect("sharing array");
        assert!(!sh.is_empty() && sh.len() <= 3);
        for a in sh {
            let a = a.as_str().unwrap();
            assert!(a == "*" || ORGANIZATIONS.contains(&a), "{a}");
        }
        if let Some(e) = v.get("expires") {
            assert!(is_full_date(e.as_str().unwrap()));
        }
    }

    fn check_person_json(v: &serde_json::Value) {
        assert_eq!(v["kind"], "person");
        assert!(ORGANIZATIONS.contains(&v["source"].as_str().unwrap()));
        assert!(v["id"].as_str().unwrap().starts_with('P'));
        let names = v["names"].as_array().unwrap();
        assert!(!names.is_empty() && names.len() <= 4);
        assert!(names.iter().all(|n| !n.as_str().unwrap().trim().is_empty()));
        if let Some(d) = v.get("date_of_birth") {
            let d = d.as_str().unwrap();
            assert!(is_date_like(d), "{d}");
            let y: u32 = d[..4].parse().unwrap();
            assert!((1940..=2008).contains(&y));
        }
        let nat = v["nationality"].as_array().unwrap();
        assert!(!nat.is_empty() && nat.len() <= 2);
        for n in nat {
            let n = n.as_str().unwrap();
            assert!(n.len() == 3 && n.bytes().all(|b| b.is_ascii_uppercase()));
        }
        assert!(v["gender"] == "M" || v["gender"] == "F");
        assert!(CATEGORIES.contains(&v["category"].as_str().unwrap()));
        assert!(!v["action"].as_str().unwrap().is_empty());
        let docs = v["documents"].as_array().unwrap();
        assert!(docs.len() <= 2);
        for d in docs {
            assert!(!d["number"].as_str().unwrap().is_empty());
            assert_eq!(d["issuing_country"].as_str().unwrap().len(), 3);
            assert!(d["type"] == "passport" || d["type"] == "id_card");
        }
        check_sharing(v);
    }

    fn check_document_json(v: &serde_json::Value) {
        assert_eq!(v["kind"], "document");
        assert!(ORGANIZATIONS.contains(&v["source"].as_str().unwrap()));
        assert!(v["id"].as_str().unwrap().starts_with('D'));
        let n = v["number"].as_str().unwrap();
        assert_eq!(n.len(), 9, "{n}");
        assert!(n
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit()));
        assert_eq!(v["issuing_country"].as_str().unwrap().len(), 3);
        assert!(DOC_TYPES.contains(&v["document_type"].as_str().unwrap()));
        let status = v["status"].as_str().unwrap();
        assert!(DOC_STATUS.contains(&status));
        assert!(is_full_date(v["reported"].as_str().unwrap()));
        if let Some(h) = v.get("holder") {
            assert_ne!(status, "stolen_blank");
            assert!(!h["names"].as_array().unwrap().is_empty());
            if let Some(d) = h.get("date_of_birth") {
                assert!(is_full_date(d.as_str().unwrap()));
            }
        }
        check_sharing(v);
    }

    #[test]
    fn records_have_required_fields() {
        for i in 0..3000 {
            let p = person(1, i);
            assert_eq!(p.id, format!("P{i:08}"));
            assert_eq!(p.given.len(), p.given_variants.len());
            assert_eq!(p.family.len(), p.family_variants.len());
            assert!(!p.given.is_empty());
            check_person_json(&p.to_json());
            check_document_json(&document(1, i).to_json());
        }
    }

    #[test]
    fn feeds_round_trip() {
        let dir = temp_dir("feeds");
        let (np, nd) = (3_000u64, 40_000u64);
        let summary = write_feeds(&dir, np, nd, 42).unwrap();
        assert_eq!(summary.files.len(), ORGANIZATIONS.len());
        assert_eq!((summary.persons, summary.documents), (np, nd));
        let (mut persons, mut documents) = (0u64, 0u64);
        let mut ids = HashSet::new();
        for (org, path) in ORGANIZATIONS.iter().zip(&summary.files) {
            assert!(path.ends_with(format!("{org}.jsonl")));
            let mut in_docs = false;
            for line in BufReader::new(File::open(path).unwrap()).lines() {
                let v: serde_json::Value = serde_json::from_str(&line.unwrap()).unwrap();
                assert_eq!(v["source"], *org);
                assert!(ids.insert(v["id"].as_str().unwrap().to_string()));
                if v["kind"] == "person" {
                    assert!(!in_docs, "persons must precede documents");
                    check_person_json(&v);
                    persons += 1;
                } else {
                    in_docs = true;
                    check_document_json(&v);
                    documents += 1;
                }
            }
        }
        assert_eq!((persons, documents), (np, nd));
        // Byte-identical on a second run.
        let dir2 = temp_dir("feeds2");
        let s2 = write_feeds(&dir2, np, nd, 42).unwrap();
        for (a, b) in summary.files.iter().zip(&s2.files) {
            assert_eq!(fs::read(a).unwrap(), fs::read(b).unwrap());
        }
        // The generator functions agree with the files.
        let p5 = person(42, 5).to_json();
        let file = dir.join(format!("{}.jsonl", p5["source"].as_str().unwrap()));
        let text = fs::read_to_string(file).unwrap();
        assert!(text
            .lines()
            .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
            .any(|v| v == p5));

        fs::remove_dir_all(&dir).unwrap();
        fs::remove_dir_all(&dir2).unwrap();
    }
}
