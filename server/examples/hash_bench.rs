//! How long a password takes to hash and to check with Techkaart's argon2id settings: the
//! main cost of a login. Prints medians; part of `make bench`.

use std::time::{Duration, Instant};

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

#[tokio::main]
async fn main() {
    let runs = 11;
    let mut hashing = Vec::new();
    let mut checking = Vec::new();
    let mut hash = String::new();
    for _ in 0..runs {
        let start = Instant::now();
        hash = app::auth::hash_password("draaibank-op-dinsdag".into())
            .await
            .expect("hash");
        hashing.push(start.elapsed());
    }
    for _ in 0..runs {
        let start = Instant::now();
        let ok = app::auth::verify_password("draaibank-op-dinsdag".into(), Some(hash.clone()))
            .await
            .expect("verify");
        assert!(ok);
        checking.push(start.elapsed());
    }
    println!(
        "  argon2id m={} KiB, t={}, p={}: hashing {:.1} ms, checking a login {:.1} ms (medians of {runs})",
        app::auth::HASH_MEMORY_KIB,
        app::auth::HASH_PASSES,
        app::auth::HASH_LANES,
        median(hashing).as_secs_f64() * 1000.0,
        median(checking).as_secs_f64() * 1000.0,
    );
}
