//! Finding a person among many names: the same spelling, or one typo away
//! ([`super::same_person`]), in time linear in the number of names.
//!
//! Every name is filed under hashed keys of itself and of its one-character deletions, within
//! its group (number of words, first word). Two names are one edit apart exactly when they
//! share such a key, so a lookup costs O(length) hash probes instead of a scan of all names.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, DefaultHasher, Hash, Hasher};

/// Names longer than this (in characters) are matched by their exact spelling only.
pub const MAX_TYPO_CHARS: usize = 64;

/// The kinds of keys a name is filed under.
const WHOLE: u64 = 0;
const SAME_PLACE: u64 = 1;
const ANY_PLACE: u64 = 2;

/// Keys are already well mixed 64-bit values: the map uses them as they are.
#[derive(Default)]
struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = mix(self.0 ^ u64::from(*b));
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// Names in the order they were added, looked up by spelling and by typo.
#[derive(Debug, Default)]
pub struct NameIndex {
    names: Vec<String>,
    /// The spelling, ASCII letters lower-cased → first entry.
    exact: HashMap<String, usize>,
    /// Key → first entry filed under it (64-bit keys: a collision can only hide a typo match,
    /// never create one, since every candidate is checked).
    near: HashMap<u64, usize, BuildHasherDefault<KeyHasher>>,
    /// Entries below this are filed in `near` (filed when a lookup first needs them).
    filed: usize,
}

impl std::fmt::Debug for KeyHasher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("KeyHasher")
    }
}

/// The modulus of the polynomial string hashes: the Mersenne prime 2⁶¹ − 1.
const P: u64 = (1 << 61) - 1;
/// Their base.
const B: u64 = 1_000_003;

fn mul(a: u64, b: u64) -> u64 {
    let x = u128::from(a) * u128::from(b);
    let r = (x & u128::from(P)) + (x >> 61);
    let r = u64::try_from(r).unwrap_or(0);
    if r >= P { r - P } else { r }
}

fn add(a: u64, b: u64) -> u64 {
    let r = a + b;
    if r >= P { r - P } else { r }
}

/// A 64-bit finaliser (splitmix64).
fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// A name's group and the hashes of its lower-cased characters, when it can be matched by
/// typo: `prefix[i]` hashes the first `i` characters, `suffix[i]` the characters from `i`,
/// `power[i]` is Bⁱ, so the hash without character `i` takes O(1).
struct Shape {
    group: u64,
    len: usize,
    prefix: Vec<u64>,
    suffix: Vec<u64>,
    power: Vec<u64>,
}

fn shape(name: &str) -> Option<Shape> {
    let mut words = name.split_whitespace();
    let first = words.next()?;
    let count = 1 + words.count();
    if count < 2 {
        return None;
    }
    let chars: Vec<u64> = name
        .to_lowercase()
        .chars()
        .map(|c| u64::from(c) + 1)
        .collect();
    let len = chars.len();
    if len > MAX_TYPO_CHARS {
        return None;
    }
    let mut h = DefaultHasher::new();
    count.hash(&mut h);
    first.to_ascii_lowercase().hash(&mut h);
    let mut power = vec![1u64; len + 1];
    let mut prefix = vec![0u64; len + 1];
    let mut suffix = vec![0u64; len + 1];
    for i in 0..len {
        power[i + 1] = mul(power[i], B);
        prefix[i + 1] = add(mul(prefix[i], B), chars[i]);
    }
    for i in (0..len).rev() {
        suffix[i] = add(mul(chars[i], power[len - 1 - i]), suffix[i + 1]);
    }
    Some(Shape {
        group: h.finish(),
        len,
        prefix,
        suffix,
        power,
    })
}

impl Shape {
    /// The key of the characters without the one at `skip` (or all of them).
    fn key(&self, kind: u64, place: usize, skip: Option<usize>) -> u64 {
        let (hash, len) = match skip {
            None => (self.prefix[self.len], self.len),
            Some(i) => (
                add(
                    mul(self.prefix[i], self.power[self.len - 1 - i]),
                    self.suffix[i + 1],
                ),
                self.len - 1,
            ),
        };
        mix(mix(mix(self.group ^ kind) ^ place as u64) ^ hash ^ ((len as u64) << 61))
    }
}

