//! `score`: extraction measured against gold (SPEC 9). The matching is the reference scorer's
//! (`../shared/devset/score.py`), figure for figure; every miss and extra says why, from the
//! same trace `explain` keeps.
//!
//! Matching, per article: each gold casualty claim takes the first unused extracted claim that
//! fits it. Strict fits on source, kind (or an `alt_kinds` kind), side camp, value and bound;
//! lenient on kind, side camp and value. An extra excused by an `optional` entry (same value,
//! same line) is not a false positive. Blame fits on accuser camp and accused camp. A trap is
//! an extracted figure equal to a trap's value on its line that no gold claim on the line
//! explains.

mod emit;
pub mod gold;
mod why;

pub use emit::emit;

use crate::error::Error;
use crate::model::{Bound, Claim, Kind};
use crate::rules::RulePack;
use gold::{Case, Expected, GoldFile, GoldSide, GoldSource};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// True and false positives and false negatives of one figure.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Tally {
    pub tp: usize,
    pub fp: usize,
    #[serde(rename = "fn")]
    pub fn_: usize,
}

impl Tally {
    /// Precision (0 when nothing was found).
    pub fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }
    /// Recall (0 when nothing was expected).
    pub fn recall(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }
    /// The harmonic mean of precision and recall.
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
    fn add(&mut self, o: Tally) {
        self.tp += o.tp;
        self.fp += o.fp;
        self.fn_ += o.fn_;
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 0.0 } else { a as f64 / b as f64 }
}

/// Strict and lenient tallies of one casualty kind.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct KindScore {
    pub strict: Tally,
    pub lenient: Tally,
}

impl KindScore {
    fn add(&mut self, o: KindScore) {
        self.strict.add(o.strict);
        self.lenient.add(o.lenient);
    }
}

/// The figures of a set of articles (a language, a gold file, everything).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Figures {
    pub articles: usize,
    /// Casualty kinds, by kind.
    pub kinds: BTreeMap<Kind, KindScore>,
    pub blame: Tally,
    pub traps: usize,
}

impl Figures {
    /// All casualty kinds together.
    pub fn casualties(&self) -> KindScore {
        let mut all = KindScore::default();
        for k in self.kinds.values() {
            all.add(*k);
        }
        all
    }

    fn add(&mut self, o: &Figures) {
        self.articles += o.articles;
        for (k, v) in &o.kinds {
            self.kinds.entry(*k).or_default().add(*v);
        }
        self.blame.add(o.blame);
        self.traps += o.traps;
    }

    /// The reference scorer's summary line for these figures.
    pub fn summary_line(&self) -> String {
        let all = self.casualties();
        let (s, l, b) = (all.strict, all.lenient, self.blame);
        format!(
            "strict P={:.2} R={:.2} F1={:.2} | lenient P={:.2} R={:.2} F1={:.2} | blame P={:.2} R={:.2} F1={:.2} | traps={}",
            s.precision(),
            s.recall(),
            s.f1(),
            l.precision(),
            l.recall(),
            l.f1(),
            b.precision(),
            b.recall(),
            b.f1(),
            self.traps
        )
    }
}

/// What a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FindingKind {
    /// A gold claim nothing extracted fits (strictly, or for blame).
    Miss,
    /// An extracted claim no gold claim fits, even leniently.
    Extra,
    /// A trap taken as a count.
    Trap,
}

impl FindingKind {
    /// The label printed before a finding.
    pub fn label(self) -> &'static str {
        match self {
            FindingKind::Miss => "MISS",
            FindingKind::Extra => "EXTRA",
            FindingKind::Trap => "TRAP",
        }
    }
}

/// One MISS, EXTRA or TRAP, with where and why.
#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    pub kind: FindingKind,
    /// The gold case (article id).
    pub case: String,
    /// The article file and the line in it (front matter included).
    pub file: String,
    pub line: usize,
    /// The gold's body line.
    pub body_line: usize,
    /// The claim: `source kind side bound value`, or `blame accuser -> accused (source)`.
    pub claim: String,
    /// The extracted claim's words (extras and traps).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quote: Option<String>,
    pub why: String,
}

