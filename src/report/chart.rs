//! SVG charts of the HTML report, drawn with plotters: each source's figure in a row, drawn as
//! honestly as it was said, and who blames whom in an event.
//!
//! The charts take plain marks, not claims, so the legend draws with the same code. Text in
//! them comes in already made printable; plotters escapes it for XML.

use crate::model::Bound;
use plotters::coord::Shift;
use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// Chart width in pixels; the page scales charts down to fit.
const WIDTH: u32 = 600;
/// Room for the source labels left of the plot.
const LABELS: u32 = 160;
/// Height of one source's lane.
const LANE: u32 = 30;
/// Room right of the plot for the figure of an open bar.
const RIGHT: u32 = 30;
const TOP: u32 = 10;
const AXIS: u32 = 28;
/// Half the height of a bar.
const BAR: i32 = 7;

/// The colours of the camps, in the order camps are first met; the last is for no camp.
pub const PALETTE: [RGBColor; 6] = [
    RGBColor(31, 119, 180),
    RGBColor(217, 95, 2),
    RGBColor(27, 158, 119),
    RGBColor(117, 112, 179),
    RGBColor(166, 118, 29),
    RGBColor(110, 110, 110),
];
const INK: RGBColor = RGBColor(40, 40, 40);
const GRID: RGBColor = RGBColor(225, 225, 225);
const ALERT: RGBColor = RGBColor(192, 40, 40);

/// One source's figure as drawn.
#[derive(Debug, Clone)]
pub struct Mark {
    /// The source, printable.
    pub label: String,
    /// The figure as written beside the bar (`>=49`, `300-500`).
    pub figure: String,
    pub value: f64,
    /// The interval the figure allows; `hi` is infinite for "at least".
    pub lo: f64,
    pub hi: f64,
    pub bound: Bound,
    pub color: RGBColor,
    /// Figures the same source gave earlier (a revision).
    pub earlier: Vec<f64>,
}

/// A row's chart: the marks, the low / best / high band and the gap of a conflict.
#[derive(Debug, Clone, Default)]
pub struct Figures {
    pub marks: Vec<Mark>,
    pub band: Option<(f64, f64, f64)>,
    /// The two ends of the smallest gap between sources that cannot both be right.
    pub gap: Option<(f64, f64)>,
}

/// A party or a third-party source in the blame diagram.
#[derive(Debug, Clone)]
pub struct Node {
    pub label: String,
    pub color: RGBColor,
    /// A source of no camp (drawn above the camps).
    pub third_party: bool,
}

/// "from blames to", with the sources that said so.
#[derive(Debug, Clone)]
pub struct Arrow {
    pub from: usize,
    pub to: usize,
    pub label: String,
    /// The accused blames the accuser back.
    pub mutual: bool,
}

type Area<'a> = DrawingArea<SVGBackend<'a>, Shift>;
type Drawn = Result<(), String>;

/// The SVG of a row's chart; a drawing error becomes a note in place of the chart.
pub fn figures(f: &Figures) -> String {
    let lanes = f.marks.len().max(1) as u32;
    let height = TOP + LANE * lanes + AXIS;
    svg((WIDTH, height), |root| draw_figures(root, f))
}

/// The SVG of an event's blame diagram.
pub fn blame(nodes: &[Node], arrows: &[Arrow]) -> String {
    let camps = nodes.iter().filter(|n| !n.third_party).count();
    let height = if camps > 2 { 300 } else { 150 };
    svg((WIDTH, height), |root| draw_blame(root, nodes, arrows))
}

fn svg(size: (u32, u32), draw: impl FnOnce(&Area) -> Drawn) -> String {
    let mut buf = String::new();
    let drawn = {
        let root = SVGBackend::with_string(&mut buf, size).into_drawing_area();
        draw(&root).and_then(|_| root.present().map_err(|e| e.to_string()))
    };
    match drawn {
        Ok(()) => buf,
        Err(e) => format!(
            "<p class=\"chart-error\">chart not drawn: {}</p>",
            e.replace('&', "&amp;").replace('<', "&lt;")
        ),
    }
}

