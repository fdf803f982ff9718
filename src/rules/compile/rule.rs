//! One rule: its pattern compiled, then the checks that need the whole rule: the slots its
//! kind needs, its examples, and the regex as a whole.

use super::locate::Problems;
use super::pattern;
use super::pieces::{entry_words, one_line};
use super::{Build, LangParts, Lexicon};
use crate::model::Kind;
use crate::rules::raw::{RawClaim, RawExpect, RawHappened, RawRule, RawUnnamedSide};
use crate::rules::{
    Example, ExpectClaim, Frame, Happened, Lazy, Rule, RuleError, SideRole, Slot, UnnamedSide,
};

/// Compiles rule `r` of file `f` in language `lang`; every problem is reported, and a rule
/// with one is left out.
pub(super) fn compile_rule(
    p: &mut Problems,
    f: usize,
    lang: &str,
    r: &RawRule,
    lp: &LangParts,
    lexicon: &Lexicon,
) -> Option<Rule> {
    let at = p.next_rule_offset(f, &r.id);
    let report = |p: &mut Problems, e: RuleError| p.report(f, at, Some(&r.id), e);
    let tokens = pattern::tokenize(&r.pattern);
    if tokens.is_empty() {
        report(p, RuleError::EmptyPattern);
        return None;
    }
    let (built, errors) = pattern::build(&tokens, r.gap, lp, lexicon);
    let mut ok = errors.is_empty();
    for e in errors {
        report(p, e);
    }
    // A broken slot already said what is wrong; the slot count would only repeat it.
    if ok && let Err(e) = check_slots(r.kind, r.mutual, &built.slots) {
        report(p, e);
        ok = false;
    }
    let regex = Lazy::new(lp.b.bounded(&built.re));
    if ok
        && lp.build == Build::Eager
        && let Err(e) = regex.compiled()
    {
        let why = one_line(e);
        report(p, RuleError::PatternDoesNotCompile { why });
        ok = false;
    }
    let frame = r
        .happened
        .as_ref()
        .map(|h| frame(p, f, at, r, h, lp, lexicon));
    let (examples, errors) = examples(r);
    ok &= errors.is_empty();
    for e in errors {
        report(p, e);
    }
    if ok && !examples.iter().any(|e| e.expect.is_some()) {
        report(p, RuleError::NoMatchingExample);
        ok = false;
    }
    if !ok {
        return None;
    }
    Some(Rule {
        id: r.id.clone(),
        lang: lang.to_string(),
        kind: r.kind,
        pattern: r.pattern.clone(),
        named_slots: built.slots,
        groups: std::sync::OnceLock::new(),
        finder: std::sync::OnceLock::new(),
        regex,
        group: r.group,
        needs_speaker: r
            .needs_speaker
            .unwrap_or(r.kind == Kind::Blame && !r.mutual),
        mutual: r.mutual,
        unnamed_side: unnamed_side(r.unnamed_side),
        examples,
        file: p.files()[f].0.clone(),
        line: p.line_of(f, at),
        trigger: triggers(r, &tokens, lp, lexicon),
        required: built.required,
        required_regexes: std::sync::OnceLock::new(),
        id_offset: at,
        frame: frame.flatten(),
        priority: r.priority,
        specificity: specificity(&r.pattern),
    })
}

/// The rule's trigger words ([`pattern::trigger_words`]); a frame whose pattern has none (a
/// bare count) claims nothing without a word of what happened in its sentence: those words.
fn triggers(
    r: &RawRule,
    tokens: &[pattern::Token],
    lp: &LangParts,
    lexicon: &Lexicon,
) -> Vec<Vec<String>> {
    let trigger = pattern::trigger_words(lp.b, tokens, lexicon);
    let Some(happened) = r.happened.as_ref().filter(|_| trigger.is_empty()) else {
        return trigger;
    };
    let mut words = Vec::new();
    for h in happened.values() {
        let list: Vec<String> = (h.after.iter().chain(&h.before).chain(&h.before_noun))
            .cloned()
            .collect();
        match happened_words(&list, lexicon) {
            Ok(w) => words.extend(w),
            // An unknown entry is reported by the frame; the rule always runs.
            Err(_) => return trigger,
        }
    }
    let group = pattern::literals(lp.b, &words);
    if group.is_empty() {
        trigger
    } else {
        vec![group]
    }
}

/// The words of what happened, `{entry}` replaced by the lexicon entry's words; the names of
/// entries the lexicon lacks are the error.
fn happened_words<'a>(list: &'a [String], lexicon: &Lexicon) -> Result<Vec<String>, Vec<&'a str>> {
    let (mut out, mut unknown) = (Vec::new(), Vec::new());
    for w in list {
        match w.strip_prefix('{').and_then(|x| x.strip_suffix('}')) {
            Some(name) => match lexicon.get(name) {
                Some(entry) => out.extend(entry_words(entry)),
                None => unknown.push(name),
            },
            None => out.push(w.clone()),
        }
    }
    if unknown.is_empty() {
        Ok(out)
    } else {
        Err(unknown)
    }
}

