// Package config loads briefbot's settings once — defaults, then a TOML file, then the
// environment, then `_FILE` secrets — validates them all at once and hands typed structs down.
// No other package reads the environment.
package config

import "time"

// Config is every setting briefbot has. The zero value is not valid; use Load or Default.
type Config struct {
	DB        string        // SQLite path or postgres:// URL (BRIEFBOT_DB)
	Sources   []Source      // BRIEFBOT_SOURCES: "dir:/srv/b,feed:https://…,web:https://…"
	Poll      string        // BRIEFBOT_POLL: cron line or "@every 30s"; default "@every 10m"
	WebDepth  int           // BRIEFBOT_WEB_DEPTH: how many Previous links a web source back-fills
	HTTPAddr  string        // BRIEFBOT_HTTP_ADDR: admin server; default 127.0.0.1:8080; "off" disables
	LogFormat string        // BRIEFBOT_LOG_FORMAT: "text", "json" or "auto"
	LogLevel  string        // BRIEFBOT_LOG_LEVEL: debug, info, warn, error
	Shutdown  time.Duration // BRIEFBOT_SHUTDOWN_TIMEOUT: bound on finishing in-flight sends; default 10s
	Workers   int           // BRIEFBOT_WORKERS: delivery workers per platform; default 4

	Telegram Telegram
	Discord  Discord
}

// Source is one place briefings come from.
type Source struct {
	Kind string // "dir", "feed" or "web"
	Loc  string // a folder path or an http(s) URL
}

// String gives the source in its configuration form, "kind:loc".
func (s Source) String() string { return s.Kind + ":" + s.Loc }

// Telegram holds the Telegram platform settings; the platform is on when Token is set.
type Telegram struct {
	Token         Secret  // BRIEFBOT_TELEGRAM_TOKEN or BRIEFBOT_TELEGRAM_TOKEN_FILE
	APIURL        string  // BRIEFBOT_TELEGRAM_API_URL: "http://HOST:PORT/bot%s/%s"
	WebhookURL    string  // BRIEFBOT_TELEGRAM_WEBHOOK_URL: webhook mode when set
	WebhookSecret Secret  // BRIEFBOT_TELEGRAM_WEBHOOK_SECRET(_FILE): the X-Telegram-Bot-Api-Secret-Token
	Rate          float64 // BRIEFBOT_TELEGRAM_RATE: messages per second across chats; default 30
}

// Discord holds the Discord platform settings; the platform is on when Token is set.
type Discord struct {
	Token      Secret  // BRIEFBOT_DISCORD_TOKEN or BRIEFBOT_DISCORD_TOKEN_FILE
	GuildID    string  // BRIEFBOT_DISCORD_GUILD_ID: register commands in one guild
	APIURL     string  // BRIEFBOT_DISCORD_API_URL: replaces https://discord.com
	ShardID    int     // BRIEFBOT_DISCORD_SHARD_ID
	ShardCount int     // BRIEFBOT_DISCORD_SHARD_COUNT; default 1
	Rate       float64 // BRIEFBOT_DISCORD_RATE: requests per second; default 40
}

// Secret is a string that never prints: fmt, slog and %v show it masked.
type Secret string

// String masks the secret.
func (s Secret) String() string {
	if s == "" {
		return ""
	}
	return "********"
}

// GoString masks the secret for %#v.
func (s Secret) GoString() string { return `"********"` }

// Reveal returns the secret's value, for the one place that must send it.
func (s Secret) Reveal() string { return string(s) }
