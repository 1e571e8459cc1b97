//! Name pairs that look alike but are known to be different names, whatever their spelling
//! distance: distinct Chinese syllables (Peng/Ping, Liu/Li, Zhang/Zheng), a patronymic against
//! the surname or given name it is built from (Mikhailov/Mikhailovich, Pavlova/Pavlovna), the
//! masculine and feminine forms of a name (Ivan/Ivana, Stephane/Stephanie), and
//! long consonant skeletons shared by different names (Kiselyov/Kozlov). Token similarity asks
//! here before it credits a phonetic, typo or truncation resemblance.

use std::collections::HashSet;
use std::sync::OnceLock;

/// Every syllable of Hanyu Pinyin without tones (ü folded to u).
const PINYIN: &str = "a ai an ang ao e ei en eng er o ou yi ya yao ye you yan yin yang ying \
yong yu yue yuan yun wu wa wo wai wei wan wen wang weng \
ba bo bai bei bao ban ben bang beng bi bie biao bian bin bing bu \
pa po pai pei pao pou pan pen pang peng pi pie piao pian pin ping pu \
ma mo me mai mei mao mou man men mang meng mi mie miao miu mian min ming mu \
fa fo fei fou fan fen fang feng fu \
da de dai dei dao dou dan den dang deng dong di die diao diu dian ding du duo dui duan dun \
ta te tai tao tou tan tang teng tong ti tie tiao tian ting tu tuo tui tuan tun \
na ne nai nei nao nou nan nen nang neng nong ni nie niao niu nian nin niang ning nu nuo nuan nue \
la le lai lei lao lou lan lang leng long li lia lie liao liu lian lin liang ling lu luo luan lun lue \
ga ge gai gei gao gou gan gen gang geng gong gu gua guo guai gui guan gun guang \
ka ke kai kei kao kou kan ken kang keng kong ku kua kuo kuai kui kuan kun kuang \
ha he hai hei hao hou han hen hang heng hong hu hua huo huai hui huan hun huang \
ji jia jie jiao jiu jian jin jiang jing jiong ju jue juan jun \
qi qia qie qiao qiu qian qin qiang qing qiong qu que quan qun \
xi xia xie xiao xiu xian xin xiang xing xiong xu xue xuan xun \
zha zhe zhi zhai zhei zhao zhou zhan zhen zhang zheng zhong zhu zhua zhuo zhuai zhui zhuan \
zhun zhuang cha che chi chai chao chou chan chen chang cheng chong chu chua chuo chuai chui \
chuan chun chuang sha she shi shai shei shao shou shan shen shang sheng shu shua shuo shuai \
shui shuan shun shuang re ri rao rou ran ren rang reng rong ru rua ruo rui ruan run \
za ze zi zai zei zao zou zan zen zang zeng zong zu zuo zui zuan zun \
ca ce ci cai cao cou can cen cang ceng cong cu cuo cui cuan cun \
sa se si sai sao sou san sen sang seng song su suo sui suan sun";

/// Pairs of syllables that are one name in two romanisations (Cantonese Lei for Li, Chan for
/// Chen, Tang for Deng), or one particle in two spellings (Arabic bin/ben, Romance de/da/do).
const SAME: [(&str, &str); 9] = [
    ("lei", "li"),
    ("chan", "chen"),
    ("tang", "deng"),
    ("tong", "tang"),
    ("hui", "xu"),
    ("bin", "ben"),
    ("de", "da"),
    ("de", "do"),
    ("da", "do"),
];

fn pinyin() -> &'static HashSet<&'static str> {
    static SET: OnceLock<HashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| PINYIN.split_whitespace().collect())
}

/// Whether the folded token is one Pinyin syllable.
pub fn is_pinyin_syllable(token: &str) -> bool {
    pinyin().contains(token)
}

/// Pinyin initials, longest first, with the class of initials that one Wade-Giles initial
/// spells (WG ch = zh, j, ch, q; t = d, t; p = b, p; k = g, k; ts = z, c).
const INITIALS: [(&str, u8); 21] = [
    ("zh", 1),
    ("ch", 1),
    ("sh", 2),
    ("b", 3),
    ("p", 3),
    ("m", 4),
    ("f", 5),
    ("d", 6),
    ("t", 6),
    ("n", 7),
    ("l", 8),
    ("g", 9),
    ("k", 9),
    ("h", 10),
    ("j", 1),
    ("q", 1),
    ("x", 11),
    ("r", 12),
    ("z", 13),
    ("c", 13),
    ("s", 14),
];

