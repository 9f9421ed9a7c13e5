package telegram

import (
	"errors"
	"net/url"
	"strings"
	"sync"
)

// redact removes the bot token from err. The library puts the token in every request URL, so
// transport errors (*url.Error) quote it; nothing holding it may be logged or returned.
func redact(err error, token string) error {
	if err == nil || token == "" {
		return err
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		inner := ue.Err
		if inner != nil && holdsToken(inner.Error(), token) {
			inner = errors.New(scrub(inner.Error(), token))
		}
		return &url.Error{Op: ue.Op, URL: scrub(ue.URL, token), Err: inner}
	}
	if holdsToken(err.Error(), token) {
		return errors.New(scrub(err.Error(), token))
	}
	return err
}

func holdsToken(s, token string) bool {
	return strings.Contains(s, token) || strings.Contains(s, url.PathEscape(token)) ||
		strings.Contains(s, url.QueryEscape(token))
}

func scrub(s, token string) string {
	for _, t := range []string{token, url.PathEscape(token), url.QueryEscape(token)} {
		s = strings.ReplaceAll(s, t, "<token>")
	}
	return s
}

// recentIDs remembers the last n update ids, so an update delivered twice (a poll retried after
// a lost response, a webhook redelivered, an emulator that ignores offset) is handled once.
type recentIDs struct {
	mu    sync.Mutex
	n     int
	order []int
	set   map[int]struct{}
}

func newRecentIDs(n int) *recentIDs {
	return &recentIDs{n: n, set: make(map[int]struct{}, n)}
}

// add records id and reports whether it is new.
func (r *recentIDs) add(id int) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	if _, ok := r.set[id]; ok {
		return false
	}
	if len(r.order) >= r.n {
		delete(r.set, r.order[0])
		r.order = r.order[1:]
	}
	r.order = append(r.order, id)
	r.set[id] = struct{}{}
	return true
}
