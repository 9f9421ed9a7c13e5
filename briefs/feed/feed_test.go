package feed

import (
	"context"
	"crypto/sha256"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/briefbot/briefbot/briefs"
	"github.com/briefbot/briefbot/briefs/fetch"
)

// server serves fixture files with {{BASE}} replaced by its own URL. Each path answers with the
// current body, honouring ETag and Last-Modified, and counts requests.
type server struct {
	mu      sync.Mutex
	files   map[string]string // path → fixture body, or "" for 404
	status  map[string]int
	block   map[string]bool
	hits    map[string]int
	lastMod map[string]string
	release chan struct{}
	srv     *httptest.Server
}

func newServer(t *testing.T) *server {
	s := &server{files: map[string]string{}, status: map[string]int{}, block: map[string]bool{},
		hits: map[string]int{}, lastMod: map[string]string{}, release: make(chan struct{})}
	s.srv = httptest.NewServer(s)
	t.Cleanup(func() { close(s.release); s.srv.Close() })
	return s
}

func (s *server) url(path string) string { return s.srv.URL + path }

// serve sets path to the fixture file with {{BASE}} replaced.
func (s *server) serve(t *testing.T, path, fixture string) {
	t.Helper()
	data, err := os.ReadFile("testdata/" + fixture)
	if err != nil {
		t.Fatal(err)
	}
	s.set(path, strings.ReplaceAll(string(data), "{{BASE}}", s.srv.URL))
}

func (s *server) set(path, body string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.files[path] = body
}

func (s *server) hitsOf(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hits[path]
}

func (s *server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.hits[r.URL.Path]++
	body, ok := s.files[r.URL.Path]
	status, block, lastMod := s.status[r.URL.Path], s.block[r.URL.Path], s.lastMod[r.URL.Path]
	s.mu.Unlock()
	switch {
	case block:
		select {
		case <-s.release:
		case <-r.Context().Done():
		}
		return
	case status != 0:
		http.Error(w, "<html>internal details</html>", status)
		return
	case !ok:
		http.NotFound(w, r)
		return
	}
	etag := fmt.Sprintf(`"%x"`, sha256.Sum256([]byte(body)))
	if lastMod != "" {
		w.Header().Set("Last-Modified", lastMod)
		if r.Header.Get("If-Modified-Since") == lastMod {
			w.WriteHeader(http.StatusNotModified)
			return
		}
	} else {
		w.Header().Set("ETag", etag)
		if r.Header.Get("If-None-Match") == etag {
			w.WriteHeader(http.StatusNotModified)
			return
		}
	}
	w.Write([]byte(body))
}

// newSource gives a source with a generous timeout: only requests to a blocking path hit it,
// and those are cut short at 300 ms.
func newSource(s *server, path string) *Source {
	timeout := 10 * time.Second
	s.mu.Lock()
	if s.block[path] {
		timeout = 300 * time.Millisecond
	}
	s.mu.Unlock()
	return New(s.url(path), fetch.New(fetch.Options{Timeout: timeout}), Options{})
}

func poll(t *testing.T, src *Source) briefs.Batch {
	t.Helper()
	batch, err := src.Poll(context.Background())
	if err != nil {
		t.Fatalf("Poll: %v", err)
	}
	return batch
}

func byTitle(t *testing.T, bs []briefs.Briefing, prefix string) briefs.Briefing {
	t.Helper()
	for _, b := range bs {
		if strings.HasPrefix(b.Title, prefix) {
			return b
		}
	}
	t.Fatalf("no briefing titled %q among %d", prefix, len(bs))
	return briefs.Briefing{}
}