impl NameIndex {
    /// An empty index.
    pub fn new() -> NameIndex {
        NameIndex::default()
    }

    /// How many names were added.
    pub fn len(&self) -> usize {
        self.names.len()
    }

    /// Whether no name was added.
    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    /// Adds a name; returns its index.
    pub fn push(&mut self, name: &str) -> usize {
        let idx = self.names.len();
        self.names.push(name.to_string());
        self.exact.entry(name.to_ascii_lowercase()).or_insert(idx);
        idx
    }

    /// Files the entries below `upto` under their typo keys.
    fn file(&mut self, upto: usize) {
        while self.filed < upto.min(self.names.len()) {
            let idx = self.filed;
            self.filed += 1;
            let Some(s) = shape(&self.names[idx]) else {
                continue;
            };
            let mut file = |k: u64| {
                self.near.entry(k).or_insert(idx);
            };
            file(s.key(WHOLE, 0, None));
            for i in 0..s.len {
                file(s.key(SAME_PLACE, i, Some(i)));
                file(s.key(ANY_PLACE, 0, Some(i)));
            }
        }
    }

    /// The first entry spelt like `name` (ASCII case aside).
    pub fn exact(&self, name: &str) -> Option<usize> {
        self.exact.get(&name.to_ascii_lowercase()).copied()
    }

    /// The first entry before `before` that is [`super::same_person`] as `name`: the same
    /// spelling, or one typo in a name of the same words.
    pub fn near(&mut self, name: &str, before: usize) -> Option<usize> {
        let mut candidates: Vec<usize> = self.exact(name).into_iter().collect();
        self.file(before);
        if before > 0
            && let Some(s) = shape(name)
        {
            let probe = |k: u64| self.near.get(&k).copied();
            // The same characters; one substituted; one more in the entry; one less.
            candidates.extend(probe(s.key(WHOLE, 0, None)));
            candidates.extend(probe(s.key(ANY_PLACE, 0, None)));
            for i in 0..s.len {
                candidates.extend(probe(s.key(SAME_PLACE, i, Some(i))));
                candidates.extend(probe(s.key(WHOLE, 0, Some(i))));
            }
        }
        candidates.sort_unstable();
        candidates
            .into_iter()
            .filter(|i| *i < before)
            .find(|i| super::same_person(&self.names[*i], name))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn spellings_and_typos() {
        let mut ix = NameIndex::new();
        ix.push("Peter Damgaard Friis");
        ix.push("Mette Lund");
        assert_eq!(ix.near("Peter Damgaard Fris", usize::MAX), Some(0));
        assert_eq!(ix.near("peter damgaard friis", usize::MAX), Some(0));
        assert_eq!(ix.near("Peter Damgaard Friiis", usize::MAX), Some(0));
        assert_eq!(ix.near("Peter Damgaard Frits", usize::MAX), Some(0));
        assert_eq!(
            ix.near("Peter Damgaard Fris", 0),
            None,
            "only entries before 0"
        );
        assert_eq!(ix.near("Mette Lunds", usize::MAX), Some(1));
        // A different first name, or a different number of words, is another person.
        assert_eq!(ix.near("Pete Damgaard Friis", usize::MAX), None);
        assert_eq!(ix.near("Mette Lund Hansen", usize::MAX), None);
        assert_eq!(ix.exact("METTE LUND"), Some(1));
    }

    proptest! {
        /// The index finds exactly what a scan with `same_person` finds.
        #[test]
        fn agrees_with_a_scan(
            names in proptest::collection::vec("(A|a|B) (b|bb|c|æ|Æ)(b|c|)( x|)", 1..30),
            query in "(A|a|B) (b|bb|c|æ|Æ)(b|c|)( x|)",
            before in 0usize..30,
        ) {
            let mut ix = NameIndex::new();
            for n in &names {
                ix.push(n);
            }
            let scan = names
                .iter()
                .take(before)
                .position(|n| super::super::same_person(n, &query));
            prop_assert_eq!(ix.near(&query, before), scan);
        }
    }
}
