package main

import (
	"context"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/briefbot/briefbot/ops"
)

func TestConfigCheck(t *testing.T) {
	const token = "999:secret-token-value"
	t.Setenv("BRIEFBOT_TELEGRAM_TOKEN", token)
	r := runCLI(t, "", "config", "check")
	if r.code != 0 || !strings.Contains(r.stdout, "configuration is valid") || !strings.Contains(r.stdout, "BRIEFBOT_TELEGRAM_TOKEN") {
		t.Fatalf("code %d %v\n%s", r.code, r.err, r.stdout)
	}
	if strings.Contains(r.stdout+r.stderr, token) {
		t.Fatal("config check printed the token")
	}

	file := filepath.Join(t.TempDir(), "bad.toml")
	if err := os.WriteFile(file, []byte("workers = 0\npoll = \"CRON_TZ=\"\n[discord]\nrate = -1\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	r = runCLI(t, "", "config", "check", "--config", file)
	if r.code != 2 {
		t.Fatalf("bad config: code %d, want 2", r.code)
	}
	for _, want := range []string{"BRIEFBOT_WORKERS", "BRIEFBOT_POLL", "BRIEFBOT_DISCORD_RATE"} {
		if !strings.Contains(r.err.Error(), want) {
			t.Errorf("error lacks %s: %v", want, r.err)
		}
	}
	if r := runCLI(t, "", "config"); r.code != 2 {
		t.Errorf("config without check: code %d", r.code)
	}
}

func TestHealth(t *testing.T) {
	srv := ops.NewServer(ops.NewMetrics(nil), nil, slog.New(slog.DiscardHandler))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ready := make(chan string, 1)
	go srv.Serve(ctx, "127.0.0.1:0", ready)
	addr := <-ready
	t.Setenv("BRIEFBOT_HTTP_ADDR", addr)
	if r := runCLI(t, "", "health"); r.code != 0 || strings.TrimSpace(r.stdout) != "ok" {
		t.Fatalf("health of a live server: code %d %v", r.code, r.err)
	}
	// A port nobody listens on: take one and release it.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	dead := ln.Addr().String()
	ln.Close()
	t.Setenv("BRIEFBOT_HTTP_ADDR", dead)
	if r := runCLI(t, "", "health"); r.code != 1 {
		t.Fatalf("health of a dead server: code %d", r.code)
	}
	t.Setenv("BRIEFBOT_HTTP_ADDR", "off")
	if r := runCLI(t, "", "health"); r.code != 2 {
		t.Fatalf("health with the server off: code %d", r.code)
	}
}

func TestDatabasePasswordNeverPrinted(t *testing.T) {
	const pw = "pg-s3cret-pw"
	// Nothing listens on port 1, so opening fails; the message must name the database masked.
	for _, args := range [][]string{
		{"ingest", "--sample", "--db", "postgres://bot:" + pw + "@127.0.0.1:1/briefbot"},
		{"ask", "--db", "postgres://bot:" + pw + "@127.0.0.1:1/briefbot", "/latest"},
	} {
		r := runCLI(t, "", args...)
		if r.code == 0 {
			t.Fatalf("%s: opened a database that does not exist", args[0])
		}
		if strings.Contains(r.stdout+r.stderr+r.err.Error(), pw) {
			t.Fatalf("%s printed the database password", args[0]) // not echoed: it is the secret
		}
	}
}
