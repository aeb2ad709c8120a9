//! The site's interface strings, in Danish (the default) and English: one table, both
//! languages side by side, read by Rust (titles of generated pages, labels in views) and by
//! the templates (as the global `strings`).

use serde::Serialize;
use serde::ser::SerializeMap;
use std::collections::HashMap;
use std::sync::OnceLock;

/// Every interface string: key, Danish, English. `{name}` marks a value put in at use.
const TABLE: &[(&str, &str, &str)] = &[
    // Page layout.
    ("skip_to_content", "Gå til indholdet", "Skip to content"),
    ("main_menu", "Hovedmenu", "Main menu"),
    ("menu", "Menu", "Menu"),
    ("breadcrumbs", "Brødkrummesti", "Breadcrumbs"),
    ("on_this_page", "På denne side", "On this page"),
    ("last_updated", "Sidst opdateret", "Last updated"),
    ("created", "Oprettet", "Created"),
    ("history", "Historik", "History"),
    ("changes", "ændringer", "changes"),
    ("change", "ændring", "change"),
    (
        "since_last_meeting",
        "Siden sidste møde",
        "Since the last meeting",
    ),
    ("search", "Søg på siden", "Search the site"),
    ("search_placeholder", "Søg …", "Search …"),
    ("search_button", "Søg", "Search"),
    ("search_title", "Søgning", "Search"),
    (
        "search_needs_js",
        "Søgningen kræver JavaScript. Brug menuen eller sidens indholdsfortegnelse i stedet.",
        "Search needs JavaScript. Use the menu or the page's table of contents instead.",
    ),
    (
        "search_no_results",
        "Ingen resultater for “{q}”.",
        "No results for “{q}”.",
    ),
    (
        "search_results",
        "{n} resultater for “{q}”",
        "{n} results for “{q}”",
    ),
    (
        "search_one_result",
        "1 resultat for “{q}”",
        "1 result for “{q}”",
    ),
    ("search_loading", "Søger …", "Searching …"),
    ("draft", "Udkast", "Draft"),
    (
        "draft_text",
        "Denne side er et udkast og er endnu ikke godkendt.",
        "This page is a draft and has not been approved yet.",
    ),
    (
        "approved_note",
        "Dette er den godkendte version fra {date}. En ny version er under udarbejdelse.",
        "This is the approved version of {date}. A new version is being prepared.",
    ),
    (
        "accessibility_statement",
        "Tilgængelighedserklæring",
        "Accessibility statement",
    ),
    (
        "source_repository",
        "Kildekode og historik",
        "Source and history",
    ),
    ("edit_page", "Rediger denne side", "Edit this page"),
    ("built_with", "Bygget med forvalt", "Built with forvalt"),
    ("show_all", "Vis alle ({n})", "Show all ({n})"),
    ("unplaced", "Uden placering", "Without a place"),
    ("redirecting", "Siden er flyttet", "This page has moved"),
    ("external_link", "andet websted", "another website"),
    (
        "redirect_link",
        "Gå til sidens nye adresse",
        "Go to the page's new address",
    ),
    (
        "group_lead",
        "Sider i denne gruppe:",
        "Pages in this group:",
    ),
    ("not_found_title", "Siden findes ikke", "Page not found"),
    (
        "not_found_text",
        "Vi kunne ikke finde den side, du leder efter. Den kan være flyttet eller slettet.",
        "We could not find the page you are looking for. It may have been moved or deleted.",
    ),
    ("to_front_page", "Gå til forsiden", "Go to the front page"),
    ("back_to_top", "Til toppen", "Back to top"),
    ("new_tab", "åbner i en ny fane", "opens in a new tab"),
    ("home", "Forside", "Home"),
    (
        "subpages_of",
        "Undersider til {title}",
        "Sub-pages of {title}",
    ),
    ("subpages", "Undersider", "Pages in this section"),
    ("links", "Links", "Links"),
    ("none", "Ingen.", "None."),
    ("all", "Alle", "All"),
    ("of", "af", "of"),
    ("source", "Kilde:", "Source:"),
    // Charts and diagrams.
    ("chart_table", "Vis som tabel", "Show as a table"),
    (
        "chart_table_link",
        "Se diagrammet som tabel",
        "See the chart as a table",
    ),
    (
        "chart_scroll",
        "{title} (kan rulles vandret)",
        "{title} (scrolls sideways)",
    ),
    ("chart_untitled", "Køreplan", "Roadmap"),
    (
        "chart_draw_failed",
        "Diagrammet kunne ikke tegnes her. Hent det som SVG.",
        "The chart could not be drawn here. Download it as SVG.",
    ),
    ("annual_cycle", "Årshjul", "Annual cycle"),
    ("download_chart", "Hent diagrammet:", "Download the chart:"),
    (
        "download_chart_as",
        "Hent diagrammet som",
        "Download the chart as",
    ),
    (
        "chart_error",
        "Roadmappen indeholder fejl",
        "The roadmap has errors",
    ),
    (
        "chart_error_partial",
        "Opgaverne uden fejl er tegnet herunder.",
        "The tasks without errors are drawn below.",
    ),
    (
        "line_column",
        "linje {line}, kolonne {column}",
        "line {line}, column {column}",
    ),
    (
        "diagram_fallback",
        "Diagrammet kunne ikke tegnes. Her er diagrammets tekst:",
        "The diagram could not be drawn. This is its text:",
    ),
    (
        "diagram_unsupported",
        "forvalt kan ikke tegne diagramtypen »{kind}«.",
        "forvalt cannot draw diagrams of the type “{kind}”.",
    ),
    (
        "diagram_too_large",
        "Diagrammet er for stort til at blive tegnet (over 50.000 tegn eller over 100 niveauer inde i hinanden).",
        "The diagram is too large to be drawn (over 50,000 characters, or nested over 100 levels deep).",
    ),
    (
        "diagram_syntax",
        "Diagrammet har en fejl i linje {line}: {message}",
        "The diagram has an error on line {line}: {message}",
    ),
    (
        "diagram_source",
        "Vis diagrammets tekst",
        "Show the diagram's text",
    ),
    ("gantt_section", "Sektion", "Section"),
    ("gantt_task", "Opgave", "Task"),
    ("gantt_start", "Start", "Start"),
    ("gantt_end", "Slut", "End"),
    ("gantt_status", "Status", "Status"),
    ("wheel_as_list", "som liste", "as a list"),
    ("wheel_date", "Dato", "Date"),
    ("wheel_ring", "Ring", "Ring"),
    ("wheel_event", "Begivenhed", "Event"),
    ("wheel_time", "Tid", "Time"),
    ("wheel_place", "Sted", "Place"),
    ("wheel_held", "afholdt", "held"),
    ("wheel_planned", "planlagt", "planned"),
    // Callouts and alerts.
    ("callout_note", "Bemærk", "Note"),
    ("callout_tip", "Tip", "Tip"),
    ("callout_important", "Vigtigt", "Important"),
    ("callout_warning", "Advarsel", "Warning"),
    ("callout_caution", "Forsigtig", "Caution"),
    ("callout_new", "Nyt", "New"),
    ("task_done", "udført", "done"),
    ("task_open", "ikke udført", "not done"),
    // The records' overview pages.
    ("decision_log", "Beslutningslog", "Decision log"),
    ("meetings", "Møder", "Meetings"),
    ("change_requests", "Ændringsønsker", "Change requests"),
    ("actions", "Opgaver", "Actions"),
    ("status_report", "Statusrapport", "Status report"),
    (
        "decision_log_lead",
        "Alle beslutninger i beslutningsloggen, nyeste først. Filtrér efter type, status, beslutningstager og år.",
        "Every decision in the log, newest first. Filter by type, status, decision maker and year.",
    ),
    ("decisions", "Beslutninger", "Decisions"),
    ("date", "Dato", "Date"),
    ("type", "Type", "Type"),
    ("title", "Titel", "Title"),
    ("status", "Status", "Status"),
    ("decided_by", "Besluttet af", "Decided by"),
    ("year", "År", "Year"),
    ("by_mail", "pr. mail", "by mail"),
    ("at_meeting", "på møde", "at a meeting"),
    ("status_proposed", "Forslag", "Proposed"),
    ("status_accepted", "Accepteret", "Accepted"),
    ("status_rejected", "Afvist", "Rejected"),
    ("status_superseded", "Erstattet", "Superseded"),
    ("status_unknown", "Ukendt", "Unknown"),
    ("meets", "Afholdes", "Meets"),
    (
        "subscribe_meetings",
        "Abonnér på møderne i din kalender ({body})",
        "Subscribe to the meetings in your calendar ({body})",
    ),
    ("upcoming_meetings", "Kommende møder", "Upcoming meetings"),
    ("past_meetings", "Tidligere møder", "Past meetings"),
    ("meeting", "Møde", "Meeting"),
    ("state", "Tilstand", "State"),
    ("minutes", "Referat", "Minutes"),
    ("attendance", "Fremmøde", "Attendance"),
    ("meeting_cancelled", "Aflyst", "Cancelled"),
    ("meeting_held", "Afholdt", "Held"),
    ("meeting_no_minutes", "Uden referat", "No minutes"),
    ("meeting_planned", "Planlagt", "Planned"),
    ("minutes_none", "Intet referat", "No minutes"),
    (
        "minutes_ready",
        "Klar til godkendelse",
        "Ready for approval",
    ),
    ("minutes_approved", "Godkendt", "Approved"),
    ("minutes_published", "Publiceret", "Published"),
    (
        "roster",
        "Medlemmer ifølge deltagerlisterne",
        "Members according to the participant lists",
    ),
    (
        "roster_count",
        "{present} af {invited} møder",
        "{present} of {invited} meetings",
    ),
    (
        "awaiting_decision",
        "Afventer beslutning",
        "Awaiting decision",
    ),
    (
        "nothing_awaits",
        "Ingen forslag afventer beslutning.",
        "No proposal awaits a decision.",
    ),
    (
        "change_requests_lead",
        "{count} ændringsønsker. {funding} søger medfinansiering (crowdfunding); tilsagn i alt {total}.",
        "{count} change requests. {funding} seek co-funding (crowdfunding); pledged in total {total}.",
    ),
    ("board", "Tavle", "Board"),
    ("score", "score", "score"),
    ("crowdfunding", "crowdfunding", "crowdfunding"),
    ("by_priority", "Efter prioritet", "By priority"),
    (
        "by_priority_caption",
        "Ændringsønsker sorteret efter prioritetsscore",
        "Change requests by priority score",
    ),
    ("request", "Ønske", "Request"),
    ("score_column", "Score", "Score"),
    ("pledged", "Tilsagn", "Pledged"),
    ("issue", "Issue", "Issue"),
    (
        "actions_lead",
        "{open} åbne opgaver, {overdue} overskredet.",
        "{open} open actions, {overdue} overdue.",
    ),
    ("due", "Frist", "Due"),
    ("owner", "Ansvarlig", "Owner"),
    ("action", "Opgave", "Action"),
    ("agreed_at", "Aftalt på", "Agreed at"),
    ("overdue", "Overskredet", "Overdue"),
    ("open", "Åbne", "Open"),
    ("done_actions", "Udførte opgaver", "Done"),
    ("done", "Udført", "Done"),
    ("as_of", "Opgjort pr.", "As of"),
    ("late_items", "Forsinkede aktiviteter", "Late roadmap items"),
    (
        "due_items",
        "Aktiviteter der slutter inden for 60 dage",
        "Roadmap items due within 60 days",
    ),
    (
        "done_items",
        "Afsluttet de seneste 90 dage",
        "Done in the last 90 days",
    ),
    ("milestones_reached", "Nåede milepæle", "Milestones reached"),
    (
        "decisions_awaiting",
        "Beslutninger der afventer",
        "Decisions awaiting",
    ),
    (
        "requests_in_progress",
        "Ændringsønsker i gang",
        "Change requests in progress",
    ),
    ("overdue_actions", "Overskredne opgaver", "Overdue actions"),
    // Record cards.
    ("about_decision", "Om beslutningen", "About the decision"),
    ("status_history", "Statushistorik", "Status history"),
    // Issues.
    ("decision", "Beslutning", "Decision"),
    ("change_request", "Ændringsønske", "Change request"),
    ("about_issue", "Om sagen", "About the issue"),
    ("issue_state", "Sagen på GitHub", "The issue on GitHub"),
    ("issue_open", "Åben", "Open"),
    ("issue_closed", "Lukket", "Closed"),
    ("issue_reopened", "Genåbnet", "Reopened"),
    ("issue_completed", "gennemført", "completed"),
    ("issue_not_planned", "ikke planlagt", "not planned"),
    ("labels", "Etiketter", "Labels"),
    ("opened_by", "Oprettet af", "Opened by"),
    ("assignees", "Ansvarlige", "Assignees"),
    (
        "issue_on_github",
        "Se sagen på GitHub",
        "See the issue on GitHub",
    ),
    ("on_github", "på GitHub", "on GitHub"),
    ("discussion", "Drøftelse", "Discussion"),
    (
        "no_comments",
        "Ingen kommentarer endnu.",
        "No comments yet.",
    ),
    ("decision_makers", "Beslutningstagere", "Decision makers"),
    ("decided_at", "Besluttet på", "Decided at"),
    ("discussed_at", "Behandlet på", "Discussed at"),
    ("supersedes", "Erstatter", "Supersedes"),
    ("superseded_by", "Erstattet af", "Superseded by"),
    ("about_meeting", "Om mødet", "About the meeting"),
    ("body", "Organ", "Body"),
    ("time", "Tid", "Time"),
    ("at_time", "kl.", "at"),
    ("place", "Sted", "Place"),
    ("absent", "fraværende", "absent"),
    ("chair", "Mødeleder", "Chair"),
    ("minute_taker", "Referent", "Minute-taker"),
    (
        "decided_under_item",
        "Besluttet under punkt",
        "Decided under item",
    ),
    // Matrices.
    (
        "computed_priority",
        "Beregnet prioritet",
        "Computed priority",
    ),
    ("computed_risk", "Beregnet risiko", "Computed risk"),
    ("sum_of_scores", "sum af scorerne", "sum of the scores"),
    (
        "likelihood_impact",
        "sandsynlighed × konsekvens",
        "likelihood × impact",
    ),
    ("matrix_item", "Emne", "Item"),
    // Governance reports.
    (
        "gov_title",
        "Beregnet produktniveau",
        "Computed product level",
    ),
    (
        "gov_lead",
        "Beregnet ud fra rapportens svar: et niveau er nået, når alle krav på niveauet og niveauerne under er opfyldt. Ikke relevante krav tæller som opfyldt, og anbefalinger blokerer ikke.",
        "Computed from the report's answers: a level is reached when every requirement at that level and below is met. Requirements that are not relevant count as met, and recommendations never block.",
    ),
    ("gov_reached", "Nået", "Reached"),
    ("gov_claimed", "Rapporten angiver", "The report states"),
    ("gov_blocking", "Det mangler for", "Missing for"),
    ("gov_counts", "Svar pr. niveau", "Answers per level"),
    ("gov_total", "I alt", "Total"),
    ("gov_level", "Niveau", "Level"),
    ("gov_sandbox", "Sandkasse", "Sandbox"),
    ("gov_no_level", "Intet niveau", "No level"),
    ("gov_met", "Opfyldt", "Met"),
    ("gov_not_met", "Ikke opfyldt", "Not met"),
    ("gov_not_relevant", "Ikke relevant", "Not relevant"),
    ("gov_unsure", "I tvivl", "Unsure"),
    ("gov_unanswered", "Ikke vurderet", "Not evaluated"),
    ("gov_green", "Grøn", "Green"),
    ("gov_yellow", "Gul", "Yellow"),
    ("gov_red", "Rød", "Red"),
    (
        "gov_grey",
        "Grå eller ikke vurderet",
        "Grey or not assessed",
    ),
    ("gov_all_levels", "Alle niveauer", "All levels"),
    // Print.
    ("print_printed", "Udskrevet", "Printed"),
    ("print_version", "Version", "Version"),
    ("print_contents", "Indhold", "Contents"),
    ("print_page", "Side", "Page"),
    ("print_of", "af", "of"),
    (
        "print_site",
        "Hent hele sitet som PDF",
        "Download the whole site as PDF",
    ),
    (
        "print_pack",
        "Hent mødepakken som PDF",
        "Download the meeting's pack as PDF",
    ),
    ("gov_history", "Niveau over tid", "Level over time"),
    ("gov_report", "Rapport", "Report"),
    ("gov_change", "Ændring", "Change"),
    (
        "gov_requirements",
        "Rapportens krav",
        "The report's requirements",
    ),
    ("gov_requirement", "Krav", "Requirement"),
    ("gov_answer", "Svar", "Answer"),
    ("gov_evidence", "Dokumentation", "Evidence"),
    ("gov_self_evaluation", "Selvevaluering", "Self-evaluation"),
    ("gov_product", "Produkt", "Product"),
    ("gov_filled_by", "Udfyldt af", "Filled in by"),
    ("gov_filled_date", "Dato for udfyldelse", "Date filled in"),
    (
        "gov_file",
        "Hent selvevalueringen som JSON",
        "Download the self-evaluation as JSON",
    ),
    ("computed", "Beregnet", "Computed"),
    // History.
    ("history_lead", "Ændringerne i", "The changes to"),
    (
        "history_order",
        "Nyeste først, som de står i versionsstyringen (git).",
        "Newest first, as recorded in version control (git).",
    ),
    ("former_names", "Tidligere filnavn:", "Former file names:"),
    (
        "history_shallow",
        "Historikken er afkortet: siden er bygget fra en kopi uden den ældre historik (shallow clone).",
        "The history is cut short: the site was built from a copy without the older history (a shallow clone).",
    ),
    ("changes_title", "Ændringer", "Changes"),
    ("part", "del", "part"),
    ("shown", "vist her", "shown here"),
    ("history_parts", "Flere ændringer", "More changes"),
    ("newer_changes", "Nyere ændringer", "Newer changes"),
    ("older_changes", "Ældre ændringer", "Older changes"),
    ("change_heading", "Ændring", "Change"),
    ("by", "Af", "By"),
    ("version", "Version", "Version"),
    (
        "roadmap_changes",
        "Ændringer i køreplanen",
        "Changes to the roadmap",
    ),
    ("the_setting", "Indstillingen", "The setting"),
    ("item_new", "Ny:", "New:"),
    ("item_removed", "Fjernet:", "Removed:"),
    ("renamed", "omdøbt:", "renamed:"),
    (
        "moved_to_section",
        "flyttet til sektion",
        "moved to section",
    ),
    ("moved_later", "udskudt", "moved later by"),
    ("moved_earlier", "fremrykket", "moved earlier by"),
    ("the_milestone", "milepælen", "the milestone"),
    ("start", "start", "start"),
    ("end", "slut", "end"),
    ("day", "dag", "day"),
    ("days", "dage", "days"),
    ("working_day", "arbejdsdag", "working day"),
    ("working_days", "arbejdsdage", "working days"),
    ("latest_change", "Seneste ændring", "Latest change"),
    (
        "compared_with",
        "Sammenlignet med versionen fra",
        "Compared with the version of",
    ),
    ("changed_on", "ændret", "changed on"),
    (
        "not_committed",
        "ændringerne er endnu ikke gemt i versionsstyringen",
        "the changes are not yet committed",
    ),
    ("since_baseline", "Siden baseline", "Since the baseline"),
    (
        "compared_with_baseline",
        "Sammenlignet med den godkendte plan fra",
        "Compared with the approved plan of",
    ),
    (
        "milestone_slippage",
        "Milepælenes forskydning",
        "Milestone slippage",
    ),
    ("milestone", "Milepæl", "Milestone"),
    ("first_planned", "Først planlagt", "First planned"),
    ("now", "Nu", "Now"),
    ("slippage", "Forskydning", "Slippage"),
    (
        "dates_in_versions",
        "Datoer i versionerne",
        "Dates in the versions",
    ),
    ("no_slippage", "ingen", "none"),
    ("version_of", "version", "version of"),
    (
        "since_lead",
        "Hvad der er sket siden hvert organs seneste møde: beslutninger, ændringer i køreplanerne og ændrede dokumenter, til dagsordenen for næste møde.",
        "What happened since each body's latest meeting: decisions, roadmap changes and changed documents, for the next meeting's agenda.",
    ),
    ("since_meeting_of", "siden mødet", "since the meeting of"),
    ("latest_meeting", "Seneste møde:", "Latest meeting:"),
    ("roadmaps", "Køreplaner", "Roadmaps"),
    (
        "changed_documents",
        "Ændrede dokumenter",
        "Changed documents",
    ),
    ("status_colon", "status:", "status:"),
];

