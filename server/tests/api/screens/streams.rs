//! The live stream: a screen hears about changes in its region only, through another server
//! and behind nginx, and its stream ends at shutdown.

use super::*;

/// Reads the stream until an event named `name` arrives or `within` passes; returns its
/// `id:` line's value.
pub(super) async fn next_event(
    response: &mut reqwest::Response,
    buffer: &mut String,
    name: &str,
    within: Duration,
) -> Option<String> {
    let deadline = tokio::time::Instant::now() + within;
    loop {
        while let Some(end) = buffer.find("\n\n") {
            let block: String = buffer.drain(..end + 2).collect();
            if block
                .lines()
                .any(|line| line == format!("event: {name}") || line == format!("event:{name}"))
            {
                let id = block
                    .lines()
                    .find_map(|line| line.strip_prefix("id:"))
                    .map(|id| id.trim().to_owned())
                    .unwrap_or_default();
                return Some(id);
            }
        }
        let chunk = tokio::time::timeout_at(deadline, response.chunk()).await.ok()?;
        match chunk.expect("stream read") {
            Some(bytes) => buffer.push_str(&String::from_utf8_lossy(&bytes)),
            None => return None,
        }
    }
}

db_test!(
    a_screens_stream_tells_it_about_changes_in_its_region_only_and_ends_at_shutdown,
    |db| {
        let app = TestApp::spawn(db.clone()).await;
        account(&db, "co@kempen.example", Role::Coordinator, None, Some(Region::Kempen)).await;
        let kempen = logged_in(&app, "co@kempen.example").await;
        let (tv, _) = paired_tv(&app, &db, &kempen).await;

        // Only a paired TV has a stream.
        let stranger = browser().get(app.url("/scherm/stroom")).send().await.expect("GET");
        assert_eq!(stranger.status().as_u16(), 404);

        let mut stream = tv.get(app.url("/scherm/stroom")).send().await.expect("stream");
        assert_eq!(stream.status().as_u16(), 200);
        let header = |name: &str| {
            stream
                .headers()
                .get(name)
                .map(|v| v.to_str().expect("ASCII").to_owned())
                .unwrap_or_default()
        };
        assert!(header("content-type").starts_with("text/event-stream"));
        assert_eq!(header("x-accel-buffering"), "no");
        assert_eq!(header("cache-control"), "no-store");
        assert!(
            header("content-encoding").is_empty(),
            "never compressed, so never held back"
        );
        let mut buffer = String::new();
        let hello = next_event(&mut stream, &mut buffer, "hello", Duration::from_secs(5))
            .await
            .expect("hello");

        // A company in the IJmond changes nothing for a Kempen screen.
        crate::common::insert_company(&db, &crate::common::company_in_velsen("Staal aan Zee")).await;
        assert_eq!(
            next_event(&mut stream, &mut buffer, "change", Duration::from_millis(1500)).await,
            None,
            "nothing about another region"
        );
        // One in the Kempen reaches it within seconds.
        let before = std::time::Instant::now();
        insert_company_with_open_placement(&db, "Vonk Metaal").await;
        let change = next_event(&mut stream, &mut buffer, "change", Duration::from_secs(5))
            .await
            .expect("a change within 5 s");
        assert!(before.elapsed() < Duration::from_secs(5));
        assert_ne!(change, hello, "the id moved on");
        // The page it then fetches shows the new company.
        assert!(tv_page(&app, &tv).await.2.contains("Vonk Metaal"));

        // A screen that reconnects with an old id hears at once that it may have missed one.
        let mut resumed = tv
            .get(app.url("/scherm/stroom"))
            .header("last-event-id", hello)
            .send()
            .await
            .expect("stream");
        let mut resumed_buffer = String::new();
        assert!(
            next_event(&mut resumed, &mut resumed_buffer, "change", Duration::from_secs(2))
                .await
                .is_some()
        );

        // The server shuts down with two streams open, within `stop`'s 10 s (in far less).
        let stopping = std::time::Instant::now();
        app.stop().await;
        assert!(
            stopping.elapsed() < Duration::from_secs(5),
            "took {:?}",
            stopping.elapsed()
        );
        drop((stream, resumed));
    }
);

