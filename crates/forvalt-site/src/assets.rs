//! The theme's static assets: stylesheet, script, icon and the chart font (served from the
//! site itself — no request ever goes to another host).

/// The stylesheet.
pub const CSS: &str = include_str!("../assets/forvalt.css");
/// The script.
pub const JS: &str = include_str!("../assets/forvalt.js");
/// The icon.
pub const FAVICON: &str = include_str!("../assets/favicon.svg");

/// Every asset: path below the asset directory → bytes.
pub fn files() -> Vec<(String, Vec<u8>)> {
    use forvalt_gantt::layout::font;
    vec![
        ("favicon.svg".into(), FAVICON.as_bytes().to_vec()),
        ("fonts/LiberationSans-Bold.ttf".into(), font::BOLD.to_vec()),
        (
            "fonts/LiberationSans-Italic.ttf".into(),
            font::ITALIC.to_vec(),
        ),
        (
            "fonts/LiberationSans-Regular.ttf".into(),
            font::REGULAR.to_vec(),
        ),
        ("fonts/OFL.txt".into(), font::LICENSE.as_bytes().to_vec()),
        ("forvalt.css".into(), CSS.as_bytes().to_vec()),
        ("forvalt.js".into(), JS.as_bytes().to_vec()),
    ]
}
