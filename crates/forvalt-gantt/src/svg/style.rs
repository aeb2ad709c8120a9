//! The chart's stylesheet: Mermaid's class names with forvalt's colours (or Mermaid's own).

use std::fmt::Write;

/// Colour scheme of a chart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Theme {
    /// forvalt's light colours, chosen for WCAG AA text contrast, switching to the dark set
    /// when the reader's system prefers dark.
    #[default]
    Auto,
    /// forvalt's light colours only.
    Light,
    /// forvalt's dark colours only.
    Dark,
    /// Mermaid's default theme, colour for colour (some labels have low contrast).
    Mermaid,
}

struct Palette {
    text: &'static str,
    title: &'static str,
    section0: &'static str,
    section1: &'static str,
    section2: &'static str,
    section_opacity: &'static str,
    task_fill: &'static str,
    task_border: &'static str,
    task_text: &'static str,
    outside_text: &'static str,
    active_fill: &'static str,
    active_border: &'static str,
    dark_text: &'static str,
    done_fill: &'static str,
    done_border: &'static str,
    crit_fill: &'static str,
    crit_border: &'static str,
    crit_text: &'static str,
    grid: &'static str,
    today: &'static str,
    vert: &'static str,
    exclude: &'static str,
    link: &'static str,
    problem_fill: &'static str,
    problem_border: &'static str,
    progress: &'static str,
}

const MERMAID: Palette = Palette {
    text: "#333",
    title: "#333",
    section0: "rgba(102, 102, 255, 0.49)",
    section1: "white",
    section2: "#fff400",
    section_opacity: "0.2",
    task_fill: "#8a90dd",
    task_border: "#534fbc",
    task_text: "white",
    outside_text: "black",
    active_fill: "#bfc7ff",
    active_border: "#534fbc",
    dark_text: "black",
    done_fill: "lightgrey",
    done_border: "grey",
    crit_fill: "red",
    crit_border: "#ff8888",
    crit_text: "white",
    grid: "lightgrey",
    today: "red",
    vert: "navy",
    exclude: "#eeeeee",
    link: "#003163",
    problem_fill: "#fdecea",
    problem_border: "#b3261e",
    progress: "rgba(0, 0, 0, 0.25)",
};

const LIGHT: Palette = Palette {
    text: "#1f2328",
    title: "#1f2328",
    section0: "rgba(102, 102, 255, 0.49)",
    section1: "white",
    section2: "#fff400",
    section_opacity: "0.2",
    task_fill: "#8a90dd",
    task_border: "#534fbc",
    task_text: "#0b0b2b",
    outside_text: "#1f2328",
    active_fill: "#bfc7ff",
    active_border: "#534fbc",
    dark_text: "#0b0b2b",
    done_fill: "#d3d3d3",
    done_border: "#6e6e6e",
    crit_fill: "#c62828",
    crit_border: "#8e0000",
    crit_text: "white",
    grid: "#c8c8c8",
    today: "#c62828",
    vert: "#1a237e",
    exclude: "#eeeeee",
    link: "#003163",
    problem_fill: "#fdecea",
    problem_border: "#b3261e",
    progress: "rgba(11, 11, 43, 0.3)",
};

const DARK: Palette = Palette {
    text: "#e6edf3",
    title: "#e6edf3",
    section0: "rgba(130, 130, 255, 0.6)",
    section1: "#30363d",
    section2: "#9e8f00",
    section_opacity: "0.3",
    task_fill: "#5a60bd",
    task_border: "#a5a9f0",
    task_text: "#ffffff",
    outside_text: "#e6edf3",
    active_fill: "#3d4590",
    active_border: "#a5a9f0",
    dark_text: "#ffffff",
    done_fill: "#57606a",
    done_border: "#8b949e",
    crit_fill: "#da3633",
    crit_border: "#ff7b72",
    crit_text: "#ffffff",
    grid: "#484f58",
    today: "#ff7b72",
    vert: "#a5d6ff",
    exclude: "#21262d",
    link: "#a5d6ff",
    problem_fill: "#3d1d1d",
    problem_border: "#ff7b72",
    progress: "rgba(255, 255, 255, 0.3)",
};

/// The `<style>` content for a chart whose root has id `id`.
pub(crate) fn stylesheet(id: &str, theme: Theme, font_family: &str) -> String {
    let mut css = String::with_capacity(4096);
    let _ = write!(
        css,
        "#{id}{{font-family:{font_family};font-size:16px;}}\
         #{id} .section{{stroke:none;}}\
         #{id} .sectionTitle{{text-anchor:start;}}\
         #{id} .grid .tick{{opacity:0.8;shape-rendering:crispEdges;}}\
         #{id} .grid path{{stroke-width:0;}}\
         #{id} .today{{fill:none;stroke-width:2px;}}\
         #{id} .task{{stroke-width:2;}}\
         #{id} .taskText{{text-anchor:middle;}}\
         #{id} .taskTextOutsideRight{{text-anchor:start;}}\
         #{id} .taskTextOutsideLeft{{text-anchor:end;}}\
         #{id} .clickable{{cursor:pointer;}}\
         #{id} .taskText.clickable,#{id} .taskTextOutsideLeft.clickable,#{id} .taskTextOutsideRight.clickable{{font-weight:bold;}}\
         #{id} .milestone{{transform:rotate(45deg) scale(0.8,0.8);}}\
         #{id} .milestoneText{{font-style:italic;}}\
         #{id} .vertText{{font-size:15px;text-anchor:middle;}}\
         #{id} .titleText{{text-anchor:middle;font-size:18px;}}\
         #{id} .problem{{stroke-width:1.5;stroke-dasharray:4 3;}}\
         #{id} .problemText{{font-size:11px;text-anchor:start;}}\
         #{id} .todayText{{font-size:10px;text-anchor:middle;}}"
    );
    match theme {
        Theme::Mermaid => palette(&mut css, id, &MERMAID),
        Theme::Light => palette(&mut css, id, &LIGHT),
        Theme::Dark => palette(&mut css, id, &DARK),
        Theme::Auto => {
            palette(&mut css, id, &LIGHT);
            css.push_str("@media (prefers-color-scheme: dark){");
            palette(&mut css, id, &DARK);
            css.push('}');
        }
    }
    if theme != Theme::Mermaid {
        // Mermaid draws grid lines in `currentColor` (black); forvalt greys them.
        let _ = write!(css, "#{id} .grid .tick line{{stroke:inherit;}}");
    }
    css
}

