//! Every key of `frontline.toml`, read off the schema itself ([`FileConfig::effective`] of the
//! defaults), so that a key added to the schema is here at once, each with a valid value other
//! than its default. The tests that check each key (its `FRONTLINE_<SECTION>__<KEY>` variable,
//! the file, the example file and the README, `frontline config check`) all go by this list.

use super::file::{FileConfig, ENV_PREFIX};
use super::Config;

/// One key of the file.
#[derive(Debug, Clone)]
pub struct Key {
    pub section: String,
    pub key: String,
    /// The default (the optional paths filled in with an example).
    pub default: toml::Value,
    /// A valid value that is not the default.
    pub other: toml::Value,
}

impl Key {
    /// `section.key`, as the README and error messages name it.
    pub fn name(&self) -> String {
        format!("{}.{}", self.section, self.key)
    }

    /// The environment variable that overrides it: `FRONTLINE_<SECTION>__<KEY>`.
    pub fn env_var(&self) -> String {
        format!(
            "{ENV_PREFIX}{}__{}",
            self.section.to_uppercase(),
            self.key.to_uppercase()
        )
    }

    /// [`Key::other`] as the text of its environment variable.
    pub fn other_text(&self) -> String {
        match &self.other {
            toml::Value::String(s) => s.clone(),
            v => v.to_string(),
        }
    }
}

/// Every key of the file, section by section.
pub fn every_key() -> Vec<Key> {
    let config = Config {
        tls_cert: Some("/etc/frontline/chain.pem".into()),
        tls_key: Some("/etc/frontline/key.pem".into()),
        ..Config::default()
    };
    let table: toml::Table = toml::from_str(&FileConfig::effective(&config).to_toml())
        .expect("the effective configuration parses");
    let mut keys = Vec::new();
    for (section, values) in table {
        for (key, default) in values.as_table().into_iter().flatten() {
            keys.push(Key {
                other: other_value(key, default),
                section: section.clone(),
                key: key.clone(),
                default: default.clone(),
            });
        }
    }
    keys
}

/// A valid value of `key` other than `v`.
fn other_value(key: &str, v: &toml::Value) -> toml::Value {
    use toml::Value;
    match (key, v) {
        ("listen", _) => Value::String("0.0.0.0:9443".into()),
        ("query", _) => Value::String("digest".into()),
        ("format", _) => Value::String("json".into()),
        ("level", _) => Value::String("frontline=debug".into()),
        ("tls_cert" | "tls_key" | "key", _) => Value::String(format!("/srv/fl/{key}")),
        (_, Value::String(s)) => Value::String(format!("{s}.other")),
        (_, Value::Boolean(b)) => Value::Boolean(!b),
        (_, Value::Integer(n)) => Value::Integer(n + 1),
        (_, Value::Float(f)) => Value::Float(f + 0.5),
        (_, other) => panic!("no other value for {key} = {other}: add one here"),
    }
}
