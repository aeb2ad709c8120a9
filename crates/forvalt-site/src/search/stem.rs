//! A Danish stemmer following the Snowball project's published description of the Danish
//! algorithm (four steps of suffix removal inside region R1), written for forvalt.

const VOWELS: &[char] = &['a', 'e', 'i', 'o', 'u', 'y', 'æ', 'å', 'ø'];

fn is_vowel(c: char) -> bool {
    VOWELS.contains(&c)
}

/// Suffixes removed by step 1 (longest match inside R1 wins).
const STEP1: &[&str] = &[
    "erendes", "erende", "hedens", "ethed", "erede", "heden", "heder", "endes", "ernes", "erens",
    "erets", "ered", "ende", "erne", "eres", "eren", "erer", "heds", "enes", "ens", "ers", "ets",
    "hed", "ene", "ere", "eret", "es", "et", "en", "er", "e",
];

/// Letters after which a final `s` is removed.
const S_ENDING: &[char] = &[
    'a', 'b', 'c', 'd', 'f', 'g', 'h', 'j', 'k', 'l', 'm', 'n', 'o', 'p', 'r', 't', 'v', 'y', 'z',
    'å',
];

/// The stem of a lower-case Danish word.
pub fn stem(word: &str) -> String {
    let mut w: Vec<char> = word.chars().collect();
    if w.len() < 3 {
        return word.to_string();
    }
    // R1: after the first non-vowel that follows a vowel, but at least 3 letters in.
    let mut r1 = w.len();
    for i in 1..w.len() {
        if !is_vowel(w[i]) && is_vowel(w[i - 1]) {
            r1 = i + 1;
            break;
        }
    }
    let r1 = r1.max(3);
    let in_r1 = |w: &[char], suffix_len: usize| w.len() >= suffix_len && w.len() - suffix_len >= r1;
    let ends = |w: &[char], s: &str| {
        let s: Vec<char> = s.chars().collect();
        w.len() >= s.len() && w[w.len() - s.len()..] == s[..]
    };

    // Step 1.
    let mut best: Option<usize> = None;
    for s in STEP1 {
        let n = s.chars().count();
        if ends(&w, s) && in_r1(&w, n) && best.is_none_or(|b| n > b) {
            best = Some(n);
        }
    }
    if let Some(n) = best {
        w.truncate(w.len() - n);
    } else if ends(&w, "s") && in_r1(&w, 1) && w.len() >= 2 && S_ENDING.contains(&w[w.len() - 2]) {
        w.pop();
    }

    // Step 2: gd dt gt kt → drop the last letter.
    let step2 = |w: &mut Vec<char>| {
        if ["gd", "dt", "gt", "kt"].iter().any(|s| ends(w, s)) && in_r1(w, 2) {
            w.pop();
        }
    };
    step2(&mut w);

    // Step 3.
    if ends(&w, "igst") {
        w.truncate(w.len() - 2);
    }
    let mut best: Option<usize> = None;
    for s in ["elig", "lig", "els", "ig"] {
        let n = s.chars().count();
        if ends(&w, s) && in_r1(&w, n) && best.is_none_or(|b| n > b) {
            best = Some(n);
        }
    }
    if let Some(n) = best {
        w.truncate(w.len() - n);
        step2(&mut w);
    } else if ends(&w, "løst") && in_r1(&w, 4) {
        w.pop();
    }

    // Step 4: undouble a final consonant in R1.
    let n = w.len();
    if n >= 2 && w[n - 1] == w[n - 2] && !is_vowel(w[n - 1]) && in_r1(&w, 1) {
        w.pop();
    }
    w.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::stem;

    #[test]
    fn inflections_meet() {
        for group in [
            &[
                "kommune",
                "kommunen",
                "kommunernes",
                "kommuner",
                "kommunens",
            ][..],
            &[
                "beslutning",
                "beslutningen",
                "beslutninger",
                "beslutningerne",
            ],
            &["borger", "borgeren", "borgerne", "borgere"],
            &["skolebus", "skolebussen", "skolebusser"],
            &["ansøgning", "ansøgningen", "ansøgningerne"],
        ] {
            let first = stem(group[0]);
            for w in group {
                assert_eq!(stem(w), first, "{w}");
            }
        }
    }

    #[test]
    fn short_words_and_step_three() {
        assert_eq!(stem("og"), "og");
        assert_eq!(stem("i"), "i");
        assert_eq!(stem("vigtigst"), stem("vigtig"));
        assert_eq!(stem("endelig"), "end");
        assert_eq!(stem("løsningerne"), stem("løsning"));
        assert!(stem("kørsel").starts_with("kørs"));
    }
}
