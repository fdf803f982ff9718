//! Reconciliation: claims grouped by event, camp, kind and group, compared as intervals.
//!
//! Each source's latest figure is its cell; earlier different figures of the same source are a
//! revision, not a conflict. Two sources conflict when their intervals (an "at least 2" is
//! [2, inf)) cannot both hold; the gap between them is shown, and a conflict between a camp's
//! own figure and the other camp's claim about it is flagged cross-camp. Copies of one text
//! (syndication) count as one independent source. docs/reconciliation.md states every rule.

use crate::model::{Bound, Claim, EventKey, Group, Kind, SideId, SourceId};
use crate::rules::{RulePack, SourceKind};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// The event id used for claims that no date or anchor places.
pub const UNASSIGNED: &str = "unassigned";

/// How the sources of a row relate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// The figures support each other: each source's figure lies within the others' ranges.
    Agree,
    /// The ranges overlap but no figure confirms the other ("at least 4" against "12").
    Compatible,
    Conflict,
    Revised,
    SingleSource,
    SingleCamp,
}

impl Status {
    /// The name shown in tables.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Agree => "agree",
            Status::Compatible => "compatible",
            Status::Conflict => "conflict",
            Status::Revised => "revised",
            Status::SingleSource => "single-source",
            Status::SingleCamp => "single-camp",
        }
    }
}

/// The whole reconciliation, one entry per event, sorted by event id.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub events: Vec<EventReport>,
}

/// Casualty rows and blame of one event.
#[derive(Debug, Clone, Serialize)]
pub struct EventReport {
    /// The event; none for claims no date or anchor places (written `unassigned`).
    #[serde(serialize_with = "event_id")]
    pub event: Option<EventKey>,
    pub name: Option<String>,
    pub rows: Vec<Row>,
    /// Blame by the camps.
    pub blame: Vec<BlameRow>,
    /// Sources of different camps blame different parties (mutual blame).
    pub blame_conflict: bool,
    /// Blame by sources of no camp (third parties such as mediators).
    pub third_party_blame: Vec<ThirdPartyBlame>,
    /// Why each article's claims are in this event (for `report --explain-events`).
    #[serde(skip)]
    pub placed: Vec<Placement>,
}

/// Why some of an article's claims are in an event.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Placement {
    pub file: String,
    /// Why, as extraction (and the joining of incidents) told it; empty when the claims came
    /// without provenance.
    pub why: String,
    pub claims: usize,
}

impl EventReport {
    /// The event's id as written: its key, or `unassigned`.
    pub fn id(&self) -> String {
        self.event
            .as_ref()
            .map_or_else(|| UNASSIGNED.to_string(), ToString::to_string)
    }
}

fn event_id<S: serde::Serializer>(e: &Option<EventKey>, s: S) -> Result<S::Ok, S::Error> {
    match e {
        Some(k) => s.collect_str(k),
        None => s.serialize_str(UNASSIGNED),
    }
}

/// One camp, kind and group in an event: each source's figure, the status and the estimates.
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    /// The camp whose people are counted; null when no claim names one.
    pub side: Option<SideId>,
    pub kind: Kind,
    pub group: Group,
    pub status: Status,
    /// For a conflict: the smallest distance between two sources' intervals.
    pub gap: Option<u64>,
    /// The conflict sets the counted camp's own figure against another camp's claim.
    pub cross_camp: bool,
    /// Camps whose own sources contradict each other in this row.
    pub self_contradicting: Vec<SideId>,
    pub estimate: Estimate,
    /// Distinct outlets whose articles carry the row's claims...
    pub outlets: usize,
    /// ...and how many of them are independent (copies of one text count once).
    pub independent: usize,
    pub cells: Vec<Cell>,
}

/// Low / best / high for a row, and which rule chose the best figure.
#[derive(Debug, Clone, Serialize)]
pub struct Estimate {
    pub low: u64,
    pub best: u64,
    pub high: u64,
    pub best_rule: String,
}

/// What one source said for a row: its latest figure, the earlier ones, the claims behind them.
#[derive(Debug, Clone, Serialize)]
pub struct Cell {
    pub source: SourceId,
    /// For the outlets' own voice: the outlets (copies of one text share a cell).
    pub outlets: Vec<String>,
    pub camp: Option<SideId>,
    /// The latest figure.
    pub figure: String,
    /// Earlier, different figures of the same source, latest first.
    pub earlier: Vec<String>,
    /// How much the figure holds of increments made after the source's last total ("one more
    /// died of wounds"); the figure alone is their sum (`+1`) when the source gave no total.
    #[serde(skip_serializing_if = "is_zero")]
    pub added: u64,
    /// The claims behind the cell, latest first.
    pub claims: Vec<Claim>,
}

impl Cell {
    /// The column label: the source id, with the outlet for the outlets' own voice.
    pub fn label(&self) -> String {
        match self.outlets.first() {
            Some(o) if self.source.0 == SourceId::OUTLET => format!("outlet: {o}"),
            _ => self.source.0.clone(),
        }
    }
}

