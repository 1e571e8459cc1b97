//! Spelling helpers for generated names: ASCII folding, German umlaut
//! expansion, Arabic `Al-`/`El-` particle forms, Turkish-aware upper-casing
//! and East Slavic feminine surnames. [`variants_for`] combines them with the
//! name tables' own variants.

use super::names::{Culture, FemRule};

/// Strip diacritics to plain ASCII where a common mapping exists.
pub(super) fn ascii_fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        let m = match ch {
            'á' | 'à' | 'â' | 'ä' | 'ã' | 'å' | 'ā' => 'a',
            'Á' | 'À' | 'Â' | 'Ä' | 'Ã' | 'Å' | 'Ā' => 'A',
            'é' | 'è' | 'ê' | 'ë' | 'ē' | 'ẹ' => 'e',
            'É' | 'È' | 'Ê' | 'Ë' | 'Ē' | 'Ẹ' => 'E',
            'í' | 'ì' | 'î' | 'ï' | 'ı' | 'ī' => 'i',
            'Í' | 'Ì' | 'Î' | 'Ï' | 'İ' | 'Ī' => 'I',
            'ó' | 'ò' | 'ô' | 'ö' | 'õ' | 'ō' | 'ọ' | 'ø' => 'o',
            'Ó' | 'Ò' | 'Ô' | 'Ö' | 'Õ' | 'Ō' | 'Ọ' | 'Ø' => 'O',
            'ú' | 'ù' | 'û' | 'ü' | 'ū' => 'u',
            'Ú' | 'Ù' | 'Û' | 'Ü' | 'Ū' => 'U',
            'ñ' => 'n',
            'Ñ' => 'N',
            'ç' | 'č' => 'c',
            'Ç' | 'Č' => 'C',
            'ş' | 'ṣ' | 'š' => 's',
            'Ş' | 'Ṣ' | 'Š' => 'S',
            'ğ' => 'g',
            'Ğ' => 'G',
            'ý' | 'ÿ' => 'y',
            'ž' => 'z',
            'Ž' => 'Z',
            'ß' => {
                out.push_str("ss");
                continue;
            }
            'œ' => {
                out.push_str("oe");
                continue;
            }
            'æ' => {
                out.push_str("ae");
                continue;
            }
            '\u{300}'..='\u{36f}' => continue,
            c => c,
        };
        out.push(m);
    }
    out
}

/// German-style transliteration: ü → ue, ö → oe, ä → ae, ß → ss (other accents folded).
pub(super) fn umlaut_expand(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 4);
    for ch in s.chars() {
        match ch {
            'ä' => out.push_str("ae"),
            'ö' => out.push_str("oe"),
            'ü' => out.push_str("ue"),
            'Ä' => out.push_str("Ae"),
            'Ö' => out.push_str("Oe"),
            'Ü' => out.push_str("Ue"),
            c => out.push(c),
        }
    }
    ascii_fold(&out)
}

fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

fn push_unique(out: &mut Vec<String>, primary: &str, v: String) {
    if v != primary && !v.is_empty() && !out.contains(&v) {
        out.push(v);
    }
}

/// Table variants plus automatic ones (ASCII fold, umlauts, Arabic particles).
pub(super) fn variants_for(latin: &str, table: &[&str], c: &Culture, family: bool) -> Vec<String> {
    let mut out = Vec::with_capacity(table.len() + 2);
    for v in table {
        push_unique(&mut out, latin, (*v).to_string());
    }
    if !latin.is_ascii() {
        if c.umlaut {
            push_unique(&mut out, latin, umlaut_expand(latin));
        }
        push_unique(&mut out, latin, ascii_fold(latin));
    }
    if family && c.particle {
        let (rest, al) = if let Some(r) = latin.strip_prefix("Al-") {
            (r, true)
        } else if let Some(r) = latin.strip_prefix("El-") {
            (r, false)
        } else {
            ("", false)
        };
        if !rest.is_empty() {
            let p = if al { "Al" } else { "El" };
            push_unique(&mut out, latin, format!("{p}{}", lower_first(rest)));
            let other = if al { "El-" } else { "Al-" };
            push_unique(&mut out, latin, format!("{other}{rest}"));
            push_unique(&mut out, latin, format!("{}-{rest}", p.to_lowercase()));
            push_unique(&mut out, latin, rest.to_string());
        }
    }
    out
}