fn palette(css: &mut String, id: &str, p: &Palette) {
    let _ = write!(
        css,
        "#{id}{{fill:{text};}}\
         #{id} .exclude-range{{fill:{exclude};}}\
         #{id} .section{{opacity:{so};}}\
         #{id} .section0{{fill:{s0};}}\
         #{id} .section2{{fill:{s2};}}\
         #{id} .section1,#{id} .section3{{fill:{s1};opacity:{so};}}\
         #{id} .sectionTitle0,#{id} .sectionTitle1,#{id} .sectionTitle2,#{id} .sectionTitle3{{fill:{text};}}\
         #{id} .grid .tick{{stroke:{grid};}}\
         #{id} .grid .tick text{{fill:{text};}}\
         #{id} .today{{stroke:{today};}}\
         #{id} .todayText{{fill:{today};}}\
         #{id} .taskTextOutsideRight,#{id} .taskTextOutsideLeft{{fill:{outside};}}\
         #{id} .taskText.clickable,#{id} .taskTextOutsideLeft.clickable,#{id} .taskTextOutsideRight.clickable{{fill:{link}!important;}}\
         #{id} .taskText0,#{id} .taskText1,#{id} .taskText2,#{id} .taskText3{{fill:{task_text};}}\
         #{id} .task0,#{id} .task1,#{id} .task2,#{id} .task3{{fill:{task_fill};stroke:{task_border};}}\
         #{id} .taskTextOutside0,#{id} .taskTextOutside1,#{id} .taskTextOutside2,#{id} .taskTextOutside3{{fill:{outside};}}\
         #{id} .active0,#{id} .active1,#{id} .active2,#{id} .active3{{fill:{active_fill};stroke:{active_border};}}\
         #{id} .activeText0,#{id} .activeText1,#{id} .activeText2,#{id} .activeText3{{fill:{dark}!important;}}\
         #{id} .done0,#{id} .done1,#{id} .done2,#{id} .done3{{stroke:{done_border};fill:{done_fill};stroke-width:2;}}\
         #{id} .doneText0,#{id} .doneText1,#{id} .doneText2,#{id} .doneText3{{fill:{dark}!important;}}\
         #{id} .crit0,#{id} .crit1,#{id} .crit2,#{id} .crit3{{stroke:{crit_border};fill:{crit_fill};stroke-width:2;}}\
         #{id} .critText0,#{id} .critText1,#{id} .critText2,#{id} .critText3{{fill:{crit_text};}}\
         #{id} .activeCrit0,#{id} .activeCrit1,#{id} .activeCrit2,#{id} .activeCrit3{{stroke:{crit_border};fill:{active_fill};stroke-width:2;}}\
         #{id} .doneCrit0,#{id} .doneCrit1,#{id} .doneCrit2,#{id} .doneCrit3{{stroke:{crit_border};fill:{done_fill};stroke-width:2;shape-rendering:crispEdges;}}\
         #{id} .doneCritText0,#{id} .doneCritText1,#{id} .doneCritText2,#{id} .doneCritText3,#{id} .activeCritText0,#{id} .activeCritText1,#{id} .activeCritText2,#{id} .activeCritText3{{fill:{dark}!important;}}\
         #{id} .taskTextOutside0.critText0,#{id} .taskTextOutside1.critText1,#{id} .taskTextOutside2.critText2,#{id} .taskTextOutside3.critText3{{fill:{outside};}}\
         #{id} .vert{{stroke:{vert};fill:{vert};}}\
         #{id} .vertText{{fill:{vert}!important;}}\
         #{id} .titleText{{fill:{title};}}\
         #{id} .problem{{fill:{pf};stroke:{pb};}}\
         #{id} .problemText{{fill:{pb};}}\
         #{id} .progress{{fill:{progress};stroke:none;}}",
        text = p.text,
        title = p.title,
        exclude = p.exclude,
        so = p.section_opacity,
        s0 = p.section0,
        s1 = p.section1,
        s2 = p.section2,
        grid = p.grid,
        today = p.today,
        outside = p.outside_text,
        link = p.link,
        task_text = p.task_text,
        task_fill = p.task_fill,
        task_border = p.task_border,
        active_fill = p.active_fill,
        active_border = p.active_border,
        dark = p.dark_text,
        done_border = p.done_border,
        done_fill = p.done_fill,
        crit_border = p.crit_border,
        crit_fill = p.crit_fill,
        crit_text = p.crit_text,
        vert = p.vert,
        pf = p.problem_fill,
        pb = p.problem_border,
        progress = p.progress,
    );
}
