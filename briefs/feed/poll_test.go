package feed

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/briefbot/briefbot/briefs/fetch"
)

func TestConditionalGet(t *testing.T) {
	for _, mode := range []string{"etag", "last-modified"} {
		t.Run(mode, func(t *testing.T) {
			s := newServer(t)
			s.serve(t, "/rss", "rss.xml")
			s.serve(t, "/briefings/trump-putin", "page.html")
			if mode == "last-modified" {
				s.lastMod["/rss"] = "Fri, 14 Feb 2025 10:00:00 GMT"
			}
			src := newSource(s, "/rss")
			if got := len(poll(t, src).Briefings); got != 2 {
				t.Fatalf("first poll: %d briefings", got)
			}
			batch := poll(t, src)
			if len(batch.Briefings) != 0 || len(batch.Rejected) != 0 {
				t.Errorf("not-modified poll = %+v", batch)
			}
			if s.hitsOf("/rss") != 2 || s.hitsOf("/briefings/trump-putin") != 1 {
				t.Errorf("hits: feed %d, page %d", s.hitsOf("/rss"), s.hitsOf("/briefings/trump-putin"))
			}

			// A new item: only it is returned; the known teaser's page is not read again.
			body := strings.Replace(mustRead(t, "rss.xml"), "<item>", `<item><title>Brand New</title><link>{{BASE}}/briefings/new</link><guid>site-3</guid>
				<content:encoded><![CDATA[<h2>Analysis</h2><p>New text.</p>]]></content:encoded></item><item>`, 1)
			s.set("/rss", strings.ReplaceAll(body, "{{BASE}}", s.srv.URL))
			s.mu.Lock()
			s.lastMod["/rss"] = strings.Replace(s.lastMod["/rss"], "10:00", "11:00", 1)
			s.mu.Unlock()
			batch = poll(t, src)
			if len(batch.Briefings) != 1 || batch.Briefings[0].Title != "Brand New" || len(batch.Rejected) != 0 {
				t.Errorf("after a new item: %+v", batch)
			}
			if s.hitsOf("/briefings/trump-putin") != 1 {
				t.Errorf("teaser page read %d times", s.hitsOf("/briefings/trump-putin"))
			}
		})
	}
}

func TestBadFeeds(t *testing.T) {
	s := newServer(t)
	s.serve(t, "/malformed", "malformed.xml")
	s.set("/empty", "")
	s.set("/html", "<html><body><h1>Not a feed</h1></body></html>")
	s.set("/big", "<rss>"+strings.Repeat("<!-- padding -->", 6<<20/16)+"</rss>")
	s.status["/500"] = 500
	s.block["/slow"] = true
	tests := []struct{ path, want string }{
		{"/malformed", "parse"},
		{"/empty", "parse"},
		{"/html", "parse"},
		{"/big", "body too large"},
		{"/500", "500 Internal Server Error"},
		{"/404", "404 Not Found"},
		{"/slow", "Client.Timeout"},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			_, err := newSource(s, tt.path).Poll(context.Background())
			if err == nil {
				t.Fatal("no error")
			}
			msg := err.Error()
			t.Log(msg)
			if !strings.Contains(msg, s.url(tt.path)) || !strings.Contains(msg, tt.want) {
				t.Errorf("error %q should name the feed and say %q", msg, tt.want)
			}
			if strings.Contains(msg, "internal details") {
				t.Errorf("error quotes the body: %q", msg)
			}
		})
	}
}

func TestRedirectLoop(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, r.URL.Path, http.StatusMovedPermanently)
	}))
	defer srv.Close()
	src := New(srv.URL+"/feed", fetch.New(fetch.Options{}), Options{})
	if _, err := src.Poll(context.Background()); err == nil || !strings.Contains(err.Error(), "redirects") {
		t.Fatalf("err = %v", err)
	}
}

func TestTeasersNotFollowedWhenDisabled(t *testing.T) {
	s := newServer(t)
	s.serve(t, "/rss", "rss.xml")
	s.serve(t, "/briefings/trump-putin", "page.html")
	src := New(s.url("/rss"), fetch.New(fetch.Options{}), Options{TeaserChars: -1})
	teaser := byTitle(t, poll(t, src).Briefings, "Trump and Putin")
	if teaser.Summary != "U.S. President Donald Trump and Russian President Vladimir Putin agreed to talks. Read more" || teaser.Analysis != "" {
		t.Errorf("teaser = %q / %q", teaser.Summary, teaser.Analysis)
	}
	if s.hitsOf("/briefings/trump-putin") != 0 {
		t.Error("page fetched although teasers are not followed")
	}
}

func TestTeaserPageMissingIsNotRefetched(t *testing.T) {
	for _, tt := range []struct {
		name string
		page func(s *server)
	}{
		{"404", func(s *server) {}},
		{"not a briefing page", func(s *server) { s.set("/briefings/trump-putin", "<h1>Shop</h1><p>Buy things</p>") }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := newServer(t)
			s.serve(t, "/rss", "rss.xml")
			tt.page(s)
			src := newSource(s, "/rss")
			teaser := byTitle(t, poll(t, src).Briefings, "Trump and Putin")
			if !strings.HasPrefix(teaser.Summary, "U.S. President Donald Trump") || teaser.Analysis != "" {
				t.Errorf("teaser = %q / %q", teaser.Summary, teaser.Analysis)
			}
			// The feed changes elsewhere: the teaser item is unchanged and its page is not read again.
			body := strings.ReplaceAll(mustRead(t, "rss.xml"), "{{BASE}}", s.srv.URL)
			s.set("/rss", strings.Replace(body, "10:00:00 +0000", "11:00:00 +0000", 1))
			if batch := poll(t, src); len(batch.Briefings) != 0 {
				t.Errorf("second poll = %d briefings", len(batch.Briefings))
			}
			if n := s.hitsOf("/briefings/trump-putin"); n != 1 {
				t.Errorf("page read %d times, want 1", n)
			}
		})
	}
}

func TestEntityExpansionIsInert(t *testing.T) {
	s := newServer(t)
	s.set("/lol", `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
<rss version="2.0"><channel><title>x</title><item><title>&lol2; &amp;lt;b&amp;gt;x</title><guid>1</guid>
<description><![CDATA[<h2>Analysis</h2><p>&lol2; &lt;script&gt;</p>]]></description></item></channel></rss>`)
	batch := poll(t, newSource(s, "/lol"))
	if len(batch.Briefings) != 1 {
		t.Fatalf("batch = %+v", batch)
	}
	b := batch.Briefings[0]
	if b.Title != "&lol2; <b>x" || b.Analysis != "&lol2; <script>" {
		t.Errorf("title %q, analysis %q: entities must stay unexpanded text", b.Title, b.Analysis)
	}
}