/// Who a camp blames in an event, with the sources and claims behind it.
#[derive(Debug, Clone, Serialize)]
pub struct BlameRow {
    pub accuser: SideId,
    pub accused: SideId,
    /// The accused sides as the claims name them (e.g. a part of the accused camp).
    pub named: Vec<SideId>,
    pub sources: Vec<SourceId>,
    pub claims: Vec<Claim>,
}

/// Blame by a source of no camp.
#[derive(Debug, Clone, Serialize)]
pub struct ThirdPartyBlame {
    pub source: SourceId,
    pub accused: SideId,
    pub claims: Vec<Claim>,
}

/// Findings that fail a `report --fail-on` gate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FailOn {
    /// A row whose sources' figures cannot all be true.
    Conflict,
    /// Sources of different camps blaming different parties.
    Blame,
    /// Either.
    Any,
    /// A claim credited to a speaker the pack does not know (`unknown:<name>`): for teams that
    /// curate their packs.
    UnknownSource,
}

impl Report {
    /// The findings `fail_on` fails on, one line each.
    pub fn findings(&self, fail_on: FailOn) -> Vec<String> {
        let mut findings = Vec::new();
        for e in &self.events {
            if matches!(fail_on, FailOn::Conflict | FailOn::Any) {
                for r in e.rows.iter().filter(|r| r.status == Status::Conflict) {
                    let figures: Vec<String> = r
                        .cells
                        .iter()
                        .map(|c| format!("{} {}", c.source, c.figure))
                        .collect();
                    let side = r.side.as_ref().map_or("-".to_string(), |s| s.to_string());
                    findings.push(format!(
                        "conflict in event {}: {side} {}: {}",
                        e.id(),
                        r.kind.as_str(),
                        figures.join(" vs ")
                    ));
                }
            }
            if matches!(fail_on, FailOn::Blame | FailOn::Any) && e.blame_conflict {
                let pairs: Vec<String> = e
                    .blame
                    .iter()
                    .map(|b| format!("{} blames {}", b.accuser, b.accused))
                    .collect();
                findings.push(format!(
                    "blame conflict in event {}: {}",
                    e.id(),
                    pairs.join("; ")
                ));
            }
            if fail_on == FailOn::UnknownSource {
                let cells = e.rows.iter().flat_map(|r| &r.cells);
                let mut unknown: Vec<String> = cells
                    .flat_map(|c| &c.claims)
                    .filter(|c| c.source.is_unknown())
                    .map(|c| format!("{} ({}:{})", c.source, c.file, c.line))
                    .collect();
                let blamers = e.blame.iter().flat_map(|b| &b.sources);
                unknown.extend(
                    blamers
                        .filter(|s| s.is_unknown())
                        .map(|s| format!("{s} (blame)")),
                );
                unknown.dedup();
                for u in unknown {
                    findings.push(format!("unknown source in event {}: {u}", e.id()));
                }
            }
        }
        findings
    }
}

/// The canonical order of claims: by article (records of a corpus by number), then place.
/// Reconciling sorts by it, so that output does not depend on how claims arrived (shards).
pub fn claim_order(c: &Claim) -> (String, usize, usize, usize, String) {
    let (file, n) = crate::model::ArticleName::parse(&c.file).sort_key();
    (file, n, c.span.0, c.span.1, c.rule.clone())
}

/// A row's key: the counted camp, kind and group.
type RowKey = (Option<SideId>, Kind, Group);
/// The claims of an event by row, then by cell.
type Rows<K> = BTreeMap<RowKey, BTreeMap<K, Gathered>>;
/// A cell: a source, and for the outlet's own voice the syndication cluster (copies share one).
type CellKey = (SourceId, Option<String>);

/// Groups and compares the claims.
pub fn reconcile(pack: &RulePack, claims: &[Claim]) -> Report {
    reconcile_owned(pack, claims.to_vec())
}

/// Groups and compares the claims, moving each into its row: a large corpus's claims are held
/// once, not once more in the report.
/// The claims may come in any order: cells order theirs, and blame rows keep the corpus's.
pub fn reconcile_owned(pack: &RulePack, claims: Vec<Claim>) -> Report {
    let mut incidents = Incidents::default();
    for c in &claims {
        incidents.note(pack, c);
    }
    let mut r = Reconciler::new(pack, incidents, Keep::Every, true);
    for c in claims {
        r.add(c);
    }
    r.finish()
}

/// Which claims a report keeps behind its figures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Keep {
    /// Every claim: formats that list the evidence (JSON, CSV, the page).
    Every,
    /// Only the claims the figures are read from (each figure's latest claim, every
    /// increment, one claim per blaming source and party): the text tables of a large corpus,
    /// whose memory then stays flat. The figures, statuses and estimates are the same.
    Figures,
}

/// A reconciliation fed one claim at a time, in any order (claims are ordered within their
/// cells), after every claim's day has been noted in [`Incidents`].
pub struct Reconciler<'p> {
    pack: &'p RulePack,
    keep: Keep,
    /// Whether to gather why each article's claims are in their event (`--explain-events`).
    reasons: bool,
    joined: BTreeMap<(String, EventKey), (EventKey, String)>,
    events: BTreeMap<Option<EventKey>, Gathering>,
    placed: BTreeMap<Option<EventKey>, BTreeMap<(String, String), usize>>,
}

