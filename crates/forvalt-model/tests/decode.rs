//! Tests of `forvalt_model::decode`: encodings, both mojibake repairs, the Johab codec
//! against CPython's (via a generated table), the real damaged seed files, and properties.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use forvalt_diag::{FileId, Severity};
use forvalt_model::decode::{
    DecodeProblem, Decoded, RepairKind, SourceEncoding, decode, decode_johab, encode_johab,
};
use proptest::prelude::*;

/// UTF-8 bytes of `text` read as Johab: the damage seen in OS2 repositories.
fn johab_damage(text: &str) -> String {
    decode_johab(text.as_bytes())
}

/// UTF-8 bytes of `text` read as Windows-1252.
fn latin1_damage(text: &str) -> String {
    encoding_rs::WINDOWS_1252
        .decode_without_bom_handling(text.as_bytes())
        .0
        .into_owned()
}

fn decode_str(text: &str) -> Decoded {
    decode(text.as_bytes())
}

fn assert_clean(text: &str) {
    let d = decode_str(text);
    assert_eq!(d.text, text);
    assert_eq!(d.encoding, SourceEncoding::Utf8);
    assert_eq!(d.repair, None, "{text:?}");
    assert_eq!(d.problem, None, "{text:?}");
}

fn assert_ambiguous(text: &str, kind: RepairKind, line: usize) -> String {
    let d = decode_str(text);
    assert_eq!(d.text, text, "an ambiguous text is left unchanged");
    assert_eq!(d.repair, None);
    match d.problem {
        Some(DecodeProblem::Ambiguous {
            kind: k,
            line: l,
            reason,
        }) => {
            assert_eq!((k, l), (kind, line), "{reason}");
            reason
        }
        other => panic!("expected an ambiguous problem for {text:?}, got {other:?}"),
    }
}

// ----------------------------------------------------------------------------------------
// Encodings

#[test]
fn plain_utf8_is_utf8() {
    let d = decode("Mødet i Århus 📆\n".as_bytes());
    assert_eq!(d.text, "Mødet i Århus 📆\n");
    assert_eq!(d.encoding, SourceEncoding::Utf8);
    assert_eq!((d.repair, d.problem), (None, None));
    assert_eq!(decode(b"").text, "");
}

#[test]
fn utf8_bom_is_removed() {
    let d = decode(b"\xEF\xBB\xBFM\xC3\xB8de\n");
    assert_eq!(d.text, "Møde\n");
    assert_eq!(d.encoding, SourceEncoding::Utf8Bom);
    assert_eq!(d.problem, None);
    // A BOM only counts at the start.
    let d = decode(b"a\xEF\xBB\xBF");
    assert_eq!(d.text, "a\u{FEFF}");
    assert_eq!(d.encoding, SourceEncoding::Utf8);
}

#[test]
fn utf16_with_bom() {
    let text = "Møde 📆\nÅrshjul";
    let mut le = vec![0xFF, 0xFE];
    let mut be = vec![0xFE, 0xFF];
    for unit in text.encode_utf16() {
        le.extend_from_slice(&unit.to_le_bytes());
        be.extend_from_slice(&unit.to_be_bytes());
    }
    let d = decode(&le);
    assert_eq!(
        (d.text.as_str(), d.encoding),
        (text, SourceEncoding::Utf16Le)
    );
    assert_eq!((d.repair, d.problem), (None, None));
    let d = decode(&be);
    assert_eq!(
        (d.text.as_str(), d.encoding),
        (text, SourceEncoding::Utf16Be)
    );
}

#[test]
fn utf16_without_bom_is_not_guessed() {
    let bytes: Vec<u8> = "ab".encode_utf16().flat_map(u16::to_le_bytes).collect();
    let d = decode(&bytes);
    assert_eq!(d.encoding, SourceEncoding::Utf8);
    // Read as UTF-8; the NULs are removed and reported.
    assert_eq!(d.text, "ab");
    assert_eq!(d.removed.map(|r| (r.count, r.nul)), Some((2, 2)));
}