/// A TV paired on `app` by a new coordinator of the Kempen.
#[cfg(postgres_tests)]
pub(super) async fn tv_of_a_new_kempen_coordinator(app: &TestApp, db: &app::db::Db) -> reqwest::Client {
    account(db, "co@kempen.example", Role::Coordinator, None, Some(Region::Kempen)).await;
    let kempen = logged_in(app, "co@kempen.example").await;
    paired_tv(app, db, &kempen).await.0
}

/// Two servers on one PostgreSQL database: a TV paired on the second hears of a company
/// added through the first on its live stream, and its page then shows it. The wait is
/// bounded generously; the time it took is printed.
#[cfg(postgres_tests)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
pub(super) async fn a_screen_on_one_server_hears_of_a_change_made_through_the_other() {
    let (url, name) = crate::common::empty_postgres_database().await;
    let db_one = server::database::open(&url).await.expect("first instance");
    let db_two = server::database::open(&url).await.expect("second instance");
    let two = TestApp::spawn(db_two.clone()).await;
    // As `techkaart serve` does before it listens: the catalog, and with it the watcher
    // of other instances' writes.
    app::catalog::current(&db_two).await.expect("catalog");
    let tv = tv_of_a_new_kempen_coordinator(&two, &db_two).await;
    let mut stream = tv.get(two.url("/scherm/stroom")).send().await.expect("stream");
    let mut buffer = String::new();
    next_event(&mut stream, &mut buffer, "hello", Duration::from_secs(5))
        .await
        .expect("hello");

    let written = std::time::Instant::now();
    insert_company_with_open_placement(&db_one, "Vonk Metaal").await;
    next_event(&mut stream, &mut buffer, "change", Duration::from_secs(10))
        .await
        .expect("a change on the other server's stream");
    eprintln!(
        "the screen on the other server heard of it after {:?}",
        written.elapsed()
    );
    assert!(tv_page(&two, &tv).await.2.contains("Vonk Metaal"));
    drop(stream);
    two.stop().await;
    db_one.close().await;
    db_two.close().await;
    crate::common::drop_postgres_database(&name).await;
}

/// The same through nginx with the repository's configuration (`deploy/nginx.conf`), in
/// front of two servers on one PostgreSQL database: the stream's first event comes through
/// at once (nginx holds nothing back), and a company added through the other database
/// connection reaches the screen within 2 s, whichever server nginx chose.
#[cfg(postgres_tests)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
pub(super) async fn a_screen_behind_nginx_hears_of_a_change_within_two_seconds() {
    let scratch = tempfile::tempdir().expect("scratch folder");
    let (url, name) = crate::common::empty_postgres_database().await;
    let db_one = server::database::open(&url).await.expect("first instance");
    let db_two = server::database::open(&url).await.expect("second instance");
    let one = TestApp::spawn(db_one.clone()).await;
    let two = TestApp::spawn(db_two.clone()).await;
    app::catalog::current(&db_one).await.expect("catalog");
    app::catalog::current(&db_two).await.expect("catalog");
    let tv = tv_of_a_new_kempen_coordinator(&two, &db_two).await;
    let proxy_port = crate::common::free_port();
    let nginx = crate::common::nginx(proxy_port, &[one.addr.port(), two.addr.port()], scratch.path());
    let proxy = format!("http://127.0.0.1:{proxy_port}");
    assert!(
        crate::common::ready(&tv, &proxy, Duration::from_secs(4)).await,
        "nginx answers"
    );

    let opened = std::time::Instant::now();
    let mut stream = tv.get(format!("{proxy}/scherm/stroom")).send().await.expect("stream");
    assert_eq!(stream.status(), 200);
    let mut buffer = String::new();
    next_event(&mut stream, &mut buffer, "hello", Duration::from_secs(2))
        .await
        .expect("hello through nginx at once");
    let hello_after = opened.elapsed();
    let written = std::time::Instant::now();
    insert_company_with_open_placement(&db_one, "Vonk Metaal").await;
    next_event(&mut stream, &mut buffer, "change", Duration::from_secs(2))
        .await
        .expect("the change through nginx within 2 s");
    eprintln!(
        "through nginx: hello after {hello_after:?}, the change after {:?}",
        written.elapsed()
    );
    drop(stream);
    drop(nginx);
    one.stop().await;
    two.stop().await;
    db_one.close().await;
    db_two.close().await;
    crate::common::drop_postgres_database(&name).await;
}
