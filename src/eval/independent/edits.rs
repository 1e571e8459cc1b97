//! Random edits of a name, for the `random_edits` family: 1 to 3 edits drawn from what
//! typing, OCR and hearing do to names, independent of the engine's own spelling tables.
//!
//! The edits: insert a letter, delete a letter, substitute a letter (a neighbour on a QWERTY
//! keyboard half of the time, any letter otherwise), transpose two neighbours, double a
//! consonant or undouble a doubled one, put a diacritic on a vowel, swap one of the common
//! spelling pairs of Latin-script writing (ph/f, c/k, y/i, w/v, ks/x, ou/u, ee/i, sh/sch), drop
//! a middle name (a name of three parts or more), and change case. Edits fall on random
//! tokens, so several edits may hit one token. A query is only kept when it differs from the
//! name it came from once case and diacritics are folded: the family measures edits, not
//! capitalisation.

use crate::eval::variants::Rng;

/// What one edit did, for the per-kind tally of the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Edit {
    Insert,
    Delete,
    Substitute,
    Transpose,
    Double,
    Undouble,
    Diacritic,
    SpellingPair,
    DropMiddle,
    Case,
}

impl Edit {
    pub fn name(self) -> &'static str {
        match self {
            Edit::Insert => "insert",
            Edit::Delete => "delete",
            Edit::Substitute => "substitute",
            Edit::Transpose => "transpose",
            Edit::Double => "double",
            Edit::Undouble => "undouble",
            Edit::Diacritic => "diacritic",
            Edit::SpellingPair => "spelling_pair",
            Edit::DropMiddle => "drop_middle",
            Edit::Case => "case",
        }
    }
}

const KINDS: [Edit; 10] = [
    Edit::Insert,
    Edit::Delete,
    Edit::Substitute,
    Edit::Transpose,
    Edit::Double,
    Edit::Undouble,
    Edit::Diacritic,
    Edit::SpellingPair,
    Edit::DropMiddle,
    Edit::Case,
];

/// QWERTY rows, for neighbour substitutions.
const ROWS: [&str; 3] = ["qwertyuiop", "asdfghjkl", "zxcvbnm"];

/// Spelling pairs of Latin-script writing, either way round.
const PAIRS: [(&str, &str); 8] = [
    ("ph", "f"),
    ("c", "k"),
    ("y", "i"),
    ("w", "v"),
    ("ks", "x"),
    ("ou", "u"),
    ("ee", "i"),
    ("sch", "sh"),
];

fn keyboard_neighbour(c: char, rng: &mut Rng) -> Option<char> {
    let lower = c.to_ascii_lowercase();
    for row in ROWS {
        if let Some(p) = row.find(lower) {
            let b = row.as_bytes();
            let mut options = Vec::new();
            if p > 0 {
                options.push(b[p - 1] as char);
            }
            if p + 1 < b.len() {
                options.push(b[p + 1] as char);
            }
            let n = *rng.pick(&options);
            return Some(if c.is_ascii_uppercase() {
                n.to_ascii_uppercase()
            } else {
                n
            });
        }
    }
    None
}

fn random_letter(rng: &mut Rng) -> char {
    (b'a' + rng.idx(26) as u8) as char
}

fn is_vowel(c: char) -> bool {
    matches!(c.to_ascii_lowercase(), 'a' | 'e' | 'i' | 'o' | 'u')
}

fn with_diacritic(c: char) -> Option<char> {
    Some(match c {
        'a' => 'á',
        'e' => 'é',
        'i' => 'í',
        'o' => 'ö',
        'u' => 'ü',
        'A' => 'Á',
        'E' => 'É',
        'I' => 'Í',
        'O' => 'Ö',
        'U' => 'Ü',
        _ => return None,
    })
}

