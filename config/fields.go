package config

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// field is one setting: its file key, how to set it from text and how to show it. The table
// below is the single source of truth for the file, the environment and `config check`.
type field struct {
	key    string // file key, "telegram.token"; the environment name is derived from it
	secret bool   // also settable from a file named by <ENV>_FILE; masked when shown
	set    func(c *Config, v string) error
	get    func(c *Config) string
}

// EnvName is the environment variable for a file key: "telegram.api_url" → BRIEFBOT_TELEGRAM_API_URL.
func EnvName(key string) string {
	return "BRIEFBOT_" + strings.ToUpper(strings.ReplaceAll(key, ".", "_"))
}

func stringField(key string, p func(*Config) *string) field {
	return field{key: key,
		set: func(c *Config, v string) error { *p(c) = strings.TrimSpace(v); return nil },
		get: func(c *Config) string { return *p(c) }}
}

func secretField(key string, p func(*Config) *Secret) field {
	return field{key: key, secret: true,
		set: func(c *Config, v string) error { *p(c) = Secret(strings.TrimSpace(v)); return nil },
		get: func(c *Config) string { return p(c).String() }}
}

func intField(key string, p func(*Config) *int) field {
	return field{key: key,
		set: func(c *Config, v string) error {
			n, err := strconv.Atoi(strings.TrimSpace(v))
			if err != nil {
				return fmt.Errorf("%q is not a whole number", v)
			}
			*p(c) = n
			return nil
		},
		get: func(c *Config) string { return strconv.Itoa(*p(c)) }}
}

func floatField(key string, p func(*Config) *float64) field {
	return field{key: key,
		set: func(c *Config, v string) error {
			f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
			if err != nil {
				return fmt.Errorf("%q is not a number", v)
			}
			*p(c) = f
			return nil
		},
		get: func(c *Config) string { return strconv.FormatFloat(*p(c), 'f', -1, 64) }}
}

func durationField(key string, p func(*Config) *time.Duration) field {
	return field{key: key,
		set: func(c *Config, v string) error {
			d, err := time.ParseDuration(strings.TrimSpace(v))
			if err != nil {
				return fmt.Errorf("%q is not a duration like 10s or 2m", v)
			}
			*p(c) = d
			return nil
		},
		get: func(c *Config) string { return p(c).String() }}
}

// setSources reads "dir:/srv/b, feed:https://…" into c.Sources.
func setSources(c *Config, v string) error {
	c.Sources = nil
	for _, item := range strings.Split(v, ",") {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		kind, loc, ok := strings.Cut(item, ":")
		if !ok {
			return fmt.Errorf("%q has no kind: write dir:PATH, feed:URL or web:URL", item)
		}
		c.Sources = append(c.Sources, Source{Kind: strings.ToLower(strings.TrimSpace(kind)), Loc: strings.TrimSpace(loc)})
	}
	return nil
}

func showSources(c *Config) string {
	parts := make([]string, len(c.Sources))
	for i, s := range c.Sources {
		parts[i] = s.String()
	}
	return strings.Join(parts, ",")
}

var fields = []field{
	// The database URL may hold a password: it takes a _FILE too and is masked when shown.
	{key: "db", secret: true,
		set: func(c *Config, v string) error { c.DB = strings.TrimSpace(v); return nil },
		get: func(c *Config) string { return MaskDSN(c.DB) }},
	{key: "sources", set: setSources, get: showSources},
	stringField("poll", func(c *Config) *string { return &c.Poll }),
	intField("web_depth", func(c *Config) *int { return &c.WebDepth }),
	stringField("http_addr", func(c *Config) *string { return &c.HTTPAddr }),
	stringField("log_format", func(c *Config) *string { return &c.LogFormat }),
	stringField("log_level", func(c *Config) *string { return &c.LogLevel }),
	durationField("shutdown_timeout", func(c *Config) *time.Duration { return &c.Shutdown }),
	intField("workers", func(c *Config) *int { return &c.Workers }),

	secretField("telegram.token", func(c *Config) *Secret { return &c.Telegram.Token }),
	stringField("telegram.api_url", func(c *Config) *string { return &c.Telegram.APIURL }),
	stringField("telegram.webhook_url", func(c *Config) *string { return &c.Telegram.WebhookURL }),
	secretField("telegram.webhook_secret", func(c *Config) *Secret { return &c.Telegram.WebhookSecret }),
	floatField("telegram.rate", func(c *Config) *float64 { return &c.Telegram.Rate }),

	secretField("discord.token", func(c *Config) *Secret { return &c.Discord.Token }),
	stringField("discord.guild_id", func(c *Config) *string { return &c.Discord.GuildID }),
	stringField("discord.api_url", func(c *Config) *string { return &c.Discord.APIURL }),
	intField("discord.shard_id", func(c *Config) *int { return &c.Discord.ShardID }),
	intField("discord.shard_count", func(c *Config) *int { return &c.Discord.ShardCount }),
	floatField("discord.rate", func(c *Config) *float64 { return &c.Discord.Rate }),
}
