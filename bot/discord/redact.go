package discord

import (
	"context"
	"errors"
	"strings"
)

// safe turns any error from discordgo or net/http into one that cannot carry the token: the
// message is redacted and the original (whose *http.Request holds the Authorization header)
// is dropped. Further secrets, such as an interaction token in a webhook URL, are redacted too.
func (b *Bot) safe(err error, secrets ...string) error {
	if err == nil {
		return nil
	}
	msg := err.Error()
	for _, t := range append([]string{strings.TrimPrefix(b.s.Token, "Bot ")}, secrets...) {
		if t != "" {
			msg = strings.ReplaceAll(msg, t, "[token]")
		}
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
