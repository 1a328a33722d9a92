//! The outbox goes out through SMTP: a small SMTP server on a local port takes the
//! conversation, and the test reads what arrived. SQLite and PostgreSQL.

use std::sync::{Arc, Mutex};

use app::db::outbox;
use app::domain::EmailAddress;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};

/// The current instant, as the sender reads it.
fn now() -> app::domain::Instant {
    app::domain::Instant::from_utc(time::OffsetDateTime::now_utc())
}

/// Listens on a free port and speaks just enough SMTP to take messages; every message's
/// raw text ends up in the returned list. A recipient with "kapot" in its address is
/// refused for good (550), as a mail server refuses an address that does not exist.
async fn smtp_server() -> (u16, Arc<Mutex<Vec<String>>>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let port = listener.local_addr().expect("address").port();
    let received = Arc::new(Mutex::new(Vec::new()));
    let store = received.clone();
    tokio::spawn(async move {
        while let Ok((socket, _)) = listener.accept().await {
            let store = store.clone();
            tokio::spawn(async move {
                let (read, mut write) = socket.into_split();
                let mut lines = BufReader::new(read).lines();
                write.write_all(b"220 test SMTP\r\n").await.ok();
                let mut data: Option<String> = None;
                while let Ok(Some(line)) = lines.next_line().await {
                    if let Some(text) = data.as_mut() {
                        if line == "." {
                            store.lock().expect("store").push(data.take().unwrap_or_default());
                            write.write_all(b"250 taken\r\n").await.ok();
                        } else {
                            text.push_str(&line);
                            text.push('\n');
                        }
                        continue;
                    }
                    let verb = line.split_whitespace().next().unwrap_or_default().to_ascii_uppercase();
                    let answer: &[u8] = match verb.as_str() {
                        "EHLO" | "HELO" => b"250 test\r\n",
                        "DATA" => {
                            data = Some(String::new());
                            b"354 go on\r\n"
                        }
                        "RCPT" if line.contains("kapot") => b"550 no such mailbox\r\n",
                        "QUIT" => {
                            write.write_all(b"221 bye\r\n").await.ok();
                            break;
                        }
                        _ => b"250 ok\r\n",
                    };
                    write.write_all(answer).await.ok();
                }
            });
        }
    });
    (port, received)
}

async fn queue_mail(db: &app::db::Db, to: &str, subject: &str) {
    let mut tx = db.begin().await.expect("begin");
    let message = app::mail::Message {
        subject: subject.to_owned(),
        body: "Kies je wachtwoord: http://127.0.0.1:3000/wachtwoord/abc".to_owned(),
        purpose: Some(app::domain::accounts::MailPurpose::Invitation),
    };
    outbox::record_mail(
        &mut tx,
        &EmailAddress::parse(to).expect("address"),
        &message,
        None,
        None,
        &app::db::now_timestamp(),
    )
    .await
    .expect("mail");
    tx.commit().await.expect("commit");
}

db_test!(waiting_mail_goes_out_through_smtp_once, |db| {
    let (port, received) = smtp_server().await;
    let mailer = server::mailer::Mailer::new(
        &format!("smtp://127.0.0.1:{port}"),
        "Techkaart <techkaart@kempen.example>",
    )
    .expect("mailer");
    queue_mail(&db, "jan@vonk.example", "Uitnodiging voor Techkaart").await;
    queue_mail(&db, "els@vonk.example", "Nieuw wachtwoord").await;

    assert_eq!(
        server::mailer::deliver_waiting(&db, &mailer, now())
            .await
            .expect("deliver"),
        2
    );
    let messages = received.lock().expect("received").clone();
    assert_eq!(messages.len(), 2);
    assert!(
        messages[0].contains("To: jan@vonk.example") && messages[0].contains("Subject: Uitnodiging voor Techkaart"),
        "{}",
        messages[0]
    );
    assert!(messages[0].contains("/wachtwoord/abc"), "{}", messages[0]);
    assert!(
        messages[0].contains("From: Techkaart <techkaart@kempen.example>"),
        "{}",
        messages[0]
    );
    assert_eq!(
        crate::common::count(&db, "SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL").await,
        0
    );
    assert_eq!(
        server::mailer::deliver_waiting(&db, &mailer, now())
            .await
            .expect("deliver"),
        0,
        "sent once only"
    );
    assert_eq!(
        crate::common::count(&db, "SELECT COUNT(*) FROM outbox WHERE body LIKE '%/wachtwoord/abc%'").await,
        0,
        "a sent message keeps no working link"
    );
    assert_eq!(
        crate::common::count(&db, "SELECT COUNT(*) FROM outbox WHERE body LIKE '%/wachtwoord/…%'").await,
        2
    );
});

db_test!(old_messages_are_removed_from_the_outbox, |db| {
    queue_mail(&db, "jan@vonk.example", "Uitnodiging").await;
    crate::common::execute(&db, "UPDATE outbox SET created_at = '2026-01-01T10:00:00Z'")
        .await
        .expect("age it");
    queue_mail(&db, "els@vonk.example", "Uitnodiging").await;
    let before = app::db::timestamp_in(-server::mailer::OUTBOX_KEPT_DAYS * 86_400);
    assert_eq!(outbox::prune_outbox(&db, &before).await.expect("prune"), 1);
    assert_eq!(
        crate::common::count(&db, "SELECT COUNT(*) FROM outbox").await,
        1,
        "the new one stays"
    );
});

