//! The boundary between extraction and what consumes it, in the manner of ripgrep's `Sink`.
//!
//! The driver reports each article, each sentence and each decision (a match kept as a claim or
//! dropped, and why) to a [`Sink`], then hands it the article's claims, deduplicated. Collecting
//! claims (`Vec<Claim>`), tracing for `explain` and `score` ([`Tracer`]), sketching for
//! syndication ([`Sketched`]) and streaming JSON lines are sinks; the driver does not know which
//! it feeds. What only a trace needs (the speakers of a sentence without claims) is computed when
//! a sink asks the view for it, never otherwise.

use crate::extract::attribute::{self, Mention, Speaker};
use crate::model::{Article, Claim, Kind, Sketch};
use crate::rules::{Language, Rule, RulePack};
use crate::text::normalize::Normalized;
use crate::text::segment::Sentence;
use std::cell::OnceCell;
use std::sync::Arc;

/// An article as the driver read it.
pub struct ArticleView<'a> {
    pub article: &'a Article,
    /// The article's language (lines in another script are read in theirs).
    pub lang: &'a Language,
    /// The body, normalised line by line in each line's language.
    pub normalized: &'a Normalized,
    /// The event the article as a whole belongs to.
    pub event: Option<&'a crate::model::EventKey>,
    /// Why it belongs there.
    pub placed: &'a str,
}

/// A sentence as the driver read it, before its matches are decided.
pub struct SentenceView<'a> {
    pub pack: &'a RulePack,
    /// The language the sentence is read in.
    pub lang: &'a Language,
    pub article: &'a Article,
    pub normalized: &'a Normalized,
    pub sentence: Sentence,
    /// Sources named in it, anaphora resolved.
    pub mentions: &'a [Mention],
    pub(crate) speakers: &'a OnceCell<Vec<Speaker>>,
}

impl SentenceView<'_> {
    /// The sentence's speakers (computed on first ask; the driver asks only when it has claims).
    pub fn speakers(&self) -> &[Speaker] {
        self.speakers.get_or_init(|| {
            attribute::speakers(
                self.lang,
                &self.normalized.text,
                self.sentence,
                self.mentions,
            )
        })
    }
}

/// What became of one pattern match.
pub struct Decision<'a> {
    pub rule: &'a Rule,
    /// Normalised byte range of the match.
    pub span: (usize, usize),
    /// The claim made from it, if it was kept.
    pub claim: Option<&'a Claim>,
    /// Why it was kept as it is, or why it was dropped.
    pub why: &'a str,
}

/// What extraction reports to.
pub trait Sink {
    /// An article is about to be read sentence by sentence.
    fn article(&mut self, _article: &ArticleView) {}
    /// A sentence, before the decisions about its matches.
    fn sentence(&mut self, _sentence: &SentenceView) {}
    /// A match of the current sentence, kept or dropped.
    fn decision(&mut self, _decision: &Decision) {}
    /// The article's claims, deduplicated, in the order they were made.
    fn claims(&mut self, claims: Vec<Claim>);
    /// Whether the sink looks at every sentence (a trace), not only at claims: an article in
    /// which no rule can match is then still read sentence by sentence.
    fn every_sentence(&self) -> bool {
        false
    }
}

/// Collects claims.
impl Sink for Vec<Claim> {
    fn claims(&mut self, claims: Vec<Claim>) {
        self.extend(claims);
    }
}

/// Gives each claim its article's syndication sketch, then passes the claims on.
pub struct Sketched<S> {
    pub inner: S,
    /// The sketch of the last article read.
    pub sketch: Arc<Sketch>,
}

impl<S: Sink> Sketched<S> {
    /// Sketches what `inner` receives.
    pub fn new(inner: S) -> Self {
        Sketched {
            inner,
            sketch: Arc::default(),
        }
    }
}

impl<S: Sink> Sink for Sketched<S> {
    fn every_sentence(&self) -> bool {
        self.inner.every_sentence()
    }
    fn article(&mut self, a: &ArticleView) {
        self.sketch = Arc::new(crate::text::sketch::sketch(&a.normalized.text));
        self.inner.article(a);
    }
    fn sentence(&mut self, s: &SentenceView) {
        self.inner.sentence(s);
    }
    fn decision(&mut self, d: &Decision) {
        self.inner.decision(d);
    }
    fn claims(&mut self, mut claims: Vec<Claim>) {
        for c in &mut claims {
            c.provenance.sketch = Some(self.sketch.clone());
        }
        self.inner.claims(claims);
    }
}