#[test]
fn utf16_text_is_repaired_too() {
    let damaged = johab_damage("Mødet i Århus");
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(damaged.encode_utf16().flat_map(u16::to_le_bytes));
    let d = decode(&bytes);
    assert_eq!(d.text, "Mødet i Århus");
    assert_eq!(d.encoding, SourceEncoding::Utf16Le);
    assert_eq!(d.repair.map(|r| r.kind), Some(RepairKind::Johab));
}

#[test]
fn invalid_utf8_falls_back_to_windows_1252() {
    let d = decode(&[0x4D, 0xF8, 0x64, 0x65, 0x74]);
    assert_eq!(d.text, "Mødet");
    assert_eq!(d.encoding, SourceEncoding::Windows1252);
    assert_eq!(
        d.problem,
        Some(DecodeProblem::Fallback { line: 1, lines: 1 })
    );
    assert_eq!(d.repair, None);

    let d = decode(b"title\n\nM\xF8de \x96 \x80 5\n");
    assert_eq!(d.text, "title\n\nMøde – € 5\n");
    assert_eq!(
        d.problem,
        Some(DecodeProblem::Fallback { line: 3, lines: 1 })
    );

    // A truncated sequence at the end is invalid too.
    let d = decode(b"ok\n\xC3");
    assert_eq!(d.text, "ok\nÃ");
    assert_eq!(
        d.problem,
        Some(DecodeProblem::Fallback { line: 2, lines: 1 })
    );

    // With a BOM the rest is still checked; the BOM is dropped.
    let d = decode(b"\xEF\xBB\xBFM\xF8de");
    assert_eq!(
        (d.text.as_str(), d.encoding),
        ("Møde", SourceEncoding::Windows1252)
    );
}

#[test]
fn only_the_lines_that_are_not_utf8_are_read_as_windows_1252() {
    // One Windows-1252 line (ø = F8, – = 96) among UTF-8 lines.
    let d =
        decode(b"# M\xC3\xB8de\nReferat fra m\xF8det \x96 kort\n\xC3\x85rhus \xF0\x9F\x93\x86\n");
    assert_eq!(d.text, "# Møde\nReferat fra mødet – kort\nÅrhus 📆\n");
    assert_eq!(d.encoding, SourceEncoding::Windows1252);
    assert_eq!(
        d.problem,
        Some(DecodeProblem::Fallback { line: 2, lines: 1 })
    );

    // Several such lines: the first is reported, with the count; CRLF and lone CR count
    // as line breaks.
    let d = decode(b"\xC3\xA6\r\nok\r\n\xE6\r\xC3\xB8\n\xF8\n");
    assert_eq!(d.text, "æ\r\nok\r\næ\nø\nø\n");
    assert_eq!(
        d.problem,
        Some(DecodeProblem::Fallback { line: 3, lines: 2 })
    );

    let diagnostics = d.diagnostics("a.md", FileId(0));
    assert_eq!(diagnostics.len(), 2, "{diagnostics:?}");
    let not_utf8 = &diagnostics[0];
    assert_eq!(not_utf8.code, "encoding::not-utf8");
    assert!(not_utf8.message.contains("2 lines"), "{}", not_utf8.message);
    assert!(not_utf8.message.contains("line 3"), "{}", not_utf8.message);
    assert_eq!(&d.text[not_utf8.span.unwrap().range()], "æ");
}

