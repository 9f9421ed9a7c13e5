package config

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"os"
	"sort"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
)

// Default returns the settings briefbot runs with when nothing is configured.
func Default() Config {
	return Config{
		DB:        "briefbot.db",
		Poll:      "@every 10m",
		WebDepth:  20,
		HTTPAddr:  "127.0.0.1:8080",
		LogFormat: "auto",
		LogLevel:  "info",
		Shutdown:  10 * time.Second,
		Workers:   4,
		Telegram:  Telegram{Rate: 30},
		Discord:   Discord{ShardCount: 1, Rate: 40},
	}
}

// maxFileBytes bounds a config file or a _FILE secret: anything larger is a mistake.
const maxFileBytes = 1 << 20

// Load builds the configuration from defaults, then the TOML file at path (or the one named by
// BRIEFBOT_CONFIG when path is empty), then BRIEFBOT_* variables, then BRIEFBOT_*_FILE secrets.
// It reports every problem at once, each naming its key; secret values never appear in errors.
func Load(path string, getenv func(string) string) (Config, error) {
	c := Default()
	var problems []error
	if path == "" {
		path = getenv("BRIEFBOT_CONFIG")
	}
	if path != "" {
		problems = append(problems, loadFile(&c, path)...)
	}
	for _, f := range fields {
		env := EnvName(f.key)
		if v, ok := lookup(getenv, env); ok {
			if err := f.set(&c, v); err != nil {
				problems = append(problems, keyError(env, f, err))
			}
		}
		if !f.secret {
			continue
		}
		if file, ok := lookup(getenv, env+"_FILE"); ok {
			v, err := readSecretFile(file)
			if err == nil {
				err = f.set(&c, v)
			}
			if err != nil {
				problems = append(problems, fmt.Errorf("%s_FILE: %w", env, err))
			}
		}
	}
	problems = append(problems, c.Validate()...)
	if len(problems) > 0 {
		return c, &Error{Problems: problems}
	}
	return c, nil
}

// Error lists every problem found in the configuration.
type Error struct {
	Problems []error
}

func (e *Error) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "configuration has %d problem(s):", len(e.Problems))
	for _, p := range e.Problems {
		b.WriteString("\n  - ")
		b.WriteString(p.Error())
	}
	return b.String()
}

// Unwrap exposes the individual problems to errors.Is and errors.As.
func (e *Error) Unwrap() []error { return e.Problems }

func lookup(getenv func(string) string, name string) (string, bool) {
	v := getenv(name)
	return v, v != ""
}

func keyError(name string, f field, err error) error {
	if f.secret {
		return fmt.Errorf("%s: invalid value", name) // the value itself is secret
	}
	return fmt.Errorf("%s: %w", name, err)
}

func readSecretFile(path string) (string, error) {
	b, err := readCapped(path)
	if err != nil {
		return "", err
	}
	return strings.TrimSpace(string(b)), nil
}

func readCapped(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("cannot read %s: %w", path, errors.Unwrap(err))
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, maxFileBytes+1))
	if err != nil {
		return nil, fmt.Errorf("cannot read %s: %w", path, err)
	}
	if len(b) > maxFileBytes {
		return nil, fmt.Errorf("%s is larger than 1 MiB", path)
	}
	return b, nil
}

// loadFile applies a TOML file: top-level keys and [telegram] / [discord] tables.
func loadFile(c *Config, path string) []error {
	data, err := readCapped(path)
	if err != nil {
		return []error{fmt.Errorf("config file: %w", err)}
	}
	var raw map[string]any
	if _, err := toml.Decode(string(data), &raw); err != nil {
		return []error{fmt.Errorf("config file %s: not valid TOML: %w", path, err)}
	}
	flat := map[string]any{}
	for k, v := range raw {
		if table, ok := v.(map[string]any); ok {
			for k2, v2 := range table {
				flat[k+"."+k2] = v2
			}
			continue
		}
		flat[k] = v
	}
	byKey := map[string]field{}
	for _, f := range fields {
		byKey[f.key] = f
	}
	keys := make([]string, 0, len(flat))
	for k := range flat {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var problems []error
	for _, k := range keys {
		f, ok := byKey[k]
		if !ok {
			problems = append(problems, fmt.Errorf("config file %s: unknown key %q", path, k))
			continue
		}
		if err := f.set(c, tomlText(flat[k])); err != nil {
			if f.secret {
				err = errors.New("invalid value")
			}
			problems = append(problems, fmt.Errorf("config file %s: %s: %w", path, k, err))
		}
	}
	return problems
}

// tomlText turns a decoded TOML value into the text form the environment would give.
func tomlText(v any) string {
	if list, ok := v.([]any); ok {
		parts := make([]string, len(list))
		for i, item := range list {
			parts[i] = fmt.Sprint(item)
		}
		return strings.Join(parts, ",")
	}
	return fmt.Sprint(v)
}

// MaskDSN hides the password of a database URL, for showing it.
func MaskDSN(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil || u.User == nil {
		return dsn
	}
	if _, has := u.User.Password(); has {
		u.User = url.UserPassword(u.User.Username(), "xxxxx")
	}
	return u.String()
}

// Print writes the effective configuration, one `key = value` line each, secrets masked.
func (c Config) Print(w io.Writer) error {
	for _, f := range fields {
		if _, err := fmt.Fprintf(w, "%-24s = %q   # %s\n", f.key, f.get(&c), EnvName(f.key)); err != nil {
			return err
		}
	}
	return nil
}

// LogValue masks the secret in slog output.
func (s Secret) LogValue() slog.Value { return slog.StringValue(s.String()) }

// String shows the configuration with secrets and the database password masked, so printing a
// Config by mistake leaks nothing.
func (c Config) String() string {
	var b strings.Builder
	_ = c.Print(&b)
	return b.String()
}

// GoString masks like String, for %#v.
func (c Config) GoString() string { return c.String() }

// LogValue masks like String, for slog.
func (c Config) LogValue() slog.Value { return slog.StringValue(c.String()) }