/// A syllable's initial class (0: none) and final.
fn split(syllable: &str) -> (u8, &str) {
    INITIALS
        .iter()
        .find_map(|(i, class)| syllable.strip_prefix(i).map(|rest| (*class, rest)))
        .unwrap_or((0, syllable))
}

/// Two different Pinyin syllables are two different characters, so two different names:
/// Peng is not Ping, Liu is not Li, Zhang is not Zheng. Syllables stay alike when one may be
/// the Wade-Giles spelling of the other (same final, initials one WG letter spells:
/// Ding/Ting, Zhou/Chou) and for a few cross-romanisation pairs.
pub fn distinct_syllables(a: &str, b: &str) -> bool {
    if a == b || !is_pinyin_syllable(a) || !is_pinyin_syllable(b) {
        return false;
    }
    if SAME
        .iter()
        .any(|&(x, y)| (a, b) == (x, y) || (a, b) == (y, x))
    {
        return false;
    }
    // n and ng are confused in many southern spellings (Wan/Wang, Yin/Ying)
    let (ia, fa) = split(a);
    let (ib, fb) = split(b);
    ia != ib || fa.trim_end_matches('g') != fb.trim_end_matches('g')
}

/// Endings a patronymic adds to a father's given name (Mikhail -> Mikhailovich, Ivan ->
/// Ivanivna), and the female patronymic endings that differ from a female surname by one `n`
/// (Pavlovna / Pavlova).
const PATRONYMIC_ENDINGS: [&str; 10] = [
    "ovich", "evich", "ovych", "evych", "ich", "ovna", "evna", "ivna", "yevna", "ichna",
];
/// Female patronymic endings and the female surname endings one `n` away (Pavlovna / Pavlova).
const FEMALE_PATRONYMIC: [(&str, &str); 3] = [("ovna", "ova"), ("evna", "eva"), ("ivna", "iva")];

/// Whether a token is a patronymic (Sergeyevich, Ivanovna): the name part Latin-script
/// documents most often leave out.
pub fn is_patronymic(token: &str) -> bool {
    token.len() >= 7
        && [
            "ovich", "evich", "ovych", "evych", "ovna", "evna", "ivna", "ichna",
        ]
        .iter()
        .any(|end| token.ends_with(end))
}

/// Whether one token is a patronymic built on the other, or a female patronymic against the
/// matching female surname: related words, different name parts.
pub fn patronymic_of(a: &str, b: &str) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if let Some(rest) = long.strip_prefix(short) {
        if PATRONYMIC_ENDINGS.contains(&rest) {
            return true;
        }
    }
    FEMALE_PATRONYMIC.iter().any(|(end, surname_end)| {
        long.strip_suffix(end)
            .is_some_and(|stem| short.strip_suffix(surname_end) == Some(stem))
    })
}

/// How a feminine name or surname is formed from the masculine one: the masculine ending (often
/// none) and the feminine ending that replaces it (Ivan/Ivana, Ivanov/Ivanova,
/// Stephane/Stephanie, Alexander/Alexandra, Karen/Karine, Daniel/Danielle, Kowalski/Kowalska).
/// A bare final -e or -s, or -o/-a, is left out: in real lists those are as often
/// transliteration noise (Tyurin/Tyurine, Trejo/Trejos, Lukashenko/Lukashenka).
const GENDER_ENDINGS: [(&str, &str); 9] = [
    ("", "a"),
    ("", "le"),
    ("", "ette"),
    ("e", "ie"),
    ("en", "ine"),
    ("er", "ra"),
    ("ski", "ska"),
    ("iy", "aya"),
    ("ii", "aya"),
];