/// An event's claims as they arrive: casualties by row and cell, blame by camps.
#[derive(Default)]
struct Gathering {
    rows: Rows<CellKey>,
    blame: BTreeMap<(SideId, SideId), Gathered>,
    third: BTreeMap<(SourceId, SideId), Gathered>,
}

/// The claims of a cell or a blame row, with the outlets and clusters of all it was given.
#[derive(Default)]
struct Gathered {
    claims: Vec<Claim>,
    outlets: BTreeSet<String>,
    /// Clusters by a hash of their names: only how many there are is read, and a large
    /// corpus has one per article.
    clusters: BTreeSet<u64>,
    /// How many claims were left after the last reduction (`Keep::Figures`).
    reduced_to: usize,
}

impl Gathered {
    fn add(&mut self, c: Claim, keep: Keep) {
        self.outlets.insert(c.provenance.outlet.clone());
        self.clusters.insert(hashed(&c.provenance.cluster));
        self.claims.push(c);
        if keep == Keep::Figures && self.claims.len() >= 2 * self.reduced_to + 64 {
            self.reduce();
        }
    }

    fn merge(&mut self, other: Gathered, keep: Keep) {
        self.outlets.extend(other.outlets);
        self.clusters.extend(other.clusters);
        self.claims.extend(other.claims);
        if keep == Keep::Figures {
            self.reduce();
        }
    }

    /// What `keep` keeps of the claims at the end.
    fn kept(mut self, keep: Keep) -> Gathered {
        if keep == Keep::Figures {
            self.reduce();
        }
        self
    }

    /// What `keep` keeps of blame claims, in the corpus's order (`claim_order`), however
    /// they arrived.
    fn blame_claims(self, keep: Keep) -> Vec<Claim> {
        let mut claims = self.kept(keep).claims;
        claims.sort_by_cached_key(claim_order);
        claims
    }

    /// Keeps, latest first, what the figures are read from: for casualties each figure's
    /// latest claim and every increment; for blame one claim per source and party blamed.
    fn reduce(&mut self) {
        latest_first(&mut self.claims);
        let mut seen = BTreeSet::new();
        self.claims.retain(|c| {
            let key = match c.kind {
                Kind::Blame => (Some(c.source.clone()), c.accused.clone(), None),
                _ if c.increment => return true,
                _ => (None, None, c.count()),
            };
            seen.insert(key)
        });
        self.reduced_to = self.claims.len();
    }
}

/// A fixed 64-bit hash of a name (the same in every run).
fn hashed(name: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::hash::DefaultHasher::new();
    name.hash(&mut h);
    h.finish()
}

/// A cell's claims in the order its figures are read: latest first (publication date, then
/// place); at one place a figure that names its group before one that does not (the latter
/// joined the cell from its camp's unspecified row); then as the claims are ordered
/// (`claim_order`), however they arrived.
fn latest_first(claims: &mut [Claim]) {
    claims.sort_by_cached_key(|c| {
        let (published, file, at) = when(c);
        let unnamed = c.group.unwrap_or(Group::Unspecified) == Group::Unspecified;
        let latest = std::cmp::Reverse((published, file.to_string(), at));
        (latest, unnamed, claim_order(c))
    });
}

/// When a claim was made, for ordering a source's figures: publication date, then place.
fn when(c: &Claim) -> (Option<jiff::civil::Date>, &str, usize) {
    (c.provenance.published, c.file.as_str(), c.span.0)
}

