package postgres

import (
	"net/url"
	"regexp"
	"strings"
)

// MaskDSN returns dsn fit for logs: the password of a URL or of a password=… setting is
// replaced by "xxxxx".
func MaskDSN(dsn string) string {
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		if u, err := url.Parse(dsn); err == nil {
			q := u.Query()
			if q.Has("password") {
				q.Set("password", "xxxxx")
				u.RawQuery = q.Encode()
			}
			return u.Redacted()
		}
		// unparseable: keep the scheme only, the rest may hold anything
		return dsn[:strings.Index(dsn, "://")+3] + "…"
	}
	return kvPassword.ReplaceAllString(dsn, "${1}xxxxx")
}

// kvPassword matches the value of a password setting in a key=value DSN, quoted or not.
var kvPassword = regexp.MustCompile(`(password\s*=\s*)('(?:[^'\\]|\\.)*'|\S*)`)

// secrets returns the password spellings dsn holds, raw and URL-escaped, longest first.
func secrets(dsn string) []string {
	var out []string
	add := func(s string) {
		if len(s) >= 3 { // too short to search for without hiding ordinary words
			out = append(out, s)
			if e := url.QueryEscape(s); e != s {
				out = append(out, e)
			}
			if e := url.PathEscape(s); e != s {
				out = append(out, e)
			}
		}
	}
	if u, err := url.Parse(dsn); err == nil && u.User != nil {
		if pw, ok := u.User.Password(); ok {
			add(pw)
		}
		add(u.Query().Get("password"))
	} else if i := strings.Index(dsn, "://"); i >= 0 {
		// unparseable URL: everything between "user:" and the last '@' may be the password
		rest := dsn[i+3:]
		if at := strings.LastIndex(rest, "@"); at >= 0 {
			if _, pw, ok := strings.Cut(rest[:at], ":"); ok {
				add(pw)
			}
		}
	}
	for _, m := range kvPassword.FindAllStringSubmatch(dsn, -1) {
		add(strings.Trim(m[2], "'"))
		add(m[2])
	}
	return out
}

// redactedError hides passwords in an error's text while keeping what it wraps.
type redactedError struct {
	msg string
	err error
}

func (e *redactedError) Error() string { return e.msg }
func (e *redactedError) Unwrap() error { return e.err }

// redact returns err with every spelling of dsn's password masked.
func redact(err error, dsn string) error {
	if err == nil {
		return nil
	}
	msg := err.Error()
	changed := false
	for _, s := range secrets(dsn) {
		if strings.Contains(msg, s) {
			msg, changed = strings.ReplaceAll(msg, s, "xxxxx"), true
		}
	}
	if !changed {
		return err
	}
	return &redactedError{msg: msg, err: err}
}
