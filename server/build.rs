//! Marks the build with `postgres_tests` when `TEST_POSTGRES_URL` is set, so the PostgreSQL
//! halves of the database tests are ignored, and reported as such, where no PostgreSQL is
//! configured, instead of passing without having run.

fn main() {
    println!("cargo::rustc-check-cfg=cfg(postgres_tests)");
    println!("cargo::rerun-if-env-changed=TEST_POSTGRES_URL");
    if std::env::var("TEST_POSTGRES_URL").is_ok_and(|url| !url.is_empty()) {
        println!("cargo::rustc-cfg=postgres_tests");
    }
}
