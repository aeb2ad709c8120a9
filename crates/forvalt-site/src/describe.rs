//! Text alternatives for Mermaid diagrams other than gantt, read from their source: who
//! points to whom in a flowchart, each slice of a pie chart. Used as the SVG's description,
//! so a screen reader gets the content, not a bag of words.

/// The diagram kind's name for `aria-roledescription`.
pub fn role_description(kind: &str, danish: bool) -> Option<&'static str> {
    let k = kind.to_ascii_lowercase();
    Some(match (k.as_str(), danish) {
        ("flowchart" | "graph", true) => "rutediagram",
        ("flowchart" | "graph", false) => "flowchart",
        ("pie", true) => "cirkeldiagram",
        ("pie", false) => "pie chart",
        ("sequencediagram", true) => "sekvensdiagram",
        ("sequencediagram", false) => "sequence diagram",
        (k, true) if k.starts_with("c4") => "C4-diagram",
        (k, false) if k.starts_with("c4") => "C4 diagram",
        ("timeline", true) => "tidslinje",
        ("timeline", false) => "timeline",
        ("mindmap", true) => "tankekort",
        ("mindmap", false) => "mind map",
        ("statediagram" | "statediagram-v2", true) => "tilstandsdiagram",
        ("statediagram" | "statediagram-v2", false) => "state diagram",
        ("classdiagram" | "classdiagram-v2", true) => "klassediagram",
        ("classdiagram" | "classdiagram-v2", false) => "class diagram",
        ("erdiagram", true) => "ER-diagram",
        ("erdiagram", false) => "entity relationship diagram",
        ("journey", true) => "brugerrejse",
        ("journey", false) => "user journey",
        ("quadrantchart", true) => "kvadrantdiagram",
        ("quadrantchart", false) => "quadrant chart",
        ("xychart" | "xychart-beta", true) => "XY-diagram",
        ("xychart" | "xychart-beta", false) => "XY chart",
        ("sankey" | "sankey-beta", true) => "sankeydiagram",
        ("sankey" | "sankey-beta", false) => "Sankey diagram",
        ("gitgraph", true) => "git-graf",
        ("gitgraph", false) => "git graph",
        ("requirementdiagram", true) => "kravdiagram",
        ("requirementdiagram", false) => "requirement diagram",
        ("block" | "block-beta", true) => "blokdiagram",
        ("block" | "block-beta", false) => "block diagram",
        ("packet" | "packet-beta", true) => "pakkediagram",
        ("packet" | "packet-beta", false) => "packet diagram",
        ("kanban", true) => "kanbantavle",
        ("kanban", false) => "kanban board",
        ("architecture" | "architecture-beta", true) => "arkitekturdiagram",
        ("architecture" | "architecture-beta", false) => "architecture diagram",
        ("radar" | "radar-beta", true) => "radardiagram",
        ("radar" | "radar-beta", false) => "radar chart",
        ("treemap" | "treemap-beta", true) => "trækort",
        ("treemap" | "treemap-beta", false) => "treemap",
        _ => return None,
    })
}

/// A description of the diagram's content, when its kind is one forvalt can read.
pub fn describe(kind: &str, code: &str, danish: bool) -> Option<String> {
    match kind.to_ascii_lowercase().as_str() {
        "pie" => pie(code, danish),
        "flowchart" | "graph" => flowchart(code, danish),
        _ => None,
    }
}

fn pie(code: &str, danish: bool) -> Option<String> {
    let mut slices: Vec<(String, f64)> = Vec::new();
    for line in code.lines().map(str::trim) {
        let Some(rest) = line.strip_prefix('"') else {
            continue;
        };
        let Some(end) = rest.find('"') else { continue };
        let label = rest[..end].trim().to_string();
        let Some(value) = rest[end + 1..].trim().strip_prefix(':') else {
            continue;
        };
        if let Ok(v) = value.trim().parse::<f64>()
            && v.is_finite()
            && v >= 0.0
        {
            slices.push((label, v));
        }
    }
    let total: f64 = slices.iter().map(|(_, v)| v).sum();
    if slices.is_empty() || total <= 0.0 {
        return None;
    }
    let parts: Vec<String> = slices
        .iter()
        .map(|(l, v)| {
            let pct = (v / total * 100.0).round();
            format!("{l}: {} ({pct} %)", number(*v, danish))
        })
        .collect();
    Some(if danish {
        format!(
            "Cirkeldiagram med {} dele: {}.",
            parts.len(),
            parts.join("; ")
        )
    } else {
        format!(
            "Pie chart with {} slices: {}.",
            parts.len(),
            parts.join("; ")
        )
    })
}