#[test]
fn lone_cr_is_a_line_break() {
    // A file saved by an old Mac editor: every line ends in CR.
    let d = decode(b"---\rtitle: Gammel Mac\r---\r# Hej\r");
    assert_eq!(d.text, "---\ntitle: Gammel Mac\n---\n# Hej\n");
    let cr = d.lone_cr.unwrap();
    assert_eq!((cr.count, cr.line, cr.only), (4, 1, true));
    let diagnostics = d.diagnostics("gammel.md", FileId(0));
    assert_eq!(diagnostics.len(), 1);
    assert_eq!(diagnostics[0].code, "encoding::cr-line-endings");
    assert_eq!(diagnostics[0].severity, Severity::Warning);
    assert_eq!(diagnostics[0].span.unwrap().range(), 3..3);

    // A stray CR in an LF file is read as a break too, and only noted; CRLF is kept.
    let d = decode(b"a\r\nb\rc\n");
    assert_eq!(d.text, "a\r\nb\nc\n");
    let cr = d.lone_cr.unwrap();
    assert_eq!((cr.count, cr.line, cr.only), (1, 2, false));
    let diagnostics = d.diagnostics("a.md", FileId(0));
    assert_eq!(diagnostics[0].severity, Severity::Note);
    assert_eq!(diagnostics[0].span.unwrap().range(), 4..4);
    assert_eq!(decode(b"a\r\nb\r\n").lone_cr, None);

    // The place survives a repair that changes the text's length before it.
    let damaged = format!(
        "{} og \r{}\r",
        latin1_damage("Århus"),
        latin1_damage("Møde")
    );
    let d = decode_str(&damaged);
    assert_eq!(d.text, "Århus og \nMøde\n");
    let span = d
        .diagnostics("a.md", FileId(0))
        .into_iter()
        .find(|x| x.code == "encoding::cr-line-endings")
        .and_then(|x| x.span)
        .unwrap();
    assert_eq!(&d.text[..span.start as usize], "Århus og ");

    // Line numbers of repairs count lone CRs as breaks.
    let damaged = format!("Titel\r{}\r", latin1_damage("Mødet i Århus"));
    let d = decode_str(&damaged);
    assert_eq!(d.text, "Titel\nMødet i Århus\n");
    assert_eq!(d.repair.unwrap().first_line, 2);
}

#[test]
fn control_characters_are_removed_and_located() {
    let d =
        decode(b"---\ntitle: Referat\x00 \x07m\xC2\x85de\x1B[0m\n---\n\tTab\r\n\xEF\xBF\xBF\x7F");
    assert_eq!(d.text, "---\ntitle: Referat mde[0m\n---\n\tTab\r\n");
    let removed = d.removed.unwrap();
    assert_eq!(removed.count, 6);
    assert_eq!(removed.nul, 1);
    assert_eq!(removed.first_char, '\0');
    assert_eq!(&d.text[..removed.first], "---\ntitle: Referat");
    let diagnostics = d.diagnostics("a.md", FileId(0));
    assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
    assert_eq!(diagnostics[0].code, "encoding::control-character");
    assert!(diagnostics[0].message.contains("6 control characters"));
    assert!(diagnostics[0].message.contains("U+0000"));
    assert_eq!(
        diagnostics[0].span.unwrap().range(),
        removed.first..removed.first
    );

    // Clean text is not touched; UTF-16 text is cleaned too.
    assert_eq!(decode_str("a\tb\r\nc").removed, None);
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend("a\u{1}b".encode_utf16().flat_map(u16::to_le_bytes));
    assert_eq!(decode(&bytes).text, "ab");
}

#[test]
fn many_control_characters_take_linear_time() {
    // 4 MB, every other byte a control character or a lone CR.
    let bytes: Vec<u8> = b"a\x00b\rc\x01".repeat(700_000);
    let started = std::time::Instant::now();
    let d = decode(&bytes);
    assert_eq!(d.removed.map(|r| r.count), Some(1_400_000));
    assert_eq!(d.lone_cr.map(|c| c.count), Some(700_000));
    assert!(started.elapsed().as_secs() < 20, "{:?}", started.elapsed());
}

#[test]
fn fallback_text_is_not_repaired() {
    // Windows-1252 bytes of "MÃ¸de Ã¦" plus an invalid byte: not clean, so no repair.
    let d = decode(b"M\xC3\xB8de \xC3\xA6 \xFF");
    assert_eq!(d.encoding, SourceEncoding::Windows1252);
    assert_eq!(d.text, "MÃ¸de Ã¦ ÿ");
    assert_eq!(d.repair, None);
}

// ----------------------------------------------------------------------------------------
// Johab repair

