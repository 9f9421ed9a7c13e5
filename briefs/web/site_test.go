package web

import (
	"bytes"
	"context"
	"crypto/sha256"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"text/template"
	"time"

	"github.com/briefbot/briefbot/briefs"
	"github.com/briefbot/briefbot/briefs/fetch"
)

var chainTmpl = template.Must(template.ParseFiles("testdata/chain.html.tmpl"))

type page struct {
	Title, Body     string
	Prev, PrevTitle string
	Next, NextTitle string
	raw             string // served as is instead of the template when set
	status          int    // served instead of 200 when set
	block           bool   // never answers until the test ends
	redirect        string // redirects here when set
}

// site serves briefing pages from a map that tests change between polls, answers conditional
// GETs by ETag and counts requests per path.
type site struct {
	t       *testing.T
	mu      sync.Mutex
	pages   map[string]page
	hits    map[string]int
	cond    map[string]int // conditional requests answered 304
	release chan struct{}
	srv     *httptest.Server
}

func newSite(t *testing.T) *site {
	s := &site{t: t, pages: map[string]page{}, hits: map[string]int{}, cond: map[string]int{}, release: make(chan struct{})}
	s.srv = httptest.NewServer(s)
	t.Cleanup(func() { close(s.release); s.srv.Close() })
	return s
}

func (s *site) url(path string) string { return s.srv.URL + path }

func (s *site) set(path string, p page) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.pages[path] = p
}

func (s *site) counts(path string) (hits, notModified int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hits[path], s.cond[path]
}

func (s *site) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	p, ok := s.pages[r.URL.Path]
	s.hits[r.URL.Path]++
	s.mu.Unlock()
	switch {
	case !ok:
		http.NotFound(w, r)
		return
	case p.block:
		select {
		case <-s.release:
		case <-r.Context().Done():
		}
		return
	case p.redirect != "":
		http.Redirect(w, r, p.redirect, http.StatusFound)
		return
	case p.status != 0:
		http.Error(w, "server says no", p.status)
		return
	}
	body := []byte(p.raw)
	if p.raw == "" {
		var buf bytes.Buffer
		if err := chainTmpl.Execute(&buf, p); err != nil {
			s.t.Errorf("template: %v", err)
		}
		body = buf.Bytes()
	}
	etag := fmt.Sprintf(`"%x"`, sha256.Sum256(body))
	w.Header().Set("ETag", etag)
	if r.Header.Get("If-None-Match") == etag {
		s.mu.Lock()
		s.cond[r.URL.Path]++
		s.mu.Unlock()
		w.WriteHeader(http.StatusNotModified)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Write(body)
}

// chain publishes pages /b/1 … /b/n linked both ways.
func (s *site) chain(n int) {
	for i := 1; i <= n; i++ {
		s.set(fmt.Sprintf("/b/%d", i), chainPage(i, n))
	}
}

func chainPage(i, n int) page {
	p := page{Title: fmt.Sprintf("Briefing %d", i), Body: fmt.Sprintf("Analysis of day %d.", i)}
	if i > 1 {
		p.Prev, p.PrevTitle = fmt.Sprintf("/b/%d", i-1), fmt.Sprintf("Briefing %d", i-1)
	}
	if i < n {
		p.Next, p.NextTitle = fmt.Sprintf("/b/%d", i+1), fmt.Sprintf("Briefing %d", i+1)
	}
	return p
}

func newSource(s *site, start string, depth int) *Source {
	return New(s.url(start), fetch.New(fetch.Options{Timeout: 10 * time.Second}), Options{Depth: depth})
}

func titles(bs []briefs.Briefing) []string {
	var out []string
	for _, b := range bs {
		out = append(out, b.Title)
	}
	return out
}

func poll(t *testing.T, src *Source) briefs.Batch {
	t.Helper()
	batch, err := src.Poll(context.Background())
	if err != nil {
		t.Fatalf("Poll: %v", err)
	}
	return batch
}

func seq(from, to int) []string {
	var out []string
	for i := from; i <= to; i++ {
		out = append(out, fmt.Sprintf("Briefing %d", i))
	}
	return out
}
