//! Every kind of rule problem, in process: a small pack in memory is broken one way at a time,
//! and the test checks the variant, its fields, and where it is reported (file, line, column,
//! rule id). The pack's words are made up: no language lives in `src/`.

use super::compile;
use crate::error::{Error, Location, line_col};
use crate::model::Kind;
use crate::rules::{Origin, RuleError, RulePack};

const SIDES: &str = "t/sides.yaml";
const SOURCES: &str = "t/sources.yaml";
const EVENTS: &str = "t/events.yaml";
const LANG: &str = "t/xx/language.yaml";
const RULES: &str = "t/xx/rules.yaml";

/// A pack that compiles: two sides, a source, an event, a language `xx`, a casualty rule and a
/// blame rule.
fn base() -> Vec<(String, String)> {
    let files = [
        (
            SIDES,
            "sides:\n  - id: pa\n    opponents: [qu]\n    aliases:\n      xx: [pax]\n  \
             - id: qu\n    opponents: [pa]\n    aliases:\n      xx: [qux]\n",
        ),
        (
            SOURCES,
            "sources:\n  - id: pa_gov\n    side: pa\n    kind: government\n    aliases:\n      \
             xx: [pax gov]\n",
        ),
        (
            EVENTS,
            "events:\n  - id: ev\n    start: 2020-01-01\n    end: 2020-01-02\n",
        ),
        (
            LANG,
            "language:\n  id: xx\n  script: Latin\n  normalize: [lowercase]\n  \
             sentence_end: [\".\"]\n  attribution:\n    speech: [zaid]\n",
        ),
        (
            RULES,
            "lang: xx\nlexicon:\n  hit: [zapped]\n  blam: [blamz]\n  gorp:\n    \
             singular: [gorp]\n    plural: [gorps]\n    group: military\nrules:\n  \
             - id: xx.killed.gorps\n    kind: killed\n    pattern: \"{count:gorp} {hit}\"\n    \
             examples:\n      - text: \"Pax gov zaid 2 gorps zapped.\"\n        \
             expect: {kind: killed, value: 2, source: pa_gov}\n  \
             - id: xx.blame.blamz\n    kind: blame\n    pattern: \"{blam} {accused}\"\n    \
             examples:\n      - text: \"Pax gov zaid it blamz qux.\"\n        \
             expect: {kind: blame, accused: qu}\n",
        ),
    ];
    files
        .iter()
        .map(|(n, t)| (n.to_string(), t.to_string()))
        .collect()
}

/// `files` with the first `from` replaced by `to` in `file`; a new file when `from` is empty.
/// Files stay sorted by name, as a pack directory is read.
fn edit(
    mut files: Vec<(String, String)>,
    file: &str,
    from: &str,
    to: &str,
) -> Vec<(String, String)> {
    match files.iter_mut().find(|(n, _)| n == file) {
        Some((_, text)) => {
            assert!(text.contains(from), "`{from}` not in {file}");
            *text = text.replacen(from, to, 1);
        }
        None => {
            assert!(from.is_empty(), "{file} is not in the pack");
            files.push((file.to_string(), to.to_string()));
        }
    }
    files.sort();
    files
}

/// The base pack with one edit.
fn broken(file: &str, from: &str, to: &str) -> Vec<(String, String)> {
    edit(base(), file, from, to)
}

/// Every problem compiling `files` finds (the compile must fail).
fn problems(files: &[(String, String)]) -> Vec<(Location, Option<String>, RuleError)> {
    match compile(files) {
        Ok(_) => panic!("the pack compiled"),
        Err(errors) => errors
            .0
            .into_iter()
            .map(|e| match e {
                Error::Rule { at, rule, error } => (at, rule, *error),
                other => panic!("not a rule error: {other}"),
            })
            .collect(),
    }
}

/// The one problem compiling `files` finds.
fn one(files: &[(String, String)]) -> (Location, Option<String>, RuleError) {
    let mut all = problems(files);
    assert_eq!(all.len(), 1, "{all:?}");
    all.remove(0)
}

/// Where the `nth` (0-based) `needle` stands in `file` of `files`.
fn place(files: &[(String, String)], file: &str, needle: &str, nth: usize) -> Location {
    let text = &files.iter().find(|(n, _)| n == file).expect("file").1;
    let (i, _) = text
        .match_indices(needle)
        .nth(nth)
        .unwrap_or_else(|| panic!("`{needle}` #{nth} not in {file}"));
    let (line, column) = line_col(text, i);
    Location {
        file: file.to_string(),
        line,
        column,
    }
}

