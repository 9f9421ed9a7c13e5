package config

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func env(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func writeFile(t *testing.T, name, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestDefaultsAreValid(t *testing.T) {
	c, err := Load("", env(nil))
	if err != nil {
		t.Fatalf("defaults: %v", err)
	}
	if c.DB != "briefbot.db" || c.Poll != "@every 10m" || c.HTTPAddr != "127.0.0.1:8080" || c.Telegram.Rate != 30 || c.Discord.Rate != 40 {
		t.Errorf("unexpected defaults: %+v", c)
	}
}

func TestPrecedence(t *testing.T) {
	file := writeFile(t, "b.toml", `
db = "from-file.db"
sources = ["dir:/srv/a", "feed:https://example.org/rss"]
poll = "@every 1m"
workers = 8
[telegram]
api_url = "http://127.0.0.1:9/bot%s/%s"
[discord]
shard_count = 4
shard_id = 3
`)
	secretFile := writeFile(t, "tok", "  s3cr3t-token\n")
	c, err := Load(file, env(map[string]string{
		"BRIEFBOT_DB":                  "from-env.db",
		"BRIEFBOT_TELEGRAM_TOKEN_FILE": secretFile,
		"BRIEFBOT_SHUTDOWN_TIMEOUT":    "3s",
	}))
	if err != nil {
		t.Fatal(err)
	}
	if c.DB != "from-env.db" {
		t.Errorf("env must override file: DB = %q", c.DB)
	}
	if c.Poll != "@every 1m" || c.Workers != 8 || c.Shutdown != 3*time.Second {
		t.Errorf("file/env values not applied: %+v", c)
	}
	if len(c.Sources) != 2 || c.Sources[1] != (Source{Kind: "feed", Loc: "https://example.org/rss"}) {
		t.Errorf("sources = %+v", c.Sources)
	}
	if c.Telegram.Token.Reveal() != "s3cr3t-token" {
		t.Errorf("token from _FILE not read and trimmed")
	}
	if c.Discord.ShardCount != 4 || c.Discord.ShardID != 3 {
		t.Errorf("discord table not applied: %+v", c.Discord)
	}
}

func TestConfigFileFromEnvironment(t *testing.T) {
	file := writeFile(t, "b.toml", `poll = "@every 30s"`)
	c, err := Load("", env(map[string]string{"BRIEFBOT_CONFIG": file}))
	if err != nil || c.Poll != "@every 30s" {
		t.Fatalf("BRIEFBOT_CONFIG not used: %v %q", err, c.Poll)
	}
}

func TestInvalidReportsEveryProblem(t *testing.T) {
	_, err := Load("", env(map[string]string{
		"BRIEFBOT_DB":                   "mysql://x",
		"BRIEFBOT_SOURCES":              "dir:,ftp:x,feed:notaurl",
		"BRIEFBOT_POLL":                 "CRON_TZ=",
		"BRIEFBOT_WORKERS":              "many",
		"BRIEFBOT_HTTP_ADDR":            "nowhere",
		"BRIEFBOT_LOG_FORMAT":           "xml",
		"BRIEFBOT_TELEGRAM_API_URL":     "http://x/%s",
		"BRIEFBOT_TELEGRAM_WEBHOOK_URL": "https://bot.example.org/hook",
		"BRIEFBOT_DISCORD_SHARD_ID":     "2",
		"BRIEFBOT_DISCORD_SHARD_COUNT":  "2",
	}))
	var ce *Error
	if !errors.As(err, &ce) {
		t.Fatalf("want *Error, got %v", err)
	}
	msg := err.Error()
	for _, want := range []string{"BRIEFBOT_DB", "item 1: dir:", "unknown kind \"ftp\"", "not an http(s) URL",
		"BRIEFBOT_POLL", "no schedule fields", "BRIEFBOT_WORKERS", "BRIEFBOT_HTTP_ADDR", "BRIEFBOT_LOG_FORMAT",
		"BRIEFBOT_TELEGRAM_API_URL", "BRIEFBOT_TELEGRAM_WEBHOOK_SECRET", "BRIEFBOT_DISCORD_SHARD_ID"} {
		if !strings.Contains(msg, want) {
			t.Errorf("error does not mention %q:\n%s", want, msg)
		}
	}
}

func TestBadFiles(t *testing.T) {
	tests := []struct {
		name, body, want string
	}{
		{"malformed", "db = \"unterminated", "not valid TOML"},
		{"unknown key", "colour = \"blue\"", `unknown key "colour"`},
		{"unknown table key", "[telegram]\ntokn = \"x\"", `unknown key "telegram.tokn"`},
		{"wrong type", "workers = \"lots\"", "workers"},
		{"huge", "# " + strings.Repeat("x", maxFileBytes+10), "larger than 1 MiB"},
		{"hostile", "db = \"<script>alert(1)</script>\"\npoll = \"\\u0000\"", "BRIEFBOT_POLL"},
		{"webhook without listener", "http_addr = \"off\"\n[telegram]\nwebhook_url = \"https://x.example/hook\"\nwebhook_secret = \"s\"", "needs the HTTP listener"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Load(writeFile(t, "c.toml", tt.body), env(nil))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("want error containing %q, got %v", tt.want, err)
			}
		})
	}
	if _, err := Load(filepath.Join(t.TempDir(), "missing.toml"), env(nil)); err == nil || !strings.Contains(err.Error(), "cannot read") {
		t.Fatalf("missing file: %v", err)
	}
	// An empty file is valid: every default applies.
	if _, err := Load(writeFile(t, "empty.toml", ""), env(nil)); err != nil {
		t.Fatalf("empty file: %v", err)
	}
}

