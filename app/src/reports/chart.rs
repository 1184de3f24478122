//! Bar charts drawn as SVG in the page itself: they print, scale, and need no JavaScript.
//! Each bar shows registered (light) with attended (dark) over it.
use leptos::prelude::*;

/// One bar: its label, registered and attended.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    pub label: String,
    pub registered: i64,
    pub attended: i64,
}

const WIDTH: i64 = 640;
const LABEL: i64 = 200;
const NUMBERS: i64 = 90;
const ROW: i64 = 22;

fn short(label: &str) -> String {
    if label.chars().count() > 30 { format!("{}…", label.chars().take(29).collect::<String>()) } else { label.to_owned() }
}

/// A horizontal bar chart; `title` is read out by screen readers and shown below. Without an
/// `attended` word, it draws one series (the `registered` counts) under the `registered` word.
#[component]
pub fn BarChart(title: String, bars: Vec<Bar>, registered: String, attended: String) -> impl IntoView {
    let pair = !attended.is_empty();
    let max = bars.iter().map(|b| b.registered.max(b.attended)).max().unwrap_or(0).max(1);
    let area = WIDTH - LABEL - NUMBERS;
    let height = ROW * (bars.len() as i64) + ROW + 8;
    let id: String = format!("chart-{}", title.chars().filter(char::is_ascii_alphanumeric).collect::<String>().to_lowercase());
    let rows = bars
        .into_iter()
        .enumerate()
        .map(|(i, b)| {
            let y = ROW * (i as i64) + ROW + 4;
            let reg = area * b.registered / max;
            let att = if pair { area * b.attended / max } else { 0 };
            let number = if pair { format!("{} / {}", b.registered, b.attended) } else { b.registered.to_string() };
            view! {
                <g>
                    <text x=LABEL - 8 y=y + 14 text-anchor="end" class="chart-label">{short(&b.label)}</text>
                    <rect x=LABEL y=y + 2 width=reg height=16 class=if pair { "bar-registered" } else { "bar-attended" } />
                    {pair.then(|| view! { <rect x=LABEL y=y + 6 width=att height=8 class="bar-attended" /> })}
                    <text x=LABEL + reg.max(att) + 6 y=y + 14 class="chart-number">{number}</text>
                </g>
            }
        })
        .collect_view();
    view! {
        <figure class="chart">
            <svg viewBox=format!("0 0 {WIDTH} {height}") role="img" aria-labelledby=id.clone() width="100%" preserveAspectRatio="xMinYMin meet">
                <title id=id.clone()>{title.clone()}</title>
                <rect x=LABEL y=4 width=12 height=10 class=if pair { "bar-registered" } else { "bar-attended" } />
                <text x=LABEL + 16 y=13 class="chart-legend">{registered}</text>
                {pair.then(|| view! {
                    <rect x=LABEL + 140 y=6 width=12 height=6 class="bar-attended" />
                    <text x=LABEL + 156 y=13 class="chart-legend">{attended.clone()}</text>
                })}
                {rows}
            </svg>
            <figcaption>{title}</figcaption>
        </figure>
    }
}
