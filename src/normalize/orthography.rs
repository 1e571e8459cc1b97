//! National spelling habits undone: a folded token re-read as English practice would spell it.
//!
//! One name reaches the lists through many national orthographies. Russian Вадим Жуков is
//! Vadim Zhukov in English (BGN/PCGN, ICAO 9303), Wadim Schukow in German (Duden), Vadim
//! Joukov in French, Wadim Żukow in Polish, Vadim Zjoekov in Dutch; Arabic خالد جمال قاسم is
//! Khalid Jamal Qasim in English practice, Khaled Djamel Kacem in French, Chalid Dschamal in
//! German, Jalid Yamal in Spanish, Halit Cemal Kasım in Turkish. The skeleton
//! ([`super::skeleton`]) already merges what every practice shares (vowels, doubled letters,
//! voicing, kh/ch, sh/sch); what it cannot merge are the letters the practices give opposite
//! values: j is y in German, Polish, Dutch and Swedish, kh in Spanish, zh in French, j in
//! English and Turkish; c is k in English, ts in Polish and German, s before e and i in French
//! and Spanish, j in Turkish; ch is kh in German, Polish and Dutch and sh in French; w is v
//! in German and Polish, a u or a w in French ou.
//!
//! So a token is not given one key but read once per orthography ([`Orthography`]): each
//! reading is the token as an English-practice writer would spell that orthography's
//! letters (German Chruschtschow -> khrushchov, Polish Jusupow -> yusupov, French Kacem -> kasem,
//! Turkish Cemal -> jemal, Spanish Jalid -> khalid). German sch is both ш and ж (Schukow is
//! Zhukov): the reading takes the first, so a German zh is met only by the rest of the name.
//! A reading is only an alternative: the
//! token itself stays what it is, and matching tries a token's readings where the token
//! alone did not meet (see `matching::name`). The tables are the consonant values of the
//! published systems: Duden for Russian in German, the French, Polish (PWN), Dutch
//! (Taalunie) and Swedish transcriptions of Russian, Spanish and Turkish spelling of Arabic
//! and Persian names.

/// A national spelling practice a Latin-script name may be written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Orthography {
    /// Duden transcription: w for v, j for y, sch/tsch/schtsch for sh/ch/shch, z for ts,
    /// ch for kh, dsch for j.
    German,
    /// ou for u (w before a vowel), ch for sh, dj for j, j for zh, c before e/i/y for s,
    /// gu/qu for g/k, a silent final e (Yacine, Amine).
    French,
    /// j for kh, c before e/i for s, gu/qu for g/k.
    Spanish,
    /// sz/cz/szcz/rz for sh/ch/shch/zh, ch for kh, c for ts, w for v, j for y, ie for e
    /// after a consonant (Siergiej).
    Polish,
    /// Dutch and Scandinavian: sj/tj/tsj/zj for sh/ch/ch/zh, oe for u, ch for kh, j for y,
    /// w for v.
    DutchNordic,
    /// c for j (Cemal). (Its v for w, Velit for Walid, is the skeleton's w/v already.)
    Turkish,
}

impl Orthography {
    pub const ALL: [Orthography; 6] = [
        Orthography::German,
        Orthography::French,
        Orthography::Spanish,
        Orthography::Polish,
        Orthography::DutchNordic,
        Orthography::Turkish,
    ];

    /// The rules, longest pattern first within a starting letter, and the letters that
    /// start one (a bit per letter a-z).
    fn rules(self) -> (&'static [Rule], u32) {
        match self {
            Orthography::German => (GERMAN, const { first_letters(GERMAN) }),
            Orthography::French => (FRENCH, const { first_letters(FRENCH) }),
            Orthography::Spanish => (SPANISH, const { first_letters(SPANISH) }),
            Orthography::Polish => (POLISH, const { first_letters(POLISH) }),
            Orthography::DutchNordic => (DUTCH_NORDIC, const { first_letters(DUTCH_NORDIC) }),
            Orthography::Turkish => (TURKISH, const { first_letters(TURKISH) }),
        }
    }

    /// `token` (folded: lower-case ASCII) read in this orthography and spelled as English
    /// practice would; the token itself when no rule applies.
    pub fn read(self, token: &str) -> String {
        self.read_changed(token)
            .unwrap_or_else(|| token.to_string())
    }

