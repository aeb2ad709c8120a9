//! A generator of governance sites of any size for benchmarks: a three-level just-the-docs
//! tree of Danish pages (about 300 words each, headings, lists, links to other pages), one
//! page in ten with a 20-task roadmap. Deterministic: the same `n` gives the same files.

/// Generated files: (path, text).
pub(crate) fn generate(n: usize) -> Vec<(String, String)> {
    let mut files = vec![(
        "_config.yml".to_string(),
        "title: \"OS2benchmark – produktforvaltning\"\nlang: da\nurl: \"https://os2benchmark.github.io\"\nbaseurl: \"/forvaltning\"\n".to_string(),
    )];
    if n == 0 {
        return files;
    }
    let per = ((n as f64).cbrt().ceil() as usize).max(1);
    let mut rng = Lcg(0x5eed_0ff0);
    let mut count = 0;
    let mut titles = Vec::new();
    'outer: for a in 0..per {
        let area = format!("Område {}", a + 1);
        let dir_a = format!("docs/omraade-{:02}", a + 1);
        push_page(
            &mut files,
            &mut rng,
            &mut titles,
            count,
            &format!("{dir_a}/index.md"),
            &area,
            None,
            None,
            a + 1,
            n,
        );
        count += 1;
        if count >= n {
            break;
        }
        for b in 0..per {
            let topic = format!("Emne {}.{}", a + 1, b + 1);
            let dir_b = format!("{dir_a}/emne-{:02}", b + 1);
            push_page(
                &mut files,
                &mut rng,
                &mut titles,
                count,
                &format!("{dir_b}/index.md"),
                &topic,
                Some(&area),
                None,
                b + 1,
                n,
            );
            count += 1;
            if count >= n {
                break 'outer;
            }
            for c in 0..per {
                let title = format!("Side {}.{}.{}", a + 1, b + 1, c + 1);
                push_page(
                    &mut files,
                    &mut rng,
                    &mut titles,
                    count,
                    &format!("{dir_b}/side-{:02}.md", c + 1),
                    &title,
                    Some(&topic),
                    Some(&area),
                    c + 1,
                    n,
                );
                count += 1;
                if count >= n {
                    break 'outer;
                }
            }
        }
    }
    files
}

struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) as usize
    }
    fn pick<'a>(&mut self, list: &[&'a str]) -> &'a str {
        list[self.next() % list.len()]
    }
}

const WORDS: &[&str] = &[
    "kommunerne",
    "styregruppen",
    "koordinationsgruppen",
    "beslutning",
    "beslutningerne",
    "roadmap",
    "ændringsønsker",
    "leverandøren",
    "udviklingen",
    "borgerne",
    "skolekørsel",
    "budgettet",
    "prioriteringen",
    "møderne",
    "referatet",
    "dagsordenen",
    "årshjulet",
    "tilgængelighed",
    "integrationen",
    "driften",
    "vedligeholdelse",
    "kontingent",
    "medlemmerne",
    "produktet",
    "planlægningen",
    "økonomien",
    "risikoen",
    "vurderingen",
    "godkendelse",
    "arkitekturen",
    "og",
    "i",
    "til",
    "for",
    "med",
    "af",
    "på",
    "er",
    "at",
    "der",
    "som",
    "en",
    "et",
    "det",
    "skal",
    "kan",
    "vil",
    "har",
    "bliver",
    "sammen",
    "hurtigt",
    "senere",
    "næste",
    "år",
];

#[allow(clippy::too_many_arguments)]
fn push_page(
    files: &mut Vec<(String, String)>,
    rng: &mut Lcg,
    titles: &mut Vec<String>,
    index: usize,
    path: &str,
    title: &str,
    parent: Option<&str>,
    grand_parent: Option<&str>,
    order: usize,
    n: usize,
) {
    let mut t = String::with_capacity(4096);
    t.push_str(&format!("---\ntitle: \"{title}\"\nnav_order: {order}\n"));
    if let Some(p) = parent {
        t.push_str(&format!("parent: \"{p}\"\n"));
    }
    if let Some(g) = grand_parent {
        t.push_str(&format!("grand_parent: \"{g}\"\n"));
    }
    t.push_str("status: final\n---\n\n");
    t.push_str(&format!("# {title}\n\n"));
    for section in 0..3 {
        t.push_str(&format!("## Afsnit {}\n\n", section + 1));
        for _ in 0..2 {
            let len = 40 + rng.next() % 20;
            let mut sentence: Vec<&str> = (0..len).map(|_| rng.pick(WORDS)).collect();
            let first = sentence[0];
            let cap: String = first
                .chars()
                .take(1)
                .flat_map(char::to_uppercase)
                .chain(first.chars().skip(1))
                .collect();
            sentence[0] = "";
            t.push_str(&cap);
            t.push_str(&sentence.join(" "));
            t.push_str(".\n\n");
        }
        t.push_str(&format!(
            "- {} og {}\n- {}\n\n",
            rng.pick(WORDS),
            rng.pick(WORDS),
            rng.pick(WORDS)
        ));
    }
    if index > 0 && !titles.is_empty() {
        t.push_str(&format!(
            "Se også siden om **{}**.\n\n",
            titles[rng.next() % titles.len()]
        ));
    }
    if index % 10 == 5 {
        t.push_str(&roadmap(rng, title));
    }
    let _ = n;
    titles.push(title.to_string());
    files.push((path.to_string(), t));
}

fn roadmap(rng: &mut Lcg, title: &str) -> String {
    let mut t = format!(
        "## Roadmap\n\n```mermaid\ngantt\n    title Roadmap for {title}\n    dateFormat YYYY-MM-DD\n    axisFormat %b %Y\n    excludes weekends\n"
    );
    for s in 0..4 {
        t.push_str(&format!("    section Spor {}\n", s + 1));
        for k in 0..5 {
            let id = format!("t{s}{k}");
            let flags = match rng.next() % 6 {
                0 => "crit, ",
                1 => "active, ",
                2 => "done, ",
                _ => "",
            };
            if k == 0 {
                let month = 1 + rng.next() % 12;
                let day = 1 + rng.next() % 28;
                t.push_str(&format!(
                    "    Opgave {s}.{k} {} :{flags}{id}, 2026-{month:02}-{day:02}, {}d\n",
                    rng.pick(WORDS),
                    10 + rng.next() % 60
                ));
            } else {
                t.push_str(&format!(
                    "    Opgave {s}.{k} {} :{flags}{id}, after t{s}{}, {}d\n",
                    rng.pick(WORDS),
                    k - 1,
                    5 + rng.next() % 40
                ));
            }
        }
    }
    t.push_str("```\n\n");
    t
}