#[test]
fn johab_damage_is_repaired() {
    let original =
        "---\ntitle: \"Roadmap for ekstraordinær support\"\n---\n📆 Årsskifte, møde § 3 · 5°\n";
    let damaged = johab_damage(original);
    assert!(damaged.contains("ekstraordin칝r") && damaged.contains("游늱 칀rsskifte"));
    let d = decode_str(&damaged);
    assert_eq!(d.text, original);
    assert_eq!(d.encoding, SourceEncoding::Utf8);
    assert_eq!(d.problem, None);
    let repair = d.repair.expect("repaired");
    assert_eq!(repair.kind, RepairKind::Johab);
    assert_eq!(repair.replaced, 7);
    assert_eq!(repair.first_line, 2);
    assert_eq!(
        repair.examples,
        [
            ("칝".into(), "æ".into()),
            ("游늱".into(), "📆".into()),
            ("칀".into(), "Å".into())
        ]
    );
}

#[test]
fn johab_examples_are_distinct() {
    let d = decode_str(&johab_damage("Sæt æble æde øl"));
    let repair = d.repair.unwrap();
    assert_eq!(repair.replaced, 4);
    assert_eq!(
        repair.examples,
        [("칝".into(), "æ".into()), ("칮".into(), "ø".into())]
    );
}

#[test]
fn short_johab_damage_is_repaired() {
    for original in ["Møde", "café", "📆 note", "x: 📆", "Året"] {
        let d = decode_str(&johab_damage(original));
        assert_eq!(d.text, original);
        assert_eq!(
            d.repair.map(|r| (r.kind, r.replaced)),
            Some((RepairKind::Johab, 1))
        );
    }
}

#[test]
fn real_korean_is_not_repaired() {
    assert_clean("안녕하세요, 세계");
    assert_clean(
        "오픈 소스 거버넌스 문서는 여러 인코딩으로 저장될 수 있습니다.\n\
         이 도구는 손상된 텍스트를 복구하지만, 실제 한국어 문장은 그대로 두어야 합니다.\n\
         회의는 칠월에 열립니다. 규칙은 친구와 함께 정합니다.\n",
    );
    // Syllables whose codes are the UTF-8 of Latin-1 characters, on their own.
    assert_clean("칠");
    assert_clean("치");
    assert_clean("칠 월");
    assert_clean("친칠라");
    // A line of such syllables alone (found by proptest).
    assert_clean("가가 가가\n춰춰 ");
    assert_clean("칭칭");
    assert_clean("API를 설치하세요. 칠월 칠일에 친구와 침실 칩을 칭찬했다.");
    assert_clean("# 회의록\n\n- 참석자: 칠\n");
    // Hanja and Chinese.
    assert_clean("大韓民國 憲法");
    assert_clean("中文文本，没有问题。");
    // Korean next to Danish.
    assert_clean("Møde i Seoul: 안녕하세요 og æblekage");
}