fn number(v: f64, danish: bool) -> String {
    if v.fract() != 0.0 {
        let s = format!("{v}");
        return if danish { s.replace('.', ",") } else { s };
    }
    let digits = format!("{}", v as i64);
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(if danish { '.' } else { ',' });
        }
        out.push(c);
    }
    out
}

/// A flowchart node or edge as read.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Edge {
    from: String,
    to: String,
    label: Option<String>,
}

fn flowchart(code: &str, danish: bool) -> Option<String> {
    let mut labels: Vec<(String, String)> = Vec::new();
    let mut edges: Vec<Edge> = Vec::new();
    for (n, line) in code.lines().enumerate() {
        let line = line.trim().trim_end_matches(';');
        if n == 0 || line.is_empty() || line.starts_with("%%") {
            continue;
        }
        let first = line.split_whitespace().next().unwrap_or("");
        if matches!(
            first,
            "subgraph"
                | "end"
                | "classDef"
                | "class"
                | "style"
                | "linkStyle"
                | "click"
                | "direction"
        ) {
            continue;
        }
        read_line(line, &mut labels, &mut edges);
    }
    if edges.is_empty() {
        return None;
    }
    let name = |id: &str| {
        labels
            .iter()
            .find(|(i, _)| i == id)
            .map(|(_, l)| l.clone())
            .unwrap_or_else(|| id.to_string())
    };
    let parts: Vec<String> = edges
        .iter()
        .map(|e| match &e.label {
            Some(l) => format!("{} → {} ({l})", name(&e.from), name(&e.to)),
            None => format!("{} → {}", name(&e.from), name(&e.to)),
        })
        .collect();
    Some(if danish {
        format!(
            "Rutediagram med {} forbindelser: {}.",
            parts.len(),
            parts.join("; ")
        )
    } else {
        format!(
            "Flowchart with {} connections: {}.",
            parts.len(),
            parts.join("; ")
        )
    })
}

/// Reads `A[Label] -->|text| B{Label} --> C` (with `&` groups) into labels and edges.
fn read_line(line: &str, labels: &mut Vec<(String, String)>, edges: &mut Vec<Edge>) {
    let chars: Vec<char> = line.chars().collect();
    let mut i = 0;
    let mut previous: Vec<String> = Vec::new();
    let mut pending: Option<Option<String>> = None;
    loop {
        // A group of nodes: `A & B`.
        let mut group = Vec::new();
        loop {
            skip_ws(&chars, &mut i);
            let Some(id) = node(&chars, &mut i, labels) else {
                return;
            };
            group.push(id);
            skip_ws(&chars, &mut i);
            if chars.get(i) == Some(&'&') {
                i += 1;
                continue;
            }
            break;
        }
        if let Some(label) = pending.take() {
            for from in &previous {
                for to in &group {
                    edges.push(Edge {
                        from: from.clone(),
                        to: to.clone(),
                        label: label.clone(),
                    });
                }
            }
        }
        previous = group;
        skip_ws(&chars, &mut i);
        match edge(&chars, &mut i) {
            Some(label) => pending = Some(label),
            None => return,
        }
    }
}

fn skip_ws(chars: &[char], i: &mut usize) {
    while chars.get(*i).is_some_and(|c| c.is_whitespace()) {
        *i += 1;
    }
}

fn node(chars: &[char], i: &mut usize, labels: &mut Vec<(String, String)>) -> Option<String> {
    let start = *i;
    while chars.get(*i).is_some_and(|c| {
        c.is_alphanumeric()
            || matches!(c, '_' | ':' | '.')
            || (*c == '-' && chars.get(*i + 1).is_some_and(|n| n.is_alphanumeric()))
    }) {
        *i += 1;
    }
    if *i == start {
        return None;
    }
    let id: String = chars[start..*i].iter().collect();
    let open = chars.get(*i).copied();
    let close = match open {
        Some('[') => ']',
        Some('(') => ')',
        Some('{') => '}',
        Some('>') => ']',
        _ => return Some(id),
    };
    // Skip repeated openers (`((`, `[[`, `[(`, `{{`), then read to the closer.
    *i += 1;
    while chars
        .get(*i)
        .is_some_and(|c| matches!(c, '[' | '(' | '{' | '/' | '\\'))
    {
        *i += 1;
    }
    let label_start = *i;
    let mut quoted = false;
    while let Some(&c) = chars.get(*i) {
        if c == '"' {
            quoted = !quoted;
        } else if !quoted && (c == close || matches!(c, ']' | ')' | '}')) {
            break;
        }
        *i += 1;
    }
    let label: String = chars[label_start..*i].iter().collect();
    while chars
        .get(*i)
        .is_some_and(|c| matches!(c, ']' | ')' | '}' | '/' | '\\'))
    {
        *i += 1;
    }
    let label = clean_label(&label);
    if !label.is_empty() && !labels.iter().any(|(k, _)| *k == id) {
        labels.push((id.clone(), label));
    }
    Some(id)
}

