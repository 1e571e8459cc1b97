//! Names to MRZ characters: Doc 9303 Part 3 §6 Table A (Latin with diacritics)
//! and Table B (Cyrillic), taking the first listed output of each row
//! (`Ä` -> `AE`, `Ñ` -> `N`, `Ü` -> `UE`), plus the punctuation rules of Part 3
//! §4.6: apostrophes and other punctuation are omitted, hyphens, commas and
//! spaces become the filler `<`.

/// The MRZ filler character.
const FILLER: char = '<';

/// Characters that separate name components and become a single `<`.
fn is_separator(c: char) -> bool {
    c.is_whitespace() || matches!(c, '-' | '\u{2010}' | '\u{2011}' | '\u{2013}' | ',' | '<')
}

/// Table A rows whose output is more than the base letter (first listed output).
fn table_a_multi(c: char) -> Option<&'static str> {
    Some(match c {
        'Ä' => "AE",
        'Å' => "AA",
        'Ö' => "OE",
        'Ü' => "UE",
        'Æ' => "AE",
        'Ø' => "OE",
        'Þ' => "TH",
        'Ĳ' => "IJ",
        'Œ' => "OE",
        'ẞ' | 'ß' => "SS",
        _ => return None,
    })
}

/// Table A rows that map to the base letter.
const TABLE_A_BASE: &[(&str, char)] = &[
    ("ÀÁÂÃĀĂĄ", 'A'),
    ("ÇĆĈĊČ", 'C'),
    ("ÐĎĐ", 'D'),
    ("ÈÉÊËĒĔĖĘĚ", 'E'),
    ("ĜĞĠĢ", 'G'),
    ("ĤĦ", 'H'),
    ("ÌÍÎÏĨĪĬĮİı", 'I'),
    ("Ĵ", 'J'),
    ("Ķ", 'K'),
    ("ĹĻĽĿŁ", 'L'),
    ("ÑŃŅŇŊ", 'N'),
    ("ÒÓÔÕŌŎŐ", 'O'),
    ("ŔŖŘ", 'R'),
    ("ŚŜŞŠ", 'S'),
    ("ŢŤŦ", 'T'),
    ("ÙÚÛŨŪŬŮŰŲ", 'U'),
    ("Ŵ", 'W'),
    ("ÝŶŸ", 'Y'),
    ("ŹŻŽ", 'Z'),
];

/// Table B (Cyrillic, upper case), default outputs without language exceptions.
/// `Ь` is not in the table and is omitted, as third-party Doc 9303 schemes do.
fn table_b(c: char) -> Option<&'static str> {
    Some(match c {
        'Ё' => "E",
        'Ђ' => "D",
        'Є' => "IE",
        'Ѕ' => "DZ",
        'І' => "I",
        'Ї' => "I",
        'Ј' => "J",
        'Љ' => "LJ",
        'Њ' => "NJ",
        'Ќ' => "K",
        'Ў' => "U",
        'Џ' => "DZ",
        'А' => "A",
        'Б' => "B",
        'В' => "V",
        'Г' => "G",
        'Д' => "D",
        'Е' => "E",
        'Ж' => "ZH",
        'З' => "Z",
        'И' => "I",
        'Й' => "I",
        'К' => "K",
        'Л' => "L",
        'М' => "M",
        'Н' => "N",
        'О' => "O",
        'П' => "P",
        'Р' => "R",
        'С' => "S",
        'Т' => "T",
        'У' => "U",
        'Ф' => "F",
        'Х' => "KH",
        'Ц' => "TS",
        'Ч' => "CH",
        'Ш' => "SH",
        'Щ' => "SHCH",
        'Ъ' => "IE",
        'Ы' => "Y",
        'Ь' => "",
        'Э' => "E",
        'Ю' => "IU",
        'Я' => "IA",
        'Ѫ' => "U",
        'Ѵ' => "Y",
        'Ґ' => "G",
        'Ғ' => "G",
        'Һ' => "C",
        _ => return None,
    })
}

/// Append the MRZ form of one upper-case character to `out` (nothing for
/// characters outside the tables: punctuation, digits, other scripts).
fn push_upper(c: char, out: &mut String) {
    if c.is_ascii_uppercase() {
        out.push(c);
    } else if let Some(s) = table_a_multi(c).or_else(|| table_b(c)) {
        out.push_str(s);
    } else if let Some((_, base)) = TABLE_A_BASE.iter().find(|(set, _)| set.contains(c)) {
        out.push(*base);
    }
}

/// A name in Latin script (with diacritics) or Cyrillic as MRZ characters:
/// upper case `A`-`Z`, components separated by single `<`, no leading or
/// trailing filler. `"Müller-Lüdenscheidt"` -> `"MUELLER<LUEDENSCHEIDT"`,
/// `"D'Artagnan"` -> `"DARTAGNAN"`, `"Мар'яна"` -> `"MARIANA"`.
pub fn transliterate(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        if is_separator(c) {
            if !out.is_empty() && !out.ends_with(FILLER) {
                out.push(FILLER);
            }
            continue;
        }
        if c == 'ß' || c == 'ẞ' {
            out.push_str("SS");
        } else if c.is_uppercase() || !c.is_alphabetic() {
            push_upper(c, &mut out);
        } else {
            for u in c.to_uppercase() {
                push_upper(u, &mut out);
            }
        }
    }
    while out.ends_with(FILLER) {
        out.pop();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Table A first outputs and base letters; punctuation rules of Part 3 §4.6.
    #[test]
    fn latin_with_diacritics() {
        assert_eq!(
            transliterate("Müller-Lüdenscheidt"),
            "MUELLER<LUEDENSCHEIDT"
        );
        assert_eq!(transliterate("Åström"), "AASTROEM");
        assert_eq!(transliterate("Muñoz"), "MUNOZ");
        assert_eq!(transliterate("Straße"), "STRASSE");
        assert_eq!(transliterate("STRAẞE"), "STRASSE");
        assert_eq!(transliterate("Ærø Þór"), "AEROE<THOR");
        assert_eq!(transliterate("Térèsa Çelik"), "TERESA<CELIK");
        assert_eq!(transliterate("Łukasz Żółć"), "LUKASZ<ZOLC");
        assert_eq!(transliterate("D'Artagnan"), "DARTAGNAN");
        assert_eq!(
            transliterate("  Marie-Élise  O’Connor. "),
            "MARIE<ELISE<OCONNOR"
        );
        assert_eq!(transliterate("Ĳsselmeer Œuvre"), "IJSSELMEER<OEUVRE");
        assert_eq!(transliterate("ı İ"), "I<I");
    }

    /// Table B, including the Doc 9303 test vector ТКАЧЕНКО МАР'ЯНА.
    #[test]
    fn cyrillic() {
        assert_eq!(transliterate("ТКАЧЕНКО МАР'ЯНА"), "TKACHENKO<MARIANA");
        assert_eq!(transliterate("Хусейн"), "KHUSEIN");
        assert_eq!(transliterate("Щукин Игорь"), "SHCHUKIN<IGOR");
        assert_eq!(transliterate("Юлия Ёлкина"), "IULIIA<ELKINA");
    }

    /// Digits, other scripts and stray symbols vanish; separators collapse.
    #[test]
    fn junk_is_dropped() {
        assert_eq!(transliterate("J0HN 2nd"), "JHN<ND");
        assert_eq!(transliterate("李 Wang"), "WANG");
        assert_eq!(transliterate(" - , "), "");
        assert_eq!(transliterate("A  --  B"), "A<B");
    }
}