#[test]
fn korean_lines_beside_damaged_lines_are_kept() {
    let original = "Mødet om årshjulet\n안녕하세요, 세계\nÆndringer godkendt\n";
    let damaged = original
        .lines()
        .map(|line| {
            if line.starts_with('안') {
                line.to_owned()
            } else {
                johab_damage(line)
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n";
    let d = decode_str(&damaged);
    assert_eq!(d.text, original);
    let repair = d.repair.unwrap();
    assert_eq!(
        (repair.kind, repair.replaced, repair.first_line),
        (RepairKind::Johab, 3, 1)
    );
}

#[test]
fn lines_edited_after_the_damage_do_not_block_the_rest() {
    // A line typed later with a character that has no Johab code (–).
    let damaged = format!(
        "{}\nNy linje – tilføjet senere\n",
        johab_damage("Mødet i Århus")
    );
    let d = decode_str(&damaged);
    assert_eq!(d.text, "Mødet i Århus\nNy linje – tilføjet senere\n");
    assert_eq!(d.repair.unwrap().first_line, 1);
}

#[test]
fn unrepairable_johab_damage_is_ambiguous() {
    // A damaged line with a character that has no Johab code.
    let text = format!("ok\n{} – dato\n", johab_damage("Mødet i Århus"));
    let reason = assert_ambiguous(&text, RepairKind::Johab, 2);
    assert!(reason.contains("U+2013"), "{reason}");

    // A damaged line with a character whose Johab code is not UTF-8 (· typed later).
    let text = format!("{} · {}", johab_damage("Møde"), johab_damage("Året"));
    assert_ambiguous(&text, RepairKind::Johab, 1);

    // Damage that decodes to U+FFFD: the original had a byte pair Johab lacks.
    let damaged = johab_damage("Mødet ✅ om æbler");
    assert!(damaged.contains('\u{FFFD}'));
    assert_ambiguous(&damaged, RepairKind::Johab, 1);
}

#[test]
fn damage_that_decodes_to_odd_characters_is_not_repaired() {
    // Bytes C2 80–C2 9F are C1 controls: a repair must not produce them.
    let text = johab_damage("a\u{85}b\u{85}c");
    let d = decode_str(&text);
    assert_eq!(d.text, text);
    assert_eq!(d.repair, None);
}

// ----------------------------------------------------------------------------------------
// Latin-1 repair

#[test]
fn latin1_damage_is_repaired() {
    let original = "Mødet i Århus – “ekstraordinær” § 3 📆\nØkonomi é\n";
    let damaged = latin1_damage(original);
    assert!(damaged.contains("MÃ¸det") && damaged.contains("â€“") && damaged.contains("ðŸ“†"));
    let d = decode_str(&damaged);
    assert_eq!(d.text, original);
    assert_eq!(d.problem, None);
    let repair = d.repair.unwrap();
    assert_eq!(repair.kind, RepairKind::Latin1);
    assert_eq!(repair.replaced, 10);
    assert_eq!(repair.first_line, 1);
    assert_eq!(repair.examples[0], ("Ã¸".into(), "ø".into()));
    assert_eq!(repair.examples[1], ("Ã…".into(), "Å".into()));
}

#[test]
fn latin1_damage_in_iso_8859_1_is_repaired() {
    // Read as ISO-8859-1, "–" (E2 80 93) becomes â + two C1 controls.
    let damaged: String = "Møde – Århus".bytes().map(char::from).collect();
    assert!(damaged.contains("â\u{80}\u{93}"));
    let d = decode_str(&damaged);
    assert_eq!(d.text, "Møde – Århus");
    assert_eq!(d.repair.unwrap().kind, RepairKind::Latin1);
}

#[test]
fn latin1_undefined_bytes_round_trip() {
    // ” is E2 80 9D; 0x9D is undefined in Windows-1252 and reads as U+009D.
    let original = "“Møde” og “årsskifte”";
    let damaged = latin1_damage(original);
    assert!(damaged.contains('\u{9D}'));
    assert_eq!(decode_str(&damaged).text, original);
}

#[test]
fn legitimate_a_tilde_is_kept() {
    assert_clean("SÃO PAULO");
    assert_clean("Reunião em SÃO PAULO e SÃO TOMÉ. Ã, Â e â são letras.");
    assert_clean("naïve café — “quoted” ½ 📆 ð");
    assert_clean("Ã©");
    // A legitimate Ã on one line does not block the repair of damaged lines.
    let text = format!("SÃO PAULO\n{}\n", latin1_damage("Mødet i København"));
    let d = decode_str(&text);
    assert_eq!(d.text, "SÃO PAULO\nMødet i København\n");
    assert_eq!(d.repair.unwrap().first_line, 2);
}

#[test]
fn unrepairable_latin1_damage_is_ambiguous() {
    // Damaged and clean letters on one line: no re-encoding gives valid UTF-8.
    let text = format!("Titel\n{} og også\n", latin1_damage("Mødet i Århus"));
    assert_ambiguous(&text, RepairKind::Latin1, 2);
    // An emoji typed later has no Windows-1252 byte.
    let text = format!("{} 🙂", latin1_damage("Mødet i Århus"));
    let reason = assert_ambiguous(&text, RepairKind::Latin1, 1);
    assert!(reason.contains("U+1F642"), "{reason}");
}

// ----------------------------------------------------------------------------------------
// The Johab codec against CPython's

struct Table {
    decode: HashMap<u16, char>,
    encode: HashMap<char, u16>,
}

/// Reads `fixtures/johab_table.txt`, generated by `fixtures/gen_johab_table.py`.
fn python_table() -> Table {
    let mut decode = HashMap::new();
    let mut exceptions = HashMap::new();
    let hex = |s: &str| u32::from_str_radix(s, 16).unwrap();
    for line in include_str!("fixtures/johab_table.txt").lines() {
        let fields: Vec<&str> = line.split_whitespace().collect();
        match fields.as_slice() {
            ["D", code, cp, n] => {
                for i in 0..hex(n) {
                    let c = char::from_u32(hex(cp) + i).unwrap();
                    decode.insert((hex(code) + i) as u16, c);
                }
            }
            ["E", cp, code] => {
                exceptions.insert(char::from_u32(hex(cp)).unwrap(), hex(code) as u16);
            }
            _ => assert!(line.starts_with('#'), "bad fixture line {line:?}"),
        }
    }
    let mut encode: HashMap<char, u16> = decode.iter().map(|(&code, &c)| (c, code)).collect();
    encode.extend(exceptions);
    Table { decode, encode }
}

#[test]
fn johab_table_covers_what_python_decodes() {
    let table = python_table();
    assert_eq!(table.decode.len(), 17065);
    let syllables = table
        .decode
        .values()
        .filter(|c| ('가'..='힣').contains(c))
        .count();
    assert_eq!(syllables, 11172);
}

#[test]
fn decode_johab_matches_python_for_every_two_byte_code() {
    let table = python_table();
    for b1 in 0x80u8..=0xFF {
        for b2 in 0u8..=0xFF {
            let code = u16::from_be_bytes([b1, b2]);
            let got = decode_johab(&[b1, b2]);
            match table.decode.get(&code) {
                Some(&c) => assert_eq!(got, c.to_string(), "{code:04X}"),
                None => {
                    let want = format!("\u{FFFD}{}", decode_johab(&[b2]));
                    assert_eq!(got, want, "{code:04X}");
                }
            }
        }
    }
}

#[test]
fn decode_johab_single_bytes() {
    for b in 0u8..0x80 {
        assert_eq!(decode_johab(&[b]), char::from(b).to_string());
    }
    for b in 0x80u8..=0xFF {
        assert_eq!(decode_johab(&[b]), "\u{FFFD}");
    }
    assert_eq!(decode_johab(b"\xC3\xA6\xC3"), "칝\u{FFFD}");
    assert_eq!(decode_johab(b"\xE0\x80x"), "\u{FFFD}\u{FFFD}x");
}

#[test]
fn encode_johab_matches_python_for_every_bmp_character() {
    let table = python_table();
    let encodable: HashSet<char> = table.encode.keys().copied().collect();
    for cp in 0..=0xFFFFu32 {
        let Some(c) = char::from_u32(cp) else {
            continue;
        };
        let got = encode_johab(&c.to_string());
        if c.is_ascii() {
            assert_eq!(got, Some(vec![cp as u8]));
        } else if encodable.contains(&c) {
            let code = table.encode[&c];
            assert_eq!(got, Some(code.to_be_bytes().to_vec()), "U+{cp:04X}");
        } else {
            assert_eq!(got, None, "U+{cp:04X} has no Johab code in Python");
        }
    }
}

#[test]
fn johab_examples() {
    assert_eq!(encode_johab("칝"), Some(vec![0xC3, 0xA6]));
    assert_eq!(encode_johab("游늱"), Some(vec![0xF0, 0x9F, 0x93, 0x86]));
    assert_eq!(
        encode_johab("ㄱㄲㄳ"),
        Some(vec![0x88, 0x41, 0x8C, 0x41, 0x84, 0x44])
    );
    assert_eq!(encode_johab("a칝–"), None);
    assert_eq!(encode_johab("😀"), None);
    assert_eq!(decode_johab("Møde 📆".as_bytes()), "M칮de 游늱");
    for (c, damaged) in [
        ('æ', '칝'),
        ('ø', '칮'),
        ('å', '친'),
        ('Æ', '칁'),
        ('Ø', '칒'),
        ('Å', '칀'),
        ('é', '칠'),
        ('ü', '칲'),
        ('§', '춶'),
        ('°', '춿'),
        ('«', '춺'),
        ('»', '췉'),
        ('·', '췅'),
    ] {
        assert_eq!(johab_damage(&c.to_string()), damaged.to_string());
    }
}

// ----------------------------------------------------------------------------------------
// The real damaged seed files

#[allow(clippy::print_stderr, reason = "a skipped test must be loud")]
fn seed_dir() -> Option<PathBuf> {
    let shared = std::env::var_os("FORVALT_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(
                std::env::var("CARGO_MANIFEST_DIR")
                    .unwrap_or_else(|_| env!("CARGO_MANIFEST_DIR").to_string()),
            )
            .join("../../../shared")
        });
    let dir = shared.join("seeds");
    if dir.is_dir() {
        return Some(dir);
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "seed files missing: {} (set FORVALT_SHARED)",
        dir.display()
    );
    eprintln!(
        "WARNING: seed files not found at {}; skipping the seed tests",
        dir.display()
    );
    None
}

fn seeds() -> Vec<(String, Vec<u8>)> {
    let Some(dir) = seed_dir() else {
        return Vec::new();
    };
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "txt"))
        .map(|path| {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(&path).unwrap())
        })
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no seed files in {}", dir.display());
    files
}

