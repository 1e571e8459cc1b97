//! What to send: request kinds, the `--mix` weights, the deterministic kind choice
//! (SplitMix64) and the query bodies loaded from a `frontline synth --queries` directory.
//!
//! Each kind reads one JSONL file, one request body per line: a JSON object for `doc`,
//! `person` and `traveller`, a JSON array of traveller objects (a JSON manifest) for
//! `manifest`. The files of `manifest` and `traveller` are optional: an absent one drops
//! that kind and its share is redistributed to the others in proportion to their weights.

use anyhow::{bail, Context};
use std::fmt;
use std::path::Path;

/// A kind of request, one per endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    Document,
    Person,
    Manifest,
    Traveller,
}

/// Number of request kinds (the length of every per-kind array).
pub const KINDS: usize = 4;

/// What one line of a kind's query file must be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// A JSON object (a search or check request).
    Object,
    /// A JSON array (a manifest in the JSON manifest format).
    Array,
}

impl Kind {
    /// Every kind, in index order. New kinds go last, so that a seed keeps choosing the same
    /// kinds for a mix that does not use them.
    pub const ALL: [Kind; KINDS] = [
        Kind::Document,
        Kind::Person,
        Kind::Manifest,
        Kind::Traveller,
    ];

    pub fn index(self) -> usize {
        self as usize
    }

