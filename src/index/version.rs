//! Which data answered: the index commit (its opstamp, the generation), when it was made, and
//! the version of each organization's feed in it (the checksum and mode of the ingest that
//! last changed it). Kept as the payload of every tantivy commit, so it is on disk with the
//! commit it describes and a restart reads it back.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The feed of one source as the commit holds it.
#[derive(utoipa::ToSchema, Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeedVersion {
    /// `sha256:` and the hex SHA-256 of the file last ingested for the source.
    pub checksum: String,
    /// `full` or `delta`.
    pub mode: String,
    /// When that ingest was committed (RFC 3339 UTC).
    pub ingested_at: String,
}

/// One commit of the index.
#[derive(utoipa::ToSchema, Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndexVersion {
    /// The commit's opstamp: grows with every commit of this index.
    pub generation: u64,
    /// When it was committed (RFC 3339 UTC); none for an empty index never written to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub committed_at: Option<String>,
    /// Per source, its feed's version.
    #[serde(default)]
    pub feeds: BTreeMap<String, FeedVersion>,
}

/// What a commit's payload holds (the generation is the commit's own opstamp).
#[derive(Debug, Default, Serialize, Deserialize)]
struct Payload {
    committed_at: Option<String>,
    #[serde(default)]
    feeds: BTreeMap<String, FeedVersion>,
}

impl IndexVersion {
    /// The version of a commit with `opstamp` and `payload` (none, or unreadable: an index
    /// written before versions were recorded, which then tells only its generation).
    pub fn from_commit(opstamp: u64, payload: Option<&str>) -> IndexVersion {
        let p: Payload = payload
            .and_then(|text| serde_json::from_str(text).ok())
            .unwrap_or_default();
        IndexVersion {
            generation: opstamp,
            committed_at: p.committed_at,
            feeds: p.feeds,
        }
    }

    /// The payload of the next commit: this version's feeds with `source`'s replaced (or
    /// removed, when `feed` is none).
    pub fn next_payload(&self, source: &str, feed: Option<FeedVersion>, now: &str) -> String {
        let mut feeds = self.feeds.clone();
        match feed {
            Some(f) => feeds.insert(source.to_string(), f),
            None => feeds.remove(source),
        };
        serde_json::to_string(&Payload {
            committed_at: Some(now.to_string()),
            feeds,
        })
        .expect("serialises")
    }

    /// Seconds since the commit (0 when unknown).
    pub fn age_secs(&self) -> f64 {
        let Some(at) = &self.committed_at else {
            return 0.0;
        };
        match time::OffsetDateTime::parse(at, &time::format_description::well_known::Rfc3339) {
            Ok(t) => (time::OffsetDateTime::now_utc() - t)
                .as_seconds_f64()
                .max(0.0),
            Err(_) => 0.0,
        }
    }

    /// The short form of a response header: `GENERATION` and each `SOURCE=CHECKSUM12`.
    pub fn header(&self) -> String {
        let mut out = self.generation.to_string();
        for (source, f) in &self.feeds {
            let sum = f.checksum.strip_prefix("sha256:").unwrap_or(&f.checksum);
            out.push_str(&format!("; {source}={}", &sum[..sum.len().min(12)]));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_payload_round_trips_and_an_old_index_tells_its_generation() {
        let v = IndexVersion::from_commit(7, None);
        assert_eq!((v.generation, v.feeds.len()), (7, 0));
        let feed = FeedVersion {
            checksum: "sha256:0123456789abcdef".into(),
            mode: "full".into(),
            ingested_at: "2026-12-03T01:00:00Z".into(),
        };
        let p = v.next_payload("EUROPOL", Some(feed.clone()), "2026-12-03T01:00:00Z");
        let w = IndexVersion::from_commit(8, Some(&p));
        assert_eq!(w.feeds["EUROPOL"], feed);
        assert_eq!(w.header(), "8; EUROPOL=0123456789ab");
        assert!(w.age_secs() > 0.0);
        let gone = IndexVersion::from_commit(9, Some(&w.next_payload("EUROPOL", None, "x")));
        assert!(gone.feeds.is_empty());
        assert_eq!(IndexVersion::from_commit(3, Some("not json")).generation, 3);
    }
}