/// Asserts the one problem of `files`: its variant and fields, its rule, and that it points at
/// the `nth` `needle` of `file`.
fn expect_one(
    files: &[(String, String)],
    want: RuleError,
    rule: Option<&str>,
    file: &str,
    needle: &str,
    nth: usize,
) {
    let (at, r, e) = one(files);
    assert_eq!(e, want);
    assert_eq!(r.as_deref(), Some(rule).flatten(), "rule of {e}");
    assert_eq!(at, place(files, file, needle, nth), "place of {e}");
}

const KILLED: Option<&str> = Some("xx.killed.gorps");
const BLAME: Option<&str> = Some("xx.blame.blamz");

#[test]
fn the_base_pack_compiles_and_reads_slots_by_group_index() {
    let pack = compile(&base()).unwrap_or_else(|e| panic!("{e}"));
    let lang = pack.language("xx").unwrap();
    let claims = crate::extract::driver::extract_text(&pack, lang, "Pax gov zaid 2 gorps zapped.");
    assert_eq!(claims.len(), 1, "{claims:?}");
    assert_eq!((claims[0].kind, claims[0].value), (Kind::Killed, Some(2)));
    assert_eq!(claims[0].source.0, "pa_gov");
    assert_eq!(claims[0].side.as_ref().map(|s| s.0.as_str()), Some("pa"));
    let claims = crate::extract::driver::extract_text(&pack, lang, "Pax gov zaid it blamz qux.");
    assert_eq!(claims.len(), 1, "{claims:?}");
    assert_eq!(claims[0].accused.as_ref().map(|s| s.0.as_str()), Some("qu"));
    // "a gorp" alone is one: the singular's group.
    let claims = crate::extract::driver::extract_text(&pack, lang, "Pax gov zaid gorp zapped.");
    assert_eq!(claims.first().and_then(|c| c.value), Some(1), "{claims:?}");
}

#[test]
fn slot_groups_are_indices_of_their_rule_regex() {
    let pack = RulePack::load(&Origin::Embedded).unwrap_or_else(|e| panic!("{e}"));
    for rule in pack.languages.iter().flat_map(|l| &l.rules) {
        let regex = rule
            .regex
            .get()
            .expect("the default pack's patterns compile");
        let slots = &rule.groups().expect("and have groups").slots;
        let n = regex.captures_len();
        let mut groups = Vec::new();
        for s in slots.iter().cloned() {
            s.map_groups(|g| groups.push(g));
        }
        // Every rule reads a slot, but mutual blame (no one is named: each camp blames the other).
        assert!(!groups.is_empty() || rule.mutual, "{}", rule.id);
        assert!(groups.iter().all(|&g| g > 1 && g < n), "{}", rule.id);
        // The whole match stays group `m`.
        assert_eq!(regex.capture_names().nth(1), Some(Some("m")));
        // The backtracker numbers the groups as the regex does.
        let mut names = Vec::new();
        for s in rule.named_slots.iter().cloned() {
            s.map_groups(|g| names.push(g));
        }
        let by_regex: Vec<usize> = (names.iter())
            .map(|g| {
                (regex.capture_names())
                    .position(|n| n == Some(g.as_str()))
                    .expect("a slot's group is in its regex")
            })
            .collect();
        assert_eq!(groups, by_regex, "{}", rule.id);
    }
}

#[test]
fn a_located_problem_prints_as_one_line() {
    let files = broken(RULES, "{count:gorp} {hit}", "{count:gorp} {hitt}");
    let e = compile(&files).unwrap_err();
    assert_eq!(
        e.to_string(),
        "t/xx/rules.yaml:12:28: rule xx.killed.gorps: unknown slot {hitt}: not count, side, \
         accused, victim, nor a lexicon entry (known: blam, gorp, hit)"
    );
}