#[test]
fn seed_files_are_repaired() {
    let mut all = String::new();
    for (name, bytes) in seeds() {
        let original = std::str::from_utf8(&bytes).unwrap();
        let d = decode(&bytes);
        assert_eq!(d.encoding, SourceEncoding::Utf8, "{name}");
        assert_eq!(d.problem, None, "{name}");
        let repair = d
            .repair
            .as_ref()
            .unwrap_or_else(|| panic!("{name} not repaired"));
        assert_eq!(repair.kind, RepairKind::Johab, "{name}");
        let first_damage = original.find(|c: char| !c.is_ascii()).unwrap();
        assert_eq!(
            repair.first_line,
            1 + original[..first_damage].matches('\n').count(),
            "{name}"
        );
        assert!(!repair.examples.is_empty() && repair.replaced >= repair.examples.len());
        assert!(d.text.contains("📆"), "{name}");
        assert!(
            !d.text
                .chars()
                .any(|c| ('\u{AC00}'..='\u{D7A3}').contains(&c)),
            "{name}"
        );
        assert_eq!(d.text.lines().count(), original.lines().count());
        // Round trip: damaging the repair again gives the file back, and vice versa.
        assert_eq!(johab_damage(&d.text), original, "{name}");
        let bytes = encode_johab(original).unwrap();
        assert_eq!(String::from_utf8(bytes).unwrap(), d.text, "{name}");
        all.push_str(&d.text);
    }
    if all.is_empty() {
        return;
    }
    for word in [
        "ekstraordinær",
        "Årsskifte",
        "årshjul",
        "Sønderborg",
        "fællesskabet",
        "Milepæle",
    ] {
        assert!(all.contains(word), "no {word} in the repaired seeds");
    }
}

