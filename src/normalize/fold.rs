//! Folding of names in any script to lower-case ASCII tokens.
//!
//! Steps: Unicode NFKC (full-width and compatibility forms), then per character:
//! ASCII letters and digits are lower-cased; apostrophes vanish (O'Brien -> obrien); other
//! punctuation, hyphens and spaces separate tokens (Al-Hassan -> al hassan); every other
//! character is transliterated by `any_ascii` (Cyrillic, Greek, Arabic, Hebrew, Georgian,
//! Armenian, Devanagari, Thai, Latin with diacritics...). Han and Hangul runs are split the way
//! their names are romanised: the first syllable (family name) is a token and the remaining
//! syllables are glued into one (王伟明 -> wang weiming); kana runs stay one token.

use unicode_normalization::UnicodeNormalization;

/// Honorifics and titles that carry no identity; dropped unless nothing else remains.
const TITLES: &[&str] = &[
    "mr", "mrs", "ms", "miss", "dr", "prof", "col", "colonel", "gen", "general", "maj", "major",
    "capt", "captain", "lt", "sgt", "shaykh", "sheikh", "shaikh", "sheik", "haji", "hajji",
    "mullah", "mulla", "sayyid", "sir", "herr", "frau", "mme", "mlle", "sr", "sra",
];

#[derive(Clone, Copy, PartialEq, Eq)]
enum Run {
    None,
    Syllabic, // Han, Hangul: first syllable alone, rest glued
    Kana,     // all glued
}

fn is_syllabic(c: char) -> bool {
    matches!(c as u32,
        0x4E00..=0x9FFF | 0x3400..=0x4DBF | 0xF900..=0xFAFF | 0x20000..=0x2A6DF | 0xAC00..=0xD7AF)
}

fn is_kana(c: char) -> bool {
    matches!(c as u32, 0x3041..=0x309F | 0x30A0..=0x30FA | 0x30FC..=0x30FF | 0x31F0..=0x31FF)
}

fn is_apostrophe(c: char) -> bool {
    matches!(
        c,
        '\'' | '’' | 'ʼ' | '`' | 'ʻ' | '‘' | 'ʹ' | 'ʾ' | 'ʿ' | '´'
    )
}

/// Pushes lower-case ASCII alphanumerics of `s`; anything else in `s` becomes a separator.
fn push_ascii(out: &mut String, s: &str) {
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() {
            out.push(b.to_ascii_lowercase() as char);
        } else if b == b'\'' {
            // transliteration of soft signs, hamza, ayn: silent
        } else {
            sep(out);
        }
    }
}

fn sep(out: &mut String) {
    if !out.is_empty() && !out.ends_with(' ') {
        out.push(' ');
    }
}

/// Modern Greek digraphs that letter-by-letter transliteration gets wrong (ου -> ou, not oy;
/// αυ/ευ -> av/ev; initial μπ/ντ/γκ -> b/d/g), as ELOT 743 and passports write them.
fn greek_digraphs(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(|c| ('\u{0370}'..='\u{03FF}').contains(&c)) {
        return std::borrow::Cow::Borrowed(text);
    }
    let lower: String = text.nfc().collect::<String>().to_lowercase();
    let mut s = lower
        .replace("ου", "ou")
        .replace("ού", "ou")
        .replace("αυ", "av")
        .replace("αύ", "av")
        .replace("ευ", "ev")
        .replace("εύ", "ev");
    for (from, to) in [("μπ", "b"), ("ντ", "d"), ("γκ", "g")] {
        s = s
            .split(' ')
            .map(|w| match w.strip_prefix(from) {
                Some(rest) => format!("{to}{rest}"),
                None => w.to_string(),
            })
            .collect::<Vec<_>>()
            .join(" ");
    }
    std::borrow::Cow::Owned(s)
}

