# b24bot in a container: `docker build -t b24bot .`, then see README.md (Docker).
#
# Stage 1 builds with the README's release command. The dependencies are compiled in a layer of
# their own, from Cargo.toml and Cargo.lock alone, so a change to the sources rebuilds only the
# bot itself.
FROM rust:1.95-slim-bookworm AS build
WORKDIR /src
COPY Cargo.toml Cargo.lock build.rs ./
RUN mkdir src migrations \
 && echo 'fn main() {}' > src/main.rs \
 && touch src/lib.rs \
 && cargo build --release --locked \
 && rm -r src migrations \
 && mkdir /data
COPY migrations migrations
COPY locales locales
COPY src src
# Newer than the stand-ins above, so cargo compiles the real sources.
RUN touch src/main.rs src/lib.rs \
 && cargo build --release --locked

# Stage 2: glibc and libgcc only; no compiler, no shell, no package manager. TLS is rustls and
# SQLite is compiled in, so nothing else is needed.
FROM gcr.io/distroless/cc-debian12:nonroot
COPY --from=build /src/target/release/b24bot /usr/local/bin/b24bot
# The volume's mount point, owned by the image's non-root user so a new volume is writable.
COPY --from=build --chown=65532:65532 /data /data
ENV DATABASE_URL=sqlite:///data/b24bot.db \
    HTTP_ADDR=0.0.0.0:9024 \
    LOG_FORMAT=json
VOLUME ["/data"]
EXPOSE 9024
USER 65532:65532
# No curl in the image: the binary asks its own /healthz.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["/usr/local/bin/b24bot", "health"]
ENTRYPOINT ["/usr/local/bin/b24bot"]
CMD ["run"]