/// How specific a pattern is: its literal letters (outside `{slots}`; a `?` word counts too).
fn specificity(pattern: &str) -> usize {
    let mut depth = 0usize;
    let mut n = 0;
    for c in pattern.chars() {
        match c {
            '{' => depth += 1,
            '}' => depth = depth.saturating_sub(1),
            c if depth == 0 && c.is_alphabetic() => n += 1,
            _ => {}
        }
    }
    n
}

/// The frame of rule `r`: the words of what happened after and before its count, by kind.
fn frame(
    p: &mut Problems,
    f: usize,
    at: usize,
    r: &RawRule,
    happened: &std::collections::BTreeMap<Kind, RawHappened>,
    lp: &LangParts,
    lexicon: &Lexicon,
) -> Option<Frame> {
    let mut ok = true;
    let mut words_of = |list: &[String]| -> Vec<String> {
        happened_words(list, lexicon).unwrap_or_else(|unknown| {
            for name in unknown {
                let error = RuleError::UnknownSlot {
                    slot: name.to_string(),
                    known: lexicon.keys().map(|k| k.to_string()).collect(),
                };
                p.report(f, at, Some(&r.id), error);
            }
            ok = false;
            Vec::new()
        })
    };
    let mut side = |place: fn(&RawHappened) -> &Vec<String>| -> Option<Happened> {
        let mut alts = Vec::new();
        let mut kinds = Vec::new();
        for (kind, h) in happened {
            if let Some(a) = lp.b.alt(&words_of(place(h))) {
                alts.push(format!("({a})"));
                kinds.push(*kind);
            }
        }
        if alts.is_empty() {
            return None;
        }
        // Whole words: no word character on either side (consumed or not, see `bounded`).
        let re = format!("{}(?:{}){}", lp.b.start(), alts.join("|"), lp.b.end());
        let regex = Lazy::new(re);
        if lp.build == Build::Eager {
            regex.compiled().ok()?;
        }
        Some(Happened { regex, kinds })
    };
    let after = side(|h| &h.after);
    let before = side(|h| &h.before);
    let before_noun = side(|h| &h.before_noun);
    ok.then_some(Frame {
        after,
        before,
        before_noun,
        window: r.window.unwrap_or(4),
    })
}

/// A blame rule needs exactly one `{accused}` or `{victim}` and no `{count}`; a casualty rule
/// at least one `{count}` and no `{accused}` or `{victim}`.
fn check_slots(kind: Kind, mutual: bool, slots: &[Slot<String>]) -> Result<(), RuleError> {
    let counts = slots
        .iter()
        .filter(|s| matches!(s, Slot::Count { .. }))
        .count();
    let accused = slots
        .iter()
        .filter(|s| {
            matches!(
                s,
                Slot::Side {
                    role: SideRole::Accused | SideRole::Victim,
                    ..
                }
            )
        })
        .count();
    if kind == Kind::Blame {
        if counts > 0 || accused != usize::from(!mutual) {
            return Err(RuleError::BlameSlots { counts, accused });
        }
    } else if counts == 0 || accused > 0 {
        return Err(RuleError::CasualtySlots {
            kind,
            counts,
            accused,
        });
    }
    Ok(())
}

/// The rule's examples, and their problems: none at all, a word other than `none` for
/// `expect:`, a claim of another kind than the rule's.
fn examples(r: &RawRule) -> (Vec<Example>, Vec<RuleError>) {
    let mut out = Vec::new();
    let mut errors = Vec::new();
    if r.examples.is_empty() {
        errors.push(RuleError::NoExamples);
    }
    for ex in &r.examples {
        let expect = match &ex.expect {
            RawExpect::Keyword(k) if k == "none" => None,
            RawExpect::Keyword(k) => {
                errors.push(RuleError::BadExpectKeyword { keyword: k.clone() });
                continue;
            }
            RawExpect::Claim(c) => {
                // A frame's claims are of the kinds of what happened; a rule's of its own.
                let fits = match &r.happened {
                    Some(h) => h.contains_key(&c.kind),
                    None => c.kind == r.kind,
                };
                if !fits {
                    errors.push(RuleError::ExpectKindMismatch {
                        expected: c.kind,
                        rule: r.kind,
                    });
                }
                Some(expect_claim(c))
            }
        };
        out.push(Example {
            text: ex.text.clone(),
            expect,
        });
    }
    (out, errors)
}

fn expect_claim(c: &RawClaim) -> ExpectClaim {
    ExpectClaim {
        kind: c.kind,
        side: c.side.clone(),
        value: c.value,
        upper: c.upper,
        bound: c.bound,
        source: c.source.clone(),
        accuser: c.accuser.clone(),
        accused: c.accused.clone(),
        group: c.group,
        parts: c.parts.clone(),
    }
}

fn unnamed_side(u: RawUnnamedSide) -> UnnamedSide {
    match u {
        RawUnnamedSide::Speaker => UnnamedSide::Speaker,
        RawUnnamedSide::Opponent => UnnamedSide::Opponent,
        RawUnnamedSide::None => UnnamedSide::None,
    }
}
