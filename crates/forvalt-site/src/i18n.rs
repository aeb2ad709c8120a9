//! The site's interface strings, in Danish (the default) and English.

use serde::Serialize;

/// Interface strings of one language.
#[derive(Debug, Clone, Serialize)]
pub struct Strings {
    /// `lang` attribute.
    pub lang: &'static str,
    /// Skip link.
    pub skip_to_content: &'static str,
    /// The main menu's accessible name.
    pub main_menu: &'static str,
    /// The button that shows the menu on small screens.
    pub menu: &'static str,
    /// The breadcrumb trail's accessible name.
    pub breadcrumbs: &'static str,
    /// The page table of contents.
    pub on_this_page: &'static str,
    /// "Last updated".
    pub last_updated: &'static str,
    /// "Oprettet".
    pub created: &'static str,
    /// "Historik".
    pub history: &'static str,
    /// "ændringer".
    pub changes: &'static str,
    /// "ændring".
    pub change: &'static str,
    /// "Siden sidste møde".
    pub since_last_meeting: &'static str,
    /// The search field's label.
    pub search: &'static str,
    /// The search field's placeholder.
    pub search_placeholder: &'static str,
    /// The search button.
    pub search_button: &'static str,
    /// The search page's title.
    pub search_title: &'static str,
    /// Shown when search needs JavaScript.
    pub search_needs_js: &'static str,
    /// No results (`{q}` is the query).
    pub search_no_results: &'static str,
    /// Results count (`{n}` results for `{q}`).
    pub search_results: &'static str,
    /// One result.
    pub search_one_result: &'static str,
    /// Search is loading.
    pub search_loading: &'static str,
    /// The draft banner's title.
    pub draft: &'static str,
    /// The draft banner's text.
    pub draft_text: &'static str,
    /// The accessibility statement link.
    pub accessibility_statement: &'static str,
    /// The link to the source repository.
    pub source_repository: &'static str,
    /// "Edit this page".
    pub edit_page: &'static str,
    /// Footer credit.
    pub built_with: &'static str,
    /// "Show all (n)" in a shortened menu list.
    pub show_all: &'static str,
    /// The "pages without a place in the menu" group.
    pub unplaced: &'static str,
    /// A group page's lead text.
    pub group_lead: &'static str,
    /// "Page not found" title.
    pub not_found_title: &'static str,
    /// "Page not found" text.
    pub not_found_text: &'static str,
    /// Link to the front page.
    pub to_front_page: &'static str,
    /// The chart table's summary.
    pub chart_table: &'static str,
    /// The årshjul page's title.
    pub annual_cycle: &'static str,
    /// Before a chart's download links ("Hent diagrammet:").
    pub download_chart: &'static str,
    /// A download link's hidden start ("Hent diagrammet som" SVG).
    pub download_chart_as: &'static str,
    /// The chart error box title.
    pub chart_error: &'static str,
    /// Text after the chart error list.
    pub chart_error_partial: &'static str,
    /// "line {line}, column {column}".
    pub line_column: &'static str,
    /// A diagram that could not be drawn.
    pub diagram_fallback: &'static str,
    /// The summary of a drawn diagram's source text.
    pub diagram_source: &'static str,
    /// "Back to top".
    pub back_to_top: &'static str,
    /// "Opens in a new tab".
    pub new_tab: &'static str,
    /// Home.
    pub home: &'static str,
    /// Sub-pages toggle (`{title}`).
    pub subpages_of: &'static str,
    /// Heading of a page's list of sub-pages.
    pub subpages: &'static str,
}

/// Danish.
pub static DA: Strings = Strings {
    lang: "da",
    skip_to_content: "Gå til indholdet",
    main_menu: "Hovedmenu",
    menu: "Menu",
    breadcrumbs: "Brødkrummesti",
    on_this_page: "På denne side",
    last_updated: "Sidst opdateret",
    created: "Oprettet",
    history: "Historik",
    changes: "ændringer",
    change: "ændring",
    since_last_meeting: "Siden sidste møde",
    search: "Søg på siden",
    search_placeholder: "Søg …",
    search_button: "Søg",
    search_title: "Søgning",
    search_needs_js: "Søgningen kræver JavaScript. Brug menuen eller sidens indholdsfortegnelse i stedet.",
    search_no_results: "Ingen resultater for “{q}”.",
    search_results: "{n} resultater for “{q}”",
    search_one_result: "1 resultat for “{q}”",
    search_loading: "Søger …",
    draft: "Udkast",
    draft_text: "Denne side er et udkast og er endnu ikke godkendt.",
    accessibility_statement: "Tilgængelighedserklæring",
    source_repository: "Kildekode og historik",
    edit_page: "Rediger denne side",
    built_with: "Bygget med forvalt",
    show_all: "Vis alle ({n})",
    unplaced: "Uden placering",
    group_lead: "Sider i denne gruppe:",
    not_found_title: "Siden findes ikke",
    not_found_text: "Vi kunne ikke finde den side, du leder efter. Den kan være flyttet eller slettet.",
    to_front_page: "Gå til forsiden",
    chart_table: "Vis som tabel",
    annual_cycle: "Årshjul",
    download_chart: "Hent diagrammet:",
    download_chart_as: "Hent diagrammet som",
    chart_error: "Roadmappen indeholder fejl",
    chart_error_partial: "Opgaverne uden fejl er tegnet herunder.",
    line_column: "linje {line}, kolonne {column}",
    diagram_fallback: "Diagrammet kunne ikke tegnes. Her er diagrammets tekst:",
    diagram_source: "Vis diagrammets tekst",
    back_to_top: "Til toppen",
    new_tab: "åbner i en ny fane",
    home: "Forside",
    subpages_of: "Undersider til {title}",
    subpages: "Undersider",
};

