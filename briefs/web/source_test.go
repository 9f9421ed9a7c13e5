package web

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/briefbot/briefbot/briefs"
	"github.com/briefbot/briefbot/briefs/fetch"
)

func TestFirstPollBackfillsAndFollowsNext(t *testing.T) {
	s := newSite(t)
	s.chain(6)
	src := newSource(s, "/b/4", 0)
	if src.Name() != "web:"+s.url("/b/4") {
		t.Errorf("Name = %q", src.Name())
	}
	batch := poll(t, src)
	if got := titles(batch.Briefings); !slices.Equal(got, seq(1, 6)) {
		t.Errorf("titles = %q, want %q", got, seq(1, 6))
	}
	if len(batch.Rejected) != 0 {
		t.Errorf("rejected = %v", batch.Rejected)
	}
	b3 := batch.Briefings[2]
	if b3.URL != s.url("/b/3") || b3.Prev != (briefs.Link{Title: "Briefing 2", URL: s.url("/b/2")}) ||
		b3.Next != (briefs.Link{Title: "Briefing 4", URL: s.url("/b/4")}) {
		t.Errorf("briefing 3 = %+v", b3)
	}
	if b3.Summary != "Summary of Briefing 3." || b3.Analysis != "Analysis of day 3." ||
		!slices.Equal(b3.Sources, []string{"Source for Briefing 3 (https://example.org/source/Briefing%203)"}) {
		t.Errorf("briefing 3 text = %q / %q / %q", b3.Summary, b3.Analysis, b3.Sources)
	}
	for i := 1; i <= 6; i++ {
		if hits, _ := s.counts(fmt.Sprintf("/b/%d", i)); hits != 1 {
			t.Errorf("/b/%d read %d times, want 1", i, hits)
		}
	}
}

func TestDepthBoundsEachWalk(t *testing.T) {
	s := newSite(t)
	s.chain(9)
	batch := poll(t, newSource(s, "/b/5", 2))
	if got, want := titles(batch.Briefings), seq(3, 7); !slices.Equal(got, want) {
		t.Errorf("depth 2: titles = %q, want %q", got, want)
	}
	batch = poll(t, newSource(s, "/b/5", -1))
	if got, want := titles(batch.Briefings), seq(5, 9); !slices.Equal(got, want) {
		t.Errorf("no back-fill: titles = %q, want %q", got, want)
	}
}

func TestLaterPollsFollowNextFromNewest(t *testing.T) {
	s := newSite(t)
	s.chain(3)
	src := newSource(s, "/b/3", 0)
	if got := titles(poll(t, src).Briefings); !slices.Equal(got, seq(1, 3)) {
		t.Fatalf("first poll = %q", got)
	}

	// Nothing published: the newest page is re-read conditionally and nothing is returned.
	if batch := poll(t, src); len(batch.Briefings) != 0 || len(batch.Rejected) != 0 {
		t.Errorf("quiet poll = %+v", batch)
	}
	if hits, cond := s.counts("/b/3"); hits != 2 || cond != 1 {
		t.Errorf("/b/3: %d hits, %d answered 304; want 2 and 1", hits, cond)
	}

	// Two new briefings: page 3 gains its Next link.
	s.chain(5)
	if got, want := titles(poll(t, src).Briefings), seq(3, 5); !slices.Equal(got, want) {
		t.Errorf("after publishing = %q, want %q", got, want)
	}
	for _, p := range []string{"/b/1", "/b/2"} {
		if hits, _ := s.counts(p); hits != 1 {
			t.Errorf("%s re-read: %d hits", p, hits)
		}
	}
	// The newest is now 5.
	if batch := poll(t, src); len(batch.Briefings) != 0 {
		t.Errorf("quiet poll after publishing = %q", titles(batch.Briefings))
	}
	if _, cond := s.counts("/b/5"); cond != 1 {
		t.Errorf("/b/5 answered 304 %d times, want 1", cond)
	}
}

func TestLoopsStop(t *testing.T) {
	s := newSite(t)
	// 1 ⇄ 2 ⇄ 3 where 1's Previous is 3 and 3's Next is 1: a ring.
	for i := 1; i <= 3; i++ {
		p := chainPage(i, 3)
		if i == 1 {
			p.Prev, p.PrevTitle = "/b/3", "Briefing 3"
		}
		if i == 3 {
			p.Next, p.NextTitle = "/b/1", "Briefing 1"
		}
		s.set(fmt.Sprintf("/b/%d", i), p)
	}
	src := newSource(s, "/b/2", 50)
	batch := poll(t, src)
	if len(batch.Briefings) != 3 {
		t.Errorf("titles = %q, want each page once", titles(batch.Briefings))
	}
	for i := 1; i <= 3; i++ {
		if hits, _ := s.counts(fmt.Sprintf("/b/%d", i)); hits != 1 {
			t.Errorf("/b/%d read %d times", i, hits)
		}
	}
	// Later polls do not go round the ring either.
	if batch := poll(t, src); len(batch.Briefings) != 0 {
		t.Errorf("second poll = %q", titles(batch.Briefings))
	}
}

