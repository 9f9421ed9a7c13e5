package ops

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func TestEndpoints(t *testing.T) {
	m := NewMetrics(func() float64 { return 7 })
	m.Ingested("added", 3)
	m.Polled("dir:/srv", nil)
	m.Polled("feed:https://x", errors.New("boom"))
	m.Delivered("telegram", "sent")
	m.RateLimited("discord")
	m.CommandServed("who", 3*time.Millisecond)

	storeErr := errors.New("database is locked")
	var logs bytes.Buffer
	srv := NewServer(m, map[string]Check{
		"store":    func(context.Context) error { return storeErr },
		"telegram": func(context.Context) error { return nil },
	}, slog.New(slog.NewTextHandler(&logs, nil)))
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()

	tests := []struct {
		path   string
		status int
		want   []string
	}{
		{"/healthz", 200, []string{"ok"}},
		{"/readyz", 503, []string{"store: not ready", "telegram: ok"}},
		{"/metrics", 200, []string{
			`briefbot_briefings_ingested_total{outcome="added"} 3`,
			`briefbot_source_polls_total{result="error",source="feed:https://x"} 1`,
			`briefbot_deliveries_total{outcome="sent",platform="telegram"} 1`,
			`briefbot_rate_limited_total{platform="discord"} 1`,
			`briefbot_command_duration_seconds_bucket{command="who",le="0.005"} 1`,
			`briefbot_deliveries_queued 7`,
		}},
		{"/nope", 404, nil},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			resp, err := http.Get(ts.URL + tt.path)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			body, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != tt.status {
				t.Fatalf("status %d, want %d: %s", resp.StatusCode, tt.status, body)
			}
			for _, w := range tt.want {
				if !strings.Contains(string(body), w) {
					t.Errorf("body lacks %q", w)
				}
			}
		})
	}
	// The readiness body never shows the internal error; the log does.
	storeErr = nil
	resp, err := http.Get(ts.URL + "/readyz")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("ready after recovery: %d", resp.StatusCode)
	}
	if !strings.Contains(logs.String(), "database is locked") {
		t.Errorf("failed check not logged: %s", logs.String())
	}
}

func TestServeStopsOnCancel(t *testing.T) {
	srv := NewServer(NewMetrics(nil), nil, slog.New(slog.DiscardHandler))
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan string, 1)
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ctx, "127.0.0.1:0", ready) }()
	addr := <-ready
	resp, err := http.Get("http://" + addr + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("serve: %v", err)
	}
	if err := srv.Serve(context.Background(), "not-an-address", nil); err == nil {
		t.Fatal("bad address accepted")
	}
}

func TestNewLogger(t *testing.T) {
	var b bytes.Buffer
	NewLogger(&b, "auto", "info", false).Info("hi", slog.Int("n", 1))
	if !strings.HasPrefix(b.String(), "{") {
		t.Errorf("auto off a terminal should be JSON: %s", b.String())
	}
	b.Reset()
	NewLogger(&b, "auto", "warn", true).Info("hidden")
	NewLogger(&b, "auto", "warn", true).Warn("shown")
	if strings.Contains(b.String(), "hidden") || !strings.Contains(b.String(), "level=WARN") {
		t.Errorf("text/level wrong: %s", b.String())
	}
}

func TestProbe(t *testing.T) {
	srv := NewServer(NewMetrics(nil), nil, slog.New(slog.DiscardHandler))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ready := make(chan string, 1)
	go srv.Serve(ctx, "127.0.0.1:0", ready)
	addr := <-ready
	_, port, _ := net.SplitHostPort(addr)
	if err := Probe(ctx, "0.0.0.0:"+port); err != nil {
		t.Fatalf("probe of a live server: %v", err)
	}
	down := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(500) }))
	defer down.Close()
	if err := Probe(ctx, strings.TrimPrefix(down.URL, "http://")); err == nil {
		t.Fatal("probe accepted a 500")
	}
	if err := Probe(ctx, "garbage"); err == nil {
		t.Fatal("probe accepted a bad address")
	}
}

func TestMount(t *testing.T) {
	srv := NewServer(nil, nil, nil)
	srv.Mount("POST /telegram/hook", http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusAccepted)
	}))
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()
	resp, err := ts.Client().Post(ts.URL+"/telegram/hook", "application/json", strings.NewReader("{}"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusAccepted {
		t.Fatalf("mounted handler not reached: %d", resp.StatusCode)
	}
	resp, err = ts.Client().Get(ts.URL + "/telegram/hook")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed {
		t.Fatalf("GET on the webhook: %d", resp.StatusCode)
	}
}
