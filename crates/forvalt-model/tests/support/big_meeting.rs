//! A generated meeting file of many participants, shared by the records tests and benches.

/// A meeting file with `n` participants (realistic names: shared first names, distinct
/// surnames), every fourth of them also in Afbud.
pub(crate) fn big_meeting(n: usize) -> String {
    const FIRST: [&str; 16] = [
        "Anne", "Mette", "Peter", "Lars", "Hanne", "Jens", "Signe", "Ole", "Karen", "Søren",
        "Rikke", "Mads", "Lone", "Niels", "Birgit", "Henrik",
    ];
    const SYLLABLES: [&str; 32] = [
        "bak", "holm", "lund", "gaard", "skov", "bro", "dal", "vig", "strup", "rup", "høj", "mark",
        "toft", "by", "kær", "sø", "næs", "berg", "feld", "hav", "ager", "lev", "sted", "bjerg",
        "enge", "kilde", "mose", "rød", "vang", "borg", "lyng", "hede",
    ];
    let name = |i: usize| {
        let s = |k: usize| SYLLABLES[(i / 32usize.pow(k as u32)) % 32];
        format!("{} {}{}{}sen", FIRST[i % FIRST.len()], s(0), s(1), s(2))
    };
    let mut t = String::from(
        "# Styregruppemøde 04.06.2026\n\n**Tid**: 04.06.2026 kl. 13 - 14.30\n\n#### Deltagere:\n\n",
    );
    for i in 0..n {
        t.push_str(&format!("- [x] {} (Kommune {})\n", name(i), i % 98));
    }
    t.push_str("\n#### Afbud:\n\n");
    for i in (0..n).step_by(4) {
        t.push_str(&format!("- [ ] {}\n", name(i)));
    }
    t.push_str("\n## Dagsorden\n\n- 1. Velkomst\n");
    t
}