func TestOtherSitesNotFollowed(t *testing.T) {
	other := newSite(t)
	other.chain(1)
	s := newSite(t)
	p := chainPage(1, 1)
	// Same machine, another host name: another site.
	p.Next = strings.Replace(other.url("/b/1"), "127.0.0.1", "localhost", 1)
	s.set("/b/1", p)
	batch := poll(t, newSource(s, "/b/1", 0))
	if got := titles(batch.Briefings); !slices.Equal(got, seq(1, 1)) {
		t.Errorf("titles = %q", got)
	}
	if hits, _ := other.counts("/b/1"); hits != 0 {
		t.Errorf("other site read %d times", hits)
	}
}

func TestSameSite(t *testing.T) {
	tests := []struct {
		a, b string
		want bool
	}{
		{"https://example.org/a", "https://example.org/b", true},
		{"https://example.org/a", "http://www.example.org:8080/b", true},
		{"https://blog.example.org/a", "https://www.example.org/b", true},
		{"https://example.org/a", "https://example.com/b", false},
		{"https://a.github.io/x", "https://b.github.io/y", false},
		{"http://127.0.0.1:1/a", "http://127.0.0.1:2/b", true},
		{"http://127.0.0.1/a", "http://localhost/b", false},
	}
	for _, tt := range tests {
		if got := sameSite(tt.a, tt.b); got != tt.want {
			t.Errorf("sameSite(%s, %s) = %v", tt.a, tt.b, got)
		}
	}
}

func TestBadPagesAlongTheWalk(t *testing.T) {
	tests := []struct {
		name   string
		bad    page
		reason string
	}{
		{name: "404", bad: page{status: 404}, reason: "404 Not Found"},
		{name: "500", bad: page{status: 500}, reason: "500 Internal Server Error"},
		{name: "slow server", bad: page{block: true}, reason: "Client.Timeout"},
		{name: "oversized", bad: page{raw: "<h1>Big</h1>" + strings.Repeat("<p>x</p>", 6<<20/8)}, reason: "body too large"},
		{name: "redirect loop", bad: page{redirect: "/b/2"}, reason: "stopped after 3 redirects"},
		{name: "not a briefing", bad: page{raw: "<h1>Index</h1><p>Nothing here</p>"}, reason: "no Executive Summary or Analysis section"},
		{name: "empty body", bad: page{raw: " "}, reason: "no title"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newSite(t)
			s.chain(3)
			s.set("/b/2", tt.bad)
			timeout := 10 * time.Second
			if tt.bad.block {
				timeout = 200 * time.Millisecond
			}
			src := New(s.url("/b/3"), fetch.New(fetch.Options{Timeout: timeout}), Options{})
			batch := poll(t, src)
			if got := titles(batch.Briefings); !slices.Equal(got, seq(3, 3)) {
				t.Errorf("titles = %q", got)
			}
			if len(batch.Rejected) != 1 || batch.Rejected[0].Origin != s.url("/b/2") ||
				!strings.Contains(batch.Rejected[0].Reason, tt.reason) {
				t.Fatalf("rejected = %+v, want /b/2 with %q", batch.Rejected, tt.reason)
			}
			if strings.Contains(batch.Rejected[0].Reason, "server says no") {
				t.Errorf("reason quotes the body: %q", batch.Rejected[0].Reason)
			}
		})
	}
}

func TestStartPageErrors(t *testing.T) {
	s := newSite(t)
	s.set("/gone", page{status: 404})
	s.set("/broken", page{raw: "<html><body><p>no title"})
	for _, path := range []string{"/gone", "/broken", "/missing"} {
		src := newSource(s, path, 0)
		if _, err := src.Poll(context.Background()); err == nil || !strings.Contains(err.Error(), s.url(path)) {
			t.Errorf("%s: err = %v, want an error naming the page", path, err)
		}
	}
	// After a failed first poll the next poll is a first poll again.
	s.chain(2)
	s.set("/gone", chainPage(2, 2))
	src := newSource(s, "/gone", 0)
	if got := titles(poll(t, src).Briefings); !slices.Equal(got, seq(1, 2)) {
		t.Errorf("titles = %q", got)
	}
}

func TestNewestPageFailureIsAnError(t *testing.T) {
	s := newSite(t)
	s.chain(2)
	src := newSource(s, "/b/2", 0)
	poll(t, src)
	s.set("/b/2", page{status: 503})
	if _, err := src.Poll(context.Background()); err == nil || !strings.Contains(err.Error(), "503") {
		t.Fatalf("err = %v, want 503", err)
	}
	s.chain(3)
	if got, want := titles(poll(t, src).Briefings), seq(2, 3); !slices.Equal(got, want) {
		t.Errorf("after recovery = %q, want %q", got, want)
	}
}

func TestCancelledWalkIsAnError(t *testing.T) {
	s := newSite(t)
	s.chain(3)
	s.set("/b/2", page{block: true}) // answers only when the request is cancelled
	src := newSource(s, "/b/3", 0)
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	if _, err := src.Poll(ctx); err == nil || !strings.Contains(err.Error(), "deadline exceeded") {
		t.Fatalf("err = %v, want the context's error", err)
	}
	// Nothing was remembered: the next poll is a first poll again.
	s.chain(3)
	if got := titles(poll(t, src).Briefings); !slices.Equal(got, seq(1, 3)) {
		t.Errorf("titles = %q", got)
	}
}
