//! The one normalisation pipeline shared by indexing and querying.
//!
//! Names flow `raw text -> fold (NFKC, transliteration to Latin, diacritics, case) -> tokens`,
//! and every token gets a phonetic [`skeleton`]. Document numbers have their own canonical forms
//! in [`docnum`]. (Tokens and numbers one edit apart are found by walking the index's term
//! dictionaries, not through keys made here.)
//! Index and query call exactly these functions: a difference between the two sides silently
//! loses matches.

mod arabic;
pub use arabic::{is_digraph_break, without_digraph_breaks};
pub mod docnum;
mod fold;
pub mod orthography;
mod skeleton;

pub use fold::{fold, has_name_tokens, name_tokens};
pub use skeleton::{skeleton, skeleton_into};

/// Whether `text` is written (at least partly) in an abjad, Arabic or Hebrew script, whose
/// spellings leave out short vowels.
pub fn is_abjad(text: &str) -> bool {
    text.chars().any(|c| {
        matches!(c as u32, 0x0590..=0x06FF | 0x0750..=0x077F | 0xFB1D..=0xFDFF | 0xFE70..=0xFEFF)
    })
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
