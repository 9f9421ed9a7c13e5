// Package fetch is the polite HTTP client shared by the feed and web sources: bounded time,
// bounded bodies, few redirects, few connections per host, conditional GETs, and errors that name
// the status and the URL but never echo a body.
package fetch

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Defaults used when Options leave a field zero.
const (
	DefaultTimeout      = 20 * time.Second
	DefaultMaxBytes     = 5 << 20 // 5 MB
	DefaultMaxRedirects = 3
	DefaultUserAgent    = "briefbot/1.0 (+https://github.com/briefbot/briefbot)"
)

// ErrTooLarge is returned when a body is larger than the configured cap.
var ErrTooLarge = errors.New("body too large")

// Options tune a Client. The zero value gives the defaults above.
type Options struct {
	Timeout      time.Duration     // whole request including the body; default 20 s
	MaxBytes     int64             // body cap; default 5 MB
	MaxRedirects int               // redirects followed; default 3, negative means none
	UserAgent    string            // default DefaultUserAgent
	Transport    http.RoundTripper // default: a clone of http.DefaultTransport with MaxConnsPerHost 2
}

// Client fetches http and https URLs. It is safe for concurrent use.
type Client struct {
	http      *http.Client
	maxBytes  int64
	userAgent string
}

// New returns a Client with opts applied over the defaults.
func New(opts Options) *Client {
	if opts.Timeout <= 0 {
		opts.Timeout = DefaultTimeout
	}
	if opts.MaxBytes <= 0 {
		opts.MaxBytes = DefaultMaxBytes
	}
	if opts.MaxRedirects == 0 {
		opts.MaxRedirects = DefaultMaxRedirects
	}
	opts.MaxRedirects = max(opts.MaxRedirects, 0)
	if opts.UserAgent == "" {
		opts.UserAgent = DefaultUserAgent
	}
	if opts.Transport == nil {
		t := http.DefaultTransport.(*http.Transport).Clone()
		t.MaxConnsPerHost = 2
		t.MaxIdleConnsPerHost = 2
		opts.Transport = t
	}
	maxRedirects := opts.MaxRedirects
	return &Client{
		http: &http.Client{
			Transport: opts.Transport,
			Timeout:   opts.Timeout,
			CheckRedirect: func(req *http.Request, via []*http.Request) error {
				if len(via) > maxRedirects {
					return fmt.Errorf("stopped after %d redirects", maxRedirects)
				}
				if err := checkScheme(req.URL); err != nil {
					return err
				}
				return nil
			},
		},
		maxBytes:  opts.MaxBytes,
		userAgent: opts.UserAgent,
	}
}

// Validators are what a server said identifies the version of a resource, for a conditional GET.
type Validators struct {
	ETag         string
	LastModified string
}

// Response is a fetched resource.
type Response struct {
	URL         string // the final URL, after redirects
	Body        []byte // empty when NotModified
	ContentType string
	Validators  Validators // to send with the next request for the same URL
	NotModified bool       // the server answered 304: the validators sent still hold
}

// StatusError is an HTTP error status. It names the status and URL, never the body.
type StatusError struct {
	URL  string
	Code int
}

func (e *StatusError) Error() string {
	return fmt.Sprintf("GET %s: %d %s", e.URL, e.Code, http.StatusText(e.Code))
}

// Get fetches rawURL. With non-zero validators it makes a conditional GET; a 304 answer is a
// Response with NotModified set and the validators sent. A 4xx or 5xx status is a *StatusError;
// a body over the cap fails with ErrTooLarge after reading at most one byte more than the cap.
func (c *Client) Get(ctx context.Context, rawURL string, v Validators) (Response, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return Response{}, fmt.Errorf("fetch: invalid URL %q: %w", rawURL, err)
	}
	if err := checkScheme(u); err != nil {
		return Response{}, fmt.Errorf("fetch: %s: %w", u.Redacted(), err)
	}
	shown := u.Redacted()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return Response{}, fmt.Errorf("fetch: unable to build request for %s: %w", shown, err)
	}
	req.Header.Set("User-Agent", c.userAgent)
	req.Header.Set("Accept", "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/html;q=0.9, */*;q=0.5")
	if v.ETag != "" {
		req.Header.Set("If-None-Match", v.ETag)
	}
	if v.LastModified != "" {
		req.Header.Set("If-Modified-Since", v.LastModified)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return Response{}, fmt.Errorf("fetch: %w", redactURLError(err))
	}
	defer resp.Body.Close()
	// Drain a little of what is left so the connection can be reused, never the whole of a large body.
	defer io.Copy(io.Discard, io.LimitReader(resp.Body, 4<<10))

	final := resp.Request.URL.Redacted()
	if resp.StatusCode == http.StatusNotModified {
		return Response{URL: resp.Request.URL.String(), Validators: v, NotModified: true}, nil
	}
	if resp.StatusCode >= 400 {
		return Response{}, fmt.Errorf("fetch: %w", &StatusError{URL: final, Code: resp.StatusCode})
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return Response{}, fmt.Errorf("fetch: GET %s: unexpected status %d", final, resp.StatusCode)
	}
	if resp.ContentLength > c.maxBytes {
		return Response{}, fmt.Errorf("fetch: GET %s: %w: %d bytes declared, the limit is %d", final, ErrTooLarge, resp.ContentLength, c.maxBytes)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, c.maxBytes+1))
	if err != nil {
		return Response{}, fmt.Errorf("fetch: unable to read body of %s: %w", final, err)
	}
	if int64(len(body)) > c.maxBytes {
		return Response{}, fmt.Errorf("fetch: GET %s: %w: more than %d bytes", final, ErrTooLarge, c.maxBytes)
	}
	return Response{
		URL:         resp.Request.URL.String(),
		Body:        body,
		ContentType: resp.Header.Get("Content-Type"),
		Validators: Validators{
			ETag:         resp.Header.Get("ETag"),
			LastModified: resp.Header.Get("Last-Modified"),
		},
	}, nil
}

func checkScheme(u *url.URL) error {
	switch strings.ToLower(u.Scheme) {
	case "http", "https":
		if u.Host == "" {
			return errors.New("URL has no host")
		}
		return nil
	}
	return fmt.Errorf("unsupported URL scheme %q: only http and https", u.Scheme)
}

// redactURLError hides a password in the URL that net/http puts into its errors.
func redactURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		if u, perr := url.Parse(ue.URL); perr == nil {
			ue.URL = u.Redacted()
		}
	}
	return err
}
