package fetch

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func TestGetConditional(t *testing.T) {
	const etag = `"v1"`
	const lastMod = "Mon, 02 Jan 2006 15:04:05 GMT"
	tests := []struct {
		name       string
		serverETag string
		serverLM   string
		send       Validators
		want304    bool
	}{
		{name: "first fetch", serverETag: etag, serverLM: lastMod},
		{name: "etag matches", serverETag: etag, send: Validators{ETag: etag}, want304: true},
		{name: "etag changed", serverETag: `"v2"`, send: Validators{ETag: etag}},
		{name: "last-modified matches", serverLM: lastMod, send: Validators{LastModified: lastMod}, want304: true},
		{name: "last-modified changed", serverLM: "Tue, 03 Jan 2006 15:04:05 GMT", send: Validators{LastModified: lastMod}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var gotUA string
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				gotUA = r.Header.Get("User-Agent")
				if tt.serverETag != "" {
					w.Header().Set("ETag", tt.serverETag)
				}
				if tt.serverLM != "" {
					w.Header().Set("Last-Modified", tt.serverLM)
				}
				if inm := r.Header.Get("If-None-Match"); inm != "" && inm == tt.serverETag {
					w.WriteHeader(http.StatusNotModified)
					return
				}
				if ims := r.Header.Get("If-Modified-Since"); ims != "" && ims == tt.serverLM {
					w.WriteHeader(http.StatusNotModified)
					return
				}
				w.Header().Set("Content-Type", "text/plain")
				fmt.Fprint(w, "hello")
			}))
			defer srv.Close()

			resp, err := New(Options{UserAgent: "test-agent"}).Get(context.Background(), srv.URL, tt.send)
			if err != nil {
				t.Fatal(err)
			}
			if gotUA != "test-agent" {
				t.Errorf("User-Agent = %q", gotUA)
			}
			if resp.NotModified != tt.want304 {
				t.Fatalf("NotModified = %v, want %v", resp.NotModified, tt.want304)
			}
			if tt.want304 {
				if len(resp.Body) != 0 || resp.Validators != tt.send {
					t.Errorf("304 response = %+v", resp)
				}
				return
			}
			if string(resp.Body) != "hello" || resp.ContentType != "text/plain" {
				t.Errorf("body %q, type %q", resp.Body, resp.ContentType)
			}
			want := Validators{ETag: tt.serverETag, LastModified: tt.serverLM}
			if resp.Validators != want {
				t.Errorf("validators = %+v, want %+v", resp.Validators, want)
			}
		})
	}
}

func TestGetErrors(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/404", func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "SECRET-BODY-TEXT", http.StatusNotFound)
	})
	mux.HandleFunc("/503", func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "SECRET-BODY-TEXT", http.StatusServiceUnavailable)
	})
	mux.HandleFunc("/loop", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/loop", http.StatusFound)
	})
	mux.HandleFunc("/ftp", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "ftp://example.org/x", http.StatusFound)
	})
	mux.HandleFunc("/big", func(w http.ResponseWriter, r *http.Request) {
		// No Content-Length: streamed, so the cap must stop the read itself.
		chunk := strings.Repeat("a", 64<<10)
		for range 6 << 20 / len(chunk) {
			if _, err := fmt.Fprint(w, chunk); err != nil {
				return
			}
		}
	})
	mux.HandleFunc("/big-declared", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", fmt.Sprint(6<<20))
		fmt.Fprint(w, "short")
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()

	tests := []struct {
		name    string
		url     string
		wantIn  []string
		wantIs  error
		wantSta int
	}{
		{name: "404", url: srv.URL + "/404", wantIn: []string{"404 Not Found", srv.URL + "/404"}, wantSta: 404},
		{name: "503", url: srv.URL + "/503", wantIn: []string{"503 Service Unavailable"}, wantSta: 503},
		{name: "redirect loop", url: srv.URL + "/loop", wantIn: []string{"stopped after 3 redirects"}},
		{name: "redirect to ftp", url: srv.URL + "/ftp", wantIn: []string{"unsupported URL scheme"}},
		{name: "streamed body over cap", url: srv.URL + "/big", wantIs: ErrTooLarge},
		{name: "declared body over cap", url: srv.URL + "/big-declared", wantIs: ErrTooLarge},
		{name: "file URL", url: "file:///etc/passwd", wantIn: []string{"only http and https"}},
		{name: "no host", url: "http:///x", wantIn: []string{"no host"}},
		{name: "bad URL", url: "http://[::1", wantIn: []string{"invalid URL"}},
		{name: "password hidden", url: "http://user:hunter2@127.0.0.1:1/x", wantIn: []string{"xxxxx"}},
	}
	c := New(Options{})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := c.Get(context.Background(), tt.url, Validators{})
			if err == nil {
				t.Fatal("no error")
			}
			msg := err.Error()
			for _, s := range tt.wantIn {
				if !strings.Contains(msg, s) {
					t.Errorf("error %q does not contain %q", msg, s)
				}
			}
			if strings.Contains(msg, "SECRET-BODY-TEXT") || strings.Contains(msg, "hunter2") {
				t.Errorf("error leaks: %q", msg)
			}
			if tt.wantIs != nil && !errors.Is(err, tt.wantIs) {
				t.Errorf("error %v is not %v", err, tt.wantIs)
			}
			var se *StatusError
			if tt.wantSta != 0 && (!errors.As(err, &se) || se.Code != tt.wantSta) {
				t.Errorf("error %v: want StatusError %d", err, tt.wantSta)
			}
		})
	}
}