impl<'p> Reconciler<'p> {
    /// A reconciliation whose incidents are those `incidents` saw; with `reasons`, each
    /// event says why each article's claims are in it (`--explain-events`).
    pub fn new(
        pack: &'p RulePack,
        incidents: Incidents,
        keep: Keep,
        reasons: bool,
    ) -> Reconciler<'p> {
        Reconciler {
            pack,
            keep,
            reasons,
            joined: incidents.joined(pack, reasons),
            events: BTreeMap::new(),
            placed: BTreeMap::new(),
        }
    }

    fn camp_of(&self, s: &SideId) -> SideId {
        let pack = self.pack;
        pack.side_index(&s.0)
            .map_or_else(|| s.clone(), |i| pack.sides[pack.camp(i)].id.clone())
    }

    /// Places a claim in its event, row and cell.
    pub fn add(&mut self, c: Claim) {
        let joins = c
            .event
            .as_ref()
            .and_then(|e| self.joined.get(&(c.file.clone(), e.clone())));
        let event = match joins {
            Some((to, _)) => Some(to.clone()),
            None => c.event.clone(),
        };
        if self.reasons {
            let why = match joins {
                Some((_, why)) => format!("{}; {why}", c.provenance.placed),
                None => c.provenance.placed.clone(),
            };
            *self
                .placed
                .entry(event.clone())
                .or_default()
                .entry((c.file.clone(), why))
                .or_default() += 1;
        }
        let keep = self.keep;
        if c.kind == Kind::Blame {
            let Some(acc) = &c.accused else { return };
            let acc = self.camp_of(acc);
            let accuser = c.accuser.as_ref().map(|a| self.camp_of(a));
            let e = self.events.entry(event).or_default();
            match accuser {
                Some(a) => e.blame.entry((a, acc)).or_default().add(c, keep),
                None => (e.third.entry((c.source.clone(), acc)).or_default()).add(c, keep),
            }
        } else {
            let key = (
                c.side.as_ref().map(|s| self.camp_of(s)),
                c.kind,
                c.group.unwrap_or(Group::Unspecified),
            );
            // The outlets' own voice is one source per text: copies share a cell.
            let voice = (c.source.0 == SourceId::OUTLET).then(|| c.provenance.cluster.clone());
            let e = self.events.entry(event).or_default();
            (e.rows.entry(key).or_default())
                .entry((c.source.clone(), voice))
                .or_default()
                .add(c, keep);
        }
    }

    /// The report of every claim added.
    pub fn finish(mut self) -> Report {
        let pack = self.pack;
        let keep = self.keep;
        let mut events: Vec<EventReport> = std::mem::take(&mut self.events)
            .into_iter()
            .map(|(event, gathering)| {
                let Gathering {
                    mut rows,
                    blame,
                    third,
                } = gathering;
                merge_unspecified(&mut rows, keep);
                let rows = rows
                    .into_iter()
                    .map(|((side, kind, group), cells)| {
                        row(
                            pack,
                            side,
                            kind,
                            group,
                            cells.into_iter().map(|(k, v)| (k.0, v.kept(keep))),
                        )
                    })
                    .collect();
                let blame: Vec<BlameRow> = blame
                    .into_iter()
                    .map(|((accuser, accused), g)| {
                        let claims = g.blame_claims(keep);
                        BlameRow {
                            accuser,
                            accused,
                            named: sorted(claims.iter().filter_map(|c| c.accused.clone())),
                            sources: sorted(claims.iter().map(|c| c.source.clone())),
                            claims,
                        }
                    })
                    .collect();
                let blame_conflict = blame.iter().any(|a| {
                    blame
                        .iter()
                        .any(|b| a.accuser != b.accuser && a.accused != b.accused)
                });
                let third_party_blame = third
                    .into_iter()
                    .map(|((source, accused), g)| ThirdPartyBlame {
                        source,
                        accused,
                        claims: g.blame_claims(keep),
                    })
                    .collect();
                let name = event.as_ref().and_then(EventKey::name).and_then(|id| {
                    pack.events
                        .iter()
                        .find(|e| e.id == id)
                        .map(|e| e.name.clone())
                });
                let placed = self
                    .placed
                    .remove(&event)
                    .unwrap_or_default()
                    .into_iter()
                    .map(|((file, why), claims)| Placement { file, why, claims })
                    .collect();
                EventReport {
                    event,
                    name,
                    rows,
                    blame,
                    blame_conflict,
                    third_party_blame,
                    placed,
                }
            })
            .collect();
        // Events in the order of their ids as written.
        events.sort_by_cached_key(EventReport::id);
        Report { events }
    }
}

/// Each article's camps, kinds and places on each day, noted claim by claim, to find the
/// reports of one incident (see [`Incidents::joined`]). A corpus's articles each leave a note,
/// so a note is small: camps and places by their index in `names`, kinds as bits.
#[derive(Debug, Default)]
pub struct Incidents {
    reports: BTreeMap<(jiff::civil::Date, String), Seen>,
    /// Camp and place names, each once.
    names: Vec<String>,
    index: HashMap<String, u32>,
}

/// Camps, kinds and places of an article's day: names by index, sorted; a bit per kind.
#[derive(Debug, Default)]
struct Seen {
    camps: Vec<u32>,
    kinds: u8,
    places: Vec<u32>,
}

/// The kinds in their order, each with its bit in [`Seen::kinds`].
const KINDS: [Kind; 5] = [
    Kind::Killed,
    Kind::Wounded,
    Kind::Missing,
    Kind::Captured,
    Kind::Blame,
];

fn kind_bit(k: Kind) -> u8 {
    1 << KINDS.iter().position(|&x| x == k).unwrap_or(0)
}

/// Adds `x` to the sorted `set`.
fn insert_sorted(set: &mut Vec<u32>, x: u32) {
    if let Err(at) = set.binary_search(&x) {
        set.insert(at, x);
    }
}

/// Whether every element of sorted `a` is in sorted `b`.
fn subset(a: &[u32], b: &[u32]) -> bool {
    a.iter().all(|x| b.binary_search(x).is_ok())
}

/// The elements of sorted `a` also in sorted `b`.
fn common<'a>(a: &'a [u32], b: &'a [u32]) -> impl Iterator<Item = u32> + 'a {
    a.iter().copied().filter(|x| b.binary_search(x).is_ok())
}

impl Incidents {
    /// The index of `name` in `names`, added when new.
    fn intern(&mut self, name: &str) -> u32 {
        if let Some(&i) = self.index.get(name) {
            return i;
        }
        let i = self.names.len() as u32;
        self.names.push(name.to_string());
        self.index.insert(name.to_string(), i);
        i
    }

