package config

import (
	"fmt"
	"net"
	"net/url"
	"strings"

	"github.com/robfig/cron/v3"
)

// Validate returns every problem with the settings, each naming the environment key.
func (c Config) Validate() []error {
	var p []error
	bad := func(key, format string, args ...any) {
		p = append(p, fmt.Errorf("%s: %s", EnvName(key), fmt.Sprintf(format, args...)))
	}
	if c.DB == "" {
		bad("db", "is empty: give a SQLite file path or a postgres:// URL")
	} else if strings.Contains(c.DB, "://") && !IsPostgres(c.DB) {
		bad("db", "unsupported URL scheme: use a file path for SQLite or postgres://")
	}
	for i, s := range c.Sources {
		switch s.Kind {
		case "dir":
			if s.Loc == "" {
				bad("sources", "item %d: dir: needs a folder path", i+1)
			}
		case "feed", "web":
			if err := checkHTTPURL(s.Loc); err != nil {
				bad("sources", "item %d (%s): %v", i+1, s.Kind, err)
			}
		default:
			bad("sources", "item %d: unknown kind %q: use dir:, feed: or web:", i+1, s.Kind)
		}
	}
	if err := CheckSchedule(c.Poll); err != nil {
		bad("poll", "%v", err)
	}
	if c.WebDepth < 0 || c.WebDepth > 10000 {
		bad("web_depth", "must be between 0 and 10000, not %d", c.WebDepth)
	}
	if c.HTTPAddr != "off" {
		if _, port, err := net.SplitHostPort(c.HTTPAddr); err != nil || port == "" {
			bad("http_addr", "%q is not host:port (or \"off\")", c.HTTPAddr)
		}
	}
	if !oneOf(c.LogFormat, "auto", "text", "json") {
		bad("log_format", "%q is not auto, text or json", c.LogFormat)
	}
	if !oneOf(c.LogLevel, "debug", "info", "warn", "error") {
		bad("log_level", "%q is not debug, info, warn or error", c.LogLevel)
	}
	if c.Shutdown <= 0 {
		bad("shutdown_timeout", "must be positive, like 10s")
	}
	if c.Workers < 1 || c.Workers > 256 {
		bad("workers", "must be between 1 and 256, not %d", c.Workers)
	}

	if c.Telegram.APIURL != "" && strings.Count(c.Telegram.APIURL, "%s") != 2 {
		bad("telegram.api_url", "must hold two %%s, like http://127.0.0.1:9000/bot%%s/%%s")
	}
	if c.Telegram.WebhookURL != "" {
		if err := checkHTTPURL(c.Telegram.WebhookURL); err != nil {
			bad("telegram.webhook_url", "%v", err)
		}
		if c.HTTPAddr == "off" {
			bad("telegram.webhook_url", "webhook mode needs the HTTP listener: set BRIEFBOT_HTTP_ADDR, not \"off\"")
		}
		if c.Telegram.WebhookSecret == "" {
			bad("telegram.webhook_secret", "is required in webhook mode, so only Telegram can post updates")
		}
	}
	if c.Telegram.Rate <= 0 || c.Telegram.Rate > 1000 {
		bad("telegram.rate", "must be between 0 and 1000 messages per second")
	}
	if c.Discord.APIURL != "" {
		if err := checkHTTPURL(c.Discord.APIURL); err != nil {
			bad("discord.api_url", "%v", err)
		}
	}
	if c.Discord.ShardCount < 1 {
		bad("discord.shard_count", "must be at least 1")
	} else if c.Discord.ShardID < 0 || c.Discord.ShardID >= c.Discord.ShardCount {
		bad("discord.shard_id", "must be between 0 and shard_count-1 (%d)", c.Discord.ShardCount-1)
	}
	if c.Discord.Rate <= 0 || c.Discord.Rate > 1000 {
		bad("discord.rate", "must be between 0 and 1000 requests per second")
	}
	return p
}

// IsPostgres reports whether a database setting names a PostgreSQL server.
func IsPostgres(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// CheckSchedule validates a cron line or descriptor ("@every 30s", "0 8 * * 1-5") without the
// panics robfig/cron has on some malformed input (such as a bare "CRON_TZ=").
func CheckSchedule(spec string) (err error) {
	spec = strings.TrimSpace(spec)
	if spec == "" {
		return fmt.Errorf("is empty: give a cron line like \"*/10 * * * *\" or \"@every 10m\"")
	}
	if strings.HasPrefix(spec, "TZ=") || strings.HasPrefix(spec, "CRON_TZ=") {
		if i := strings.IndexByte(spec, ' '); i < 0 || strings.TrimSpace(spec[i:]) == "" {
			return fmt.Errorf("%q has a time zone but no schedule fields", spec)
		}
	}
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%q is not a valid schedule", spec)
		}
	}()
	if _, err := cron.ParseStandard(spec); err != nil {
		return fmt.Errorf("%q is not a valid schedule: %v", spec, err)
	}
	return nil
}

func checkHTTPURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("%q is not an http(s) URL", raw)
	}
	return nil
}

func oneOf(v string, options ...string) bool {
	for _, o := range options {
		if v == o {
			return true
		}
	}
	return false
}
