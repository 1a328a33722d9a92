//! Other processes tests start: nginx in front of servers, a free port, waiting until ready.

/// A running nginx, stopped when dropped (also when a test fails) as its own `stop`
/// would: SIGTERM to the master, which ends its workers (a SIGKILL would leave the workers
/// serving).
pub struct Nginx(std::process::Child);

impl Drop for Nginx {
    fn drop(&mut self) {
        let _ = std::process::Command::new("kill")
            .args(["-TERM", &self.0.id().to_string()])
            .status();
        let _ = self.0.wait();
    }
}

/// nginx on `port` in front of the instances on `upstream_ports`, with the repository's
/// configuration (`deploy/nginx.conf`, filled in as `scripts/cluster.sh` does), running as
/// this user with its files in `scratch`. Debian's package: `apt-get install nginx`.
pub fn nginx(port: u16, upstream_ports: &[u16], scratch: &std::path::Path) -> Nginx {
    let binary = ["/usr/sbin/nginx", "/usr/bin/nginx"]
        .into_iter()
        .find(|path| std::path::Path::new(path).exists())
        .expect("nginx is not installed: apt-get install nginx (make test installs it)");
    let template = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../deploy/nginx.conf");
    let run_dir = scratch.join("nginx");
    std::fs::create_dir_all(&run_dir).expect("nginx folder");
    let upstreams: String = upstream_ports
        .iter()
        .map(|p| format!("        server 127.0.0.1:{p} max_fails=1 fail_timeout=2s;\n"))
        .collect();
    let config = std::fs::read_to_string(&template)
        .expect("deploy/nginx.conf")
        .replace("@RUN_DIR@", &run_dir.display().to_string())
        .replace("@LISTEN@", &format!("127.0.0.1:{port}"))
        .replace("@UPSTREAMS@", upstreams.trim_end());
    let config_file = run_dir.join("nginx.conf");
    std::fs::write(&config_file, config).expect("write nginx.conf");
    std::process::Command::new(binary)
        .arg("-p")
        .arg(&run_dir)
        .arg("-c")
        .arg(&config_file)
        .arg("-e")
        .arg(run_dir.join("nginx-error.log"))
        .args(["-g", "daemon off;"])
        .stdout(std::process::Stdio::null())
        .spawn()
        .map(Nginx)
        .expect("start nginx")
}

/// A port nobody listens on now.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .expect("a free port")
        .port()
}

/// Whether `base` answers `/healthz` with 200 within `limit`.
pub async fn ready(client: &reqwest::Client, base: &str, limit: std::time::Duration) -> bool {
    let started = std::time::Instant::now();
    while started.elapsed() < limit {
        if let Ok(response) = client.get(format!("{base}/healthz")).send().await
            && response.status() == 200
        {
            return true;
        }
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    false
}