/// English.
pub static EN: Strings = Strings {
    lang: "en",
    skip_to_content: "Skip to content",
    main_menu: "Main menu",
    menu: "Menu",
    breadcrumbs: "Breadcrumbs",
    on_this_page: "On this page",
    last_updated: "Last updated",
    created: "Created",
    history: "History",
    changes: "changes",
    change: "change",
    since_last_meeting: "Since the last meeting",
    search: "Search the site",
    search_placeholder: "Search …",
    search_button: "Search",
    search_title: "Search",
    search_needs_js: "Search needs JavaScript. Use the menu or the page's table of contents instead.",
    search_no_results: "No results for “{q}”.",
    search_results: "{n} results for “{q}”",
    search_one_result: "1 result for “{q}”",
    search_loading: "Searching …",
    draft: "Draft",
    draft_text: "This page is a draft and has not been approved yet.",
    accessibility_statement: "Accessibility statement",
    source_repository: "Source and history",
    edit_page: "Edit this page",
    built_with: "Built with forvalt",
    show_all: "Show all ({n})",
    unplaced: "Without a place",
    group_lead: "Pages in this group:",
    not_found_title: "Page not found",
    not_found_text: "We could not find the page you are looking for. It may have been moved or deleted.",
    to_front_page: "Go to the front page",
    chart_table: "Show as a table",
    annual_cycle: "Annual cycle",
    download_chart: "Download the chart:",
    download_chart_as: "Download the chart as",
    chart_error: "The roadmap has errors",
    chart_error_partial: "The tasks without errors are drawn below.",
    line_column: "line {line}, column {column}",
    diagram_fallback: "The diagram could not be drawn. This is its text:",
    diagram_source: "Show the diagram's text",
    back_to_top: "Back to top",
    new_tab: "opens in a new tab",
    home: "Home",
    subpages_of: "Sub-pages of {title}",
    subpages: "Pages in this section",
};

/// The strings for a site language (`da…` → Danish, anything else → English).
pub fn strings(danish: bool) -> &'static Strings {
    if danish { &DA } else { &EN }
}

/// The Danish headline for a gantt diagnostic code (the detail stays the engine's).
pub fn gantt_headline(code: &str, danish: bool) -> Option<&'static str> {
    let (da, en) = match code {
        "gantt::invalid-date" => ("Ugyldig dato", "Invalid date"),
        "gantt::invalid-end" => ("Slutdatoen kan ikke læses", "The end date cannot be read"),
        "gantt::no-start" => ("Opgaven har ingen start", "The task has no start"),
        "gantt::no-end" => ("Opgaven har ingen slutning", "The task has no end"),
        "gantt::end-before-start" => (
            "Slutdatoen ligger før starten",
            "The end is before the start",
        ),
        "gantt::unknown-id" => (
            "Henvisning til en ukendt opgave",
            "Reference to an unknown task",
        ),
        "gantt::duplicate-id" => ("Samme id bruges to gange", "The same id is used twice"),
        "gantt::cycle" => (
            "Opgaverne afhænger af hinanden i ring",
            "Tasks depend on each other in a cycle",
        ),
        "gantt::syntax" => ("Linjen kan ikke læses", "The line cannot be read"),
        "gantt::date-format" => (
            "Datoformatet kan ikke bruges",
            "The date format cannot be used",
        ),
        "gantt::date-rollover" => ("Datoen findes ikke i kalenderen", "The date does not exist"),
        "gantt::tick-interval" => ("tickInterval kan ikke læses", "tickInterval cannot be read"),
        "gantt::field-count" => ("For mange felter i opgaven", "Too many fields in the task"),
        "gantt::year" => ("Usædvanligt årstal", "Unusual year"),
        "gantt::depends-on-error" => (
            "Afhænger af en opgave med fejl",
            "Depends on a task with an error",
        ),
        "gantt::after-end-marker" => (
            "Opgaven slutter efter slutmarkeringen",
            "The task ends after the end marker",
        ),
        "gantt::too-long" => ("Diagrammet er for langt", "The chart is too long"),
        "gantt::tick-explosion" => ("For mange akse-mærker", "Too many axis ticks"),
        "gantt::excludes-word" => ("Ukendt ord i excludes", "Unknown word in excludes"),
        "gantt::not-gantt" => ("Ikke et gantt-diagram", "Not a gantt chart"),
        "gantt::keyword-spacing" => ("Mellemrum i nøgleordet", "Spacing in the keyword"),
        "gantt::semicolon" => ("Semikolon afslutter linjen", "A semicolon ends the line"),
        _ => return None,
    };
    Some(if danish { da } else { en })
}