db_test!(mail_that_cannot_be_sent_waits_for_the_next_try, |db| {
    // Nobody listens on this port.
    let closed = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let port = closed.local_addr().expect("address").port();
    drop(closed);
    let mailer =
        server::mailer::Mailer::new(&format!("smtp://127.0.0.1:{port}"), "techkaart@kempen.example").expect("mailer");
    queue_mail(&db, "jan@vonk.example", "Uitnodiging").await;
    assert_eq!(
        server::mailer::deliver_waiting(&db, &mailer, now())
            .await
            .expect("deliver"),
        0
    );
    assert_eq!(
        crate::common::count(&db, "SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL").await,
        1,
        "still waiting"
    );
});

db_test!(
    a_refused_address_waits_longer_each_time_and_never_holds_up_the_rest,
    |db| {
        let (port, received) = smtp_server().await;
        let mailer = server::mailer::Mailer::new(&format!("smtp://127.0.0.1:{port}"), "techkaart@kempen.example")
            .expect("mailer");
        // More refused messages than one batch holds, then a good one behind them.
        for n in 0..60 {
            queue_mail(&db, &format!("kapot{n}@vonk.example"), "Uitnodiging").await;
        }
        queue_mail(&db, "jan@vonk.example", "Uitnodiging").await;
        let start = now();
        assert_eq!(
            server::mailer::deliver_waiting(&db, &mailer, start)
                .await
                .expect("deliver"),
            1,
            "the refused ones wait; the good one goes out in the same round"
        );
        assert_eq!(
            server::mailer::deliver_waiting(&db, &mailer, start)
                .await
                .expect("deliver"),
            0,
            "a refused one is not tried again at once"
        );
        assert_eq!(received.lock().expect("received").len(), 1);
        assert!(received.lock().expect("received")[0].contains("To: jan@vonk.example"));

        // Each refusal doubles the wait; after the last attempt the message is given up.
        let waiting = "SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL AND given_up_at IS NULL";
        let mut at = start;
        for attempt in 1..server::mailer::MAX_ATTEMPTS {
            let retry = server::mailer::retry_after_refusal(attempt, at).expect("tried again");
            assert_eq!(
                server::mailer::deliver_waiting(&db, &mailer, retry.plus_seconds(-1))
                    .await
                    .expect("deliver"),
                0
            );
            assert_eq!(
                crate::common::count(&db, "SELECT MIN(attempts) FROM outbox WHERE sent_at IS NULL").await,
                attempt,
                "not tried before its wait is over"
            );
            at = retry;
            server::mailer::deliver_waiting(&db, &mailer, at)
                .await
                .expect("deliver");
        }
        assert_eq!(crate::common::count(&db, waiting).await, 0, "all given up");
        assert_eq!(
            crate::common::count(
                &db,
                &format!(
                    "SELECT COUNT(*) FROM outbox WHERE given_up_at IS NOT NULL AND attempts = {}",
                    server::mailer::MAX_ATTEMPTS
                )
            )
            .await,
            60
        );
        // A given-up message keeps its text but not its link, as a sent one.
        assert_eq!(
            crate::common::count(
                &db,
                "SELECT COUNT(*) FROM outbox WHERE given_up_at IS NOT NULL AND body LIKE '%/wachtwoord/…%' \
                 AND body NOT LIKE '%/wachtwoord/abc%'"
            )
            .await,
            60,
            "no live link left in given-up mail"
        );
        let hours = (at.utc() - start.utc()).whole_hours();
        assert!((4..=24).contains(&hours), "given up after {hours} hours");
        assert_eq!(received.lock().expect("received").len(), 1, "nothing sent twice");
    }
);

db_test!(two_senders_over_one_outbox_send_each_message_once, |db| {
    let (port, received) = smtp_server().await;
    let mailer = server::mailer::Mailer::new(
        &format!("smtp://127.0.0.1:{port}"),
        "Techkaart <techkaart@kempen.example>",
    )
    .expect("mailer");
    for n in 0..30 {
        queue_mail(&db, &format!("gebruiker{n}@vonk.example"), &format!("Bericht {n}")).await;
    }
    // As two instances' senders woken by the same commit: both read the same batch.
    let (one, two) = tokio::join!(
        server::mailer::deliver_waiting(&db, &mailer, now()),
        server::mailer::deliver_waiting(&db, &mailer, now())
    );
    let (one, two) = (one.expect("deliver"), two.expect("deliver"));
    assert_eq!(one + two, 30, "{one} + {two}");
    let messages = received.lock().expect("received").clone();
    let mut subjects: Vec<String> = messages
        .iter()
        .filter_map(|m| m.lines().find(|l| l.starts_with("Subject: ")).map(str::to_owned))
        .collect();
    subjects.sort();
    subjects.dedup();
    assert_eq!((messages.len(), subjects.len()), (30, 30), "each once");
    assert_eq!(
        crate::common::count(
            &db,
            "SELECT COUNT(*) FROM outbox WHERE sent_at IS NOT NULL AND claimed_until IS NULL"
        )
        .await,
        30
    );

    // A sender that died holding a message: another tries it once the claim has run out.
    queue_mail(&db, "laat@vonk.example", "Na een crash").await;
    let id = crate::common::count(&db, "SELECT id FROM outbox WHERE recipient = 'laat@vonk.example'").await;
    let later = now().plus_seconds(60);
    assert!(
        app::db::outbox::claim_mail(&db, id, &now().stored(), &later.stored())
            .await
            .expect("claim")
    );
    assert_eq!(
        server::mailer::deliver_waiting(&db, &mailer, now())
            .await
            .expect("deliver"),
        0,
        "held by the other sender"
    );
    assert_eq!(
        server::mailer::deliver_waiting(&db, &mailer, later.plus_seconds(1))
            .await
            .expect("deliver"),
        1,
        "its claim ran out"
    );
    assert_eq!(received.lock().expect("received").len(), 31);
});