// ----------------------------------------------------------------------------------------
// Properties

/// Emoji whose UTF-8 bytes Python's Johab codec decodes without error.
const EMOJI: [&str; 8] = ["📆", "📅", "📌", "📝", "📊", "👍", "💡", "🔥"];

fn danish_letter() -> impl Strategy<Value = char> {
    prop::sample::select(vec!['æ', 'ø', 'å', 'Æ', 'Ø', 'Å', 'é', 'ü'])
}

fn danish_char() -> impl Strategy<Value = String> {
    prop_oneof![
        danish_letter().prop_map(String::from),
        prop::sample::select(vec!['§', '°', '«', '»', '·', '½', '£']).prop_map(String::from),
        prop::sample::select(EMOJI.to_vec()).prop_map(String::from),
    ]
}

fn ascii_text() -> impl Strategy<Value = String> {
    "[a-zA-Z0-9 .,:;!?'\"()#*_/\\n-]{0,12}"
}

fn danish_text() -> impl Strategy<Value = String> {
    prop::collection::vec(prop_oneof![ascii_text(), danish_char()], 0..24).prop_map(|v| v.concat())
}

proptest! {
    /// Damaged Danish text is repaired: at least two damaged characters, one of them a
    /// letter in a word (texts of only isolated symbols are left alone, see the module
    /// docs).
    #[test]
    fn johab_damage_is_undone(
        a in ascii_text(), w in "[a-zA-Z]", x in danish_letter(), b in danish_text(), y in danish_char(),
        c in danish_text()
    ) {
        let original = format!("{a}{w}{x}{b}{y}{c}");
        let damaged = johab_damage(&original);
        prop_assert!(!damaged.contains(char::REPLACEMENT_CHARACTER));
        let d = decode_str(&damaged);
        prop_assert_eq!(&d.text, &original);
        prop_assert_eq!(d.problem, None);
        prop_assert_eq!(d.repair.map(|r| r.kind), Some(RepairKind::Johab));
    }

    #[test]
    fn johab_damage_with_an_emoji_is_undone(
        a in ascii_text(), e in prop::sample::select(EMOJI.to_vec()), b in danish_text(), y in danish_char()
    ) {
        let original = format!("{a}{e}{b}{y}");
        let d = decode_str(&johab_damage(&original));
        prop_assert_eq!(&d.text, &original);
        prop_assert_eq!(d.repair.map(|r| r.kind), Some(RepairKind::Johab));
    }

    #[test]
    fn one_damaged_letter_in_a_word_is_undone(
        a in ascii_text(), x in "[a-zA-Z]", y in danish_letter(),
        b in ascii_text()
    ) {
        let original = format!("{a}{x}{y}{b}");
        let d = decode_str(&johab_damage(&original));
        prop_assert_eq!(&d.text, &original);
        prop_assert_eq!(d.repair.map(|r| r.replaced), Some(1));
    }

    #[test]
    fn latin1_damage_is_undone(
        a in ascii_text(), w in "[a-zA-Z]", x in danish_letter(), b in danish_text(), y in danish_char(),
        c in danish_text()
    ) {
        let original = format!("{a}{w}{x}{b}{y}{c}");
        let d = decode_str(&latin1_damage(&original));
        prop_assert_eq!(&d.text, &original);
        prop_assert_eq!(d.problem, None);
        prop_assert_eq!(d.repair.map(|r| r.kind), Some(RepairKind::Latin1));
    }

    /// Whatever the bytes, the text has no lone CR and nothing XML cannot hold.
    #[test]
    fn decoded_text_is_clean(bytes in prop::collection::vec(
        prop_oneof![Just(0u8), Just(b'\r'), Just(b'\n'), Just(0xC2), Just(0x85), Just(0xEF), Just(0xBF), any::<u8>()],
        0..64,
    )) {
        let d = decode(&bytes);
        let lone_cr = d.text.as_bytes().windows(2).any(|w| w[0] == b'\r' && w[1] != b'\n')
            || d.text.ends_with('\r');
        prop_assert!(!lone_cr, "{:?}", d.text);
        prop_assert!(
            !d.text.chars().any(|c| (c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
                || matches!(c, '\u{FFFE}' | '\u{FFFF}')),
            "{:?}", d.text
        );
    }

    #[test]
    fn clean_danish_text_is_never_changed(text in danish_text()) {
        assert_clean(&text);
    }

    #[test]
    fn korean_text_is_never_changed(
        words in prop::collection::vec("[가-힣]{2,6}", 4..12),
        seps in prop::collection::vec(prop::sample::select(vec![" ", ", ", ". ", "\n"]), 12)
    ) {
        let text: String = words.iter().zip(&seps).map(|(w, s)| format!("{w}{s}")).collect();
        assert_clean(&text);
    }

    #[test]
    fn johab_round_trips(text in "[가-힣ㄱ-ㅣ一-龥a-z .,\n§°·]{0,40}") {
        // Characters without a Johab code (rare Hanja) make the encoding fail.
        if let Some(bytes) = encode_johab(&text) {
            prop_assert_eq!(decode_johab(&bytes), text);
        }
    }
}
