# syntax=docker/dockerfile:1
# Build: docker build -t briefbot .
# Run:   docker run -v briefbot-data:/data -p 8080:8080 -e BRIEFBOT_TELEGRAM_TOKEN_FILE=/run/secrets/tg briefbot

FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/briefbot ./cmd/briefbot \
 && mkdir -p /out/data

# distroless/static carries CA certificates and time zone data, runs as a non-root user and
# has no shell; the binary also embeds time zone data, so digests keep their zones anywhere.
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/briefbot /usr/local/bin/briefbot
COPY --from=build --chown=65532:65532 /out/data /data
ENV BRIEFBOT_DB=/data/briefbot.db \
    BRIEFBOT_HTTP_ADDR=0.0.0.0:8080 \
    BRIEFBOT_LOG_FORMAT=json
VOLUME /data
EXPOSE 8080
USER 65532:65532
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s \
  CMD ["/usr/local/bin/briefbot", "health"]
ENTRYPOINT ["/usr/local/bin/briefbot"]
CMD ["run"]