func TestRSS(t *testing.T) {
	s := newServer(t)
	s.serve(t, "/rss", "rss.xml")
	s.serve(t, "/briefings/trump-putin", "page.html")
	src := newSource(s, "/rss")
	if src.Name() != "feed:"+s.url("/rss") {
		t.Errorf("Name = %q", src.Name())
	}
	batch := poll(t, src)

	if len(batch.Briefings) != 2 {
		t.Fatalf("%d briefings, want 2", len(batch.Briefings))
	}
	// Oldest first.
	if !strings.HasPrefix(batch.Briefings[0].Title, "Trump") {
		t.Errorf("first briefing %q, want the older one", batch.Briefings[0].Title)
	}
	full := byTitle(t, batch.Briefings, "Hamas and Israel")
	if full.URL != s.url("/briefings/hamas-israel") || full.Origin != s.url("/rss") {
		t.Errorf("URL %q, Origin %q", full.URL, full.Origin)
	}
	if !full.Published.Equal(time.Date(2025, 2, 14, 9, 0, 0, 0, time.UTC)) {
		t.Errorf("Published = %v", full.Published)
	}
	if !strings.HasPrefix(full.Summary, "Israeli Prime Minister Benjamin Netanyahu warned") {
		t.Errorf("Summary = %q", full.Summary)
	}
	wantAnalysis := "The ultimatum raises the stakes for mediators in Cairo and Doha & for the White House.\n\nHamas accused Israel of violating the truce."
	if full.Analysis != wantAnalysis {
		t.Errorf("Analysis = %q, want %q", full.Analysis, wantAnalysis)
	}
	wantSources := []string{"Reuters (https://www.reuters.com/world/middle-east/netanyahu-ultimatum/)", s.url("/local/notes")}
	if !slices.Equal(full.Sources, wantSources) {
		t.Errorf("Sources = %q, want %q", full.Sources, wantSources)
	}
	if full.Prev.URL != s.url("/briefings/trump-putin") || full.Next.URL != s.url("/briefings/next-one") {
		t.Errorf("Prev %+v, Next %+v", full.Prev, full.Next)
	}

	// The teaser item was completed from its page; its title, URL and date stay the item's.
	teaser := byTitle(t, batch.Briefings, "Trump and Putin")
	if teaser.URL != s.url("/briefings/trump-putin") || !teaser.Published.Equal(time.Date(2025, 2, 13, 14, 30, 0, 0, time.UTC)) {
		t.Errorf("teaser URL %q, Published %v", teaser.URL, teaser.Published)
	}
	if teaser.Analysis != "Trump’s announcement marks a dramatic shift.\n\nEuropean allies reacted with alarm." {
		t.Errorf("teaser Analysis = %q", teaser.Analysis)
	}
	if teaser.Prev.Title != "U.S. and Chinese Warships in Tense Taiwan Strait Standoff" || teaser.Next.URL != s.url("/briefings/hamas-israel") {
		t.Errorf("teaser Prev %+v, Next %+v", teaser.Prev, teaser.Next)
	}
	if s.hitsOf("/briefings/hamas-israel") != 0 {
		t.Error("a full item's page was fetched")
	}

	if len(batch.Rejected) != 1 || batch.Rejected[0].Origin != s.url("/briefings/untitled") || batch.Rejected[0].Reason != "item has no title" {
		t.Errorf("rejected = %+v", batch.Rejected)
	}
	for _, b := range batch.Briefings {
		text := b.Title + b.Summary + b.Analysis + strings.Join(b.Sources, " ")
		for _, bad := range []string{"alert", "steal", "evil", "<p", "&amp;"} {
			if strings.Contains(text, bad) {
				t.Errorf("%q contains %q", b.Title, bad)
			}
		}
	}
}

func TestAtom(t *testing.T) {
	s := newServer(t)
	s.serve(t, "/atom", "atom.xml")
	s.status["/briefings/plain"] = http.StatusServiceUnavailable
	src := newSource(s, "/atom")
	batch := poll(t, src)
	if len(batch.Briefings) != 2 || len(batch.Rejected) != 0 {
		t.Fatalf("batch = %+v", batch)
	}
	w := byTitle(t, batch.Briefings, "U.S.")
	if w.Title != "U.S. & Chinese Warships in Tense Taiwan Strait Standoff" {
		t.Errorf("Title = %q", w.Title)
	}
	if w.Summary != "Warships shadowed each other near Taiwan." || w.Analysis != "Both navies avoided contact." ||
		!slices.Equal(w.Sources, []string{"https://apnews.com/warships"}) {
		t.Errorf("sections = %q / %q / %q", w.Summary, w.Analysis, w.Sources)
	}
	if !w.Published.Equal(time.Date(2025, 2, 12, 8, 0, 0, 0, time.UTC)) {
		t.Errorf("Published (from updated) = %v", w.Published)
	}
	plain := byTitle(t, batch.Briefings, "Plain")
	if plain.Summary != "Only a summary, with no link to read more from because the page is down." {
		t.Errorf("teaser kept when its page fails: %q", plain.Summary)
	}
	if !plain.Published.Equal(time.Date(2025, 2, 11, 6, 0, 0, 0, time.UTC)) {
		t.Errorf("Published = %v", plain.Published)
	}
	if s.hitsOf("/briefings/plain") != 1 {
		t.Errorf("teaser page fetched %d times", s.hitsOf("/briefings/plain"))
	}

	// The feed is unchanged (304): nothing again. Then a changed feed: the teaser whose page
	// failed is tried again, the full item is not returned again.
	if batch := poll(t, src); len(batch.Briefings) != 0 {
		t.Errorf("unchanged feed returned %d briefings", len(batch.Briefings))
	}
	s.mu.Lock()
	delete(s.status, "/briefings/plain")
	s.mu.Unlock()
	s.set("/briefings/plain", strings.ReplaceAll(mustRead(t, "page.html"), "Trump and Putin Announce", "Plain"))
	atom := strings.ReplaceAll(mustRead(t, "atom.xml"), "{{BASE}}", s.srv.URL)
	s.set("/atom", strings.Replace(atom, "<updated>2025-02-14T09:00:00Z</updated>", "<updated>2025-02-15T09:00:00Z</updated>", 1))
	batch = poll(t, src)
	if len(batch.Briefings) != 1 || batch.Briefings[0].Title != "Plain summary entry" ||
		batch.Briefings[0].Analysis != "Trump’s announcement marks a dramatic shift.\n\nEuropean allies reacted with alarm." {
		t.Errorf("after the page recovered: %+v", batch.Briefings)
	}
}

func mustRead(t *testing.T, fixture string) string {
	t.Helper()
	data, err := os.ReadFile("testdata/" + fixture)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}