fn clean_label(s: &str) -> String {
    let s = s.trim().trim_matches('"').trim();
    let mut out = String::new();
    let mut in_tag = false;
    for c in s.chars() {
        match c {
            '<' => {
                in_tag = true;
                out.push(' ');
            }
            '>' if in_tag => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// An edge operator, with its label if it has one: `-->`, `-->|x|`, `-- x -->`, `-.->`,
/// `==>`, `---`. `None`: no edge here.
fn edge(chars: &[char], i: &mut usize) -> Option<Option<String>> {
    let is_op = |c: char| matches!(c, '-' | '=' | '.' | '<' | '>' | 'o' | 'x');
    let start = *i;
    if !chars
        .get(*i)
        .is_some_and(|c| matches!(c, '-' | '=' | '<' | '.'))
    {
        return None;
    }
    while chars.get(*i).is_some_and(|&c| {
        is_op(c)
            && !(matches!(c, 'o' | 'x') && chars.get(*i + 1).is_some_and(|n| n.is_alphanumeric()))
    }) {
        *i += 1;
    }
    let op: String = chars[start..*i].iter().collect();
    if op.len() < 2 {
        *i = start;
        return None;
    }
    // `-- text -->`: the operator is open; the label runs to the closing operator.
    if !op.ends_with('>') && !op.ends_with('-') && !op.ends_with('=')
        || op == "--"
        || op == "=="
        || op == "-."
    {
        let rest: String = chars[*i..].iter().collect();
        for closer in ["-->", "==>", "-.->", "---", "===", "-.-"] {
            if let Some(at) = rest.find(closer) {
                let label = clean_label(&rest[..at]);
                *i += rest[..at].chars().count() + closer.chars().count();
                return Some((!label.is_empty()).then_some(label));
            }
        }
    }
    skip_ws(chars, i);
    if chars.get(*i) == Some(&'|') {
        let rest: String = chars[*i + 1..].iter().collect();
        if let Some(end) = rest.find('|') {
            let label = clean_label(&rest[..end]);
            *i += 1 + rest[..end].chars().count() + 1;
            return Some((!label.is_empty()).then_some(label));
        }
    }
    Some(None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flowcharts_say_who_points_to_whom() {
        let code = "flowchart TD\n  MK[Medlemskommunerne] -->|udpeger| SG(Styregruppen)\n  SG -- mandat og budget --> KG{{Koordinationsgruppen}}\n  KG --> L[\"Nordvejen Software A/S\"] & PO((Produkt Owner))\n  OS2[OS2 sekretariat] -.->|rådgivning| PO\n  classDef x fill:#fff\n";
        assert_eq!(
            describe("flowchart", code, true).unwrap(),
            "Rutediagram med 5 forbindelser: Medlemskommunerne → Styregruppen (udpeger); Styregruppen → Koordinationsgruppen (mandat og budget); Koordinationsgruppen → Nordvejen Software A/S; Koordinationsgruppen → Produkt Owner; OS2 sekretariat → Produkt Owner (rådgivning)."
        );
        assert_eq!(
            describe("graph", "graph LR\n  A --> B --> C\n", false).unwrap(),
            "Flowchart with 2 connections: A → B; B → C."
        );
        assert_eq!(
            describe("flowchart", "flowchart LR\n  A[Alene]\n", true),
            None
        );
    }

    #[test]
    fn pies_list_their_slices() {
        let code = "pie title Kontingent\n  \"Vejle\" : 120000\n  \"Aarhus\" : 80000\n  \"Holstebro\" : 50000.5\n";
        assert_eq!(
            describe("pie", code, true).unwrap(),
            "Cirkeldiagram med 3 dele: Vejle: 120.000 (48 %); Aarhus: 80.000 (32 %); Holstebro: 50000,5 (20 %)."
        );
        assert_eq!(role_description("pie", true), Some("cirkeldiagram"));
        assert_eq!(role_description("C4Context", true), Some("C4-diagram"));
    }

    #[test]
    fn odd_lines_never_panic() {
        for line in [
            "A -->",
            "-->|x| B",
            "A[unclosed",
            "A -- label without end",
            "A{{",
            "&&&",
            "A -->|x",
            "ø --> å",
        ] {
            let _ = describe("flowchart", &format!("flowchart\n{line}\n"), true);
        }
    }
}