/// The interface strings of one language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Strings {
    /// The `lang` attribute: `da` or `en`.
    pub lang: &'static str,
}

/// Danish.
pub static DA: Strings = Strings { lang: "da" };
/// English.
pub static EN: Strings = Strings { lang: "en" };

fn index() -> &'static HashMap<&'static str, (&'static str, &'static str)> {
    static INDEX: OnceLock<HashMap<&'static str, (&'static str, &'static str)>> = OnceLock::new();
    INDEX.get_or_init(|| TABLE.iter().map(|(k, da, en)| (*k, (*da, *en))).collect())
}

impl Strings {
    /// Whether these are the Danish strings.
    pub fn danish(&self) -> bool {
        self.lang == "da"
    }

    /// The string `key` (the key itself when the table has none, which a test rules out).
    pub fn t(&self, key: &'static str) -> &'static str {
        match index().get(key) {
            Some((da, en)) => {
                if self.danish() {
                    da
                } else {
                    en
                }
            }
            None => key,
        }
    }

    /// The string `key` with `{name}` placeholders filled in.
    pub fn fill(&self, key: &'static str, values: &[(&str, &str)]) -> String {
        let mut s = self.t(key).to_string();
        for (name, value) in values {
            s = s.replace(&format!("{{{name}}}"), value);
        }
        s
    }

    /// Every key of the table.
    pub fn keys() -> impl Iterator<Item = &'static str> {
        TABLE.iter().map(|(k, _, _)| *k)
    }
}

/// The strings serialise as a map `key → text` (with `lang`), the templates' `strings`.
impl Serialize for Strings {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(TABLE.len() + 1))?;
        m.serialize_entry("lang", self.lang)?;
        for (k, da, en) in TABLE {
            m.serialize_entry(k, if self.danish() { da } else { en })?;
        }
        m.end()
    }
}

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_unique_and_both_languages_are_filled() {
        let mut seen = std::collections::HashSet::new();
        for (k, da, en) in TABLE {
            assert!(seen.insert(*k), "{k} twice");
            assert!(!da.is_empty() && !en.is_empty(), "{k} empty");
            let holes = |s: &str| {
                let mut v: Vec<String> = s
                    .split('{')
                    .skip(1)
                    .filter_map(|p| p.split_once('}').map(|(h, _)| h.to_string()))
                    .collect();
                v.sort();
                v
            };
            assert_eq!(holes(da), holes(en), "{k}: placeholders differ");
        }
    }

    #[test]
    fn fill_puts_values_in() {
        assert_eq!(DA.fill("show_all", &[("n", "12")]), "Vis alle (12)");
        assert_eq!(EN.t("home"), "Home");
    }
}
