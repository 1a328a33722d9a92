//! The real server on port 0 with a client that keeps cookies, set up by `TestApp::builder`.

use super::*;

/// The credit line test servers give their map tiles.
pub const TEST_ATTRIBUTION: &str = "Testkaart ©";

/// Tile settings for tests: `upstream` as the XYZ template, tiles kept in `cache_dir`, and
/// a rest after failures that tests pass by moving the server's clock.
pub fn tile_settings(upstream: &str, cache_dir: std::path::PathBuf) -> server::tiles::TileSettings {
    server::tiles::TileSettings {
        upstream: upstream.to_owned(),
        user_agent: "Techkaart-tests".to_owned(),
        cache_dir,
        min_zoom: 7,
        max_zoom: 18,
        disk_lifetime: std::time::Duration::from_secs(3600),
        // Long enough that no busy machine reaches it between two requests; tests move
        // the server's clock past it instead.
        retry_after: std::time::Duration::from_secs(60),
        timeout: std::time::Duration::from_secs(2),
        max_disk_bytes: 1 << 30,
    }
}

/// The real server, listening on a free port, with a client that keeps cookies.
pub struct TestApp {
    pub addr: SocketAddr,
    pub client: reqwest::Client,
    pub db: Db,
    /// The server's clock: a test moves it forward instead of sleeping.
    pub clock: app::clock::Clock,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    server: tokio::task::JoinHandle<std::io::Result<()>>,
}

impl TestApp {
    /// Starts the server on port 0 against `db`, with a site root that has no built assets
    /// and a tile upstream nobody listens on.
    pub async fn spawn(db: Db) -> TestApp {
        TestApp::builder(db).start().await
    }

    /// A server against `db` to be set up before it starts: tiles, connection limits, extra
    /// routes, a trusted proxy.
    pub fn builder(db: Db) -> TestAppBuilder {
        TestAppBuilder {
            db,
            tiles: None,
            trusted_proxies: Vec::new(),
            limits: Default::default(),
            extra: axum::Router::new(),
        }
    }
}

/// How a `TestApp` is set up before it starts; `TestApp::builder` makes one.
pub struct TestAppBuilder {
    db: Db,
    tiles: Option<server::tiles::TileSettings>,
    trusted_proxies: Vec<ipnet::IpNet>,
    limits: server::connections::Limits,
    extra: axum::Router,
}

impl TestAppBuilder {
    /// Tiles from this upstream and cache instead of an upstream nobody listens on.
    pub fn tiles(mut self, tiles: server::tiles::TileSettings) -> TestAppBuilder {
        self.tiles = Some(tiles);
        self
    }

    /// These connection limits instead of the defaults.
    pub fn limits(mut self, limits: server::connections::Limits) -> TestAppBuilder {
        self.limits = limits;
        self
    }

    /// `extra` routes served beside the app's, inside the same connection handling.
    pub fn extra_routes(mut self, extra: axum::Router) -> TestAppBuilder {
        self.extra = extra;
        self
    }

    /// Behind a reverse proxy at 127.0.0.1: the test's requests, which come from there, are
    /// read as forwarded.
    pub fn behind_proxy(mut self) -> TestAppBuilder {
        self.trusted_proxies = vec![std::net::IpAddr::from(std::net::Ipv4Addr::LOCALHOST).into()];
        self
    }

    /// Starts the server on port 0.
    pub async fn start(self) -> TestApp {
        let TestAppBuilder {
            db,
            tiles,
            trusted_proxies,
            limits,
            extra,
        } = self;
        let tiles = tiles.unwrap_or_else(|| {
            let cache = std::env::temp_dir().join(format!("techkaart-test-tiles-{:016x}", rand::random::<u64>()));
            tile_settings("http://127.0.0.1:9/{z}/{x}/{y}.png", cache)
        });
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind port 0");
        let addr = listener.local_addr().expect("local address");
        let site_root = std::env::temp_dir().join("techkaart-test-site");
        let clock = app::clock::Clock::default();
        let tiles = server::tiles::Tiles::new(tiles)
            .expect("tile client")
            .with_clock(clock.clone());
        let map = app::map::MapSettings {
            attribution: TEST_ATTRIBUTION.to_owned(),
        };
        let site = app::auth::SiteSettings::new(&format!("http://{addr}")).behind(trusted_proxies);
        let streams = server::screens::Streams::default();
        let router = server::http::router(server::http::Application {
            leptos_options: server::http::leptos_options(&site_root),
            db: db.clone(),
            tiles,
            map,
            site,
            clock: clock.clone(),
            streams: streams.clone(),
            metrics_token: None,
        })
        .merge(extra);
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let closing = streams.clone();
        let server = tokio::spawn(server::connections::serve(listener, router, limits, async move {
            stopped.await.ok();
            closing.close();
        }));
        let client = reqwest::Client::builder()
            .cookie_store(true)
            .build()
            .expect("HTTP client");
        TestApp {
            addr,
            client,
            db,
            clock,
            stop: Some(stop),
            server,
        }
    }
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, path)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(self.url(path)).send().await.expect("GET request")
    }

    /// The page at `path` as a browser asking for `accept_language` gets it.
    pub async fn page_in(&self, accept_language: &str, path: &str) -> String {
        let response = self
            .client
            .get(self.url(path))
            .header("accept-language", accept_language)
            .send()
            .await
            .expect("GET request");
        response.text().await.expect("body")
    }

    /// Calls a server function the way the browser's form-encoded calls do, and decodes
    /// its JSON answer or its `AppError`.
    pub async fn call<S>(&self, args: &S) -> Result<S::Output, S::Error>
    where
        S: leptos::server_fn::ServerFn + serde::Serialize,
        S::Output: serde::de::DeserializeOwned,
        S::Error: serde::de::DeserializeOwned,
    {
        self.call_as(&self.client, args).await
    }

    /// `call` with another client (another person's cookies).
    pub async fn call_as<S>(&self, client: &reqwest::Client, args: &S) -> Result<S::Output, S::Error>
    where
        S: leptos::server_fn::ServerFn + serde::Serialize,
        S::Output: serde::de::DeserializeOwned,
        S::Error: serde::de::DeserializeOwned,
    {
        let (status, text) = self
            .post_raw(
                client,
                S::PATH,
                &serde_qs::to_string(args).expect("encode arguments"),
                &[],
            )
            .await;
        if (200..300).contains(&status) {
            Ok(serde_json::from_str(&text).unwrap_or_else(|e| panic!("decode {text:?}: {e}")))
        } else {
            Err(serde_json::from_str(&text).unwrap_or_else(|e| panic!("decode error {status} {text:?}: {e}")))
        }
    }

    /// Posts `body` form-encoded to `path` as a script does (asking for JSON), with extra
    /// headers; returns the status and the body.
    pub async fn post_raw(
        &self,
        client: &reqwest::Client,
        path: &str,
        body: &str,
        headers: &[(&str, &str)],
    ) -> (u16, String) {
        let mut request = client
            .post(self.url(path))
            .header("content-type", "application/x-www-form-urlencoded")
            .header("accept", "application/json")
            .body(body.to_owned());
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let response = request.send().await.expect("server function request");
        let status = response.status().as_u16();
        (status, response.text().await.expect("server function body"))
    }

    pub async fn stop(mut self) {
        if let Some(stop) = self.stop.take() {
            stop.send(()).ok();
        }
        let stopped = tokio::time::timeout(std::time::Duration::from_secs(10), self.server).await;
        stopped
            .expect("the server did not shut down within 10 s")
            .expect("server task")
            .expect("server ended cleanly");
    }
}