/// The figures of one gold file.
#[derive(Debug, Clone, Serialize)]
pub struct FileScore {
    pub path: String,
    pub figures: Figures,
}

/// Everything `score` measured.
#[derive(Debug, Clone, Serialize)]
pub struct Scores {
    pub files: Vec<FileScore>,
    /// By language (the gold cases' `lang`).
    pub languages: BTreeMap<String, Figures>,
    pub total: Figures,
    pub findings: Vec<Finding>,
    /// Claims extracted from the gold articles.
    pub claims: usize,
}

/// How sides and sources fall into camps: a side's camp is the side it is part of; a gold
/// `civilians_<side>` is that side's; a source's is its side's, else the camp its id starts
/// with (`<camp>_...`) when gold names that camp, else the id itself.
pub struct Camps {
    sides: BTreeMap<String, String>,
    sources: BTreeMap<String, String>,
    named: BTreeSet<String>,
}

impl Camps {
    /// The camps of `pack`, with the camp words gold files use.
    pub fn new(pack: &RulePack, files: &[GoldFile]) -> Camps {
        let camp_of = |i: crate::rules::SideIx| pack.sides[pack.camp(i)].id.0.clone();
        let sides: BTreeMap<String, String> = pack
            .sides
            .iter()
            .map(|s| (s.id.0.clone(), pack.sides[s.camp].id.0.clone()))
            .collect();
        let sources = pack
            .sources
            .iter()
            .filter_map(|s| s.side.map(|i| (s.id.0.clone(), camp_of(i))))
            .collect();
        let mut named: BTreeSet<String> = sides.values().cloned().collect();
        named.extend(gold::camp_words(files));
        Camps {
            sides,
            sources,
            named,
        }
    }

    /// The camp of a side id as gold or a claim writes it.
    pub fn side(&self, s: &str) -> String {
        if let Some(c) = self.sides.get(s) {
            return c.clone();
        }
        match s.strip_prefix("civilians_") {
            Some(base) => self.side(base),
            None => s.to_string(),
        }
    }

    /// The camp of a source id.
    pub fn source(&self, id: &str) -> String {
        if let Some(c) = self.sources.get(id) {
            return c.clone();
        }
        match id.split_once('_') {
            Some((prefix, _)) if self.named.contains(prefix) => self.side(prefix),
            _ => id.to_string(),
        }
    }
}

/// An extracted claim as matching sees it.
struct Got<'a> {
    claim: &'a Claim,
    /// Body line (the gold's numbering).
    line: i64,
}

fn kind_ok(e: &Expected, g: &Claim) -> bool {
    g.kind == e.kind || e.alt_kinds.contains(&g.kind)
}

fn side_ok(camps: &Camps, e: &Expected, g: &Claim) -> bool {
    match &e.side {
        GoldSide::Any => true,
        GoldSide::Side(s) => g
            .side
            .as_ref()
            .is_some_and(|x| camps.side(&x.0) == camps.side(s)),
    }
}

fn lenient_ok(camps: &Camps, e: &Expected, g: &Claim) -> bool {
    kind_ok(e, g) && e.value == g.value && side_ok(camps, e, g)
}

fn strict_ok(camps: &Camps, e: &Expected, g: &Claim) -> bool {
    lenient_ok(camps, e, g)
        && e.bound == g.bound.unwrap_or(Bound::Exact)
        && match &e.source {
            GoldSource::Any | GoldSource::Other { .. } => true,
            GoldSource::Id(s) => *s == g.source.0,
        }
}

fn blame_ok(camps: &Camps, e: &Expected, g: &Claim) -> bool {
    let accuser = g
        .accuser
        .as_ref()
        .map(|a| camps.side(&a.0))
        .unwrap_or_else(|| camps.source(&g.source.0));
    let want = |x: &Option<String>| x.as_deref().map(|s| camps.side(s));
    Some(accuser) == want(&e.accuser)
        && g.accused.as_ref().map(|a| camps.side(&a.0)) == want(&e.accused)
}