fn font(size: u32, pos: Pos, color: &'static RGBColor) -> TextStyle<'static> {
    TextStyle::from(("sans-serif", size).into_font())
        .color(color)
        .pos(pos)
}

fn err<E: std::fmt::Display>(e: E) -> String {
    e.to_string()
}

/// The next round whole number at or above `v`, so axis ticks fall on whole people.
fn round_up(v: f64) -> f64 {
    if v <= 1.0 || !v.is_finite() {
        return 1.0;
    }
    let p = 10f64.powf(v.log10().floor());
    let steps: &[f64] = if p < 10.0 {
        &[1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0]
    } else {
        &[1.0, 2.0, 2.5, 5.0, 10.0]
    };
    steps
        .iter()
        .map(|m| m * p)
        .find(|x| *x >= v)
        .unwrap_or(10.0 * p)
}

/// `2783` as `2,783` (axis ticks; figures come written already).
pub fn thousands(v: f64) -> String {
    let n = v.round().max(0.0) as u64;
    let digits = n.to_string();
    let mut out = String::new();
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(d);
    }
    out
}

fn short(label: &str, max: usize) -> String {
    if label.chars().count() <= max {
        label.to_string()
    } else {
        let mut s: String = label.chars().take(max - 1).collect();
        s.push('\u{2026}');
        s
    }
}

fn draw_figures(root: &Area, f: &Figures) -> Drawn {
    root.fill(&WHITE).map_err(err)?;
    let n = f.marks.len().max(1) as f64;
    let top = f
        .marks
        .iter()
        .flat_map(|m| {
            let hi = if m.hi.is_finite() { m.hi } else { m.value };
            [m.value, hi].into_iter().chain(m.earlier.iter().copied())
        })
        .chain(f.band.map(|b| b.2))
        .fold(0.0, f64::max);
    // Room right of the largest figure, so an open bar visibly goes on.
    let xmax = round_up(top * 1.15);
    let mut chart = ChartBuilder::on(root)
        .margin_top(TOP)
        .margin_right(RIGHT)
        .x_label_area_size(AXIS)
        .y_label_area_size(LABELS)
        .build_cartesian_2d(0f64..xmax, 0f64..n)
        .map_err(err)?;
    chart
        .configure_mesh()
        .disable_y_mesh()
        .y_labels(0)
        // Up to six ticks, never between two whole numbers.
        .x_labels((xmax as usize + 1).min(6))
        .x_label_formatter(&|v| thousands(*v))
        .x_label_style(font(14, Pos::new(HPos::Center, VPos::Top), &INK))
        .light_line_style(TRANSPARENT)
        .bold_line_style(GRID)
        .axis_style(INK)
        .draw()
        .map_err(err)?;
    let at = |x: f64, lane: f64| chart.backend_coord(&(x.clamp(0.0, xmax), n - lane));
    let (x0, ytop) = at(0.0, 0.0);
    let (xend, ybottom) = at(xmax, n);
    if let Some((low, best, high)) = f.band {
        let (l, _) = at(low, 0.0);
        let (h, _) = at(high, 0.0);
        let (b, _) = at(best, 0.0);
        root.draw(&Rectangle::new(
            [(l, ytop), (h.max(l + 1), ybottom)],
            INK.mix(0.08).filled(),
        ))
        .map_err(err)?;
        root.draw(&PathElement::new(
            vec![(b, ytop), (b, ybottom)],
            INK.stroke_width(2),
        ))
        .map_err(err)?;
    }
    if let Some((a, b)) = f.gap {
        let (ga, _) = at(a, 0.0);
        let (gb, _) = at(b, 0.0);
        root.draw(&Rectangle::new(
            [(ga, ytop), (gb.max(ga + 1), ybottom)],
            ALERT.mix(0.14).filled(),
        ))
        .map_err(err)?;
        for x in [ga, gb] {
            root.draw(&DashedPathElement::new(
                vec![(x, ytop), (x, ybottom)],
                4,
                3,
                ALERT.stroke_width(1),
            ))
            .map_err(err)?;
        }
        // Named where there is room; the caption gives the gap in any case.
        let label = format!("gap {}", thousands(b - a));
        if gb - ga >= 8 * label.len() as i32 {
            root.draw(&Text::new(
                label,
                ((ga + gb) / 2, ytop + 2),
                font(14, Pos::new(HPos::Center, VPos::Top), &ALERT),
            ))
            .map_err(err)?;
        }
    }
    for (i, m) in f.marks.iter().enumerate() {
        let (_, y) = at(0.0, i as f64 + 0.5);
        root.draw(&Text::new(
            short(&m.label, 22),
            (x0 - 8, y),
            font(16, Pos::new(HPos::Right, VPos::Center), &INK),
        ))
        .map_err(err)?;
        let end = draw_mark(root, m, y, x0, xend, |x| at(x, 0.0).0)?;
        root.draw(&Text::new(
            m.figure.clone(),
            (end + 5, y),
            font(15, Pos::new(HPos::Left, VPos::Center), &INK),
        ))
        .map_err(err)?;
    }
    Ok(())
}