/// Upper-case a name; Turkish maps i → İ (and ı → I).
pub(super) fn upper(s: &str, turkish: bool) -> String {
    if turkish {
        s.chars()
            .map(|c| if c == 'i' { 'İ' } else { c })
            .collect::<String>()
            .to_uppercase()
    } else {
        s.to_uppercase()
    }
}

fn replace_suffix(s: &str, suf: &str, new: &str) -> Option<String> {
    s.strip_suffix(suf).map(|stem| format!("{stem}{new}"))
}

/// Feminine form of an East Slavic surname (Latin or Cyrillic), if a rule applies.
pub(super) fn feminize(s: &str, rule: FemRule) -> Option<String> {
    let adj: &[(&str, &str)] = match rule {
        FemRule::None => return None,
        FemRule::Russian => &[
            ("ский", "ская"),
            ("цкий", "цкая"),
            ("skiy", "skaya"),
            ("skii", "skaya"),
            ("sky", "skaya"),
            ("ski", "skaja"),
            ("zki", "zkaja"),
        ],
        FemRule::Ukrainian => &[
            ("ський", "ська"),
            ("цький", "цька"),
            ("skyi", "ska"),
            ("skyy", "ska"),
            ("skyj", "ska"),
            ("skiy", "ska"),
            ("sky", "ska"),
            ("ski", "ska"),
        ],
    };
    for (suf, new) in adj {
        if let Some(r) = replace_suffix(s, suf, new) {
            return Some(r);
        }
    }
    const ENDINGS: &[&str] = &[
        "ov", "ev", "in", "yn", "ow", "ew", "ов", "ев", "ёв", "ин", "ын", "ін",
    ];
    if ENDINGS.iter().any(|e| s.ends_with(e)) {
        let a = if s.is_ascii() { "a" } else { "а" };
        return Some(format!("{s}{a}"));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::super::names::{self, CULTURES};
    use super::*;

    #[test]
    fn spelling_helpers() {
        assert_eq!(feminize("Smirnov", FemRule::Russian).unwrap(), "Smirnova");
        assert_eq!(feminize("Смирнов", FemRule::Russian).unwrap(), "Смирнова");
        assert_eq!(
            feminize("Dostoyevsky", FemRule::Russian).unwrap(),
            "Dostoyevskaya"
        );
        assert_eq!(
            feminize("Достоевский", FemRule::Russian).unwrap(),
            "Достоевская"
        );
        assert_eq!(
            feminize("Zelensky", FemRule::Ukrainian).unwrap(),
            "Zelenska"
        );
        assert_eq!(
            feminize("Зеленський", FemRule::Ukrainian).unwrap(),
            "Зеленська"
        );
        assert!(feminize("Shevchenko", FemRule::Ukrainian).is_none());
        assert!(feminize("Smirnoff", FemRule::Russian).is_none());
        assert_eq!(ascii_fold("García Núñez"), "Garcia Nunez");
        assert_eq!(ascii_fold("Yılmaz Öztürk"), "Yilmaz Ozturk");
        assert_eq!(umlaut_expand("Müller"), "Mueller");
        assert_eq!(upper("Şimşek", true), "ŞİMŞEK");
        assert_eq!(upper("Yılmaz", true), "YILMAZ");
        let c = &CULTURES[names::ARABIC];
        let v = variants_for("Al-Hassan", &[], c, true);
        for want in ["Alhassan", "El-Hassan", "al-Hassan", "Hassan"] {
            assert!(v.iter().any(|x| x == want), "{v:?}");
        }
    }
}