#[test]
fn all_problems_of_a_pack_are_reported_in_file_order() {
    let files = broken(SOURCES, "side: pa", "side: zz");
    let files = edit(files, RULES, "{hit}", "{hitt}");
    let files = edit(files, RULES, "{blam}", "{blm}");
    let all = problems(&files);
    let kinds: Vec<String> = all
        .iter()
        .map(|(at, _, e)| format!("{}:{} {e}", at.file, at.line))
        .collect();
    assert_eq!(all.len(), 3, "{kinds:#?}");
    assert!(matches!(all[0].2, RuleError::UnknownSide { .. }));
    assert!(matches!(&all[1].2, RuleError::UnknownSlot { slot, .. } if slot == "hitt"));
    assert!(matches!(&all[2].2, RuleError::UnknownSlot { slot, .. } if slot == "blm"));
}

// --- Reading YAML.

#[test]
fn yaml_syntax() {
    let files = broken(RULES, "lang: xx\n", "lang: xx\n  bad: [\n");
    let (at, rule, e) = one(&files);
    assert!(
        matches!(&e, RuleError::Syntax { message } if message.contains("mapping values are not allowed"))
    );
    assert_eq!((at.file.as_str(), at.line, at.column), (RULES, 2, 6));
    assert_eq!(rule, None);
}

#[test]
fn unknown_field() {
    let files = broken(RULES, "    kind: blame\n", "    kind: blame\n    gapp: 2\n");
    let (at, rule, e) = one(&files);
    let RuleError::UnknownField {
        path,
        field,
        expected,
    } = &e
    else {
        panic!("{e:?}")
    };
    assert_eq!((path.as_str(), field.as_str()), ("rules[1]", "gapp"));
    assert!(
        expected.starts_with("expected one of `id`, `kind`"),
        "{expected}"
    );
    assert_eq!(rule.as_deref(), BLAME);
    assert_eq!(at, place(&files, RULES, "gapp:", 0));
}

#[test]
fn unknown_top_level_key() {
    let files = broken(RULES, "lang: xx\n", "lang: xx\nlangs: x\n");
    let (at, rule, e) = one(&files);
    assert!(
        matches!(&e, RuleError::UnknownField { path, field, .. } if path.is_empty() && field == "langs")
    );
    assert_eq!((at, rule), (place(&files, RULES, "langs:", 0), None));
}

#[test]
fn unknown_field_in_a_noun() {
    let files = broken(RULES, "    singular: [gorp]", "    singualr: [gorp]");
    let (at, rule, e) = one(&files);
    assert!(
        matches!(&e, RuleError::UnknownField { path, field, .. } if path == "lexicon: lexicon entry" && field == "singualr"),
        "{e:?}"
    );
    assert_eq!((at, rule), (place(&files, RULES, "singualr:", 0), None));
}

#[test]
fn example_without_expect() {
    let files = broken(RULES, "        expect: {kind: blame, accused: qu}\n", "");
    let (at, rule, e) = one(&files);
    assert_eq!(
        e,
        RuleError::MissingField {
            path: "rules[1].examples[0]".into(),
            field: "expect".into()
        }
    );
    assert_eq!(rule.as_deref(), BLAME);
    assert_eq!(at, place(&files, RULES, "text: \"Pax gov zaid it", 0));
}

#[test]
fn duplicate_field() {
    let files = broken(
        RULES,
        "    kind: blame\n",
        "    kind: blame\n    gap: 1\n    gap: 2\n",
    );
    let (at, rule, e) = one(&files);
    assert_eq!(
        e,
        RuleError::DuplicateField {
            path: "rules[1]".into(),
            field: "gap".into()
        }
    );
    assert_eq!(
        (at, rule.as_deref()),
        (place(&files, RULES, "gap:", 1), BLAME)
    );
}

#[test]
fn unknown_variant() {
    let files = broken(RULES, "kind: killed\n", "kind: kiled\n");
    let (at, rule, e) = one(&files);
    assert!(
        matches!(&e, RuleError::UnknownVariant { path, variant, expected } if path == "rules[0].kind" && variant == "kiled" && expected.starts_with("expected one of `killed`")),
        "{e:?}"
    );
    assert_eq!(
        (at, rule.as_deref()),
        (place(&files, RULES, "kiled", 0), KILLED)
    );
}

#[test]
fn unknown_normalisation_step() {
    let files = broken(LANG, "[lowercase]", "[lowercas]");
    let (at, _, e) = one(&files);
    assert!(
        matches!(&e, RuleError::UnknownVariant { path, variant, .. } if path == "language.normalize: normalize step" && variant == "lowercas"),
        "{e:?}"
    );
    assert_eq!(at.file, LANG);
    assert_eq!(at.line, 4);
}