    /// The rule that applies at byte `i` of `b`, if any.
    fn rule_at(self, b: &[u8], i: usize) -> Option<&'static Rule> {
        let (rules, first) = self.rules();
        // most letters start no rule: one bit test before any pattern
        if !b[i].is_ascii_lowercase() || first & (1 << (b[i] - b'a')) == 0 {
            return None;
        }
        rules.iter().find(|(pattern, _, when)| {
            b[i..].starts_with(pattern.as_bytes()) && when.holds(b, i, pattern.len())
        })
    }

    /// [`Orthography::read`], `None` when no rule applies (nothing allocated).
    fn read_changed(self, token: &str) -> Option<String> {
        let b = token.as_bytes();
        let first = (0..b.len()).find(|&i| self.rule_at(b, i).is_some())?;
        let mut out = String::with_capacity(token.len() + 4);
        out.push_str(&token[..first]);
        let mut i = first;
        while i < b.len() {
            let hit = self.rule_at(b, i);
            match hit {
                Some((pattern, to, _)) => {
                    out.push_str(to);
                    i += pattern.len();
                }
                None => {
                    out.push(b[i] as char);
                    i += 1;
                }
            }
        }
        (out != token).then_some(out)
    }
}

/// A pattern, what English practice writes for it, and where it applies.
type Rule = (&'static str, &'static str, When);

const GERMAN: &[Rule] = &[
    ("schtsch", "shch", When::Always),
    ("tsch", "ch", When::Always),
    ("dsch", "j", When::Always),
    ("sch", "sh", When::Always),
    ("ch", "kh", When::Always),
    ("ck", "k", When::Always),
    ("w", "v", When::Always),
    ("j", "y", When::Always),
    ("z", "ts", When::Always),
];
const FRENCH: &[Rule] = &[
    ("tch", "ch", When::Always),
    ("dj", "j", When::Always),
    ("ch", "sh", When::Always),
    ("ou", "w", When::BeforeVowel),
    ("ou", "u", When::Always),
    ("gu", "g", When::BeforeFrontVowel),
    ("qu", "k", When::Always),
    ("c", "s", When::BeforeFrontVowel),
    ("j", "zh", When::Always),
    ("e", "", When::FinalAfterConsonant),
];
const SPANISH: &[Rule] = &[
    ("gu", "g", When::BeforeFrontVowel),
    ("qu", "k", When::Always),
    ("c", "s", When::BeforeFrontVowel),
    ("j", "kh", When::Always),
];
const POLISH: &[Rule] = &[
    ("szcz", "shch", When::Always),
    ("sz", "sh", When::Always),
    ("cz", "ch", When::Always),
    ("ch", "kh", When::Always),
    ("c", "ts", When::Always),
    ("rz", "zh", When::Always),
    ("w", "v", When::Always),
    ("j", "y", When::Always),
    ("ie", "e", When::AfterConsonant),
];
const DUTCH_NORDIC: &[Rule] = &[
    ("tsj", "ch", When::Always),
    ("tj", "ch", When::Always),
    ("sj", "sh", When::Always),
    ("zj", "zh", When::Always),
    ("oe", "u", When::Always),
    ("ch", "kh", When::Always),
    ("j", "y", When::Always),
    ("w", "v", When::Always),
];
const TURKISH: &[Rule] = &[("c", "j", When::Always)];

/// The letters (a bit each, a-z) that start a rule of `rules`.
const fn first_letters(rules: &[Rule]) -> u32 {
    let mut mask = 0;
    let mut i = 0;
    while i < rules.len() {
        mask |= 1 << (rules[i].0.as_bytes()[0] - b'a');
        i += 1;
    }
    mask
}

/// Where a rule applies.
#[derive(Debug, Clone, Copy)]
enum When {
    Always,
    /// The next letter is e, i or y.
    BeforeFrontVowel,
    /// The next letter is a vowel.
    BeforeVowel,
    /// The previous letter is a consonant.
    AfterConsonant,
    /// The token's last letter, after a consonant (and the token long enough to keep a
    /// vowel of its own).
    FinalAfterConsonant,
}

fn is_vowel(c: u8) -> bool {
    matches!(c, b'a' | b'e' | b'i' | b'o' | b'u' | b'y')
}

