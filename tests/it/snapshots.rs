//! Whole-output snapshots of the emitters: `claims` and `report` over `fixtures/` in table (80,
//! 100 and 120 columns, piped), markdown and csv, as the binary prints them. A change to any of them shows
//! as a diff to review (`cargo insta review`, or accept the `.snap.new` file by hand). The files
//! are under tests/snapshots/.

use crate::common::{cc, ok};

/// Asserts the stdout of `crosscheck ARGS` with `COLUMNS=100` against `tests/snapshots/NAME.snap`.
fn snapshot(name: &str, args: &[&str]) {
    snapshot_at(name, args, "100");
}

/// Asserts the stdout of `crosscheck ARGS` at `columns` wide against `tests/snapshots/NAME.snap`.
fn snapshot_at(name: &str, args: &[&str], columns: &str) {
    // COLUMNS applies because the output is a pipe, never a terminal, here.
    let out = ok(cc().env("COLUMNS", columns).args(args));
    insta::with_settings!({
        snapshot_path => "../snapshots",
        prepend_module_to_snapshot => false,
        omit_expression => true,
        description => format!("COLUMNS={columns} crosscheck {}", args.join(" ")),
    }, {
        insta::assert_snapshot!(name, out);
    });
}

#[test]
fn claims_table() {
    snapshot("claims_table", &["claims", "fixtures/"]);
}

#[test]
fn claims_markdown() {
    snapshot(
        "claims_markdown",
        &["claims", "fixtures/", "--format", "markdown"],
    );
}

#[test]
fn claims_csv() {
    snapshot("claims_csv", &["claims", "fixtures/", "--format", "csv"]);
}

#[test]
fn report_table() {
    snapshot("report_table", &["report", "fixtures/"]);
}

#[test]
fn report_markdown() {
    snapshot(
        "report_markdown",
        &["report", "fixtures/", "--format", "markdown"],
    );
}

#[test]
fn report_csv() {
    snapshot("report_csv", &["report", "fixtures/", "--format", "csv"]);
}

#[test]
fn tables_at_80_and_120_columns() {
    for columns in ["80", "120"] {
        snapshot_at(
            &format!("claims_table_{columns}"),
            &["claims", "fixtures/"],
            columns,
        );
        snapshot_at(
            &format!("report_table_{columns}"),
            &["report", "fixtures/"],
            columns,
        );
    }
}
