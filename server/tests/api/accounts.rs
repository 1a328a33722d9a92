//! Accounts, one-time links, sessions and the outbox, on SQLite and PostgreSQL.

use std::sync::Arc;

use crate::common::{count, execute};
use app::auth::{self, CreateAccountError};
use app::db::accounts::{self, LinkPurpose};
use app::db::{Db, now_timestamp, timestamp_in};
use app::db::{outbox, sessions};
use app::domain::{EmailAddress, Region, Role};

fn email(text: &str) -> EmailAddress {
    EmailAddress::parse(text).expect("valid address")
}

/// The token at the end of a password link.
fn token_of(link: &str) -> &str {
    link.rsplit('/').next().expect("token")
}

async fn use_link(db: &Db, token: &str, purpose: LinkPurpose) -> Option<i64> {
    let mut tx = db.begin().await.expect("begin");
    let used = accounts::use_link(&mut tx, &auth::token_hash(token), purpose, &now_timestamp())
        .await
        .expect("use link");
    tx.commit().await.expect("commit");
    used
}

db_test!(a_coordinators_invitation_link_works_once, |db| {
    let address = email("Coordinator@Kempen.Example");
    let link = auth::create_coordinator(&db, &address, Some(Region::Kempen), "http://127.0.0.1:3000/")
        .await
        .expect("created");
    assert!(link.starts_with("http://127.0.0.1:3000/wachtwoord/"), "{link}");
    let user = accounts::find_user_by_email(&db, &email("coordinator@kempen.example"))
        .await
        .expect("read")
        .expect("stored lower-case");
    assert_eq!(user.role, Role::Coordinator);
    assert_eq!(user.region, Some(Region::Kempen));
    assert_eq!(user.password_hash, None, "no password until the link is used");
    // Only the hash of the token is stored.
    let token = token_of(&link);
    assert_eq!(
        count(
            &db,
            &format!("SELECT COUNT(*) FROM one_time_links WHERE token_hash = '{token}'")
        )
        .await,
        0
    );

    assert_eq!(
        use_link(&db, token, LinkPurpose::Reset).await,
        None,
        "an invitation is no reset link"
    );
    assert_eq!(use_link(&db, token, LinkPurpose::Invite).await, Some(user.id));
    assert_eq!(use_link(&db, token, LinkPurpose::Invite).await, None, "used up");
    assert_eq!(
        use_link(&db, &auth::random_token(), LinkPurpose::Invite).await,
        None,
        "unknown"
    );

    let again = auth::create_coordinator(&db, &address, None, "http://x").await;
    assert!(matches!(again, Err(CreateAccountError::Exists)), "{again:?}");
});

db_test!(a_new_link_retires_the_old_one_and_an_expired_link_does_nothing, |db| {
    let mut tx = db.begin().await.expect("begin");
    let now = now_timestamp();
    let id = accounts::insert_user(&mut tx, &email("a@b.example"), Role::Coordinator, None, None, &now)
        .await
        .expect("user");
    let (first, second, expired) = (auth::random_token(), auth::random_token(), auth::random_token());
    let week = timestamp_in(7 * 24 * 3600);
    accounts::create_link(&mut tx, id, LinkPurpose::Invite, &auth::token_hash(&first), &now, &week)
        .await
        .expect("first");
    accounts::create_link(
        &mut tx,
        id,
        LinkPurpose::Invite,
        &auth::token_hash(&second),
        &now,
        &week,
    )
    .await
    .expect("second");
    accounts::create_link(
        &mut tx,
        id,
        LinkPurpose::Reset,
        &auth::token_hash(&expired),
        "2026-01-01T10:00:00Z",
        "2026-01-01T11:00:00Z",
    )
    .await
    .expect("expired");
    tx.commit().await.expect("commit");
    assert_eq!(
        use_link(&db, &first, LinkPurpose::Invite).await,
        None,
        "re-sent: the old link is dead"
    );
    assert_eq!(use_link(&db, &expired, LinkPurpose::Reset).await, None, "expired");
    assert_eq!(use_link(&db, &second, LinkPurpose::Invite).await, Some(id));
});

db_test!(the_database_refuses_accounts_that_break_the_rules, |db| {
    let insert = |email: &str, role: &str, company: &str, region: &str| {
        format!(
            "INSERT INTO users (email, role, company_id, region_id, created_at)
             VALUES ('{email}', '{role}', {company}, {region}, '2026-11-22T10:00:00Z')"
        )
    };
    for (sql, why) in [
        (insert("Jan@x.example", "coordinator", "NULL", "NULL"), "upper case"),
        (insert("geen-adres", "coordinator", "NULL", "NULL"), "no address"),
        (insert("jan@x.example", "admin", "NULL", "NULL"), "unknown role"),
        (
            insert("jan@x.example", "company", "NULL", "NULL"),
            "company user without company",
        ),
        (insert("jan@x.example", "coordinator", "NULL", "99"), "unknown region"),
    ] {
        assert!(execute(&db, &sql).await.is_err(), "accepted: {why}");
    }
    execute(&db, &insert("jan@x.example", "coordinator", "NULL", "NULL"))
        .await
        .expect("a valid coordinator");
    assert!(
        execute(&db, &insert("jan@x.example", "coordinator", "NULL", "NULL"))
            .await
            .is_err(),
        "a second account for one address"
    );
    assert_eq!(count(&db, "SELECT COUNT(*) FROM users").await, 1);
});