impl When {
    fn holds(self, b: &[u8], at: usize, len: usize) -> bool {
        let next = b.get(at + len).copied();
        let prev = at.checked_sub(1).map(|p| b[p]);
        match self {
            When::Always => true,
            When::BeforeFrontVowel => matches!(next, Some(b'e' | b'i' | b'y')),
            When::BeforeVowel => next.is_some_and(is_vowel),
            When::AfterConsonant => prev.is_some_and(|c| !is_vowel(c)),
            When::FinalAfterConsonant => {
                next.is_none() && at >= 3 && prev.is_some_and(|c| !is_vowel(c))
            }
        }
    }
}

/// Tokens shorter than this get no readings: among short names a changed letter makes another
/// name more often than a spelling of the same (Chen read as French is Shen, Jung read as
/// Spanish Khung).
pub const MIN_READ_LEN: usize = 5;

/// The distinct readings of `token` in every [`Orthography`] that changes it, in the order of
/// [`Orthography::ALL`]; none for a short token or one no rule touches.
pub fn readings(token: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    if token.len() < MIN_READ_LEN || !token.is_ascii() {
        return out;
    }
    for o in Orthography::ALL {
        match o.read_changed(token) {
            Some(r) if !out.contains(&r) => out.push(r),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::Orthography::*;
    use super::*;
    use crate::normalize::skeleton;

    /// Each pair: a published national spelling and the English-practice spelling its
    /// reading must give (or share a skeleton with).
    #[test]
    fn national_spellings_read_as_english_practice() {
        let cases = [
            // Duden (German) transcription of Russian
            (German, "schukow", "shukov"),
            (German, "chruschtschow", "khrushchov"),
            (German, "jusupow", "yusupov"),
            (German, "saizew", "saitsev"),
            (German, "dschamila", "jamila"),
            (German, "michailow", "mikhailov"),
            // French
            (French, "kacem", "kasem"),
            (French, "hichem", "hishem"),
            (French, "oussama", "ussama"),
            (French, "ouafa", "wafa"),
            (French, "djamel", "jamel"),
            (French, "joukov", "zhukov"),
            (French, "yacine", "yasin"),
            (French, "youcef", "yusef"),
            // Spanish
            (Spanish, "jalid", "khalid"),
            (Spanish, "jruschov", "khruschov"),
            // Polish (PWN)
            (Polish, "chruszczow", "khrushchov"),
            (Polish, "wsiewolodowicz", "vsevolodovich"),
            (Polish, "siergiej", "sergey"),
            (Polish, "zaicew", "zaitsev"),
            (Polish, "grzegorz", "gzhegozh"),
            // Dutch, Swedish
            (DutchNordic, "zjoekov", "zhukov"),
            (DutchNordic, "chroesjtsjov", "khrushchov"),
            (DutchNordic, "chrusjtjov", "khrushchov"),
            // Turkish
            (Turkish, "cemal", "jemal"),
        ];
        for (o, given, english) in cases {
            assert_eq!(o.read(given), english, "{o:?} {given}");
        }
    }

    #[test]
    fn readings_meet_the_english_skeleton() {
        // the listed (English-practice) name and the national spellings of it
        for (listed, spelled) in [
            ("iusupov", "jusupow"),
            ("zaitsev", "saizew"),
            ("qasim", "kacem"),
            ("hisham", "hichem"),
            ("khalid", "jalid"),
            ("jamal", "cemal"),
            ("khrushchev", "chruszczow"),
            ("yakovleva", "jakowlewa"),
        ] {
            let k = skeleton(listed);
            assert!(
                readings(spelled).iter().any(|r| skeleton(r) == k),
                "{spelled} has no reading with the skeleton {k} of {listed}: {:?}",
                readings(spelled)
            );
            assert_ne!(
                skeleton(spelled),
                k,
                "{spelled} met {listed} without a reading"
            );
        }
    }

    #[test]
    fn only_changed_readings_and_none_for_short_tokens() {
        assert!(readings("al").is_empty());
        assert!(readings("chen").is_empty(), "short: Chen is not Shen");
        assert!(readings("ivanov").is_empty(), "{:?}", readings("ivanov"));
        let r = readings("jusupow");
        assert!(r.contains(&"yusupov".to_string()));
        assert!(!r.contains(&"jusupow".to_string()));
        let mut dedup = r.clone();
        dedup.dedup();
        assert_eq!(dedup.len(), r.len());
    }
}
