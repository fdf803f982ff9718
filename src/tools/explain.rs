//! `explain`: a trace for rule authors, sentence by sentence: the normalised text, the sources
//! and speakers found, each claim with why it has its speaker and side, what was dropped and why,
//! and near misses (a rule's words all present without a match, a figure nobody read).

use crate::error::Error;
use crate::extract::driver as pipeline;
use crate::extract::sink::SentenceTrace;
use crate::model::Article;
use crate::rules::{Language, RulePack};

/// The trace of one article as text; `only_line` keeps the sentences on that line of the file.
pub fn explain(
    pack: &RulePack,
    article: &Article,
    forced_lang: Option<&str>,
    only_line: Option<usize>,
) -> Result<(String, usize), Error> {
    let (claims, trace) = pipeline::trace(pack, article, forced_lang)?;
    let lang = pack
        .language(&trace.lang)
        .expect("the trace's language is one of the pack's");
    let mut out = format!(
        "== {} (language {}, event {}, {})\n",
        crate::report::printable(&article.path),
        lang.id,
        crate::report::printable(trace.event.as_deref().unwrap_or("none")),
        crate::report::count(claims.len(), "claim")
    );
    if !trace.placed.is_empty() {
        out.push_str(&format!(
            "   event: {}\n",
            crate::report::printable(&trace.placed)
        ));
    }
    for st in trace
        .sentences
        .iter()
        .filter(|st| only_line.is_none_or(|l| st.line == l))
    {
        sentence(&mut out, pack, lang, &trace.normalized, st);
    }
    Ok((out, claims.len()))
}

fn sentence(out: &mut String, pack: &RulePack, lang: &Language, norm: &str, st: &SentenceTrace) {
    let text = &norm[st.sentence.start..st.sentence.end];
    out.push_str(&format!(
        "\nline {}: {}\n",
        st.line,
        crate::report::printable(&st.original)
    ));
    if text != st.original {
        out.push_str(&format!(
            "  normalised: {}\n",
            crate::report::printable(text)
        ));
    }
    if !st.mentions.is_empty() {
        let m: Vec<String> = st
            .mentions
            .iter()
            .map(|(id, words, how)| {
                if how.is_empty() {
                    format!("{id} `{words}`")
                } else {
                    format!("{id} `{words}` ({how})")
                }
            })
            .collect();
        out.push_str(&format!("  sources:    {}\n", m.join("; ")));
    }
    if !st.speakers.is_empty() {
        out.push_str(&format!("  speakers:   {}\n", st.speakers.join("; ")));
    }
    for m in &st.matches {
        let matched = crate::report::printable(&norm[m.span.0..m.span.1]);
        match &m.claim {
            Some(c) => {
                let via: String = c.via.iter().map(|v| format!(" via {v}")).collect();
                out.push_str(&format!(
                    "  claim:      {} by {}{via}  [{}]\n              matched `{matched}`\n              why: {}\n",
                    c.summary(),
                    c.source,
                    m.rule,
                    m.why
                ));
            }
            None => out.push_str(&format!("  {}  [{}] `{matched}`\n", m.why, m.rule)),
        }
    }
    // A line in another language's script was read in that language.
    let lang = pack.language(&st.lang).unwrap_or(lang);
    for miss in near_misses(pack, lang, text, st) {
        out.push_str(&format!("  near miss:  {miss}\n"));
    }
}

/// Something a rule author should look at: a rule whose words are all in the sentence but
/// whose pattern did not match, or a figure no claim read.
#[derive(Debug, Clone)]
pub(crate) enum NearMiss {
    Rule {
        id: String,
        kind: crate::model::Kind,
        words: Vec<String>,
        pattern: String,
    },
    Figure {
        /// The figure's words and their byte range in the normalised text.
        text: String,
        span: (usize, usize),
        reason: String,
    },
}

impl std::fmt::Display for NearMiss {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NearMiss::Rule {
                id, words, pattern, ..
            } => {
                let words: Vec<String> = words.iter().map(|h| format!("`{h}`")).collect();
                write!(
                    f,
                    "{id}: {} present but the pattern `{pattern}` did not match",
                    words.join(", ")
                )
            }
            NearMiss::Figure { text, reason, .. } => {
                write!(f, "figure `{text}` not read as a count: {reason}")
            }
        }
    }
}

/// Rules whose required words are all present without a match, and figures no claim read.
pub(crate) fn near_misses(
    pack: &RulePack,
    lang: &Language,
    text: &str,
    st: &SentenceTrace,
) -> Vec<NearMiss> {
    let base = st.sentence.start;
    let mut out = Vec::new();
    for rule in lang.rules.iter().filter(|r| !r.required.is_empty()) {
        if st.matches.iter().any(|m| m.rule == rule.id) {
            continue;
        }
        let hits: Option<Vec<&str>> = rule
            .required()
            .iter()
            .map(|re| {
                re.captures(text)
                    .and_then(|c| c.name("m"))
                    .map(|m| m.as_str())
            })
            .collect();
        if let Some(hits) = hits {
            out.push(NearMiss::Rule {
                id: rule.id.clone(),
                kind: rule.kind,
                words: hits.iter().map(|h| h.to_string()).collect(),
                pattern: rule.pattern.clone(),
            });
        }
    }
    let used = |a: usize, b: usize| {
        st.matches
            .iter()
            .any(|m| m.span.0 <= base + a && base + b <= m.span.1)
    };
    for n in lang
        .number_finder
        .captures_iter(text)
        .filter_map(|c| c.name("m"))
    {
        if used(n.start(), n.end()) {
            continue;
        }
        let (lo, hi) = pack.settings.years;
        let year = n.as_str().len() == 4
            && n.as_str()
                .parse::<u32>()
                .is_ok_and(|y| (lo..=hi).contains(&y));
        let rest = &text[n.end()..];
        let reason = if year {
            "a year".to_string()
        } else if let Some((why, _)) = lang.not_counted.iter().find(|(_, re)| re.is_match(rest)) {
            format!("followed by a {why} word")
        } else {
            let next = rest
                .split_whitespace()
                .next()
                .unwrap_or("(end of sentence)");
            format!("no pattern reads it (next word `{next}`)")
        };
        out.push(NearMiss::Figure {
            text: n.as_str().to_string(),
            span: (base + n.start(), base + n.end()),
            reason,
        });
    }
    out
}