    /// Notes a claim's camps, kind and places on its day (claims placed by a day only).
    pub fn note(&mut self, pack: &RulePack, c: &Claim) {
        let Some(EventKey::Day(d)) = c.event else {
            return;
        };
        fn camp<'a>(pack: &'a RulePack, s: &'a SideId) -> &'a str {
            match pack.side_index(&s.0) {
                Some(i) => pack.sides[pack.camp(i)].id.0.as_str(),
                None => s.0.as_str(),
            }
        }
        let camps: Vec<u32> = ([&c.side, &c.accuser, &c.accused].into_iter())
            .flatten()
            .map(|s| self.intern(camp(pack, s)))
            .collect();
        let places: Vec<u32> = (c.provenance.places.iter())
            .map(|p| self.intern(p))
            .collect();
        let key = (d, c.file.clone());
        let seen = self.reports.entry(key).or_default();
        for x in camps {
            insert_sorted(&mut seen.camps, x);
        }
        seen.kinds |= kind_bit(c.kind);
        for x in places {
            insert_sorted(&mut seen.places, x);
        }
    }

    /// Reports of one incident: articles dated at most `incident_days` apart that no named
    /// event holds, of the same camps (one article's camps within the other's) and with a kind
    /// in common, join the event of the earliest. Wire reports a day apart are one story, not
    /// two. Returns, for each article and day that joins another, that day's event and why.
    /// The reasons are left empty without `reasons`.
    fn joined(
        self,
        pack: &RulePack,
        reasons: bool,
    ) -> BTreeMap<(String, EventKey), (EventKey, String)> {
        let Incidents { reports, names, .. } = self;
        // Names in their alphabetical order, as the reasons list them.
        let sorted_names = |ids: &mut dyn Iterator<Item = u32>| {
            let mut v: Vec<&str> = ids.map(|i| names[i as usize].as_str()).collect();
            v.sort_unstable();
            v
        };
        let window = i64::from(pack.settings.incident_days);
        // Incidents by their first day and first articles, with the camps and kinds of all.
        let mut open: Vec<(jiff::civil::Date, Vec<String>, Seen)> = Vec::new();
        let mut out = BTreeMap::new();
        for ((d, file), seen) in reports {
            if seen.camps.is_empty() {
                continue;
            }
            // Places count when both name one: a report that names none may be of any.
            let fits = open.iter_mut().rev().find(|(first, _, o)| {
                i64::from((d - *first).get_days()) <= window
                    && (subset(&seen.camps, &o.camps) || subset(&o.camps, &seen.camps))
                    && seen.kinds & o.kinds != 0
                    && (seen.places.is_empty()
                        || o.places.is_empty()
                        || common(&seen.places, &o.places).next().is_some())
            });
            let Some((first, firsts, o)) = fits else {
                open.push((d, vec![file], seen));
                continue;
            };
            if *first == d {
                firsts.push(file);
                continue;
            }
            let why = if reasons {
                let apart = (d - *first).get_days();
                let shared: Vec<&str> = (KINDS.iter())
                    .filter(|&&k| seen.kinds & o.kinds & kind_bit(k) != 0)
                    .map(|k| k.as_str())
                    .collect();
                let at = sorted_names(&mut common(&seen.places, &o.places));
                let at = if at.is_empty() {
                    String::new()
                } else {
                    format!(", places {}", at.join(", "))
                };
                // The first few reports by name: every claim of the day carries this reason, so
                // naming every report of a busy day made it grow with the square of the corpus.
                let named = match firsts.len() {
                    n if n > FIRSTS_NAMED => format!(
                        "{} and {} more",
                        firsts[..FIRSTS_NAMED].join(", "),
                        n - FIRSTS_NAMED
                    ),
                    _ => firsts.join(", "),
                };
                format!(
                    "one incident with the reports of {first} ({named}): {} apart, sides {}{at}, {} in common",
                    crate::report::count(apart as usize, "day"),
                    sorted_names(&mut seen.camps.iter().copied()).join(", "),
                    shared.join(", ")
                )
            } else {
                String::new()
            };
            out.insert((file, EventKey::Day(d)), (EventKey::Day(*first), why));
            for &x in &seen.camps {
                insert_sorted(&mut o.camps, x);
            }
            o.kinds |= seen.kinds;
            for &x in &seen.places {
                insert_sorted(&mut o.places, x);
            }
        }
        out
    }
}

/// How many of an incident's first reports its reason names.
const FIRSTS_NAMED: usize = 3;