/// Whether two tokens are the masculine and feminine forms of one name: two people.
pub fn gendered_pair(a: &str, b: &str) -> bool {
    // both forms share a stem of three or more letters
    if a == b || a.len().min(b.len()) < 3 || a.as_bytes()[..3] != b.as_bytes()[..3] {
        return false;
    }
    let consonant = |c: Option<u8>| c.is_some_and(|c| !b"aeiouy".contains(&c));
    let forms = |m: &str, f: &str| {
        GENDER_ENDINGS.iter().any(|(me, fe)| {
            m.strip_suffix(me).is_some_and(|stem| {
                stem.len() >= 3
                    && f.strip_suffix(fe) == Some(stem)
                    // a bare -a marks a feminine only after a consonant (Ivan/Ivana, not
                    // Shara/Sharaa or Tali/Talia)
                    && (!fe.is_empty() && *fe != "a" || consonant(stem.bytes().last()))
            })
        })
    };
    forms(a, b) || forms(b, a)
}

/// Vowel groups of a token (a rough syllable count): "kiselyov" 3, "kozlov" 2.
fn vowel_groups(t: &str) -> usize {
    let mut groups = 0;
    let mut in_vowel = false;
    for c in t.chars() {
        let v = "aeiouy".contains(c);
        if v && !in_vowel {
            groups += 1;
        }
        in_vowel = v;
    }
    groups
}

/// Whether a token starts with a vowel sound (a vowel, or y before a vowel: Yevgeny/Evgeny).
fn vowel_start(t: &str) -> bool {
    let b = t.as_bytes();
    match b.first() {
        Some(b'a' | b'e' | b'i' | b'o' | b'u') => true,
        Some(b'y') => b.get(1).is_some_and(|c| b"aeiou".contains(c)),
        _ => false,
    }
}

/// A long shared skeleton with otherwise distant spellings is one name in two
/// transliterations (Khrushchev/Chruschtschow) only if the words also sound alike in shape:
/// the same number of syllables and the same kind of first sound. Kiselyov/Kozlov and
/// Yakovleva/Kovalyova are different names.
pub fn same_shape(a: &str, b: &str) -> bool {
    vowel_groups(a) == vowel_groups(b) && vowel_start(a) == vowel_start(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distinct_chinese_syllables() {
        for (a, b) in [
            ("peng", "ping"),
            ("liu", "li"),
            ("zhang", "zheng"),
            ("zheng", "jiang"),
            ("luo", "lu"),
        ] {
            assert!(distinct_syllables(a, b), "{a} {b}");
        }
        for (a, b) in [
            ("ding", "ting"),
            ("zhou", "chou"),
            ("lei", "li"),
            ("chan", "chen"),
        ] {
            assert!(!distinct_syllables(a, b), "{a} {b}");
        }
        // not both Pinyin: the usual rules apply
        assert!(!distinct_syllables("hsu", "xu"));
        assert!(!distinct_syllables("mohammed", "muhammad"));
    }

    #[test]
    fn patronymics() {
        assert!(is_patronymic("sergeyevich") && is_patronymic("ivanovna"));
        assert!(!is_patronymic("ivanov") && !is_patronymic("petrovic"));
        assert!(patronymic_of("mikhailov", "mikhailovich"));
        assert!(patronymic_of("borisovich", "boris"));
        assert!(patronymic_of("ivan", "ivanivna"));
        assert!(patronymic_of("pavlova", "pavlovna"));
        assert!(patronymic_of("sergeyevna", "sergeyeva"));
        assert!(!patronymic_of("petrovic", "petrovich"));
        assert!(!patronymic_of("ivanov", "ivanova"));
    }

    #[test]
    fn gendered_forms() {
        for (a, b) in [
            ("ivan", "ivana"),
            ("ivanov", "ivanova"),
            ("daniel", "danielle"),
            ("stephane", "stephanie"),
            ("alexander", "alexandra"),
            ("karen", "karine"),
            ("karim", "karima"),
        ] {
            assert!(gendered_pair(a, b), "{a} {b}");
        }
        for (a, b) in [
            ("mariya", "maria"),
            ("mohammed", "mohamed"),
            ("fatima", "fatimah"),
            ("yevgeny", "evgeny"),
            ("khalid", "khaled"),
            ("lukashenko", "lukashenka"),
            ("tyurin", "tyurine"),
            ("shara", "sharaa"),
            ("trejo", "trejos"),
        ] {
            assert!(!gendered_pair(a, b), "{a} {b}");
        }
    }

    #[test]
    fn shapes() {
        assert!(same_shape("khrushchev", "chruschtschow"));
        assert!(!same_shape("kiselyov", "kozlov"));
        assert!(!same_shape("yakovleva", "kovalyova"));
        assert!(same_shape("yevgeny", "evgeny"));
    }
}