/// Draws one mark in its lane at pixel row `y`; returns where its figure is written.
fn draw_mark(
    root: &Area,
    m: &Mark,
    y: i32,
    x0: i32,
    xend: i32,
    px: impl Fn(f64) -> i32,
) -> Result<i32, String> {
    let solid = m.color.filled();
    let faint = m.color.mix(0.18).filled();
    let (top, bottom) = (y - BAR, y + BAR);
    let v = px(m.value);
    let bar = |a: i32, b: i32, style: ShapeStyle| {
        root.draw(&Rectangle::new([(a, top), (b.max(a + 2), bottom)], style))
            .map_err(err)
    };
    let line = |pts: Vec<(i32, i32)>, style: ShapeStyle| {
        root.draw(&PathElement::new(pts, style)).map_err(err)
    };
    let dashed = |pts: Vec<(i32, i32)>| {
        root.draw(&DashedPathElement::new(pts, 5, 3, m.color.stroke_width(2)))
            .map_err(err)
    };
    let end = match m.bound {
        Bound::Exact => {
            bar(x0, v, solid)?;
            v
        }
        Bound::About => {
            bar(x0, v, solid)?;
            let (lo, hi) = (px(m.lo), px(m.hi));
            line(vec![(lo, y), (hi, y)], INK.stroke_width(2))?;
            for x in [lo, hi] {
                line(vec![(x, y - 5), (x, y + 5)], INK.stroke_width(2))?;
            }
            hi.max(v)
        }
        // Open bars: the figure is only where the count starts; the bar runs off the scale.
        Bound::AtLeast | Bound::MoreThan => {
            bar(x0, v, solid)?;
            bar(v, xend - 8, faint)?;
            dashed(vec![(v, top), (xend - 8, top)])?;
            dashed(vec![(v, bottom), (xend - 8, bottom)])?;
            root.draw(&Polygon::new(
                vec![(xend - 8, top - 3), (xend + 4, y), (xend - 8, bottom + 3)],
                solid,
            ))
            .map_err(err)?;
            v
        }
        // A ceiling: nothing is claimed below it, so the bar is hollow up to a solid end.
        Bound::AtMost | Bound::UpTo => {
            bar(x0, v, faint)?;
            dashed(vec![(x0, top), (v, top)])?;
            dashed(vec![(x0, bottom), (v, bottom)])?;
            line(vec![(v, top - 3), (v, bottom + 3)], m.color.stroke_width(3))?;
            v
        }
        Bound::Range => {
            let (lo, hi) = (px(m.lo), px(m.hi));
            bar(lo, hi, solid)?;
            for x in [lo, hi] {
                line(vec![(x, top - 3), (x, bottom + 3)], INK.stroke_width(2))?;
            }
            hi
        }
    };
    for e in &m.earlier {
        root.draw(&Circle::new((px(*e), y), 4, WHITE.filled()))
            .map_err(err)?;
        root.draw(&Circle::new((px(*e), y), 4, INK.stroke_width(2)))
            .map_err(err)?;
    }
    Ok(end)
}

