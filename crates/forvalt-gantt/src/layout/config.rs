//! Mermaid's `gantt` configuration, resolved from defaults, the caller's settings and the
//! chart's own front matter and directives.

use serde_json::{Map, Value as Json};

/// The settings that shape a drawn chart (Mermaid's `GanttDiagramConfig`).
#[derive(Debug, Clone, PartialEq)]
pub struct GanttConfig {
    /// Title baseline and the today line's top/bottom inset.
    pub title_top_margin: f64,
    /// Bar height.
    pub bar_height: f64,
    /// Gap between rows.
    pub bar_gap: f64,
    /// Space above the first row (and below the last).
    pub top_padding: f64,
    /// Space right of the time axis.
    pub right_padding: f64,
    /// Space left of the time axis (section names).
    pub left_padding: f64,
    /// Top of grid lines and markers.
    pub grid_line_start_padding: f64,
    /// Task label size.
    pub font_size: f64,
    /// Section label size (may be any CSS size).
    pub section_font_size: String,
    /// How many section colours cycle.
    pub number_section_styles: usize,
    /// Default axis format.
    pub axis_format: Option<String>,
    /// Default tick interval.
    pub tick_interval: Option<String>,
    /// Draw a second axis at the top.
    pub top_axis: bool,
    /// `compact` packs tasks of a section into shared rows.
    pub display_mode: String,
    /// Start of week ticks.
    pub weekday: String,
    /// Scale down to the container (`width="100%"`).
    pub use_max_width: bool,
    /// Fixed width, overriding the container's.
    pub use_width: Option<f64>,
}

impl Default for GanttConfig {
    fn default() -> Self {
        GanttConfig {
            title_top_margin: 25.0,
            bar_height: 20.0,
            bar_gap: 4.0,
            top_padding: 50.0,
            right_padding: 75.0,
            left_padding: 75.0,
            grid_line_start_padding: 35.0,
            font_size: 11.0,
            section_font_size: "11".into(),
            number_section_styles: 4,
            axis_format: None,
            tick_interval: None,
            top_axis: false,
            display_mode: String::new(),
            weekday: "sunday".into(),
            use_max_width: true,
            use_width: None,
        }
    }
}

impl GanttConfig {
    /// Applies the keys of a `gantt:` config object (unknown keys and wrong types are ignored).
    pub fn apply(&mut self, map: &Map<String, Json>) {
        let num = |v: &Json| {
            v.as_f64()
                .or_else(|| v.as_str().and_then(|s| s.trim().parse().ok()))
        };
        for (k, v) in map {
            match k.as_str() {
                "titleTopMargin" => set(&mut self.title_top_margin, num(v)),
                "barHeight" => set(&mut self.bar_height, num(v)),
                "barGap" => set(&mut self.bar_gap, num(v)),
                "topPadding" => set(&mut self.top_padding, num(v)),
                "rightPadding" => set(&mut self.right_padding, num(v)),
                "leftPadding" => set(&mut self.left_padding, num(v)),
                "gridLineStartPadding" => set(&mut self.grid_line_start_padding, num(v)),
                "fontSize" => set(&mut self.font_size, num(v)),
                "sectionFontSize" => {
                    if let Some(s) = v.as_str() {
                        self.section_font_size = s.to_string();
                    } else if let Some(n) = v.as_f64() {
                        self.section_font_size = crate::js::number_to_string(n);
                    }
                }
                "numberSectionStyles" => {
                    if let Some(n) = num(v).filter(|n| *n >= 1.0 && *n <= 1000.0) {
                        self.number_section_styles = n as usize;
                    }
                }
                "axisFormat" => self.axis_format = v.as_str().map(str::to_string),
                "tickInterval" => self.tick_interval = v.as_str().map(str::to_string),
                "topAxis" => {
                    if let Some(b) = v.as_bool() {
                        self.top_axis = b;
                    }
                }
                "displayMode" => {
                    if let Some(s) = v.as_str() {
                        self.display_mode = s.to_string();
                    }
                }
                "weekday" => {
                    if let Some(s) = v.as_str() {
                        self.weekday = s.to_string();
                    }
                }
                "useMaxWidth" => {
                    if let Some(b) = v.as_bool() {
                        self.use_max_width = b;
                    }
                }
                "useWidth" => self.use_width = num(v).filter(|w| *w > 0.0 && *w < 100_000.0),
                _ => {}
            }
        }
    }
}

fn set(slot: &mut f64, value: Option<f64>) {
    if let Some(v) = value.filter(|v| v.is_finite() && v.abs() < 100_000.0) {
        *slot = v;
    }
}