#[test]
fn wrong_type() {
    let files = broken(RULES, "value: 2,", "value: two,");
    let (at, rule, e) = one(&files);
    assert_eq!(
        e,
        RuleError::WrongType {
            path: "rules[0].examples[0]: expect".into(),
            found: "string \"two\"".into(),
            expected: "u64".into()
        }
    );
    assert_eq!(
        (at, rule.as_deref()),
        (place(&files, RULES, "two", 0), KILLED)
    );
}

#[test]
fn invalid_value() {
    let files = broken(
        LANG,
        "  script: Latin\n",
        "  script: Latin\n  numbers: {dozenz: [9, 2]}\n",
    );
    let (at, _, e) = one(&files);
    assert_eq!(
        e,
        RuleError::Invalid {
            message: "language.numbers: number word: range [9, 2] must rise".into()
        }
    );
    assert_eq!(at.line, 4);
}

// --- The files of a pack together.

#[test]
fn settings_twice() {
    let files = broken("t/a.yaml", "", "settings: {}\n");
    let files = edit(
        files,
        "t/b.yaml",
        "",
        "# more\nsettings:\n  years: [1, 2]\n",
    );
    expect_one(
        &files,
        RuleError::SettingsTwice,
        None,
        "t/b.yaml",
        "settings",
        0,
    );
}

#[test]
fn language_twice() {
    let files = broken("t/xx/zz.yaml", "", "language:\n  id: xx\n  script: Latin\n");
    let want = RuleError::DefinedTwice {
        what: "language".into(),
        id: "xx".into(),
        first_at: "t/xx/language.yaml:1".into(),
    };
    expect_one(&files, want, None, "t/xx/zz.yaml", "language", 0);
}

#[test]
fn unknown_language() {
    let files = broken("t/zz.yaml", "", "lang: zz\nlexicon:\n  a: [b]\n");
    let want = RuleError::UnknownLanguage { lang: "zz".into() };
    expect_one(&files, want, None, "t/zz.yaml", "lang", 0);
}

#[test]
fn rules_without_lang() {
    let files = broken("t/zz.yaml", "", "lexicon:\n  a: [b]\n");
    expect_one(&files, RuleError::NoLang, None, "t/zz.yaml", "lexicon", 0);
}

#[test]
fn duplicate_rule_id_points_at_the_second() {
    let files = broken(RULES, "id: xx.blame.blamz", "id: xx.killed.gorps");
    let want = RuleError::DuplicateRule {
        id: "xx.killed.gorps".into(),
        first: format!("{RULES}:10"),
    };
    expect_one(&files, want, KILLED, RULES, "xx.killed.gorps", 1);
}

#[test]
fn duplicate_rule_id_in_another_file() {
    let other = "lang: xx\nrules:\n  - id: xx.killed.gorps\n    kind: killed\n    \
                 pattern: \"{count} {hit}\"\n    examples:\n      - text: \"2 zapped\"\n        \
                 expect: {kind: killed}\n";
    let files = broken("t/xx/zz.yaml", "", other);
    let want = RuleError::DuplicateRule {
        id: "xx.killed.gorps".into(),
        first: format!("{RULES}:10"),
    };
    expect_one(&files, want, KILLED, "t/xx/zz.yaml", "xx.killed.gorps", 0);
}

// --- Sides, sources, events.

#[test]
fn duplicate_side_points_at_the_first() {
    let files = broken(SIDES, "  - id: qu\n", "  - id: pa\n");
    // The CLI has always named the first side with the id; kept as it is.
    let want = RuleError::DuplicateSide { id: "pa".into() };
    let (at, _, e) = problems(&files).remove(0);
    assert_eq!(e, want);
    assert_eq!(at, place(&files, SIDES, "pa", 0));
}

#[test]
fn unknown_part_of() {
    let files = broken(SIDES, "  - id: pa\n", "  - id: pa\n    part_of: zz\n");
    let want = RuleError::UnknownPartOf {
        side: "pa".into(),
        part_of: "zz".into(),
    };
    expect_one(&files, want, None, SIDES, "zz", 0);
}