/// Applies one edit of kind `kind` to one of `tokens` (chars of ASCII letters mostly);
/// `false` when the kind does not apply to this name.
fn apply(kind: Edit, tokens: &mut Vec<Vec<char>>, rng: &mut Rng) -> bool {
    if kind == Edit::DropMiddle {
        if tokens.len() < 3 {
            return false;
        }
        let i = 1 + rng.idx(tokens.len() - 2);
        tokens.remove(i);
        return true;
    }
    // edits inside a token: tokens of at least 3 letters
    let usable: Vec<usize> = (0..tokens.len())
        .filter(|&i| tokens[i].len() >= 3)
        .collect();
    if usable.is_empty() {
        return false;
    }
    let t = &mut tokens[*rng.pick(&usable)];
    let n = t.len();
    match kind {
        Edit::Insert => {
            let at = rng.idx(n + 1);
            let c = if rng.chance(500) && at > 0 {
                keyboard_neighbour(t[at - 1], rng).unwrap_or_else(|| random_letter(rng))
            } else {
                random_letter(rng)
            };
            t.insert(at, c);
        }
        Edit::Delete => {
            t.remove(rng.idx(n));
        }
        Edit::Substitute => {
            let at = rng.idx(n);
            let c = if rng.chance(500) {
                keyboard_neighbour(t[at], rng).unwrap_or_else(|| random_letter(rng))
            } else {
                random_letter(rng)
            };
            if c.eq_ignore_ascii_case(&t[at]) {
                return false;
            }
            t[at] = c;
        }
        Edit::Transpose => {
            let at = rng.idx(n - 1);
            if t[at].eq_ignore_ascii_case(&t[at + 1]) {
                return false;
            }
            t.swap(at, at + 1);
        }
        Edit::Double => {
            let consonants: Vec<usize> = (0..n)
                .filter(|&i| t[i].is_ascii_alphabetic() && !is_vowel(t[i]))
                .filter(|&i| i + 1 >= n || !t[i + 1].eq_ignore_ascii_case(&t[i]))
                .filter(|&i| i == 0 || !t[i - 1].eq_ignore_ascii_case(&t[i]))
                .collect();
            if consonants.is_empty() {
                return false;
            }
            let at = *rng.pick(&consonants);
            let c = t[at].to_ascii_lowercase();
            t.insert(at + 1, c);
        }
        Edit::Undouble => {
            let doubled: Vec<usize> = (1..n)
                .filter(|&i| t[i].eq_ignore_ascii_case(&t[i - 1]))
                .collect();
            if doubled.is_empty() {
                return false;
            }
            t.remove(*rng.pick(&doubled));
        }
        Edit::Diacritic => {
            let vowels: Vec<usize> = (0..n).filter(|&i| with_diacritic(t[i]).is_some()).collect();
            if vowels.is_empty() {
                return false;
            }
            let at = *rng.pick(&vowels);
            t[at] = with_diacritic(t[at]).unwrap_or(t[at]);
        }
        Edit::SpellingPair => {
            // positions in chars (an earlier diacritic may have made the token non-ASCII)
            let lower: Vec<char> = t.iter().map(|c| c.to_ascii_lowercase()).collect();
            let find = |pat: &str| {
                let pat: Vec<char> = pat.chars().collect();
                lower.windows(pat.len()).position(|w| w == pat.as_slice())
            };
            let mut options = Vec::new();
            for (a, b) in PAIRS {
                for (from, to) in [(a, b), (b, a)] {
                    if let Some(p) = find(from) {
                        options.push((p, from.len(), to));
                    }
                }
            }
            if options.is_empty() {
                return false;
            }
            let (p, len, to) = *rng.pick(&options);
            let upper = t[p].is_uppercase();
            let mut rep: Vec<char> = to.chars().collect();
            if upper {
                rep[0] = rep[0].to_ascii_uppercase();
            }
            t.splice(p..p + len, rep);
        }
        Edit::Case => {
            let upper = t.iter().any(|c| c.is_lowercase());
            for c in t.iter_mut() {
                *c = if upper {
                    c.to_ascii_uppercase()
                } else {
                    c.to_ascii_lowercase()
                };
            }
        }
        Edit::DropMiddle => unreachable!("handled above"),
    }
    true
}

/// `name` with `edits` random edits (see the module doc), and what they were; `None` when the
/// name has no token the edits can work on or every attempt gave back the same name.
pub fn edit(name: &str, edits: usize, rng: &mut Rng) -> Option<(String, Vec<Edit>)> {
    let folded = crate::normalize::fold(name);
    for _ in 0..20 {
        let mut tokens: Vec<Vec<char>> = name
            .split_whitespace()
            .map(|t| t.chars().collect())
            .collect();
        let mut done = Vec::new();
        let mut tries = 0;
        while done.len() < edits && tries < 50 {
            tries += 1;
            let kind = *rng.pick(&KINDS);
            // a case change alone changes nothing once folded: never the only edit
            if kind == Edit::Case
                && done.len() + 1 == edits
                && !done.iter().any(|k| *k != Edit::Case)
            {
                continue;
            }
            if apply(kind, &mut tokens, rng) {
                done.push(kind);
            }
        }
        if done.len() < edits {
            continue;
        }
        let out = tokens
            .iter()
            .map(|t| t.iter().collect::<String>())
            .collect::<Vec<_>>()
            .join(" ");
        if crate::normalize::fold(&out) != folded {
            return Some((out, done));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn makes_the_asked_number_of_edits_and_a_different_name() {
        let mut rng = Rng::new(7);
        for k in 1..=3 {
            for _ in 0..200 {
                let (out, done) = edit("Aleksandr Sergeyevich Pushkin", k, &mut rng).unwrap();
                assert_eq!(done.len(), k);
                assert_ne!(
                    crate::normalize::fold(&out),
                    crate::normalize::fold("Aleksandr Sergeyevich Pushkin")
                );
            }
        }
    }

    #[test]
    fn every_kind_applies_somewhere() {
        let mut rng = Rng::new(3);
        let mut seen = std::collections::HashSet::new();
        for _ in 0..2000 {
            let (_, done) = edit("Philippe Kassimova Wendell", 2, &mut rng).unwrap();
            seen.extend(done);
        }
        assert_eq!(seen.len(), KINDS.len(), "{seen:?}");
    }

    #[test]
    fn deterministic_for_a_seed() {
        let a = edit("Maria Gonzalez", 2, &mut Rng::new(11));
        let b = edit("Maria Gonzalez", 2, &mut Rng::new(11));
        assert_eq!(a.map(|x| x.0), b.map(|x| x.0));
        // no token of three letters: nothing to edit
        assert!(edit("Al Bo", 1, &mut Rng::new(1)).is_none());
    }
}