func TestSecretsNeverShown(t *testing.T) {
	const tok = "123456:AAH-very-secret"
	const pw = "hunter2pw"
	c, err := Load("", env(map[string]string{
		"BRIEFBOT_TELEGRAM_TOKEN": tok,
		"BRIEFBOT_DISCORD_TOKEN":  tok,
		"BRIEFBOT_DB":             "postgres://bot:" + pw + "@127.0.0.1:5432/test",
	}))
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	if err := c.Print(&b); err != nil {
		t.Fatal(err)
	}
	shown := b.String() + fmt.Sprintf("%v %+v %#v %s", c, c, c, c.Telegram.Token)
	if strings.Contains(shown, tok) || strings.Contains(shown, pw) {
		t.Fatal("a secret leaked into printed configuration") // not printed: it is the secret
	}
	if !strings.Contains(b.String(), "postgres://bot:xxxxx@127.0.0.1:5432/test") {
		t.Errorf("db not shown masked:\n%s", b.String())
	}
	// A bad secret file path must not echo the secret either, and an invalid secret-bearing
	// value in a file names the key only.
	_, err = Load(writeFile(t, "c.toml", "[telegram]\ntoken = 12\nrate = \""+tok+"\""), env(nil))
	if err == nil || strings.Contains(err.Error(), "12\"") {
		t.Fatalf("unexpected: %v", err)
	}
}

func TestCheckSchedule(t *testing.T) {
	tests := []struct {
		spec string
		ok   bool
	}{
		{"@every 30s", true},
		{"*/10 * * * *", true},
		{"0 8 * * 1-5", true},
		{"CRON_TZ=Europe/Berlin 0 8 * * *", true},
		{"", false},
		{"CRON_TZ=", false},
		{"TZ=Europe/Berlin", false},
		{"CRON_TZ=Nowhere/Land 0 8 * * *", false},
		{"61 * * * *", false},
		{"every day", false},
		{strings.Repeat("* ", 5000), false},
	}
	for _, tt := range tests {
		if err := CheckSchedule(tt.spec); (err == nil) != tt.ok {
			t.Errorf("CheckSchedule(%.30q) = %v, want ok=%v", tt.spec, err, tt.ok)
		}
	}
}