func TestGetFollowsThreeRedirects(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var n int
		fmt.Sscanf(r.URL.Path, "/r%d", &n)
		if n > 0 {
			http.Redirect(w, r, fmt.Sprintf("/r%d", n-1), http.StatusFound)
			return
		}
		fmt.Fprint(w, "arrived")
	}))
	defer srv.Close()
	c := New(Options{})
	resp, err := c.Get(context.Background(), srv.URL+"/r3", Validators{})
	if err != nil {
		t.Fatalf("3 redirects: %v", err)
	}
	if string(resp.Body) != "arrived" || resp.URL != srv.URL+"/r0" {
		t.Errorf("body %q at %s", resp.Body, resp.URL)
	}
	if _, err := c.Get(context.Background(), srv.URL+"/r4", Validators{}); err == nil {
		t.Error("4 redirects: no error")
	}
}

func TestGetExactlyAtCap(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, strings.Repeat("b", 100))
	}))
	defer srv.Close()
	resp, err := New(Options{MaxBytes: 100}).Get(context.Background(), srv.URL, Validators{})
	if err != nil || len(resp.Body) != 100 {
		t.Fatalf("body %d bytes, err %v", len(resp.Body), err)
	}
	if _, err := New(Options{MaxBytes: 99}).Get(context.Background(), srv.URL, Validators{}); !errors.Is(err, ErrTooLarge) {
		t.Fatalf("err = %v, want ErrTooLarge", err)
	}
}

func TestGetTimeout(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer srv.Close()
	defer close(release)
	start := time.Now()
	_, err := New(Options{Timeout: 50 * time.Millisecond}).Get(context.Background(), srv.URL, Validators{})
	if err == nil {
		t.Fatal("no error from a server that never answers")
	}
	if elapsed := time.Since(start); elapsed > 10*time.Second {
		t.Errorf("took %v", elapsed)
	}
}

func TestGetCancelled(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		<-r.Context().Done()
	}))
	defer srv.Close()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := New(Options{}).Get(ctx, srv.URL, Validators{}); !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
}

func TestDefaultTransportLimitsConnections(t *testing.T) {
	tr, ok := New(Options{}).http.Transport.(*http.Transport)
	if !ok {
		t.Fatalf("default transport is %T", New(Options{}).http.Transport)
	}
	if tr.MaxConnsPerHost != 2 {
		t.Errorf("MaxConnsPerHost = %d, want 2", tr.MaxConnsPerHost)
	}
	if tr == http.DefaultTransport {
		t.Error("the shared default transport was modified")
	}
}

func TestInjectedTransport(t *testing.T) {
	var called atomic.Bool
	rt := roundTripFunc(func(r *http.Request) (*http.Response, error) {
		called.Store(true)
		return nil, errors.New("offline")
	})
	if _, err := New(Options{Transport: rt}).Get(context.Background(), "http://127.0.0.1:1/", Validators{}); err == nil || !called.Load() {
		t.Fatalf("err = %v, transport called %v", err, called.Load())
	}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }
