//! Migrations: both regions and their municipalities, an old SQLite file kept whole, and
//! instances starting together on PostgreSQL migrating once.

use super::*;

db_test!(migrations_load_both_regions_and_their_eight_municipalities, |db| {
    let municipalities = db::regions::list_municipalities(&db).await.expect("municipalities");
    let names: Vec<&str> = municipalities.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "Bergeijk",
            "Bladel",
            "Eersel",
            "Oirschot",
            "Reusel-De Mierden",
            "Beverwijk",
            "Heemskerk",
            "Velsen"
        ]
    );
    assert!(
        municipalities
            .iter()
            .all(|m| app::domain::is_in_netherlands(m.latitude, m.longitude))
    );
});

/// A database made before teachers had accounts (migrations up to 0012) keeps every row
/// that refers to an account when 0013 rebuilds `users` on SQLite: sessions and one-time
/// links (`ON DELETE CASCADE`), mail, the change log and interests (`SET NULL`). Foreign
/// keys are enforced again afterwards, and the new constraints hold.
#[tokio::test]
pub(super) async fn an_sqlite_database_from_before_teachers_keeps_what_refers_to_its_accounts() {
    use sqlx::sqlite::{SqliteConnectOptions, SqlitePoolOptions};
    use std::str::FromStr;

    let dir = tempfile::tempdir().expect("temporary folder");
    let url = format!("sqlite://{}/older.db", dir.path().display());
    let all = sqlx::migrate::Migrator::new(std::path::Path::new("migrations/sqlite"))
        .await
        .expect("the SQLite migrations");
    let older = sqlx::migrate::Migrator {
        migrations: all.migrations.iter().filter(|m| m.version < 13).cloned().collect(),
        ..sqlx::migrate::Migrator::DEFAULT
    };
    assert_eq!(older.migrations.len(), 12);
    let options = SqliteConnectOptions::from_str(&url)
        .expect("url")
        .create_if_missing(true)
        .foreign_keys(true);
    let pool = SqlitePoolOptions::new()
        .max_connections(1)
        .connect_with(options)
        .await
        .expect("open");
    older.run(&pool).await.expect("migrations up to 0012");
    let now = "2026-11-20T10:00:00Z";
    for sql in [
        format!(
            "INSERT INTO users (id, email, role, region_id, password_hash, created_at)
             VALUES (7, 'co@kempen.example', 'coordinator', 1, 'hash', '{now}')"
        ),
        format!("INSERT INTO sessions VALUES ('session-hash', 7, '{now}', '{now}')"),
        format!(
            "INSERT INTO one_time_links (token_hash, user_id, purpose, created_at, expires_at)
             VALUES ('link-hash', 7, 'reset', '{now}', '2026-11-20T12:00:00Z')"
        ),
        format!(
            "INSERT INTO outbox (recipient, subject, body, user_id, created_at)
             VALUES ('co@kempen.example', 'Onderwerp', 'Tekst', 7, '{now}')"
        ),
    ] {
        sqlx::query(&sql)
            .execute(&pool)
            .await
            .unwrap_or_else(|e| panic!("{sql}: {e}"));
    }
    sqlx::query(&format!(
        "INSERT INTO audit_log (user_id, actor, region_id, subject, subject_id, action, version, changes, at)
         VALUES (7, 'co@kempen.example', 1, 'account', 7, 'invite', 1, '[]', '{now}')"
    ))
    .execute(&pool)
    .await
    .expect("an audit entry");
    pool.close().await;

    // The server opens it: 0013 runs.
    let db = server::database::open(&url).await.expect("upgraded");
    for (sql, expected) in [
        ("SELECT COUNT(*) FROM sessions WHERE user_id = 7", 1),
        ("SELECT COUNT(*) FROM one_time_links WHERE user_id = 7", 1),
        ("SELECT COUNT(*) FROM outbox WHERE user_id = 7", 1),
        ("SELECT COUNT(*) FROM audit_log WHERE user_id = 7", 1),
        (
            "SELECT COUNT(*) FROM users WHERE id = 7 AND email = 'co@kempen.example' AND password_hash = 'hash'",
            1,
        ),
        (
            "SELECT COUNT(*) FROM _sqlx_migrations WHERE version = 13 AND success",
            1,
        ),
    ] {
        assert_eq!(count(&db, sql).await, expected, "{sql}");
    }
    // Foreign keys hold again, and a teacher needs a school and a region.
    assert!(
        execute(&db, "INSERT INTO sessions VALUES ('x', 99, 'a', 'a')")
            .await
            .is_err()
    );
    assert!(
        execute(
            &db,
            "INSERT INTO users (email, role, region_id, created_at) VALUES ('t@s.example', 'teacher', 1, 'a')"
        )
        .await
        .is_err()
    );
    assert!(
        execute(
            &db,
            "INSERT INTO users (email, role, school, created_at) VALUES ('t@s.example', 'teacher', 'Pius', 'a')"
        )
        .await
        .is_err()
    );
    execute(
        &db,
        "INSERT INTO users (email, role, region_id, school, created_at) VALUES ('t@s.example', 'teacher', 1, 'Pius', 'a')",
    )
    .await
    .expect("a teacher");
    // Deleting an account still takes its sessions along.
    execute(&db, "DELETE FROM users WHERE id = 7").await.expect("deleted");
    assert_eq!(count(&db, "SELECT COUNT(*) FROM sessions").await, 0);
    assert_eq!(count(&db, "SELECT COUNT(*) FROM outbox WHERE user_id IS NULL").await, 1);
    db.close().await;
}