#[test]
fn unknown_opponent() {
    let files = broken(SIDES, "opponents: [qu]", "opponents: [qq]");
    let want = RuleError::UnknownOpponent {
        side: "pa".into(),
        opponent: "qq".into(),
    };
    expect_one(&files, want, None, SIDES, "qq", 0);
}

#[test]
fn part_of_cycle() {
    let files = broken(SIDES, "  - id: pa\n", "  - id: pa\n    part_of: qu\n");
    let files = edit(
        files,
        SIDES,
        "  - id: qu\n",
        "  - id: qu\n    part_of: pa\n",
    );
    let want = RuleError::PartOfCycle {
        side: "pa".into(),
        cycle: vec!["pa".into(), "qu".into()],
    };
    expect_one(&files, want, None, SIDES, "part_of", 0);
    let (_, _, e) = one(&files);
    assert_eq!(
        e.to_string(),
        "side `pa`: part_of forms a cycle (pa -> qu -> pa)"
    );
}

#[test]
fn part_of_itself() {
    let files = broken(SIDES, "  - id: qu\n", "  - id: qu\n    part_of: qu\n");
    let want = RuleError::PartOfCycle {
        side: "qu".into(),
        cycle: vec!["qu".into()],
    };
    expect_one(&files, want, None, SIDES, "part_of", 0);
}

#[test]
fn duplicate_source_points_at_the_first() {
    let second = "\n  - id: pa_gov\n    kind: government\n";
    let files = edit(
        base(),
        SOURCES,
        "xx: [pax gov]\n",
        &format!("xx: [pax gov]\n{second}"),
    );
    let want = RuleError::DuplicateSource {
        id: "pa_gov".into(),
    };
    expect_one(&files, want, None, SOURCES, "pa_gov", 0);
}

#[test]
fn source_with_unknown_side() {
    let files = broken(SOURCES, "side: pa", "side: zz");
    let want = RuleError::UnknownSide {
        source_id: "pa_gov".into(),
        side: "zz".into(),
    };
    expect_one(&files, want, None, SOURCES, "side: zz", 0);
}

#[test]
fn bad_event_date() {
    let files = broken(EVENTS, "end: 2020-01-02", "end: 2020-13-02");
    let want = RuleError::BadDate {
        event: "ev".into(),
        field: "end".into(),
        value: "2020-13-02".into(),
    };
    expect_one(&files, want, None, EVENTS, "end", 0);
}

#[test]
fn alias_claimed_by_two_sources() {
    let second = "  - id: qu_gov\n    side: qu\n    kind: government\n    aliases:\n      \
                  xx: [Pax Gov]\n";
    let files = broken(
        SOURCES,
        "xx: [pax gov]\n",
        &format!("xx: [pax gov]\n{second}"),
    );
    let want = RuleError::AliasClaimedTwice {
        alias: "Pax Gov".into(),
        first: "pa_gov".into(),
        second: "qu_gov".into(),
    };
    expect_one(&files, want, None, SOURCES, "Pax Gov", 0);
}

// --- A language.

#[test]
fn normalisation_argument_of_two_characters() {
    let files = broken(LANG, "[lowercase]", "[lowercase, {delete: [ab]}]");
    let want = RuleError::NotOneChar { text: "ab".into() };
    expect_one(&files, want, None, LANG, "ab", 0);
    let files = broken(LANG, "[lowercase]", "[lowercase, {split_after: [a, bc]}]");
    let want = RuleError::NotOneChar { text: "bc".into() };
    expect_one(&files, want, None, LANG, "bc", 0);
}

#[test]
fn map_key_of_two_characters() {
    let files = broken(LANG, "[lowercase]", "[lowercase, {map: {qz: k}}]");
    let want = RuleError::MapKeyNotOneChar { key: "qz".into() };
    expect_one(&files, want, None, LANG, "qz", 0);
}

#[test]
fn unknown_script() {
    let files = broken(LANG, "script: Latin", "script: Latinz");
    let want = RuleError::UnknownScript {
        lang: "xx".into(),
        script: "Latinz".into(),
    };
    expect_one(&files, want, None, LANG, "Latinz", 0);
}

#[test]
fn font_that_could_leave_the_style_sheet() {
    let files = broken(
        LANG,
        "  script: Latin\n",
        "  script: Latin\n  fonts: [\"Sans}</style>\"]\n",
    );
    let want = RuleError::UnsafeFont {
        lang: "xx".into(),
        font: "Sans}</style>".into(),
    };
    expect_one(&files, want, None, LANG, "Sans}", 0);
}

