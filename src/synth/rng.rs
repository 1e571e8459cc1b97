//! The seeded generator behind every synthetic record: SplitMix64 plus the
//! salts that give each kind of record (persons, documents, queries) its own
//! independent stream, so record `i` depends only on `(seed, salt, i)`.

/// The SplitMix64 finaliser: a bijective 64-bit mix.
#[inline]
pub(super) fn mix64(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// SplitMix64: small, seeded, deterministic (also used by the evaluation).
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator seeded with `seed`.
    pub fn new(seed: u64) -> Rng {
        Rng(mix64(seed))
    }
    /// The generator for record `i` of the stream named by `salt`.
    pub(super) fn stream(seed: u64, salt: u64, i: u64) -> Rng {
        Rng(mix64(seed ^ mix64(salt ^ mix64(i))))
    }
    /// The next 64 random bits.
    #[inline]
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        mix64(self.0)
    }
    /// Uniform in `0..n` (n > 0).
    #[inline]
    pub(super) fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }
    /// Uniform in `0..n` (n > 0).
    #[inline]
    pub fn idx(&mut self, n: usize) -> usize {
        self.below(n as u64) as usize
    }
    /// True with probability `per_mille / 1000`.
    #[inline]
    pub fn chance(&mut self, per_mille: u64) -> bool {
        self.below(1000) < per_mille
    }
    /// A uniformly chosen element of `s` (non-empty).
    #[inline]
    pub fn pick<'a, T>(&mut self, s: &'a [T]) -> &'a T {
        &s[self.idx(s.len())]
    }
    /// Uniform in `lo..=hi_inclusive`.
    pub(super) fn range(&mut self, lo: u32, hi_inclusive: u32) -> u32 {
        lo + self.below(u64::from(hi_inclusive - lo) + 1) as u32
    }
    /// An index into `w`, chosen with probability proportional to its weight.
    pub(super) fn weighted(&mut self, w: &[u32]) -> usize {
        let total: u64 = w.iter().map(|&x| u64::from(x)).sum();
        let mut r = self.below(total);
        for (k, &x) in w.iter().enumerate() {
            if r < u64::from(x) {
                return k;
            }
            r -= u64::from(x);
        }
        w.len() - 1
    }
}

/// Stream of person `i`'s name and attributes.
pub(super) const SALT_PERSON: u64 = 0x5045_5253_4F4E;
/// Stream choosing person `i`'s organization (seed-independent).
pub(super) const SALT_PERSON_ORG: u64 = 0x504F_5247;
/// Stream of document `i`.
pub(super) const SALT_DOC: u64 = 0x444F_4355_4D45_4E54;
/// Stream choosing document `i`'s organization (seed-independent).
pub(super) const SALT_DOC_ORG: u64 = 0x444F_5247;
/// Stream of person query `k`.
pub(super) const SALT_QUERY_P: u64 = 0x5150_4552;
/// Stream of document query `k`.
pub(super) const SALT_QUERY_D: u64 = 0x5144_4F43;
/// Stream of manifest traveller `k`.
pub(super) const SALT_MANIFEST: u64 = 0x4D41_4E49_4645_5354;
/// Seed mask that turns the person name stream into the outsider stream.
pub(super) const OUTSIDER_XOR: u64 = 0x9E37_79B9_7F4A_7C15;