    /// Name used in `--mix` (canonical form) and in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Document => "doc",
            Kind::Person => "person",
            Kind::Manifest => "manifest",
            Kind::Traveller => "traveller",
        }
    }

    pub fn path(self) -> &'static str {
        match self {
            Kind::Document => "/v1/documents/check",
            Kind::Person => "/v1/persons/search",
            Kind::Manifest => "/v1/manifests/screen",
            Kind::Traveller => "/v1/travellers/check",
        }
    }

    pub fn file_name(self) -> &'static str {
        match self {
            Kind::Document => "document_queries.jsonl",
            Kind::Person => "person_queries.jsonl",
            Kind::Manifest => "manifest_queries.jsonl",
            Kind::Traveller => "traveller_queries.jsonl",
        }
    }

    /// What each line of [`Kind::file_name`] holds.
    pub fn shape(self) -> Shape {
        match self {
            Kind::Manifest => Shape::Array,
            Kind::Document | Kind::Person | Kind::Traveller => Shape::Object,
        }
    }

    /// True when the kind's query file may be absent (its share is then redistributed).
    pub fn optional(self) -> bool {
        matches!(self, Kind::Manifest | Kind::Traveller)
    }

    fn from_key(key: &str) -> Option<Kind> {
        match key.to_ascii_lowercase().as_str() {
            "doc" | "docs" | "document" | "documents" => Some(Kind::Document),
            "person" | "persons" => Some(Kind::Person),
            "manifest" | "manifests" => Some(Kind::Manifest),
            "traveller" | "travellers" | "traveler" | "travelers" => Some(Kind::Traveller),
            _ => None,
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Relative weights of the kinds, indexed by [`Kind::index`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mix {
    pub weights: [u64; KINDS],
}

impl Mix {
    /// Parses `doc=70,person=25,manifest=5,traveller=10`. Kinds left out weigh 0; weights
    /// are non-negative integers (not necessarily summing to 100) and at least one is positive.
    pub fn parse(s: &str) -> anyhow::Result<Mix> {
        let mut weights = [0u64; KINDS];
        let mut seen = [false; KINDS];
        for part in s.split(',').map(str::trim) {
            if part.is_empty() {
                continue;
            }
            let (key, value) = part
                .split_once('=')
                .with_context(|| format!("--mix: expected KIND=WEIGHT, got {part:?}"))?;
            let kind = Kind::from_key(key.trim()).with_context(|| {
                format!("--mix: unknown kind {key:?} (expected doc, person, manifest or traveller)")
            })?;
            let w: u64 = value
                .trim()
                .parse()
                .ok()
                .filter(|w| *w <= 1_000_000)
                .with_context(|| {
                    format!(
                        "--mix: weight for {kind} must be an integer 0..=1000000, got {value:?}"
                    )
                })?;
            if seen[kind.index()] {
                bail!("--mix: {kind} given twice");
            }
            seen[kind.index()] = true;
            weights[kind.index()] = w;
        }
        let mix = Mix { weights };
        if mix.total() == 0 {
            bail!("--mix: at least one weight must be positive, got {s:?}");
        }
        Ok(mix)
    }

    pub fn weight(&self, kind: Kind) -> u64 {
        self.weights[kind.index()]
    }

    pub fn total(&self) -> u64 {
        self.weights.iter().sum()
    }

    /// Share of a kind, in percent.
    pub fn percent(&self, kind: Kind) -> f64 {
        match self.total() {
            0 => 0.0,
            t => self.weight(kind) as f64 * 100.0 / t as f64,
        }
    }

    /// The same mix with `kind` removed; the others keep their ratios, so its share is
    /// redistributed proportionally.
    pub fn without(&self, kind: Kind) -> Mix {
        let mut weights = self.weights;
        weights[kind.index()] = 0;
        Mix { weights }
    }

    /// Picks a kind for a uniformly random `r`, with probability proportional to its weight.
    pub fn pick(&self, r: u64) -> Kind {
        let total = self.total();
        debug_assert!(total > 0);
        // Multiply-shift maps r onto 0..total without modulo bias worth mentioning.
        let mut x = ((r as u128 * total as u128) >> 64) as u64;
        for kind in Kind::ALL {
            let w = self.weight(kind);
            if x < w {
                return kind;
            }
            x -= w;
        }
        // Unreachable while total > 0; fall back to the heaviest kind.
        Kind::ALL
            .into_iter()
            .max_by_key(|k| self.weight(*k))
            .unwrap_or(Kind::Document)
    }

    /// `doc=70,person=25,manifest=5` form, omitting zero weights.
    pub fn describe(&self) -> String {
        Kind::ALL
            .into_iter()
            .filter(|k| self.weight(*k) > 0)
            .map(|k| format!("{k}={:.1}%", self.percent(k)))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// SplitMix64 (Steele, Lea and Flood), used as a counter-based generator: the value for
/// request `i` is the `i`-th output of a generator seeded with the run's seed, computed
/// directly, so the kind of every request is fixed by the seed and its index, whatever
/// worker sends it.
pub struct SplitMix64;

const GOLDEN_GAMMA: u64 = 0x9e37_79b9_7f4a_7c15;

impl SplitMix64 {
    /// The `i`-th output (0-based) of SplitMix64 seeded with `seed`, in O(1).
    pub fn nth(seed: u64, i: u64) -> u64 {
        Self::mix(seed.wrapping_add(i.wrapping_add(1).wrapping_mul(GOLDEN_GAMMA)))
    }

    fn mix(mut z: u64) -> u64 {
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
}

/// The JSON bodies of one kind, one per non-empty line of its file.
#[derive(Debug, Clone, Default)]
pub struct Queries {
    pub bodies: Vec<Vec<u8>>,
}

impl Queries {
    /// Loads a JSONL file; every non-empty line must be JSON of the given shape.
    pub fn load(path: &Path, shape: Shape) -> anyhow::Result<Queries> {
        let text =
            std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
        Self::parse(&text, shape).with_context(|| format!("in {}", path.display()))
    }

    pub fn parse(text: &str, shape: Shape) -> anyhow::Result<Queries> {
        use serde_json::Value;
        let mut bodies = Vec::new();
        for (n, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() {
                continue;
            }
            match (serde_json::from_str::<Value>(line), shape) {
                (Ok(Value::Object(_)), Shape::Object) | (Ok(Value::Array(_)), Shape::Array) => {
                    bodies.push(line.as_bytes().to_vec())
                }
                (Ok(_), Shape::Object) => bail!("line {}: expected a JSON object", n + 1),
                (Ok(_), Shape::Array) => bail!(
                    "line {}: expected a JSON array of traveller objects (a JSON manifest)",
                    n + 1
                ),
                (Err(e), _) => bail!("line {}: invalid JSON: {e}", n + 1),
            }
        }
        Ok(Queries { bodies })
    }
}

/// The query files found in a directory, and the mix actually used.
#[derive(Debug, Clone)]
pub struct Workload {
    /// Bodies per kind, indexed by [`Kind::index`]; empty for kinds with weight 0.
    pub queries: [Queries; KINDS],
    /// The requested mix.
    pub requested: Mix,
    /// The mix in effect after dropping kinds whose optional file is absent.
    pub effective: Mix,
    /// Human-readable remarks (e.g. a redistributed share).
    pub notes: Vec<String>,
}

impl Workload {
    /// Loads the files the mix needs from `dir`. `document_queries.jsonl` and
    /// `person_queries.jsonl` are required when their weight is positive; an absent
    /// `manifest_queries.jsonl` or `traveller_queries.jsonl` drops that kind's share,
    /// redistributed proportionally.
    pub fn load(dir: &Path, requested: Mix) -> anyhow::Result<Workload> {
        if !dir.is_dir() {
            bail!("--queries {}: not a directory", dir.display());
        }
        let mut effective = requested;
        let mut notes = Vec::new();
        let mut queries: [Queries; KINDS] = Default::default();
        for kind in Kind::ALL {
            if requested.weight(kind) == 0 {
                continue;
            }
            let path = dir.join(kind.file_name());
            if kind.optional() && !path.exists() {
                effective = effective.without(kind);
                notes.push(format!(
                    "{} not found: the {kind} share ({:.1}%) was redistributed proportionally to the other kinds",
                    kind.file_name(),
                    requested.percent(kind)
                ));
                continue;
            }
            let q = Queries::load(&path, kind.shape())?;
            if q.bodies.is_empty() {
                bail!(
                    "{} has no queries but --mix gives {kind} weight {}",
                    path.display(),
                    requested.weight(kind)
                );
            }
            queries[kind.index()] = q;
        }
        if effective.total() == 0 {
            bail!("nothing to send: every kind in --mix has weight 0 or no query file");
        }
        Ok(Workload {
            queries,
            requested,
            effective,
            notes,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mix_parsing() {
        let m = Mix::parse("doc=70,person=25,manifest=5").unwrap();
        assert_eq!(m.weights, [70, 25, 5, 0]);
        let m = Mix::parse(" documents = 3 , persons=1 ").unwrap();
        assert_eq!(m.weights, [3, 1, 0, 0]);
        assert_eq!(m.percent(Kind::Document), 75.0);
        assert_eq!(Mix::parse("person=1").unwrap().weights, [0, 1, 0, 0]);
        let m = Mix::parse("doc=6,traveller=2,travelers=0").unwrap_err();
        assert!(m.to_string().contains("given twice"), "{m}");
        assert_eq!(
            Mix::parse("doc=6,traveller=2").unwrap().weights,
            [6, 0, 0, 2]
        );
        for bad in [
            "",
            "doc=0,person=0",
            "doc",
            "doc=x",
            "doc=-1",
            "doc=1.5",
            "visa=10",
            "doc=1,doc=2",
            "doc=2000000",
        ] {
            assert!(Mix::parse(bad).is_err(), "{bad:?} should be rejected");
        }
    }

    #[test]
    fn redistribution_keeps_ratios() {
        let m = Mix::parse("doc=70,person=25,manifest=5").unwrap();
        let e = m.without(Kind::Manifest);
        assert_eq!(e.total(), 95);
        assert!((e.percent(Kind::Document) - 70.0 / 0.95).abs() < 1e-9);
        assert!((e.percent(Kind::Person) - 25.0 / 0.95).abs() < 1e-9);
        assert_eq!(e.percent(Kind::Manifest), 0.0);
    }

    #[test]
    fn splitmix_reference_values() {
        // Reference outputs of SplitMix64 seeded with 1234567.
        let mut state = 1234567u64;
        let expected = [
            6457827717110365317u64,
            3203168211198807973,
            9817491932198370423,
            4593380528125082431,
            16408922859458223821,
        ];
        for (i, e) in expected.iter().enumerate() {
            state = state.wrapping_add(GOLDEN_GAMMA);
            assert_eq!(SplitMix64::mix(state), *e);
            assert_eq!(SplitMix64::nth(1234567, i as u64), *e);
        }
    }

    #[test]
    fn weighted_choice_matches_weights() {
        let m = Mix::parse("doc=60,person=25,manifest=5,traveller=10").unwrap();
        let n = 200_000u64;
        let mut counts = [0u64; KINDS];
        for i in 0..n {
            counts[m.pick(SplitMix64::nth(42, i)).index()] += 1;
        }
        for kind in Kind::ALL {
            let share = counts[kind.index()] as f64 * 100.0 / n as f64;
            assert!((share - m.percent(kind)).abs() < 0.5, "{kind}: {share}");
        }
        // Zero weight is never chosen; extremes of r map to the ends.
        let m = Mix::parse("doc=1,manifest=1").unwrap();
        assert_eq!(m.pick(0), Kind::Document);
        assert_eq!(m.pick(u64::MAX), Kind::Manifest);
        assert!((0..10_000).all(|i| m.pick(SplitMix64::nth(7, i)) != Kind::Person));
    }

    #[test]
    fn query_parsing() {
        let obj = Shape::Object;
        let q = Queries::parse("{\"number\":\"X1\"}\n\n  {\"number\":\"X2\"}  \r\n", obj).unwrap();
        assert_eq!(q.bodies.len(), 2);
        assert_eq!(q.bodies[1], br#"{"number":"X2"}"#);
        assert!(Queries::parse("{\"a\":1}\n{oops\n", obj).is_err());
        assert!(Queries::parse("[1,2]\n", obj).is_err());
        // Manifest lines are JSON manifests: arrays, not objects.
        let q = Queries::parse("[{\"surname\":\"A\"}]\n[]\n", Shape::Array).unwrap();
        assert_eq!(q.bodies.len(), 2);
        let err = Queries::parse("{\"passengers\": []}\n", Shape::Array).unwrap_err();
        assert!(err.to_string().contains("JSON array"), "{err}");
    }
}