/// Folds `text` to space-separated lower-case ASCII tokens (see the module doc).
/// Idempotent: `fold(&fold(x)) == fold(x)`.
///
/// Most names of a feed are ASCII, and most others are already in NFKC: those skip the
/// normalisation (which was a tenth of an ingest), with the same result.
pub fn fold(text: &str) -> String {
    if text.is_ascii() {
        return fold_ascii(text);
    }
    let text = greek_digraphs(text);
    match unicode_normalization::is_nfkc_quick(text.chars()) {
        unicode_normalization::IsNormalized::Yes => fold_chars(&text, text.chars()),
        _ => fold_chars(&text, text.nfkc()),
    }
}

/// [`fold`] of ASCII text: NFKC, transliteration and scripts have nothing to do.
fn fold_ascii(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() {
            out.push(b.to_ascii_lowercase() as char);
        } else if b == b'\'' || b == b'`' {
            // apostrophes vanish (is_apostrophe)
        } else {
            sep(&mut out);
        }
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

/// [`fold`] of `text`'s characters `chars` in NFKC.
fn fold_chars(text: &str, chars: impl Iterator<Item = char>) -> String {
    let persian = super::arabic::reads_persian(text);
    let mut chars = chars.peekable();
    let mut word: Vec<char> = Vec::new();
    let mut out = String::with_capacity(text.len() + 8);
    let mut run = Run::None;
    let mut syllables = 0usize;
    while let Some(c) = chars.next() {
        if super::arabic::is_arabic_script(c) {
            // the whole word at once: its letters' values depend on their neighbours
            word.clear();
            word.push(c);
            while let Some(next) = chars.next_if(|&n| super::arabic::is_arabic_script(n)) {
                word.push(next);
            }
            if run != Run::None {
                sep(&mut out);
                run = Run::None;
            }
            push_ascii(&mut out, &super::arabic::romanize_word(&word, persian));
            continue;
        }
        let kind = if is_syllabic(c) {
            Run::Syllabic
        } else if is_kana(c) {
            Run::Kana
        } else {
            Run::None
        };
        if kind != run {
            if run != Run::None {
                sep(&mut out);
            }
            run = kind;
            syllables = 0;
        }
        match kind {
            Run::Syllabic => {
                // family syllable, then a separator, then the glued given name
                if syllables == 1 {
                    sep(&mut out);
                }
                push_ascii(&mut out, any_ascii::any_ascii_char(c));
                syllables += 1;
            }
            Run::Kana => {
                if c == 'ー' {
                    continue; // long vowel mark
                }
                push_ascii(&mut out, any_ascii::any_ascii_char(c));
            }
            Run::None => {
                if c.is_ascii_alphanumeric() {
                    out.push(c.to_ascii_lowercase());
                } else if is_apostrophe(c) {
                } else if unicode_normalization::char::is_combining_mark(c) {
                    // Indic vowel signs and viramas, Arabic harakat: part of the word
                    push_ascii(&mut out, any_ascii::any_ascii_char(c));
                } else if c.is_ascii() || c.is_whitespace() || !c.is_alphanumeric() {
                    sep(&mut out);
                } else {
                    push_ascii(&mut out, any_ascii::any_ascii_char(c));
                }
            }
        }
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

/// Whether `text` has a name token ([`name_tokens`] is not empty), without folding it when it
/// holds an ASCII letter or digit (which folding keeps).
pub fn has_name_tokens(text: &str) -> bool {
    text.bytes().any(|b| b.is_ascii_alphanumeric()) || !fold(text).is_empty()
}

/// Folds and tokenises a name, dropping titles (Dr., Colonel, Shaykh...) unless only titles
/// remain.
pub fn name_tokens(text: &str) -> Vec<String> {
    let folded = fold(text);
    let all: Vec<&str> = folded.split(' ').filter(|t| !t.is_empty()).collect();
    let kept: Vec<String> = all
        .iter()
        .filter(|t| !TITLES.contains(t))
        .map(|t| t.to_string())
        .collect();
    if kept.is_empty() {
        all.into_iter().map(str::to_string).collect()
    } else {
        kept
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `fold` without its fast paths.
    fn fold_normalising(text: &str) -> String {
        let text = greek_digraphs(text);
        fold_chars(&text, text.nfkc())
    }

    #[test]
    fn has_name_tokens_is_name_tokens_not_empty() {
        for case in [
            "", " - ", "'", "Mr", "a", "9", "--x--", "ß", "é", "\u{301}", "·", "王", "ـ",
        ] {
            assert_eq!(
                has_name_tokens(case),
                !name_tokens(case).is_empty(),
                "{case:?}"
            );
        }
    }

    #[test]
    fn fast_paths_fold_as_the_normalising_path_does() {
        let mut cases: Vec<String> = [
            "O'Brien",
            "al-Hassan  ibn`Ali",
            " --Dr. J.R.R. Tolkien-- ",
            "ＡＢＣ",
            "ﬁne",
            "Müller",
            "Mu\u{308}ller",
            "Ⅻ",
            "Ａｌｉ ﷺ",
            "Хрущёв",
            "Γιώργος",
            "محمد",
            "王伟",
            "x\u{301}",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        // every printable ASCII character, alone and between letters
        for b in 0x20u8..0x7f {
            let c = b as char;
            cases.push(c.to_string());
            cases.push(format!("a{c}b {c}C"));
        }
        for case in &cases {
            assert_eq!(fold(case), fold_normalising(case), "{case:?}");
        }
    }

    fn t(s: &str) -> String {
        name_tokens(s).join(" ")
    }

    #[test]
    fn latin_diacritics_and_case() {
        assert_eq!(t("José GARCÍA-López"), "jose garcia lopez");
        assert_eq!(t("Müller, Jürgen"), "muller jurgen");
        assert_eq!(t("Ahmet Çelik Şahin Ğ İ"), "ahmet celik sahin g i");
        assert_eq!(t("O'Brien"), "obrien");
        assert_eq!(t("Łukasz Żółć Straße"), "lukasz zolc strasse");
    }

    #[test]
    fn scripts() {
        assert_eq!(t("Алексей Смирнов"), "aleksey smirnov");
        assert_eq!(t("Хрущёв"), "khrushchev");
        assert_eq!(t("Γιώργος Παπαδόπουλος"), "giorgos papadopoulos");
        assert_eq!(t("محمد"), "mhmd");
        assert_eq!(t("王伟"), "wang wei");
        assert_eq!(t("毛泽东"), "mao zedong");
        assert_eq!(t("김정은"), "gim jeongeun");
        assert!(!t("ナカムラ").is_empty());
        assert_eq!(
            name_tokens("मनोज मल्होत्रा").len(),
            2,
            "viramas and vowel signs stay in the word"
        );
        assert!(!t("გიორგი").is_empty());
        assert!(!t("Армен Սարգսյան राहुल สมชาย").contains(|c: char| !c.is_ascii()));
    }

    #[test]
    fn titles_and_punctuation() {
        assert_eq!(t("Dr. Ayman AL-ZAWAHIRI"), "ayman al zawahiri");
        assert_eq!(t("Colonel"), "colonel");
        assert_eq!(t("  ,, "), "");
        assert_eq!(t("ＭＯＨＡＭＭＥＤ"), "mohammed");
    }

    proptest::proptest! {
        /// Folding is idempotent and yields lower-case ASCII tokens, for any input.
        #[test]
        fn fold_is_idempotent_ascii(s in "\\PC{0,40}") {
            let once = fold(&s);
            proptest::prop_assert_eq!(fold(&once), once.clone());
            proptest::prop_assert!(once.bytes().all(|b| b == b' ' || b.is_ascii_lowercase() || b.is_ascii_digit()));
        }
    }

    #[test]
    fn idempotent() {
        for s in [
            "Алексей Смирнов",
            "王伟",
            "José GARCÍA-López",
            "x--y  z",
            "ナカムラ・ヒロシ",
        ] {
            let once = fold(s);
            assert_eq!(fold(&once), once, "{s}");
        }
    }
}