/// `source kind side bound value` of a gold claim, as the reference scorer prints it.
fn describe_expected(e: &Expected) -> String {
    if e.kind == Kind::Blame {
        return format!(
            "blame {} -> {} ({})",
            e.accuser.as_deref().unwrap_or("None"),
            e.accused.as_deref().unwrap_or("None"),
            source_name(&e.source)
        );
    }
    let side = match &e.side {
        GoldSide::Any => "any".to_string(),
        GoldSide::Side(s) => s.clone(),
    };
    format!(
        "{} {} {side} {} {}",
        source_name(&e.source),
        e.kind.as_str(),
        e.bound.as_str(),
        e.value.map_or("None".into(), |v| v.to_string())
    )
}

fn source_name(s: &GoldSource) -> String {
    match s {
        GoldSource::Any => "any".into(),
        GoldSource::Id(id) => id.clone(),
        GoldSource::Other { name, .. } => format!("other:{name}"),
    }
}

/// `source kind side bound value` of an extracted claim.
pub fn describe_claim(g: &Claim) -> String {
    let opt = |s: &Option<crate::model::SideId>| s.as_ref().map_or("None".into(), |x| x.0.clone());
    if g.kind == Kind::Blame {
        return format!(
            "blame {} -> {} ({})",
            opt(&g.accuser),
            opt(&g.accused),
            g.source
        );
    }
    format!(
        "{} {} {} {} {}",
        g.source,
        g.kind.as_str(),
        opt(&g.side),
        g.bound.map_or("None", Bound::as_str),
        g.value.map_or("None".into(), |v| v.to_string())
    )
}

/// Extracts each gold article's claims (with the trace) and scores them.
pub fn score(pack: &RulePack, files: &[GoldFile], lang: Option<&str>) -> Result<Scores, Error> {
    use rayon::prelude::*;
    let camps = Camps::new(pack, files);
    let cases: Vec<(usize, &Case)> = files
        .iter()
        .enumerate()
        .flat_map(|(i, f)| f.cases.iter().map(move |c| (i, c)))
        .collect();
    type Scored = (usize, String, Figures, Vec<Finding>, usize);
    let scored: Vec<Result<Scored, Error>> = cases
        .par_iter()
        .map(|&(fi, case)| {
            let article = read_article(case)?;
            let (claims, trace) = crate::extract::driver::trace(pack, &article, lang)?;
            let evidence = why::Evidence::new(pack, &article, &trace, case);
            let (figures, findings) = score_case(&camps, case, &claims, &evidence);
            Ok((fi, case.lang.clone(), figures, findings, claims.len()))
        })
        .collect();
    let mut out = Scores {
        files: files
            .iter()
            .map(|f| FileScore {
                path: f.path.clone(),
                figures: Figures::default(),
            })
            .collect(),
        languages: BTreeMap::new(),
        total: Figures::default(),
        findings: Vec::new(),
        claims: 0,
    };
    for r in scored {
        let (fi, lang, figures, findings, claims) = r?;
        out.claims += claims;
        out.files[fi].figures.add(&figures);
        out.languages.entry(lang).or_default().add(&figures);
        out.total.add(&figures);
        out.findings.extend(findings);
    }
    Ok(out)
}

fn read_article(case: &Case) -> Result<crate::model::Article, Error> {
    let name = case.article.display().to_string();
    let read = crate::read::ingest::collect(std::slice::from_ref(&name))?;
    read.articles.into_iter().next().ok_or_else(|| Error::Io {
        path: name.clone(),
        message: read
            .skipped
            .first()
            .map_or_else(|| "no article could be read".into(), |s| s.to_string()),
    })
}

