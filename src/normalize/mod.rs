//! The one normalisation pipeline shared by indexing and querying.
//!
//! Names flow `raw text -> fold (NFKC, transliteration to Latin, diacritics, case) -> tokens`,
//! and every token gets a phonetic [`skeleton`] and, for candidate generation, SymSpell-style
//! [`deletions`]. Document numbers have their own canonical forms in [`docnum`].
//! Index and query call exactly these functions: a difference between the two sides silently
//! loses matches.

mod arabic;
pub mod docnum;
mod fold;
mod skeleton;

pub use fold::{fold, name_tokens};
pub use skeleton::{skeleton, skeleton_into};

/// Whether `text` is written (at least partly) in an abjad, Arabic or Hebrew script, whose
/// spellings leave out short vowels.
pub fn is_abjad(text: &str) -> bool {
    text.chars().any(|c| {
        matches!(c as u32, 0x0590..=0x06FF | 0x0750..=0x077F | 0xFB1D..=0xFDFF | 0xFE70..=0xFEFF)
    })
}

/// Tokens shorter than this get no deletion keys (too many collisions for little recall).
pub const MIN_DELETION_TOKEN_LEN: usize = 4;

/// All strings obtained by deleting exactly one character of `token` (ASCII input expected),
/// deduplicated. Two tokens within one edit (substitution, insertion, deletion, and most
/// transpositions) share at least one member of `{token} ∪ deletions(token)`.
pub fn deletions(token: &str) -> Vec<String> {
    let bytes = token.as_bytes();
    if bytes.len() < MIN_DELETION_TOKEN_LEN || !token.is_ascii() {
        return Vec::new();
    }
    let mut out: Vec<String> = Vec::with_capacity(bytes.len());
    for i in 0..bytes.len() {
        if i > 0 && bytes[i] == bytes[i - 1] {
            continue; // deleting either of a doubled letter gives the same string
        }
        let mut s = String::with_capacity(bytes.len() - 1);
        s.push_str(&token[..i]);
        s.push_str(&token[i + 1..]);
        out.push(s);
    }
    out
}

/// Particles that join two name parts: the Arabic article and its assimilated forms (Abd al
/// Malik, Taj ad Din, Bashir ud Din), Arabic kinship words, and Romance and Germanic particles
/// (de la Cruz, van der Berg).
const PARTICLES: [&str; 27] = [
    "al", "el", "ul", "ud", "ad", "ed", "ur", "ar", "as", "ash", "at", "an", "bin", "ben", "ibn",
    "bint", "abu", "de", "del", "da", "di", "du", "dos", "van", "von", "der", "den",
];

/// Glued forms of `X particle Y` runs, by the index of X: the three parts glued
/// ("abdalmalik" for Abd al Malik, meeting Abdelmalek), and the particle reduced to its vowel
/// ("tajadin" for Taj al Din, meeting Tajuddin and Tajideen, where the article's l assimilates).
pub fn particle_joins<S: AsRef<str>>(tokens: &[S]) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for (i, w) in tokens.windows(3).enumerate() {
        let (x, p, y) = (w[0].as_ref(), w[1].as_ref(), w[2].as_ref());
        if !PARTICLES.contains(&p) || PARTICLES.contains(&x) || PARTICLES.contains(&y) {
            continue;
        }
        out.push((i, format!("{x}{p}{y}")));
        if p.len() >= 2 {
            out.push((i, format!("{x}{}{y}", &p[..1])));
        }
    }
    out
}

/// Concatenations of adjacent token pairs ("al", "hassan" -> "alhassan"): glued and split
/// particles and compounds meet through these.
pub fn adjacent_joins(tokens: &[String]) -> Vec<String> {
    tokens
        .windows(2)
        .map(|w| format!("{}{}", w[0], w[1]))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deletions_cover_one_edit() {
        let a = deletions("hassan");
        assert!(a.contains(&"hasan".to_string()));
        assert!(deletions("ab").is_empty());
        // a substitution shares a deletion key
        let b = deletions("hessan");
        assert!(a.iter().any(|x| b.contains(x)));
    }

    #[test]
    fn particle_runs() {
        let t = ["taj", "al", "din", "hassan"];
        assert_eq!(
            particle_joins(&t),
            vec![(0, "tajaldin".to_string()), (0, "tajadin".to_string())]
        );
        assert!(particle_joins(&["ivan", "petrov"]).is_empty());
    }

    #[test]
    fn joins() {
        let t = vec!["al".to_string(), "hassan".to_string(), "ali".to_string()];
        assert_eq!(adjacent_joins(&t), vec!["alhassan", "hassanali"]);
    }
}
