//! The outbox goes out through SMTP: a small SMTP server on a local port takes the
//! conversation, and the test reads what arrived. SQLite and PostgreSQL.

use std::sync::{Arc, Mutex};

use app::db::accounts;
use app::domain::EmailAddress;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};

/// Listens on a free port and speaks just enough SMTP to take messages; every message's
/// raw text ends up in the returned list.
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
    accounts::record_mail(
        &mut tx,
        &EmailAddress::parse(to).expect("address"),
        subject,
        "Kies je wachtwoord: http://127.0.0.1:3000/wachtwoord/abc",
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

    assert_eq!(server::mailer::deliver_waiting(&db, &mailer).await.expect("deliver"), 2);
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
        server::mailer::deliver_waiting(&db, &mailer).await.expect("deliver"),
        0,
        "sent once only"
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
    assert_eq!(server::mailer::deliver_waiting(&db, &mailer).await.expect("deliver"), 0);
    assert_eq!(
        crate::common::count(&db, "SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL").await,
        1,
        "still waiting"
    );
});
