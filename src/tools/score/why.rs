//! Why a gold claim was missed or an extracted claim is extra, in the words of the trace
//! `explain` keeps: which capability failed (no pattern read the figure, no speaker found,
//! side unresolved, dropped as a repeat, a year...).

use super::Camps;
use super::gold::{Case, Expected, GoldSource};
use crate::extract::sink::{MatchTrace, SentenceTrace, Trace};
use crate::model::{Article, Claim, Kind, SourceId};
use crate::rules::RulePack;
use crate::tools::explain::{NearMiss, near_misses};

/// An article's trace, ready to answer why.
pub struct Evidence<'a> {
    pack: &'a RulePack,
    article: &'a Article,
    trace: &'a Trace,
    case: &'a Case,
}

impl<'a> Evidence<'a> {
    /// The evidence of one gold article.
    pub fn new(pack: &'a RulePack, article: &'a Article, trace: &'a Trace, case: &'a Case) -> Self {
        Evidence {
            pack,
            article,
            trace,
            case,
        }
    }

    /// The article's name as read.
    pub fn path(&self) -> &str {
        &self.article.path
    }

    fn file_line(&self, body_line: usize) -> usize {
        body_line + self.case.body_offset
    }

    /// The sentences that touch a body line, in order.
    fn sentences_on(&self, body_line: usize) -> impl Iterator<Item = (usize, &'a SentenceTrace)> {
        let line = self.file_line(body_line);
        self.trace
            .sentences
            .iter()
            .enumerate()
            .filter(move |(_, s)| s.line <= line && line <= s.end_line)
    }

    /// The trace of the match that made `claim`.
    fn made(&self, claim: &Claim) -> Option<(usize, &'a MatchTrace)> {
        self.trace.sentences.iter().enumerate().find_map(|(i, s)| {
            s.matches
                .iter()
                .find(|m| m.claim.as_ref() == Some(claim))
                .map(|m| (i, m))
        })
    }

    /// Near misses of a sentence, in the language it was read in.
    fn near(&self, st: &SentenceTrace) -> Vec<NearMiss> {
        let Some(lang) = self.pack.language(&st.lang) else {
            return Vec::new();
        };
        let text = &self.trace.normalized[st.sentence.start..st.sentence.end];
        near_misses(self.pack, lang, text, st)
    }

    /// Where the speaker search could have looked: sources named in the claim's sentence, else
    /// the last one named before it.
    fn nearest_source(&self, sentence: usize) -> String {
        let st = &self.trace.sentences[sentence];
        if !st.mentions.is_empty() {
            let m: Vec<String> = st
                .mentions
                .iter()
                .map(|(id, words, _)| format!("{id} `{}`", crate::report::printable(words)))
                .collect();
            return format!(
                "named in the sentence but not taken as its speaker: {}",
                m.join(", ")
            );
        }
        let before = self.trace.sentences[..sentence]
            .iter()
            .rev()
            .find_map(|s| s.mentions.last().map(|m| (s.line, m)));
        match before {
            Some((line, (id, words, _))) => format!(
                "no source named in the sentence; the last one before is {id} `{}` on line {line}",
                crate::report::printable(words)
            ),
            None => "no source named in the sentence or before it".into(),
        }
    }

    /// Why a gold casualty claim has no strict match; `near` fits it leniently if one does.
    pub fn miss(&self, camps: &Camps, e: &Expected, near: Option<&Claim>) -> String {
        if let Some(g) = near {
            return self.near_claim(camps, e, g);
        }
        // The figure was read on the line, but as another kind or for another side.
        for (_, st) in self.sentences_on(e.line) {
            for m in &st.matches {
                if let Some(c) = &m.claim
                    && c.kind != Kind::Blame
                    && c.value == e.value
                {
                    let side = c.side.as_ref().map_or("none", |s| s.0.as_str());
                    let what = if !super::kind_ok(e, c) {
                        format!(
                            "read as {} where the gold has {}",
                            c.kind.as_str(),
                            e.kind.as_str()
                        )
                    } else if c.side.is_none() {
                        "side unresolved".to_string()
                    } else {
                        format!("side read as {side}")
                    };
                    let speaker = self
                        .speaker_note(camps, e, c)
                        .map_or(String::new(), |n| format!("; {n}"));
                    return format!("{what}{speaker} [{}: {}]", m.rule, m.why);
                }
            }
        }
        self.unread(e)
    }

    /// Why `g` has another speaker than the gold's, if it has.
    fn speaker_note(&self, camps: &Camps, e: &Expected, g: &Claim) -> Option<String> {
        let made = self.made(g);
        let want = match &e.source {
            GoldSource::Id(want) if *want != g.source.0 => want.clone(),
            GoldSource::Other { name, camp } if g.source.0 == SourceId::OUTLET => {
                // Any source of the camp would do; the outlet has none.
                let _ = camp;
                format!("other:{name}")
            }
            _ => return None,
        };
        if g.source.0 == SourceId::OUTLET {
            let nearest = made.map_or(String::new(), |(i, _)| {
                format!(" ({})", self.nearest_source(i))
            });
            return Some(format!(
                "speaker not found, credited to the outlet{nearest}"
            ));
        }
        let speaker_why = made
            .map(|(_, m)| m.why.split("; side ").next().unwrap_or(&m.why).to_string())
            .unwrap_or_default();
        Some(if camps.source(&want) == camps.source(&g.source.0) {
            format!(
                "credited to {} of the same camp, not {want} ({speaker_why})",
                g.source
            )
        } else {
            format!("credited to {}, not {want} ({speaker_why})", g.source)
        })
    }