/// A figure whose group no word told ("300 dead") is compared with its camp's figures of the
/// one group they name ("12 soldiers"); with several named groups it stays apart.
fn merge_unspecified<K: Ord + Clone>(rows: &mut Rows<K>, keep: Keep) {
    let keys: Vec<(Option<SideId>, Kind)> = rows
        .keys()
        .filter(|k| k.2 == Group::Unspecified)
        .map(|k| (k.0.clone(), k.1))
        .collect();
    for (side, kind) in keys {
        let named: Vec<Group> = rows
            .keys()
            .filter(|k| k.0 == side && k.1 == kind && k.2 != Group::Unspecified)
            .map(|k| k.2)
            .collect();
        if let [group] = named[..] {
            let moved = rows
                .remove(&(side.clone(), kind, Group::Unspecified))
                .unwrap_or_default();
            let target = rows.entry((side, kind, group)).or_default();
            for (cell, claims) in moved {
                target.entry(cell).or_default().merge(claims, keep);
            }
        }
    }
}

fn sorted<T: Ord>(it: impl Iterator<Item = T>) -> Vec<T> {
    it.collect::<BTreeSet<T>>().into_iter().collect()
}

fn row(
    pack: &RulePack,
    side: Option<SideId>,
    kind: Kind,
    group: Group,
    cells: impl Iterator<Item = (SourceId, Gathered)>,
) -> Row {
    let tol = pack.settings.about_tolerance;
    // The row's outlets and clusters, of every claim given (a lean cell keeps fewer claims).
    let (mut all_outlets, mut all_clusters) = (BTreeSet::new(), BTreeSet::new());
    // Each cell, and what its source's claims add up to (none when it gave only increments).
    let (cells, totals): (Vec<Cell>, Vec<Option<Claim>>) = cells
        .map(|(source, gathered)| {
            let Gathered {
                mut claims,
                outlets: given,
                clusters,
                ..
            } = gathered;
            latest_first(&mut claims);
            // The base: the latest claim that is no increment; the increments after it add up.
            let base = claims.iter().position(|c| !c.increment);
            let base_figure = base.and_then(|i| claims[i].count());
            let mut earlier_figures: Vec<Option<crate::model::Figure>> = Vec::new();
            for c in base.map_or(&[][..], |i| &claims[i + 1..]) {
                let f = c.count();
                if !c.increment && f != base_figure && !earlier_figures.contains(&f) {
                    earlier_figures.push(f);
                }
            }
            let added: u64 = base
                .map_or(&claims[..], |i| &claims[..i])
                .iter()
                .filter_map(|c| c.value)
                .sum();
            let total = base.map(|i| with_added(&claims[i], added));
            let figure = match (&total, base) {
                (Some(t), Some(i)) if added > 0 => {
                    format!("{} ({} + {added} more)", t.figure(), claims[i].figure())
                }
                (Some(t), _) => t.figure(),
                (None, _) => format!("+{added}"),
            };
            let earlier: Vec<String> = earlier_figures
                .iter()
                .map(|f| f.map_or_else(String::new, |f| f.to_string()))
                .collect();
            let outlets: Vec<String> = if source.0 == SourceId::OUTLET {
                given.iter().cloned().collect()
            } else {
                Vec::new()
            };
            all_outlets.extend(given);
            all_clusters.extend(clusters);
            let cell = Cell {
                camp: pack.source_camp(&source).cloned(),
                source,
                outlets,
                figure,
                earlier,
                added,
                claims,
            };
            (cell, total)
        })
        .unzip();
    // Cells of increments alone ("one more died") add to no figure of theirs: shown, not compared.
    let counted: Vec<usize> = (0..cells.len()).filter(|&i| totals[i].is_some()).collect();
    let total = |i: usize| totals[i].as_ref().expect("counted cells have a total");
    let latest: Vec<(f64, f64)> = counted.iter().map(|&i| interval(total(i), tol)).collect();
    let (mut gap, mut cross_gap) = (None::<u64>, None::<u64>);
    let (mut cross_camp, mut self_contradicting, mut confirmed) = (false, BTreeSet::new(), true);
    let min = |g: Option<u64>, d: u64| Some(g.map_or(d, |g| g.min(d)));
    for (x, &i) in counted.iter().enumerate() {
        for (y, &j) in counted.iter().enumerate().skip(x + 1) {
            let (a, b) = (latest[x], latest[y]);
            let d = if a.1 < b.0 {
                b.0 - a.1
            } else if b.1 < a.0 {
                a.0 - b.1
            } else {
                confirmed &= confirm(total(i), total(j), a, b);
                continue;
            };
            gap = min(gap, d as u64);
            let (ci, cj) = (&cells[i].camp, &cells[j].camp);
            if ci.is_some() && ci == cj {
                self_contradicting.insert(ci.clone().expect("checked"));
            }
            let own = |c: &Option<SideId>| c.is_some() && c == &side;
            let other = |c: &Option<SideId>| c.is_some() && c != &side;
            if (own(ci) && other(cj)) || (own(cj) && other(ci)) {
                cross_camp = true;
                cross_gap = min(cross_gap, d as u64);
            }
        }
    }
    // The gap between the camps is the story; a camp's own sources differing comes second.
    let gap = cross_gap.or(gap);
    let status = if gap.is_some() {
        Status::Conflict
    } else if cells.iter().any(|c| !c.earlier.is_empty()) {
        Status::Revised
    } else if counted.len() <= 1 {
        Status::SingleSource
    } else if cells[0].camp.is_some() && cells.iter().all(|c| c.camp == cells[0].camp) {
        Status::SingleCamp
    } else if confirmed {
        Status::Agree
    } else {
        Status::Compatible
    };
    Row {
        estimate: {
            let counted: Vec<(&Cell, &Claim)> =
                counted.iter().map(|&i| (&cells[i], total(i))).collect();
            estimate(pack, &side, &counted, &latest)
        },
        outlets: all_outlets.len(),
        independent: all_clusters.len(),
        self_contradicting: self_contradicting.into_iter().collect(),
        side,
        kind,
        group,
        status,
        gap,
        cross_camp,
        cells,
    }
}