db_test!(sessions_time_out_and_end_with_logout_or_a_new_password, |db| {
    let now = now_timestamp();
    let mut tx = db.begin().await.expect("begin");
    let id = accounts::insert_user(&mut tx, &email("c@d.example"), Role::Coordinator, None, None, &now)
        .await
        .expect("user");
    let (kept, other) = (auth::token_hash("first"), auth::token_hash("second"));
    sessions::create_session(&mut tx, &kept, id, &now)
        .await
        .expect("session");
    sessions::create_session(&mut tx, &other, id, &now)
        .await
        .expect("session");
    tx.commit().await.expect("commit");

    let hour_ago = timestamp_in(-3600);
    let live = sessions::session_user(&db, &kept, &hour_ago, &hour_ago)
        .await
        .expect("read");
    assert_eq!(live.map(|u| u.id), Some(id));
    let later = timestamp_in(60);
    assert!(
        sessions::session_user(&db, &kept, &later, &hour_ago)
            .await
            .expect("query")
            .is_none(),
        "idle"
    );
    assert!(
        sessions::session_user(&db, &kept, &hour_ago, &later)
            .await
            .expect("query")
            .is_none(),
        "too old"
    );
    assert!(
        sessions::session_user(&db, &auth::token_hash("guess"), &hour_ago, &hour_ago)
            .await
            .expect("query")
            .is_none()
    );

    let mut tx = db.begin().await.expect("begin");
    sessions::end_session(&mut tx, &other).await.expect("logout");
    tx.commit().await.expect("commit");
    assert!(
        sessions::session_user(&db, &other, &hour_ago, &hour_ago)
            .await
            .expect("query")
            .is_none(),
        "logged out"
    );
    assert!(
        sessions::session_user(&db, &kept, &hour_ago, &hour_ago)
            .await
            .expect("query")
            .is_some(),
        "only that one"
    );

    let hash = auth::hash_password("draaibank-op-dinsdag".into()).await.expect("hash");
    let mut tx = db.begin().await.expect("begin");
    accounts::set_password(&mut tx, id, &hash, &now)
        .await
        .expect("password");
    tx.commit().await.expect("commit");
    assert!(
        sessions::session_user(&db, &kept, &hour_ago, &hour_ago)
            .await
            .expect("query")
            .is_none(),
        "a new password ends sessions"
    );
    let stored = accounts::find_user_by_email(&db, &email("c@d.example"))
        .await
        .expect("query")
        .expect("query");
    assert!(
        auth::verify_password("draaibank-op-dinsdag".into(), stored.password_hash)
            .await
            .expect("query")
    );
});

db_test!(
    a_coordinator_reads_the_mail_of_their_regions_companies_and_their_own,
    |db| {
        let now = now_timestamp();
        let mut tx = db.begin().await.expect("begin");
        let bladel = app::db::companies::insert_company(&mut tx, &crate::common::company("Vonk Metaal"), &now)
            .await
            .expect("Kempen company");
        let velsen = crate::common::company_in_velsen("Staal aan Zee");
        let velsen = app::db::companies::insert_company(&mut tx, &velsen, &now)
            .await
            .expect("IJmond company");
        let mut ids = std::collections::HashMap::new();
        for (address, role, company, region) in [
            ("k@kempen.example", Role::Coordinator, None, Some(Region::Kempen)),
            ("i@ijmond.example", Role::Coordinator, None, Some(Region::Ijmond)),
            ("b@beide.example", Role::Coordinator, None, None),
            ("u@vonk.example", Role::Company, Some(bladel), None),
            ("v@staal.example", Role::Company, Some(velsen), None),
        ] {
            let id = accounts::insert_user(&mut tx, &email(address), role, company, region, &now)
                .await
                .expect("user");
            ids.insert(address, id);
        }
        for (minute, address) in [
            "u@vonk.example",
            "v@staal.example",
            "k@kempen.example",
            "i@ijmond.example",
        ]
        .into_iter()
        .enumerate()
        {
            let message = app::mail::Message {
                subject: format!("aan {address}"),
                body: "tekst".into(),
                purpose: None,
            };
            outbox::record_mail(
                &mut tx,
                &email(address),
                &message,
                Some(ids[address]),
                None,
                &format!("2026-11-22T10:0{minute}:00Z"),
            )
            .await
            .expect("mail");
        }
        tx.commit().await.expect("commit");
        let seen = async |region, who: &str| -> Vec<String> {
            let outbox = outbox::list_outbox(&db, region, ids[who], None, 10)
                .await
                .expect("outbox");
            assert!(outbox.iter().all(|m| m.sent_at.is_none()), "nothing sent without SMTP");
            outbox.into_iter().map(|m| m.recipient).collect()
        };
        assert_eq!(
            seen(Some(Region::Kempen), "k@kempen.example").await,
            ["k@kempen.example", "u@vonk.example"],
            "newest first; not the IJmond company's mail nor another coordinator's"
        );
        assert_eq!(
            seen(Some(Region::Ijmond), "i@ijmond.example").await,
            ["i@ijmond.example", "v@staal.example"]
        );
        assert_eq!(
            seen(None, "b@beide.example").await,
            ["v@staal.example", "u@vonk.example"],
            "both regions' companies, but no other coordinator's reset links"
        );
    }
);

db_test!(account_writes_leave_the_public_catalog_as_it_is, |db| {
    let before = app::catalog::current(&db).await.expect("catalog");
    auth::create_coordinator(&db, &email("e@f.example"), None, "http://x")
        .await
        .expect("created");
    let after = app::catalog::current(&db).await.expect("catalog");
    assert!(
        Arc::ptr_eq(&before, &after),
        "an account is no reason to rebuild the catalog"
    );
});
