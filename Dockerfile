# Techkaart's container image: builds the release with the repository's own scripts, then
# runs it as an unprivileged user on a slim Debian with nothing else inside.
#
#   docker build -t techkaart .
#   docker run -p 3000:3000 -v techkaart-data:/data techkaart                      # SQLite
#   docker run -p 3000:3000 -e DATABASE_URL=postgres://user:pw@db:5432/techkaart \
#     -e TECHKAART_DEMO_ON_EMPTY=false -e TECHKAART_PUBLIC_URL=https://techkaart.example techkaart
#
# The first build takes a while (cargo-leptos and wasm-bindgen-cli are compiled, as
# scripts/setup.sh does on any machine); later builds reuse Docker's layer cache as long as
# the lock files are unchanged.
FROM rust:1.95-bookworm AS build
RUN apt-get update -qq \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nodejs npm brotli \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
# The tools first, in a layer of their own: they change only with scripts/lib.sh.
COPY scripts/lib.sh scripts/setup.sh scripts/
RUN scripts/setup.sh
COPY . .
RUN scripts/build.sh \
    && mkdir -p /out \
    && cp target/release/techkaart target/release/hash.txt /out/ \
    && cp -r target/site /out/site

FROM debian:bookworm-slim
RUN apt-get update -qq \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends ca-certificates \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --home-dir /data --shell /usr/sbin/nologin techkaart \
    && mkdir -p /data && chown techkaart:techkaart /data
# hash.txt beside the binary: the build's name and its hashed file names.
COPY --from=build /out/techkaart /out/hash.txt /app/
COPY --from=build /out/site /app/site
ENV DATABASE_URL=sqlite:///data/techkaart.db \
    TECHKAART_ADDR=0.0.0.0:3000 \
    LEPTOS_SITE_ROOT=/app/site \
    TECHKAART_TILE_CACHE=/data/tiles
USER techkaart
WORKDIR /data
VOLUME /data
EXPOSE 3000
# Readiness is GET /healthz, liveness GET /healthz/alive (give them to your orchestrator).
ENTRYPOINT ["/app/techkaart"]
CMD ["serve"]