#[test]
fn lexicon_entry_twice() {
    let files = broken("t/xx/zz.yaml", "", "lang: xx\nlexicon:\n  hit: [zonk]\n");
    let want = RuleError::LexiconTwice {
        entry: "hit".into(),
        lang: "xx".into(),
    };
    expect_one(&files, want, None, "t/xx/zz.yaml", "hit:", 0);
}

// --- A rule's pattern.

/// The base pack with the casualty rule's pattern replaced.
fn killed_pattern(pattern: &str) -> Vec<(String, String)> {
    broken(RULES, "{count:gorp} {hit}", pattern)
}

/// The base pack with the blame rule's pattern replaced.
fn blame_pattern(pattern: &str) -> Vec<(String, String)> {
    broken(RULES, "{blam} {accused}", pattern)
}

#[test]
fn empty_pattern() {
    expect_one(
        &killed_pattern(" "),
        RuleError::EmptyPattern,
        KILLED,
        RULES,
        "pattern",
        0,
    );
}

#[test]
fn gap_at_an_edge() {
    let files = killed_pattern("{count:gorp} {hit} ...");
    expect_one(&files, RuleError::GapAtEdge, KILLED, RULES, "...", 0);
}

#[test]
fn raw_regex_with_a_named_group() {
    let files = killed_pattern("{count:gorp} /(?P<n>z)/ {hit}");
    let want = RuleError::NamedGroup {
        regex: "(?P<n>z)".into(),
    };
    expect_one(&files, want, KILLED, RULES, "(?P<n>z)", 0);
}

#[test]
fn raw_regex_that_does_not_compile() {
    let files = killed_pattern("{count:gorp} /(z/ {hit}");
    let (at, rule, e) = one(&files);
    assert!(
        matches!(&e, RuleError::BadRegex { regex, why } if regex == "(z" && why.contains("unclosed group")),
        "{e:?}"
    );
    assert_eq!(
        (at, rule.as_deref()),
        (place(&files, RULES, "(z/", 0), KILLED)
    );
    // Too large alone (the crate's default limit for a piece).
    let files = killed_pattern("{count:gorp} /(?:z{1000}){1000}/ {hit}");
    let (_, _, e) = one(&files);
    assert!(
        matches!(&e, RuleError::BadRegex { why, .. } if why.contains("exceeds size limit")),
        "{e:?}"
    );
}

#[test]
fn side_slot_where_no_side_has_aliases() {
    let lang = "language:\n  id: yy\n  script: Greek\n";
    let rules = "lang: yy\nrules:\n  - id: yy.killed.side\n    kind: killed\n    \
                 pattern: \"{count} {side}\"\n    examples:\n      - text: \"2\"\n        \
                 expect: {kind: killed}\n";
    let files = broken("t/yy/language.yaml", "", lang);
    let files = edit(files, "t/yy/rules.yaml", "", rules);
    let want = RuleError::NoSideAliases {
        slot: "side".into(),
    };
    expect_one(
        &files,
        want,
        Some("yy.killed.side"),
        "t/yy/rules.yaml",
        "{side",
        0,
    );
}

#[test]
fn argument_to_a_slot_other_than_count() {
    let files = killed_pattern("{count:gorp} {hit:x}");
    let want = RuleError::SlotArgument {
        slot: "hit:x".into(),
    };
    expect_one(&files, want, KILLED, RULES, "{hit:x", 0);
}

#[test]
fn unknown_slot() {
    let files = blame_pattern("{blm} {accused}");
    let want = RuleError::UnknownSlot {
        slot: "blm".into(),
        known: vec!["blam".into(), "gorp".into(), "hit".into()],
    };
    expect_one(&files, want, BLAME, RULES, "{blm", 0);
}

#[test]
fn empty_lexicon_entry() {
    let files = broken(RULES, "  hit: [zapped]\n", "  hit: [zapped]\n  nada: []\n");
    let files = edit(files, RULES, "{count:gorp} {hit}", "{count:gorp} {nada}");
    let want = RuleError::EmptyEntry {
        entry: "nada".into(),
    };
    expect_one(&files, want, KILLED, RULES, "{nada", 0);
}

