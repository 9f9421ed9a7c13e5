package discord

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
)

// rewriteTransport sends every request meant for discord.com to the configured base URL instead.
// It lives on one Session's http.Client, so several bots in one process never share endpoints.
type rewriteTransport struct {
	base   http.RoundTripper
	target *url.URL // nil: leave requests as they are
}

func newRewriteTransport(apiURL string, base http.RoundTripper) (*rewriteTransport, error) {
	if base == nil {
		base = http.DefaultTransport
	}
	t := &rewriteTransport{base: base}
	if apiURL == "" {
		return t, nil
	}
	u, err := url.Parse(apiURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("discord: api url %q is not an http(s) base URL", apiURL)
	}
	u.Path = strings.TrimSuffix(u.Path, "/")
	t.target = u
	return t, nil
}

// RoundTrip rewrites scheme and host (and prefixes any base path), then records the status and
// rate-limit headers for the caller that asked for them through the request context.
func (t *rewriteTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if t.target != nil && isDiscordHost(req.URL.Host) {
		req = req.Clone(req.Context())
		req.URL.Scheme = t.target.Scheme
		req.URL.Host = t.target.Host
		req.Host = t.target.Host
		if t.target.Path != "" {
			req.URL.Path = t.target.Path + req.URL.Path
			if req.URL.RawPath != "" {
				req.URL.RawPath = t.target.Path + req.URL.RawPath
			}
		}
	}
	resp, err := t.base.RoundTrip(req)
	if err == nil {
		if info, ok := req.Context().Value(responseInfoKey{}).(*responseInfo); ok {
			info.record(resp)
		}
	}
	return resp, err
}

func isDiscordHost(host string) bool {
	return host == "discord.com" || host == "discord.com:443"
}

// responseInfo captures what discordgo's errors leave out: the HTTP status and the Retry-After
// header of the last response to one call.
type responseInfo struct {
	mu         sync.Mutex
	status     int
	retryAfter string
}

type responseInfoKey struct{}

func (i *responseInfo) record(resp *http.Response) {
	i.mu.Lock()
	defer i.mu.Unlock()
	i.status = resp.StatusCode
	i.retryAfter = resp.Header.Get("Retry-After")
}

func (i *responseInfo) get() (status int, retryAfter string) {
	i.mu.Lock()
	defer i.mu.Unlock()
	return i.status, i.retryAfter
}

// withResponseInfo returns a context whose requests record their response into the returned info.
func withResponseInfo(ctx context.Context) (context.Context, *responseInfo) {
	info := &responseInfo{}
	return context.WithValue(ctx, responseInfoKey{}, info), info
}