    /// A lenient match that fails strictly: the source or the bound differs.
    fn near_claim(&self, camps: &Camps, e: &Expected, g: &Claim) -> String {
        let mut parts: Vec<String> = self.speaker_note(camps, e, g).into_iter().collect();
        let got = g.bound.unwrap_or(crate::model::Bound::Exact);
        if got != e.bound {
            parts.push(format!(
                "bound read as {} where the gold has {}",
                got.as_str(),
                e.bound.as_str()
            ));
        }
        if parts.is_empty() {
            parts.push("a lenient match was taken by another gold claim".into());
        }
        format!(
            "found as {} on line {}: {}",
            super::describe_claim(g),
            g.line,
            parts.join("; ")
        )
    }

    /// Why nothing read the gold figure on its line.
    fn unread(&self, e: &Expected) -> String {
        let sentences: Vec<(usize, &SentenceTrace)> = self.sentences_on(e.line).collect();
        if sentences.is_empty() {
            return "the line holds no sentence the rules read".into();
        }
        let lang = |st: &SentenceTrace| self.pack.language(&st.lang);
        // A dropped match over the figure, or of the right kind on the line.
        let figures = |st: &SentenceTrace| -> Vec<(usize, usize)> {
            let Some(l) = lang(st) else { return Vec::new() };
            let text = &self.trace.normalized[st.sentence.start..st.sentence.end];
            l.number_finder
                .captures_iter(text)
                .filter_map(|c| c.name("m"))
                .filter(|m| {
                    e.value.is_some()
                        && crate::extract::matcher::figure_value(l, m.as_str()) == e.value
                })
                .map(|m| (st.sentence.start + m.start(), st.sentence.start + m.end()))
                .collect()
        };
        for (_, st) in &sentences {
            let figs = figures(st);
            let over = |m: &MatchTrace| figs.iter().any(|f| m.span.0 <= f.0 && f.1 <= m.span.1);
            if let Some(m) = st
                .matches
                .iter()
                .filter(|m| m.claim.is_none())
                .find(|m| over(m) || (figs.is_empty() && m.kind == e.kind))
            {
                return format!("{} [{}]", m.why, m.rule);
            }
            if let Some(m) = st.matches.iter().find(|m| m.claim.is_some() && over(m)) {
                let c = m.claim.as_ref().expect("filtered on claims");
                return format!(
                    "the figure is inside a claim read as {} [{}]",
                    super::describe_claim(c),
                    m.rule
                );
            }
        }
        let mut figure_notes = Vec::new();
        let mut rule_notes = Vec::new();
        let mut found_figure = false;
        for (_, st) in &sentences {
            let figs = figures(st);
            found_figure |= !figs.is_empty();
            for n in self.near(st) {
                match &n {
                    NearMiss::Figure { span, reason, text } if figs.contains(span) => {
                        figure_notes.push(format!(
                            "no rule read the figure `{}`: {reason}",
                            crate::report::printable(text)
                        ));
                    }
                    NearMiss::Rule { kind, .. } if *kind == e.kind => {
                        rule_notes.push(n.to_string());
                    }
                    _ => {}
                }
            }
        }
        if !found_figure {
            figure_notes.push(format!(
                "no figure on the line reads as {} (its number words or digits are not in the language rules)",
                e.value.map_or("None".into(), |v| v.to_string())
            ));
        }
        figure_notes.truncate(1);
        rule_notes.truncate(2);
        figure_notes.extend(rule_notes.into_iter().map(|r| format!("near miss {r}")));
        figure_notes.join("; ")
    }

    /// Why a gold blame claim has no match.
    pub fn blame_miss(&self, e: &Expected) -> String {
        let sentences: Vec<(usize, &SentenceTrace)> = self.sentences_on(e.line).collect();
        // Blame read on the line (with other camps), else dropped there, says most.
        let blame = || {
            sentences
                .iter()
                .flat_map(|(_, st)| &st.matches)
                .filter(|m| m.kind == Kind::Blame)
        };
        if let Some((m, c)) = blame().find_map(|m| m.claim.as_ref().map(|c| (m, c))) {
            return format!(
                "found as {} [{}: {}]",
                super::describe_claim(c),
                m.rule,
                m.why
            );
        }
        if let Some(m) = blame().next() {
            return format!("{} [{}]", m.why, m.rule);
        }
        let near: Vec<String> = sentences
            .iter()
            .flat_map(|(_, st)| self.near(st))
            .filter(|n| {
                matches!(
                    n,
                    NearMiss::Rule {
                        kind: Kind::Blame,
                        ..
                    }
                )
            })
            .take(2)
            .map(|n| format!("near miss {n}"))
            .collect();
        if near.is_empty() {
            "no blame pattern matched on the line".into()
        } else {
            format!("no blame pattern matched on the line; {}", near.join("; "))
        }
    }

    /// What made an extracted claim that no gold claim fits.
    pub fn extra(&self, g: &Claim) -> String {
        let made = match self.made(g) {
            Some((_, m)) => format!("[{}: {}]", m.rule, m.why),
            None => format!("[{}]", g.rule),
        };
        let body_line = g.line.saturating_sub(self.case.body_offset);
        let on_line: Vec<String> = self
            .case
            .claims
            .iter()
            .filter(|e| e.line == body_line && e.kind != Kind::Blame && e.value == g.value)
            .map(|e| format!("gold on this line: {}", super::describe_expected(e)))
            .collect();
        let trap: Vec<String> = self
            .case
            .traps
            .iter()
            .filter(|t| t.line.is_none_or(|l| l == body_line) && Some(t.value) == g.value)
            .map(|t| format!("the gold says {} is {}", t.value, t.why))
            .collect();
        let mut parts = vec![made];
        parts.extend(on_line);
        parts.extend(trap);
        parts.join("; ")
    }
}