#[test]
fn count_of_a_word_list() {
    let files = killed_pattern("{count:hit} {hit}");
    let want = RuleError::CountOfWordList { noun: "hit".into() };
    expect_one(&files, want, KILLED, RULES, "{count:hit", 0);
}

#[test]
fn count_of_an_unknown_noun() {
    let files = killed_pattern("{count:gorpz} {hit}");
    let want = RuleError::UnknownNoun {
        noun: "gorpz".into(),
    };
    expect_one(&files, want, KILLED, RULES, "{count:gorpz", 0);
}

#[test]
fn count_of_a_noun_without_forms() {
    let files = broken(
        RULES,
        "  hit: [zapped]\n",
        "  hit: [zapped]\n  ghost: {group: military}\n",
    );
    let files = edit(files, RULES, "{count:gorp} {hit}", "{count:ghost} {hit}");
    let want = RuleError::NounWithoutForms {
        noun: "ghost".into(),
    };
    expect_one(&files, want, KILLED, RULES, "{count:ghost", 0);
}

#[test]
fn optional_first_token() {
    let files = killed_pattern("{hit}? {count:gorp}");
    expect_one(
        &files,
        RuleError::OptionalFirst,
        KILLED,
        RULES,
        "pattern",
        0,
    );
}

#[test]
fn pattern_too_large_to_compile() {
    // Each raw regex compiles alone; together they pass the size limit of a pattern.
    let big = ["/(?:z{1000}){300}/"; 5].join(" ");
    let files = killed_pattern(&format!("{{count:gorp}} {big} {{hit}}"));
    let (at, rule, e) = one(&files);
    assert!(
        matches!(&e, RuleError::PatternDoesNotCompile { why } if why.contains("size limit")),
        "{e:?}"
    );
    assert_eq!(
        (at, rule.as_deref()),
        (place(&files, RULES, "pattern", 0), KILLED)
    );
}

// --- A rule's slots and examples.

#[test]
fn blame_pattern_without_accused() {
    let files = blame_pattern("{blam} {side}");
    let want = RuleError::BlameSlots {
        counts: 0,
        accused: 0,
    };
    expect_one(&files, want, BLAME, RULES, "pattern", 1);
    let files = blame_pattern("{blam} {count} {accused} {victim}");
    let want = RuleError::BlameSlots {
        counts: 1,
        accused: 2,
    };
    expect_one(&files, want, BLAME, RULES, "pattern", 1);
}

#[test]
fn casualty_pattern_without_count() {
    let files = killed_pattern("{gorp} {hit}");
    let want = RuleError::CasualtySlots {
        kind: Kind::Killed,
        counts: 0,
        accused: 0,
    };
    expect_one(&files, want, KILLED, RULES, "pattern", 0);
    let files = killed_pattern("{count:gorp} {hit} {accused}");
    let want = RuleError::CasualtySlots {
        kind: Kind::Killed,
        counts: 1,
        accused: 1,
    };
    expect_one(&files, want, KILLED, RULES, "pattern", 0);
}

#[test]
fn rule_without_examples() {
    let files = broken(
        RULES,
        "    examples:\n      - text: \"Pax gov zaid it blamz qux.\"\n        \
         expect: {kind: blame, accused: qu}\n",
        "    examples: []\n",
    );
    expect_one(&files, RuleError::NoExamples, BLAME, RULES, "pattern", 1);
}

#[test]
fn expectation_neither_none_nor_a_claim() {
    let files = broken(
        RULES,
        "expect: {kind: blame, accused: qu}",
        "expect: nothing",
    );
    let want = RuleError::BadExpectKeyword {
        keyword: "nothing".into(),
    };
    expect_one(&files, want, BLAME, RULES, "nothing", 0);
}

#[test]
fn example_of_another_kind() {
    let files = broken(RULES, "expect: {kind: killed,", "expect: {kind: wounded,");
    let want = RuleError::ExpectKindMismatch {
        expected: Kind::Wounded,
        rule: Kind::Killed,
    };
    expect_one(&files, want, KILLED, RULES, "expect", 0);
}

#[test]
fn rule_with_only_examples_it_must_not_match() {
    let files = broken(
        RULES,
        "expect: {kind: killed, value: 2, source: pa_gov}",
        "expect: none",
    );
    expect_one(
        &files,
        RuleError::NoMatchingExample,
        KILLED,
        RULES,
        "examples",
        0,
    );
}