/// Scores one article's claims against its gold, as the reference scorer does.
fn score_case(
    camps: &Camps,
    case: &Case,
    claims: &[Claim],
    ev: &why::Evidence,
) -> (Figures, Vec<Finding>) {
    let off = case.body_offset as i64;
    let got: Vec<Got> = claims
        .iter()
        .map(|c| Got {
            claim: c,
            line: c.line as i64 - off,
        })
        .collect();
    let got_cas: Vec<&Got> = got.iter().filter(|g| g.claim.kind != Kind::Blame).collect();
    let got_bl: Vec<&Got> = got.iter().filter(|g| g.claim.kind == Kind::Blame).collect();
    let exp_cas: Vec<&Expected> = case
        .claims
        .iter()
        .filter(|e| e.kind != Kind::Blame)
        .collect();
    let exp_bl: Vec<&Expected> = case
        .claims
        .iter()
        .filter(|e| e.kind == Kind::Blame)
        .collect();
    let mut fig = Figures {
        articles: 1,
        ..Default::default()
    };
    let mut findings = Vec::new();
    let finding = |kind, line: i64, claim: String, quote: Option<String>, why: String| Finding {
        kind,
        case: case.id.clone(),
        file: ev.path().to_string(),
        line: (line + off).max(0) as usize,
        body_line: line.max(0) as usize,
        claim,
        quote,
        why,
    };
    let extra = |g: &Got| {
        finding(
            FindingKind::Extra,
            g.line,
            describe_claim(g.claim),
            Some(g.claim.quote.clone()),
            ev.extra(g.claim),
        )
    };
    let excusing: Vec<&gold::OptionalClaim> =
        case.optional.iter().filter(|o| o.value.is_some()).collect();
    for strict in [true, false] {
        let ok = |e: &Expected, g: &Claim| {
            if strict {
                strict_ok(camps, e, g)
            } else {
                lenient_ok(camps, e, g)
            }
        };
        let mut used = vec![false; got_cas.len()];
        for e in &exp_cas {
            let hit = (0..got_cas.len()).find(|&i| !used[i] && ok(e, got_cas[i].claim));
            let slot = fig.kinds.entry(e.kind).or_default();
            let t = if strict {
                &mut slot.strict
            } else {
                &mut slot.lenient
            };
            match hit {
                Some(i) => {
                    used[i] = true;
                    t.tp += 1;
                }
                None => {
                    t.fn_ += 1;
                    if strict {
                        let near = got_cas
                            .iter()
                            .find(|g| lenient_ok(camps, e, g.claim))
                            .map(|g| g.claim);
                        findings.push(finding(
                            FindingKind::Miss,
                            e.line as i64,
                            describe_expected(e),
                            None,
                            ev.miss(camps, e, near),
                        ));
                    }
                }
            }
        }
        for (i, g) in got_cas.iter().enumerate() {
            if used[i] {
                continue;
            }
            let excused = excusing
                .iter()
                .any(|o| o.value == g.claim.value && o.line.is_none_or(|l| l as i64 == g.line));
            if !excused {
                let slot = fig.kinds.entry(g.claim.kind).or_default();
                if strict {
                    slot.strict.fp += 1;
                } else {
                    slot.lenient.fp += 1;
                }
            }
            if strict && !exp_cas.iter().any(|e| lenient_ok(camps, e, g.claim)) {
                findings.push(extra(g));
            }
        }
    }
    let mut used = vec![false; got_bl.len()];
    for e in &exp_bl {
        match (0..got_bl.len()).find(|&i| !used[i] && blame_ok(camps, e, got_bl[i].claim)) {
            Some(i) => {
                used[i] = true;
                fig.blame.tp += 1;
            }
            None => {
                fig.blame.fn_ += 1;
                findings.push(finding(
                    FindingKind::Miss,
                    e.line as i64,
                    describe_expected(e),
                    None,
                    ev.blame_miss(e),
                ));
            }
        }
    }
    let optional_lines: BTreeSet<i64> = case
        .optional
        .iter()
        .filter_map(|o| o.line.map(|l| l as i64))
        .collect();
    for (i, g) in got_bl.iter().enumerate() {
        if !used[i] && !optional_lines.contains(&g.line) {
            fig.blame.fp += 1;
            findings.push(extra(g));
        }
    }
    for t in &case.traps {
        for g in &got_cas {
            let on_line = t.line.is_none_or(|l| l as i64 == g.line);
            let explained = exp_cas
                .iter()
                .any(|e| lenient_ok(camps, e, g.claim) && e.line as i64 == g.line);
            if g.claim.value == Some(t.value) && on_line && !explained {
                fig.traps += 1;
                findings.push(finding(
                    FindingKind::Trap,
                    g.line,
                    format!("took {} ({})", t.value, t.why),
                    Some(g.claim.quote.clone()),
                    ev.extra(g.claim),
                ));
            }
        }
    }
    (fig, findings)
}