/// Three instances starting at the same moment on one new PostgreSQL database: one
/// migrates while the others wait for its lock and find the schema done; all three open it,
/// and every migration is recorded once.
#[cfg(postgres_tests)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
pub(super) async fn instances_starting_together_on_postgresql_migrate_once() {
    let (url, name) = crate::common::empty_postgres_database().await;
    let mut starting = tokio::task::JoinSet::new();
    for _ in 0..3 {
        let url = url.clone();
        starting.spawn(async move { server::database::open(&url).await });
    }
    let mut opened = Vec::new();
    while let Some(outcome) = starting.join_next().await {
        opened.push(outcome.expect("no panic").map_err(|e| format!("{e:#}")));
    }
    let dbs: Vec<Db> = opened
        .into_iter()
        .map(|o| o.unwrap_or_else(|e| panic!("an instance failed to start: {e}")))
        .collect();
    let known = server::database::newest_known_migration(&dbs[0]);
    assert_eq!(
        count(&dbs[0], "SELECT COUNT(*) FROM _sqlx_migrations WHERE success").await,
        known,
        "each migration once"
    );
    assert_eq!(
        count(&dbs[0], "SELECT COUNT(DISTINCT version) FROM _sqlx_migrations").await,
        known
    );
    for db in &dbs {
        assert_eq!(db.newest_migration().await.expect("version"), known);
        db.close().await;
    }
    crate::common::drop_postgres_database(&name).await;
}

db_test!(
    the_audit_lookup_tables_hold_exactly_the_subjects_and_actions_the_app_knows,
    |db| {
        use app::domain::{AuditAction, AuditSubject};

        let codes = |table: &'static str| {
            let db = db.clone();
            async move {
                let sql = format!("SELECT code FROM {table} ORDER BY code");
                let rows: Vec<(String,)> = match db.pools() {
                    app::db::Pools::Sqlite { read, .. } => sqlx::query_as(&sql).fetch_all(read).await,
                    app::db::Pools::Postgres(pool) => sqlx::query_as(&sql).fetch_all(pool).await,
                }
                .expect("codes");
                rows.into_iter().map(|(code,)| code).collect::<Vec<_>>()
            }
        };
        let mut subjects: Vec<String> = AuditSubject::ALL.iter().map(|s| s.code().to_owned()).collect();
        subjects.sort();
        let mut actions: Vec<String> = AuditAction::ALL.iter().map(|a| a.code().to_owned()).collect();
        actions.sort();
        assert_eq!(codes("audit_subjects").await, subjects);
        assert_eq!(codes("audit_actions").await, actions);
        // The log takes a subject and an action the tables hold, and refuses others.
        let entry = |subject: &str, action: &str| {
            format!(
                "INSERT INTO audit_log (at, actor, region_id, subject, subject_id, action, version, changes)
             VALUES ('2027-01-01T00:00:00Z', 'x', 1, '{subject}', 1, '{action}', 1, '[]')"
            )
        };
        execute(&db, &entry("screen", "pair"))
            .await
            .expect("a known subject and action");
        assert!(
            execute(&db, &entry("school", "edit")).await.is_err(),
            "an unknown subject was stored"
        );
        assert!(
            execute(&db, &entry("screen", "paint")).await.is_err(),
            "an unknown action was stored"
        );
    }
);