#[test]
fn source_of_an_institution_no_language_names() {
    let files = broken(
        SOURCES,
        "kind: government\n",
        "kind: government\n    institution: ombudsman\n",
    );
    let want = RuleError::UnknownInstitution {
        source_id: "pa_gov".into(),
        name: "ombudsman".into(),
    };
    expect_one(&files, want, None, SOURCES, "institution", 0);
}

/// What a compiled language holds, in a form two compilations can be compared by (its hash
/// maps sorted, its regexes by their sources).
fn fingerprint(l: &crate::rules::Language) -> String {
    let mut numbers: Vec<String> = l.numbers.iter().map(|n| format!("{n:?}")).collect();
    numbers.sort();
    let mut fillers: Vec<&String> = l.fillers.iter().collect();
    fillers.sort();
    let rules: Vec<_> = (l.rules.iter())
        .map(|r| {
            (
                &r.id,
                &r.regex.source,
                r.examples.len(),
                &r.trigger,
                r.priority,
            )
        })
        .collect();
    let lists = [
        &l.speech,
        &l.according_to,
        &l.via,
        &l.possessives,
        &l.links,
        &l.told_before,
    ];
    let lists: Vec<_> = lists
        .iter()
        .map(|r| r.as_ref().map(|r| &r.source))
        .collect();
    let months: Vec<_> = l.time.months.iter().map(|(m, r)| (m, &r.source)).collect();
    format!(
        "{:?}",
        (
            (
                &l.id,
                &l.script,
                &l.fonts,
                &l.abbreviations,
                numbers,
                fillers
            ),
            (
                &l.source_aliases.list,
                &l.event_names.list,
                &l.event_places.list,
                &l.places.list,
                &l.side_names
            ),
            (
                lists,
                months,
                &l.number_finder.source,
                &l.institutions.len()
            ),
            rules,
        )
    )
}

#[test]
fn embedded_languages_compiled_on_demand_are_those_compiled_at_once() {
    use super::{Build, compile_with};
    let files = Origin::Embedded.files().expect("the embedded files");
    let at_once = compile_with(&files, Build::Lazy).unwrap_or_else(|e| panic!("{e}"));
    let on_demand = compile_with(&files, Build::OnDemand).unwrap_or_else(|e| panic!("{e}"));
    assert!(on_demand.languages.iter().all(|l| !l.is_compiled()));
    assert_eq!(at_once.languages.len(), on_demand.languages.len());
    for (a, b) in at_once.languages.iter().zip(&on_demand.languages) {
        assert_eq!(a.id, b.id);
        assert_eq!(fingerprint(a), fingerprint(b), "language {}", a.id);
    }
    assert_eq!(
        format!("{:?}", at_once.sources),
        format!("{:?}", on_demand.sources)
    );
    assert_eq!(
        format!("{:?}", at_once.sides),
        format!("{:?}", on_demand.sides)
    );
    assert_eq!(
        format!("{:?}", at_once.events),
        format!("{:?}", on_demand.events)
    );
    assert_eq!(at_once.places, on_demand.places);
}

#[test]
fn a_run_on_the_embedded_pack_compiles_only_the_languages_it_reads() {
    use super::Build;
    let pack =
        RulePack::load_with(&Origin::Embedded, Build::Lazy).unwrap_or_else(|e| panic!("{e}"));
    assert!(pack.languages.len() > 3);
    assert!(pack.languages.iter().all(|l| !l.is_compiled()));
    let en = pack.language("en").expect("the default pack reads English");
    let claims = crate::extract::driver::extract_text(
        &pack,
        en,
        "The defence ministry said three soldiers were killed.",
    );
    assert_eq!(claims.first().and_then(|c| c.value), Some(3), "{claims:?}");
    let compiled: Vec<&str> = (pack.languages.iter())
        .filter(|l| l.is_compiled())
        .map(|l| l.id.as_str())
        .collect();
    assert_eq!(compiled, ["en"]);
    // A pack from a directory is compiled whole, so that every problem in it is reported.
    let dir = RulePack::load_with(&Origin::Dir("rules".into()), Build::Lazy)
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(dir.languages.iter().all(|l| l.is_compiled()));
}