/// A floor a run must reach (`--min-f1` and the like).
#[derive(Debug, Clone, Copy)]
pub enum Floor {
    /// Lenient F1 of casualty claims, per language.
    Lenient(f64),
    /// Strict F1 of casualty claims, per language.
    Strict(f64),
    /// Blame F1, per language.
    Blame(f64),
    /// At most this many traps taken, per language.
    Traps(usize),
}

/// The floors not reached, one line each naming the language and the figure.
pub fn below(scores: &Scores, floors: &[Floor]) -> Vec<String> {
    let mut out = Vec::new();
    for (lang, f) in &scores.languages {
        let all = f.casualties();
        for floor in floors {
            // Figures are compared as printed (two decimals), so a floor set from a printed
            // figure holds on the run that printed it.
            let two = |x: f64| (x * 100.0).round() / 100.0;
            match *floor {
                Floor::Lenient(min) if two(all.lenient.f1()) < min => out.push(format!(
                    "{lang}: lenient F1 {:.2} is below --min-f1 {min}",
                    all.lenient.f1()
                )),
                Floor::Strict(min) if two(all.strict.f1()) < min => out.push(format!(
                    "{lang}: strict F1 {:.2} is below --min-strict-f1 {min}",
                    all.strict.f1()
                )),
                Floor::Blame(min) if two(f.blame.f1()) < min => out.push(format!(
                    "{lang}: blame F1 {:.2} is below --min-blame-f1 {min}",
                    f.blame.f1()
                )),
                Floor::Traps(max) if f.traps > max => out.push(format!(
                    "{lang}: {} traps taken, more than --max-traps {max}",
                    f.traps
                )),
                _ => {}
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::gold::{OptionalClaim, Trap};
    use super::*;
    use crate::extract::Trace;
    use crate::model::{Article, Group, Meta, SideId, SourceId};
    use crate::rules::Origin;

    fn pack() -> RulePack {
        RulePack::load(&Origin::Embedded).expect("the embedded pack loads")
    }

    fn claim(
        line: usize,
        source: &str,
        kind: Kind,
        side: Option<&str>,
        value: Option<u64>,
    ) -> Claim {
        Claim {
            file: "t.md".into(),
            line,
            span: (0, 0),
            quote: String::new(),
            lang: "en".into(),
            source: SourceId(source.into()),
            via: Vec::new(),
            kind,
            side: side.map(|s| SideId(s.into())),
            group: Some(Group::Unspecified),
            value,
            upper: None,
            bound: value.map(|_| Bound::Exact),
            accuser: None,
            accused: None,
            event: None,
            rule: "r".into(),
            increment: false,
            parts: Vec::new(),
            figures: Vec::new(),
            provenance: Default::default(),
        }
    }

    fn expected(line: usize, source: GoldSource, kind: Kind, side: &str, value: u64) -> Expected {
        Expected {
            line,
            cue: String::new(),
            source,
            kind,
            alt_kinds: Vec::new(),
            side: GoldSide::Side(side.into()),
            group: None,
            value: Some(value),
            bound: Bound::Exact,
            accuser: None,
            accused: None,
        }
    }

    fn case(claims: Vec<Expected>) -> Case {
        Case {
            id: "t".into(),
            lang: "en".into(),
            article: "t.md".into(),
            body_offset: 0,
            claims,
            optional: Vec::new(),
            traps: Vec::new(),
        }
    }

    fn run(pack: &RulePack, case: &Case, got: &[Claim]) -> (Figures, Vec<Finding>) {
        run_with(pack, &Camps::new(pack, &[]), case, got)
    }

    /// Scores `got` against `case` with no article trace behind the claims.
    fn run_with(
        pack: &RulePack,
        camps: &Camps,
        case: &Case,
        got: &[Claim],
    ) -> (Figures, Vec<Finding>) {
        let article = Article {
            path: "t.md".into(),
            text: String::new(),
            body_start: 0,
            meta: Meta::default(),
        };
        let trace = Trace::default();
        let ev = why::Evidence::new(pack, &article, &trace, case);
        score_case(camps, case, got, &ev)
    }

    /// Ids of the pack, found by shape so that no conflict's names are written here: a side
    /// that is part of another, its camp, and two sources of one side.
    struct Ids {
        part: String,
        camp: String,
        source_a: String,
        source_b: String,
    }

    fn ids(p: &RulePack) -> Ids {
        let part = p
            .sides
            .iter()
            .find(|s| s.part_of.is_some())
            .expect("the default pack has a side that is part of another");
        let camp = p.sides[part.camp].id.0.clone();
        let of_camp: Vec<&str> = p
            .sources
            .iter()
            .filter(|s| s.side.is_some_and(|i| p.sides[i].id.0 == camp))
            .map(|s| s.id.0.as_str())
            .collect();
        Ids {
            part: part.id.0.clone(),
            camp,
            source_a: of_camp[0].to_string(),
            source_b: of_camp[1].to_string(),
        }
    }

    #[test]
    fn camps_follow_part_of_and_civilians() {
        let p = pack();
        let i = ids(&p);
        let c = Camps::new(&p, &[]);
        assert_eq!(c.side(&i.part), i.camp);
        assert_eq!(c.side(&format!("civilians_{}", i.part)), i.camp);
        assert_eq!(c.source(&i.source_a), i.camp);
        assert_eq!(c.source("outlet"), "outlet");
    }

    #[test]
    fn an_other_source_fits_any_source_strictly_and_an_id_only_itself() {
        let p = pack();
        let i = ids(&p);
        let other = GoldSource::Other {
            name: "prosecutor".into(),
            camp: Some(i.camp.clone()),
        };
        let c = case(vec![
            expected(1, other, Kind::Killed, &format!("civilians_{}", i.camp), 12),
            expected(
                2,
                GoldSource::Id(i.source_a.clone()),
                Kind::Killed,
                &i.camp,
                7,
            ),
        ]);
        let got = [
            claim(1, &i.source_b, Kind::Killed, Some(&i.camp), Some(12)),
            claim(2, &i.source_b, Kind::Killed, Some(&i.part), Some(7)),
        ];
        let (f, findings) = run(&p, &c, &got);
        let k = f.kinds[&Kind::Killed];
        assert_eq!((k.strict.tp, k.strict.fp, k.strict.fn_), (1, 1, 1));
        assert_eq!((k.lenient.tp, k.lenient.fp, k.lenient.fn_), (2, 0, 0));
        // A lenient match is no EXTRA; the strict miss is a MISS.
        assert_eq!(findings.len(), 1, "{findings:?}");
        assert_eq!(findings[0].kind, FindingKind::Miss);
    }

    #[test]
    fn alt_kinds_and_any_side_match() {
        let p = pack();
        let mut e = expected(1, GoldSource::Any, Kind::Killed, "x", 30);
        e.alt_kinds = vec![Kind::Wounded];
        e.side = GoldSide::Any;
        let (f, _) = run(
            &p,
            &case(vec![e]),
            &[claim(1, "outlet", Kind::Wounded, None, Some(30))],
        );
        assert_eq!(f.casualties().strict.tp, 1);
    }

    #[test]
    fn an_optional_entry_excuses_an_extra_on_its_line_only() {
        let p = pack();
        let mut c = case(Vec::new());
        c.optional = vec![OptionalClaim {
            line: Some(3),
            value: Some(2),
        }];
        let on = run(&p, &c, &[claim(3, "outlet", Kind::Killed, None, Some(2))]).0;
        let off = run(&p, &c, &[claim(4, "outlet", Kind::Killed, None, Some(2))]).0;
        assert_eq!(on.casualties().strict.fp, 0);
        assert_eq!(off.casualties().strict.fp, 1);
    }

    #[test]
    fn a_trap_counts_unless_a_gold_claim_on_its_line_explains_the_figure() {
        let p = pack();
        let i = ids(&p);
        let mut c = case(vec![expected(
            1,
            GoldSource::Any,
            Kind::Killed,
            &i.camp,
            12,
        )]);
        c.traps = vec![
            Trap {
                line: Some(1),
                value: 12,
                why: "explained".into(),
            },
            Trap {
                line: Some(2),
                value: 12,
                why: "an age".into(),
            },
        ];
        let got = [
            claim(1, &i.source_a, Kind::Killed, Some(&i.camp), Some(12)),
            claim(2, &i.source_a, Kind::Killed, Some(&i.camp), Some(12)),
        ];
        let (f, findings) = run(&p, &c, &got);
        assert_eq!(f.traps, 1);
        assert!(
            findings
                .iter()
                .any(|x| x.kind == FindingKind::Trap && x.claim == "took 12 (an age)")
        );
    }

    #[test]
    fn blame_without_an_accuser_falls_back_to_the_camp_of_the_source() {
        let p = pack();
        let i = ids(&p);
        // A source of no side whose id starts with a camp word the gold uses.
        let sideless = p
            .sources
            .iter()
            .find(|s| s.side.is_none() && s.id.0.contains('_'))
            .expect("the default pack has a sideless source named <camp>_<kind>");
        let prefix = sideless.id.0.split('_').next().unwrap().to_string();
        let mut e = expected(
            1,
            GoldSource::Id(sideless.id.0.clone()),
            Kind::Blame,
            "x",
            0,
        );
        e.side = GoldSide::Any;
        e.value = None;
        e.accuser = Some(prefix.clone());
        e.accused = Some(i.part.clone());
        let c = case(vec![e]);
        let mut g = claim(1, &sideless.id.0, Kind::Blame, None, None);
        g.accused = Some(SideId(i.camp.clone()));
        let camps = Camps::new(
            &p,
            &[GoldFile {
                path: "g".into(),
                cases: vec![c.clone()],
            }],
        );
        assert_eq!(camps.source(&sideless.id.0), prefix);
        let (f, _) = run_with(&p, &camps, &c, &[g]);
        assert_eq!((f.blame.tp, f.blame.fp, f.blame.fn_), (1, 0, 0));
    }

    #[test]
    fn floors_compare_the_printed_figure() {
        let mut s = Scores {
            files: Vec::new(),
            languages: BTreeMap::new(),
            total: Figures::default(),
            findings: Vec::new(),
            claims: 0,
        };
        let mut f = Figures::default();
        // lenient F1 = 0.4545..., printed 0.45
        f.kinds.insert(
            Kind::Killed,
            KindScore {
                strict: Tally {
                    tp: 5,
                    fp: 6,
                    fn_: 6,
                },
                lenient: Tally {
                    tp: 5,
                    fp: 6,
                    fn_: 6,
                },
            },
        );
        s.languages.insert("en".into(), f);
        assert!(below(&s, &[Floor::Lenient(0.45)]).is_empty());
        assert_eq!(
            below(&s, &[Floor::Lenient(0.46)]),
            vec!["en: lenient F1 0.45 is below --min-f1 0.46"]
        );
    }
}
