//! The `techkaart` command as a person meets it: clear one-line errors, no secrets printed.

use std::process::{Command, Output};

fn techkaart(args: &[&str], database_url: &str) -> Output {
    Command::new(env!("CARGO_BIN_EXE_techkaart"))
        .args(args)
        .env("DATABASE_URL", database_url)
        .env("TECHKAART_LOG", "off")
        .output()
        .expect("run techkaart")
}

fn one_line_error(output: &Output) -> String {
    assert!(!output.status.success(), "the command should fail");
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert_eq!(
        stderr.trim_end().lines().count(),
        1,
        "expected one line, got:\n{stderr}"
    );
    assert!(stderr.starts_with("techkaart: "), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    stderr
}

#[test]
fn an_unreachable_postgres_url_stops_the_start_with_one_line_naming_it_without_the_password() {
    let output = techkaart(&["migrate"], "postgres://app:hunter2@127.0.0.1:1/techkaart");
    let error = one_line_error(&output);
    assert!(
        error.contains("cannot open the PostgreSQL database postgres://app:***@127.0.0.1:1/techkaart"),
        "{error}"
    );
    assert!(!error.contains("hunter2"), "the password was printed: {error}");
}

#[test]
fn a_database_url_of_another_kind_is_refused_with_the_kinds_that_work() {
    let error = one_line_error(&techkaart(&["migrate"], "mysql://root@127.0.0.1/techkaart"));
    assert!(
        error.contains("DATABASE_URL must start with sqlite:// or postgres://"),
        "{error}"
    );
}

#[test]
fn an_sqlite_file_that_cannot_be_created_is_named() {
    let error = one_line_error(&techkaart(&["migrate"], "sqlite:///proc/techkaart/techkaart.db"));
    assert!(
        error.contains("cannot open the SQLite database sqlite:///proc/techkaart/techkaart.db"),
        "{error}"
    );
}

#[test]
fn demo_data_goes_only_into_an_empty_database() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let url = format!("sqlite://{}/nested/folder/techkaart.db", dir.path().display());
    let first = techkaart(&["seed", "--demo"], &url);
    assert!(first.status.success(), "{}", String::from_utf8_lossy(&first.stderr));
    assert!(String::from_utf8_lossy(&first.stdout).contains("loaded demo data: 40 companies"));
    let error = one_line_error(&techkaart(&["seed", "--demo"], &url));
    assert!(error.contains("already has 40 companies"), "{error}");
}

#[test]
fn seed_needs_to_be_told_what_to_load() {
    let output = techkaart(&["seed"], "sqlite://unused.db");
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("--demo") && stderr.contains("--synthetic"), "{stderr}");
}