/// What happened to one pattern match (for `explain` and `score`).
#[derive(Debug, Clone)]
pub struct MatchTrace {
    pub rule: String,
    pub kind: Kind,
    /// Normalised byte range of the match.
    pub span: (usize, usize),
    /// The claim made from it, if it was kept.
    pub claim: Option<Claim>,
    /// Why it was kept as it is, or why it was dropped.
    pub why: String,
}

/// Everything decided about one sentence.
#[derive(Debug, Clone)]
pub struct SentenceTrace {
    pub line: usize,
    /// The line the sentence ends on (a headline without a full stop runs on).
    pub end_line: usize,
    /// The language the sentence was read in.
    pub lang: String,
    pub sentence: Sentence,
    pub original: String,
    /// Sources named: (source id, words, how: by an alias, referring back, or by their words).
    pub mentions: Vec<(String, String, &'static str)>,
    pub speakers: Vec<String>,
    /// Matches in the order of their spans.
    pub matches: Vec<MatchTrace>,
}

/// An article's normalised text and sentence traces.
#[derive(Debug, Clone, Default)]
pub struct Trace {
    /// The article's language.
    pub lang: String,
    pub normalized: String,
    pub event: Option<String>,
    /// Why the article belongs to its event.
    pub placed: String,
    pub sentences: Vec<SentenceTrace>,
}

/// Records every decision as a [`Trace`], and the claims.
#[derive(Debug, Default)]
pub struct Tracer {
    pub trace: Trace,
    pub claims: Vec<Claim>,
}

impl Tracer {
    /// Puts the last sentence's matches in the order of their spans.
    fn close_sentence(&mut self) {
        if let Some(st) = self.trace.sentences.last_mut() {
            st.matches.sort_by_key(|m| m.span);
        }
    }
}

impl Sink for Tracer {
    fn every_sentence(&self) -> bool {
        true
    }
    fn article(&mut self, a: &ArticleView) {
        self.trace.lang = a.lang.id.clone();
        self.trace.normalized = a.normalized.text.clone();
        self.trace.event = a.event.map(ToString::to_string);
        self.trace.placed = a.placed.to_string();
    }

    fn sentence(&mut self, v: &SentenceView) {
        self.close_sentence();
        let text = &v.normalized.text;
        let s = v.sentence;
        let (a, b) = v.normalized.original(s.start, s.end);
        let article = &v.article.text;
        self.trace.sentences.push(SentenceTrace {
            line: crate::error::line_col(article, a).0,
            end_line: crate::error::line_col(article, b.saturating_sub(1).max(a)).0,
            lang: v.lang.id.clone(),
            sentence: s,
            original: article[a..b].to_string(),
            mentions: v
                .mentions
                .iter()
                .map(|m| {
                    (
                        m.source.id(v.pack).0,
                        text[m.start..m.end].to_string(),
                        match (m.anaphor, m.described) {
                            (true, _) => "refers back",
                            (false, true) => "by its words: a side and an institution",
                            (false, false) => "",
                        },
                    )
                })
                .collect(),
            speakers: v
                .speakers()
                .iter()
                .map(|sp| describe_speaker(v.pack, text, sp))
                .collect(),
            matches: Vec::new(),
        });
    }

    fn decision(&mut self, d: &Decision) {
        if let Some(st) = self.trace.sentences.last_mut() {
            st.matches.push(MatchTrace {
                rule: d.rule.id.clone(),
                kind: d.rule.kind,
                span: d.span,
                claim: d.claim.cloned(),
                why: d.why.to_string(),
            });
        }
    }

    fn claims(&mut self, claims: Vec<Claim>) {
        self.close_sentence();
        self.claims.extend(claims);
    }
}

fn describe_speaker(pack: &RulePack, text: &str, sp: &Speaker) -> String {
    let mut s = format!(
        "{} ({} `{}`",
        sp.source.id(pack),
        sp.cue.describe(),
        &text[sp.cue_span.0..sp.cue_span.1]
    );
    for v in &sp.via {
        s.push_str(&format!(", via {}", v.id(pack)));
    }
    s.push(')');
    s
}
