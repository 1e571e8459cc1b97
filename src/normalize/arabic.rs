//! Romanisation of names written in Arabic script (Arabic, Persian, Urdu, Pashto), closer to
//! how those names are spelled in Latin than letter-by-letter transliteration: long vowels
//! written (alef a, waw u, yeh i), ta marbuta as -a (خليفة -> khalifa), Persian and Urdu values
//! of Arabic letters when the text is Persian or Urdu (ض ذ ظ -> z, ث -> s: رضا -> reza), and
//! no false digraph across two letters (ت + ه is "teh", not the "th" of ث: تهرانی -> tehrani).
//! Short vowels are not written in the script and stay unknown; the phonetic skeleton
//! bridges what is left.

/// Whether `c` is a letter or vowel sign of the Arabic-script blocks this module handles.
pub fn is_arabic_script(c: char) -> bool {
    matches!(c as u32, 0x0620..=0x065F | 0x0670..=0x06D3 | 0x0750..=0x077F)
}

/// Letters only Persian, Urdu or Pashto use: their presence selects Persian letter values.
fn is_persian_letter(c: char) -> bool {
    matches!(
        c,
        'پ' | 'چ'
            | 'ژ'
            | 'گ'
            | 'ک'
            | 'ی'
            | 'ۀ'
            | 'ے'
            | 'ٹ'
            | 'ڈ'
            | 'ڑ'
            | 'ں'
            | 'ھ'
            | 'څ'
            | 'ځ'
            | 'ښ'
            | 'ږ'
            | 'ټ'
            | 'ډ'
            | 'ړ'
            | 'ڼ'
            | 'ې'
            | 'ۍ'
    )
}

/// Whether a text in Arabic script reads as Persian, Urdu or Pashto rather than Arabic.
pub fn reads_persian(text: &str) -> bool {
    text.chars().any(is_persian_letter)
}

/// Consonants that would read as a digraph with a following h.
fn joins_h(c: u8) -> bool {
    matches!(c, b't' | b'd' | b'k' | b'g' | b's' | b'z' | b'c' | b'p')
}

/// Whether byte `i` of a reading is the `e` [`romanize_word`] writes between a consonant and a
/// following h so that the two do not read as a digraph (ت + ه "teh"): no letter of the name.
pub fn is_digraph_break(reading: &[u8], i: usize) -> bool {
    reading[i] == b'e' && i > 0 && joins_h(reading[i - 1]) && reading.get(i + 1) == Some(&b'h')
}

/// A reading without its digraph breaks ("lkehl" for لكحل -> "lkhl").
pub fn without_digraph_breaks(reading: &str) -> String {
    let b = reading.as_bytes();
    (0..b.len())
        .filter(|&i| !is_digraph_break(b, i))
        .map(|i| b[i] as char)
        .collect()
}

/// Romanises one word (a run of Arabic-script letters and vowel signs), lower-case ASCII.
pub fn romanize_word(word: &[char], persian: bool) -> String {
    let mut out = String::with_capacity(word.len() * 2);
    let last = word.len().saturating_sub(1);
    for (i, &c) in word.iter().enumerate() {
        let initial = out.is_empty();
        let after_alef = out.ends_with('a');
        let final_letter = i == last;
        let piece: &str = match c {
            'ا' | 'آ' | 'أ' | 'ٱ' => "a",
            'إ' => "i",
            'ء' | 'ع' | 'ً' | 'ٌ' | 'ٍ' | 'ّ' | 'ْ' => "",
            'ؤ' => "u",
            'ئ' => "i",
            'ب' => "b",
            'پ' => "p",
            'ت' | 'ط' | 'ٹ' | 'ټ' => "t",
            'ث' if persian => "s",
            'ث' => "th",
            'ج' => "j",
            'چ' | 'څ' => "ch",
            'ح' | 'ھ' => "h",
            'خ' => "kh",
            'د' | 'ڈ' | 'ډ' => "d",
            'ذ' if persian => "z",
            'ذ' => "dh",
            'ر' | 'ڑ' | 'ړ' => "r",
            'ز' | 'ظ' => "z",
            'ژ' | 'ږ' => "zh",
            'ځ' => "dz",
            'س' | 'ص' => "s",
            'ش' | 'ښ' => "sh",
            'ض' if persian => "z",
            'ض' => "d",
            'غ' => "gh",
            'ف' => "f",
            'ق' => "q",
            'ك' | 'ک' => "k",
            'گ' => "g",
            'ل' => "l",
            'م' => "m",
            'ن' | 'ں' | 'ڼ' => "n",
            'ه' if final_letter && !initial && persian => "eh",
            'ه' => "h",
            'ۀ' => "eh",
            'ة' => "a",
            'و' if initial => {
                if persian {
                    "v"
                } else {
                    "w"
                }
            }
            'و' if after_alef => "w",
            'و' => "u",
            'ي' | 'ی' | 'ى' if initial || after_alef => "y",
            'ي' | 'ی' | 'ى' => "i",
            'ے' | 'ې' => "e",
            'ۍ' => "ai",
            'َ' | 'ٰ' => "a",
            'ِ' => "i",
            'ُ' => "u",
            other => {
                // a letter this table does not know: the generic transliteration
                let s = any_ascii::any_ascii_char(other);
                out.extend(
                    s.chars()
                        .filter(char::is_ascii_alphanumeric)
                        .map(|c| c.to_ascii_lowercase()),
                );
                continue;
            }
        };
        if piece.starts_with('h') && out.as_bytes().last().is_some_and(|b| joins_h(*b)) {
            out.push('e');
        }
        out.push_str(piece);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(s: &str) -> String {
        let w: Vec<char> = s.chars().collect();
        romanize_word(&w, reads_persian(s))
    }

    #[test]
    fn arabic_values() {
        assert_eq!(r("محمد"), "mhmd");
        assert_eq!(r("خليفة"), "khlifa");
        assert_eq!(r("يوسف"), "yusf");
        assert_eq!(r("عبدالله"), "bdallh");
    }

    #[test]
    fn persian_values_and_no_false_digraphs() {
        assert_eq!(r("رضایی"), "rzayi");
        assert_eq!(r("تهرانی"), "tehrani");
        assert_eq!(r("امید"), "amid");
        let w: Vec<char> = "فاطمه".chars().collect();
        assert_eq!(romanize_word(&w, true), "fatmeh");
        assert_eq!(romanize_word(&w, false), "fatmh");
    }
}
