package discord

import (
	"context"
	"errors"
	"strings"
)

// safe turns any error from discordgo or net/http into one that cannot carry the token: the
// message is redacted and the original (whose *http.Request holds the Authorization header)
// is dropped.
func (b *Bot) safe(err error) error {
	if err == nil {
		return nil
	}
	msg := err.Error()
	if t := strings.TrimPrefix(b.s.Token, "Bot "); t != "" {
		msg = strings.ReplaceAll(msg, t, "[token]")
	}
	return &redactedError{msg: msg, timeout: isTimeout(err)}
}

type redactedError struct {
	msg     string
	timeout bool
}

func (e *redactedError) Error() string { return e.msg }

// Timeout reports whether the original error was a timeout.
func (e *redactedError) Timeout() bool { return e.timeout }

func isTimeout(err error) bool {
	var t interface{ Timeout() bool }
	return errors.Is(err, context.DeadlineExceeded) || (errors.As(err, &t) && t.Timeout())
}