/// Low: the most conservative figure all latest claims support (the smallest lower bound).
/// High: the largest figure claimed. Best: the counted camp's own official figure for its own
/// losses, else the median of neutral sources, else the median of all; kept within [low, high].
fn estimate(
    pack: &RulePack,
    side: &Option<SideId>,
    cells: &[(&Cell, &Claim)],
    latest: &[(f64, f64)],
) -> Estimate {
    if cells.is_empty() {
        return Estimate {
            low: 0,
            best: 0,
            high: 0,
            best_rule: "no total to add the increments to".into(),
        };
    }
    let low = latest
        .iter()
        .map(|i| i.0)
        .fold(f64::INFINITY, f64::min)
        .max(0.0)
        .floor() as u64;
    // What a source claims now: the upper end of its running total.
    let claimed = |&(_, t): &(&Cell, &Claim)| t.upper.or(t.value).unwrap_or(0);
    let high = cells.iter().map(claimed).max().unwrap_or(0).max(low);
    let official = |(c, _): &&(&Cell, &Claim)| {
        let kind = pack
            .sources
            .iter()
            .find(|s| s.id == c.source)
            .map(|s| s.kind);
        side.is_some()
            && &c.camp == side
            && matches!(
                kind,
                Some(
                    SourceKind::Ministry
                        | SourceKind::Government
                        | SourceKind::Military
                        | SourceKind::Leader
                )
            )
    };
    let median = |cs: Vec<&(&Cell, &Claim)>| {
        let mut v: Vec<u64> = cs.into_iter().map(claimed).collect();
        v.sort();
        v[(v.len() - 1) / 2]
    };
    let own: Vec<&(&Cell, &Claim)> = cells.iter().filter(official).collect();
    let neutral: Vec<&(&Cell, &Claim)> = cells.iter().filter(|(c, _)| c.camp.is_none()).collect();
    let (best, rule) = if let Some(e) = own
        .iter()
        .max_by(|a, b| when(&a.0.claims[0]).cmp(&when(&b.0.claims[0])))
    {
        (claimed(e), format!("own official figure ({})", e.0.source))
    } else if !neutral.is_empty() {
        (median(neutral), "median of neutral sources".to_string())
    } else {
        (
            median(cells.iter().collect()),
            "median of all sources".to_string(),
        )
    };
    Estimate {
        low,
        best: best.clamp(low, high),
        high,
        best_rule: rule,
    }
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

/// A total with `added` more: the running total of a source whose latest total is `total`.
fn with_added(total: &Claim, added: u64) -> Claim {
    let mut t = total.clone();
    t.value = t.value.map(|v| v + added);
    t.upper = t.upper.map(|u| u + added);
    t
}

/// Whether two overlapping figures support each other: the same figure, or each one's written
/// number within the other's range ("at least 2" and "2" do; "at least 4" and "12" only fit).
fn confirm(x: &Claim, y: &Claim, xr: (f64, f64), yr: (f64, f64)) -> bool {
    if (x.value, x.bound, x.upper) == (y.value, y.bound, y.upper) {
        return true;
    }
    let within =
        |v: Option<u64>, (lo, hi): (f64, f64)| v.is_some_and(|v| lo <= v as f64 && v as f64 <= hi);
    within(x.value, yr) && within(y.value, xr)
}

/// A figure as an interval of possible true values.
pub fn interval(c: &Claim, about_tolerance: f64) -> (f64, f64) {
    let v = c.value.unwrap_or(0) as f64;
    match c.bound.unwrap_or(Bound::Exact) {
        Bound::Exact => (v, v),
        Bound::AtLeast => (v, f64::INFINITY),
        Bound::MoreThan => (v + 1.0, f64::INFINITY),
        Bound::About => (v * (1.0 - about_tolerance), v * (1.0 + about_tolerance)),
        Bound::AtMost | Bound::UpTo => (0.0, v),
        Bound::Range => (v, c.upper.map_or(v, |u| u as f64)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claim(value: u64, bound: Bound, upper: Option<u64>) -> Claim {
        Claim {
            file: String::new(),
            line: 1,
            span: (0, 0),
            quote: String::new(),
            lang: String::new(),
            source: SourceId::outlet(),
            via: vec![],
            kind: Kind::Killed,
            side: None,
            group: None,
            value: Some(value),
            upper,
            bound: Some(bound),
            accuser: None,
            accused: None,
            event: None,
            rule: String::new(),
            increment: false,
            parts: vec![],
            figures: vec![],
            provenance: Default::default(),
        }
    }

    #[test]
    fn reports_days_apart_join_unless_they_name_other_places() {
        let pack = RulePack::embedded().unwrap();
        let day = |d| Some(EventKey::Day(jiff::civil::date(2024, 2, d)));
        let report = |file: &str, d, places: &[&str]| {
            let mut c = claim(4, Bound::Exact, None);
            c.file = file.to_string();
            c.event = day(d);
            c.side = Some(SideId("am".into()));
            c.provenance.places = places.iter().map(|p| p.to_string()).collect();
            c
        };
        let claims = [
            report("a.md", 13, &["tegh"]),
            report("b.md", 14, &[]),
            report("c.md", 15, &["tovuz"]),
            report("d.md", 15, &["tegh", "goris"]),
            report("e.md", 20, &["tegh"]),
        ];
        let refs: Vec<&Claim> = claims.iter().collect();
        let joined = incidents(&pack, &refs);
        let to = |f: &str, d| joined.get(&(f.to_string(), day(d).unwrap())).map(|x| &x.0);
        let first = day(13).unwrap();
        // No place named: joins; another place: its own incident; a place in common: joins.
        assert_eq!(to("b.md", 14), Some(&first));
        assert_eq!(to("c.md", 15), None);
        assert_eq!(to("d.md", 15), Some(&first));
        // More than `incident_days` after the first report: another incident.
        assert_eq!(to("e.md", 20), None);
        assert!(
            joined[&("d.md".to_string(), day(15).unwrap())]
                .1
                .contains("places tegh")
        );
    }

    #[test]
    fn an_incidents_reason_names_its_first_few_reports() {
        let pack = RulePack::embedded().unwrap();
        let day = |d| Some(EventKey::Day(jiff::civil::date(2024, 2, d)));
        let report = |file: String, d| {
            let mut c = claim(4, Bound::Exact, None);
            c.file = file;
            c.event = day(d);
            c.side = Some(SideId("am".into()));
            c
        };
        let mut claims: Vec<Claim> = (0..50).map(|i| report(format!("{i:02}.md"), 13)).collect();
        claims.push(report("late.md".into(), 14));
        let refs: Vec<&Claim> = claims.iter().collect();
        let joined = incidents(&pack, &refs);
        let why = &joined[&("late.md".to_string(), day(14).unwrap())].1;
        assert!(why.contains("(00.md, 01.md, 02.md and 47 more)"), "{why}");
    }

    /// The incidents of `claims`, as a reconciliation notes them.
    fn incidents(
        pack: &RulePack,
        claims: &[&Claim],
    ) -> BTreeMap<(String, EventKey), (EventKey, String)> {
        let mut seen = Incidents::default();
        for c in claims {
            seen.note(pack, c);
        }
        seen.joined(pack, true)
    }

    /// A cell of `claims`, every one kept.
    fn gathered(claims: Vec<Claim>) -> Gathered {
        let mut g = Gathered::default();
        for c in claims {
            g.add(c, Keep::Every);
        }
        g
    }

    #[test]
    fn every_bound_is_an_interval() {
        let i = |v, b, u| interval(&claim(v, b, u), 0.1);
        assert_eq!(i(7, Bound::Exact, None), (7.0, 7.0));
        assert_eq!(i(2, Bound::AtLeast, None), (2.0, f64::INFINITY));
        assert_eq!(i(6500, Bound::MoreThan, None), (6501.0, f64::INFINITY));
        assert_eq!(i(100, Bound::About, None), (90.0, 110.00000000000001));
        assert_eq!(i(10, Bound::AtMost, None), (0.0, 10.0));
        assert_eq!(i(10, Bound::UpTo, None), (0.0, 10.0));
        assert_eq!(i(300, Bound::Range, Some(500)), (300.0, 500.0));
    }

    #[test]
    fn overlapping_figures_agree_only_when_they_confirm_each_other() {
        let pack = RulePack::embedded().unwrap();
        let status = |a: Claim, b: Claim| {
            let cells = [
                (SourceId("am_gov".into()), vec![a]),
                (SourceId::outlet(), vec![b]),
            ];
            let am = Some(SideId("am".into()));
            let cells = cells.into_iter().map(|(s, v)| (s, gathered(v)));
            row(&pack, am, Kind::Killed, Group::Military, cells).status
        };
        let exact = |v| claim(v, Bound::Exact, None);
        assert_eq!(
            status(exact(12), claim(4, Bound::AtLeast, None)),
            Status::Compatible
        );
        assert_eq!(
            status(exact(2), claim(2, Bound::AtLeast, None)),
            Status::Agree
        );
        assert_eq!(status(exact(12), exact(12)), Status::Agree);
        assert_eq!(
            status(exact(300), claim(320, Bound::About, None)),
            Status::Compatible
        );
        assert_eq!(
            status(
                claim(6500, Bound::MoreThan, None),
                claim(6500, Bound::MoreThan, None)
            ),
            Status::Agree
        );
        assert_eq!(status(exact(12), exact(18)), Status::Conflict);
    }
}