fn draw_blame(root: &Area, nodes: &[Node], arrows: &[Arrow]) -> Drawn {
    root.fill(&WHITE).map_err(err)?;
    let (w, h) = root.dim_in_pixel();
    let (w, h) = (w as f64, h as f64);
    let camps: Vec<usize> = (0..nodes.len())
        .filter(|&i| !nodes[i].third_party)
        .collect();
    let thirds: Vec<usize> = (0..nodes.len()).filter(|&i| nodes[i].third_party).collect();
    let mut pos = vec![(0.0, 0.0); nodes.len()];
    // Two camps face each other; more stand on a circle, so no arrow runs through a node.
    let row_y = if thirds.is_empty() { h / 2.0 } else { h * 0.66 };
    if camps.len() <= 2 {
        for (k, &i) in camps.iter().enumerate() {
            let x = if camps.len() == 1 {
                w / 2.0
            } else {
                w * (0.2 + 0.6 * k as f64)
            };
            pos[i] = (x, row_y);
        }
    } else {
        let r = (h / 2.0 - 40.0).max(40.0);
        for (k, &i) in camps.iter().enumerate() {
            let a =
                std::f64::consts::TAU * k as f64 / camps.len() as f64 - std::f64::consts::FRAC_PI_2;
            pos[i] = (w / 2.0 + 1.6 * r * a.cos(), h / 2.0 + 10.0 + r * a.sin());
        }
    }
    for (k, &i) in thirds.iter().enumerate() {
        pos[i] = (w * (k as f64 + 1.0) / (thirds.len() as f64 + 1.0), 30.0);
    }
    let (hw, hh) = (56.0, 17.0);
    for a in arrows {
        let (Some(&(fx, fy)), Some(&(tx, ty))) = (pos.get(a.from), pos.get(a.to)) else {
            continue;
        };
        let (dx, dy) = (tx - fx, ty - fy);
        let len = (dx * dx + dy * dy).sqrt();
        if len < 1.0 {
            continue;
        }
        let (ux, uy) = (dx / len, dy / len);
        // Leave the box where the line crosses its border; the way back runs beside it.
        let clip = (hw / ux.abs().max(1e-9)).min(hh / uy.abs().max(1e-9));
        let (nx, ny) = (-uy * 9.0, ux * 9.0);
        let from = (fx + ux * clip + nx, fy + uy * clip + ny);
        let to = (tx - ux * (clip + 2.0) + nx, ty - uy * (clip + 2.0) + ny);
        let third = nodes.get(a.from).is_some_and(|n| n.third_party);
        let color = if a.mutual { ALERT } else { INK };
        let p = |x: f64, y: f64| (x.round() as i32, y.round() as i32);
        let shaft = vec![p(from.0, from.1), p(to.0 - ux * 8.0, to.1 - uy * 8.0)];
        if third {
            root.draw(&DashedPathElement::new(shaft, 6, 4, color.stroke_width(2)))
                .map_err(err)?;
        } else {
            root.draw(&PathElement::new(shaft, color.stroke_width(2)))
                .map_err(err)?;
        }
        let back = (to.0 - ux * 11.0, to.1 - uy * 11.0);
        root.draw(&Polygon::new(
            vec![
                p(to.0, to.1),
                p(back.0 - uy * 5.0, back.1 + ux * 5.0),
                p(back.0 + uy * 5.0, back.1 - ux * 5.0),
            ],
            color.filled(),
        ))
        .map_err(err)?;
        let mid = (
            (from.0 + to.0) / 2.0 + nx * 1.6,
            (from.1 + to.1) / 2.0 + ny * 1.6,
        );
        root.draw(&Text::new(
            short(&a.label, 40),
            p(mid.0, mid.1),
            font(
                15,
                Pos::new(HPos::Center, VPos::Center),
                if a.mutual { &ALERT } else { &INK },
            ),
        ))
        .map_err(err)?;
    }
    if let Some(a) = arrows.iter().find(|a| a.mutual)
        && let (Some(&(fx, fy)), Some(&(tx, ty))) = (pos.get(a.from), pos.get(a.to))
    {
        root.draw(&Text::new(
            "mutual blame",
            (((fx + tx) / 2.0) as i32, ((fy + ty) / 2.0 + 46.0) as i32),
            font(16, Pos::new(HPos::Center, VPos::Center), &ALERT),
        ))
        .map_err(err)?;
    }
    for (i, n) in nodes.iter().enumerate() {
        let (x, y) = pos[i];
        let rect = [
            ((x - hw) as i32, (y - hh) as i32),
            ((x + hw) as i32, (y + hh) as i32),
        ];
        root.draw(&Rectangle::new(rect, WHITE.filled()))
            .map_err(err)?;
        root.draw(&Rectangle::new(rect, n.color.mix(0.18).filled()))
            .map_err(err)?;
        root.draw(&Rectangle::new(rect, n.color.stroke_width(2)))
            .map_err(err)?;
        root.draw(&Text::new(
            short(&n.label, 14),
            (x as i32, y as i32),
            font(18, Pos::new(HPos::Center, VPos::Center), &INK),
        ))
        .map_err(err)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mark(bound: Bound, value: f64, lo: f64, hi: f64) -> Mark {
        Mark {
            label: "src".into(),
            figure: "f".into(),
            value,
            lo,
            hi,
            bound,
            color: PALETTE[0],
            earlier: vec![],
        }
    }

    #[test]
    fn round_numbers() {
        assert_eq!(round_up(0.0), 1.0);
        assert_eq!(round_up(7.0), 8.0);
        assert_eq!(round_up(2.3), 3.0);
        assert_eq!(round_up(11.5), 20.0);
        assert_eq!(round_up(230.0), 250.0);
        assert_eq!(round_up(575.0), 1000.0);
        assert_eq!(thousands(2783.0), "2,783");
        assert_eq!(thousands(100.0), "100");
    }

    #[test]
    fn every_bound_draws_and_text_is_escaped() {
        let mut marks: Vec<Mark> = [
            mark(Bound::Exact, 7.0, 7.0, 7.0),
            mark(Bound::AtLeast, 2.0, 2.0, f64::INFINITY),
            mark(Bound::About, 35.0, 31.5, 38.5),
            mark(Bound::AtMost, 10.0, 0.0, 10.0),
            mark(Bound::Range, 300.0, 300.0, 500.0),
        ]
        .to_vec();
        marks[0].label = "<script>alert(1)</script>".into();
        marks[0].earlier = vec![3.0];
        let svg = figures(&Figures {
            marks,
            band: Some((7.0, 35.0, 500.0)),
            gap: Some((10.0, 300.0)),
        });
        assert!(svg.starts_with("<svg"), "{svg}");
        assert!(!svg.contains("<script"), "{svg}");
        assert!(svg.contains("&lt;script&gt;"), "{svg}");
        // The open bar ends in an arrowhead (a polygon); the gap is labelled.
        assert!(svg.contains("<polygon"), "{svg}");
        assert!(svg.contains("gap 290"), "{svg}");
    }

    #[test]
    fn blame_diagram_marks_mutual_blame() {
        let node = |l: &str, t: bool| Node {
            label: l.into(),
            color: PALETTE[1],
            third_party: t,
        };
        let nodes = vec![
            node("a", false),
            node("b", false),
            node("\"x\" onload=", true),
        ];
        let arrow = |from, to, mutual| Arrow {
            from,
            to,
            label: "s".into(),
            mutual,
        };
        let svg = blame(
            &nodes,
            &[arrow(0, 1, true), arrow(1, 0, true), arrow(2, 1, false)],
        );
        assert!(svg.contains("mutual blame"), "{svg}");
        assert!(!svg.contains("\"x\""), "{svg}");
        let one_way = blame(&nodes[..2], &[arrow(0, 1, false)]);
        assert!(!one_way.contains("mutual"), "{one_way}");
    }
}
