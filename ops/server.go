package ops

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"sort"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Check reports whether one dependency (the store, a platform) is ready; nil means ready.
type Check func(ctx context.Context) error

// Server is the admin HTTP server.
type Server struct {
	checks  map[string]Check
	metrics *Metrics
	log     *slog.Logger
	mounts  map[string]http.Handler
}

// NewServer returns an admin server answering readiness with the named checks.
func NewServer(m *Metrics, checks map[string]Check, log *slog.Logger) *Server {
	if log == nil {
		log = slog.Default()
	}
	return &Server{checks: checks, metrics: m, log: log, mounts: map[string]http.Handler{}}
}

// Mount serves h at pattern (a net/http pattern such as "POST /telegram/hook") beside the admin
// endpoints; the Telegram webhook uses it. Call it before Serve.
func (s *Server) Mount(pattern string, h http.Handler) { s.mounts[pattern] = h }

// Handler serves /healthz, /readyz and /metrics.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		fmt.Fprintln(w, "ok")
	})
	mux.HandleFunc("GET /readyz", s.ready)
	if s.metrics != nil {
		mux.Handle("GET /metrics", promhttp.HandlerFor(s.metrics.Registry, promhttp.HandlerOpts{}))
	}
	for pattern, h := range s.mounts {
		mux.Handle(pattern, h)
	}
	return mux
}

func (s *Server) ready(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	names := make([]string, 0, len(s.checks))
	for name := range s.checks {
		names = append(names, name)
	}
	sort.Strings(names)
	var lines []string
	failed := false
	for _, name := range names {
		if err := s.checks[name](ctx); err != nil {
			failed = true
			s.log.Warn("readiness check failed", slog.String("check", name), slog.Any("err", err))
			lines = append(lines, name+": not ready")
			continue
		}
		lines = append(lines, name+": ok")
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	if failed {
		w.WriteHeader(http.StatusServiceUnavailable)
	}
	fmt.Fprintln(w, strings.Join(lines, "\n"))
}

// Serve listens on addr until ctx is cancelled, then shuts down gracefully. ready, if not nil,
// receives the bound address once listening (useful with port 0).
func (s *Server) Serve(ctx context.Context, addr string, ready chan<- string) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("admin server: listen on %s: %w", addr, err)
	}
	srv := &http.Server{Handler: s.Handler(), ReadHeaderTimeout: 5 * time.Second}
	if ready != nil {
		ready <- ln.Addr().String()
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("admin server: %w", err)
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("admin server: shutdown: %w", err)
	}
	return nil
}
