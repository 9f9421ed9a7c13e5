package web

import (
	"errors"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/briefbot/briefbot/briefs"
)

func TestParsePageSquarespaceLike(t *testing.T) {
	data, err := os.ReadFile("testdata/briefing.html")
	if err != nil {
		t.Fatal(err)
	}
	const pageURL = "https://briefings.example.org/briefings/trump-putin-peace-talks"
	b, err := ParsePage(data, pageURL)
	if err != nil {
		t.Fatal(err)
	}
	if want := "Trump and Putin Announce Surprise Peace Talks for Ukraine, Shocking Europe"; b.Title != want {
		t.Errorf("Title = %q, want %q", b.Title, want)
	}
	if b.URL != pageURL || b.Origin != pageURL {
		t.Errorf("URL %q, Origin %q", b.URL, b.Origin)
	}
	if want := time.Date(2025, 2, 13, 14, 30, 0, 0, time.UTC); !b.Published.Equal(want) {
		t.Errorf("Published = %v, want %v", b.Published, want)
	}
	if !strings.HasPrefix(b.Summary, "U.S. President Donald Trump and Russian President") ||
		!strings.Contains(b.Summary, "Ukraine’s goal") || !strings.HasSuffix(b.Summary, "“unrealistic”.") {
		t.Errorf("Summary = %q", b.Summary)
	}
	paras := strings.Split(b.Analysis, "\n\n")
	if len(paras) != 3 {
		t.Fatalf("Analysis has %d paragraphs, want 3: %q", len(paras), b.Analysis)
	}
	if !strings.HasSuffix(paras[1], "the new U.S. position & its limits.") {
		t.Errorf("entities not decoded: %q", paras[1])
	}
	if paras[2] != "Russia, for its part, has embraced the sudden shift. <b>Not bold</b>" {
		t.Errorf("escaped markup not kept as text: %q", paras[2])
	}
	for _, bad := range []string{"alert", "xss", "Sign Up", "injected", "font-family", "Global Briefings"} {
		if strings.Contains(b.Summary+b.Analysis+strings.Join(b.Sources, " "), bad) {
			t.Errorf("text contains %q", bad)
		}
	}
	wantSources := []string{
		"Reuters (https://www.reuters.com/world/trump-putin-call-2025-02-12/)",
		"https://apnews.com/article/ukraine-russia-peace",
	}
	if !slices.Equal(b.Sources, wantSources) {
		t.Errorf("Sources = %q, want %q", b.Sources, wantSources)
	}
	wantPrev := briefs.Link{Title: "U.S. and Chinese Warships in Tense Taiwan Strait Standoff",
		URL: "https://briefings.example.org/briefings/us-chinese-warships-taiwan-strait"} // via <base href>
	wantNext := briefs.Link{Title: "Hamas and Israel on Brink of Ceasefire Collapse as Netanyahu Issues Ultimatum",
		URL: "https://briefings.example.org/briefings/hamas-israel-ceasefire-ultimatum"}
	if b.Prev != wantPrev {
		t.Errorf("Prev = %+v, want %+v", b.Prev, wantPrev)
	}
	if b.Next != wantNext {
		t.Errorf("Next = %+v, want %+v", b.Next, wantNext)
	}
}

func TestParsePage(t *testing.T) {
	const sections = `<h2>Executive Summary</h2><p>S.</p><h2>Analysis</h2><p>A.</p>`
	tests := []struct {
		name      string
		html      string
		wantTitle string
		wantErr   string
	}{
		{name: "og:title when no h1", html: `<head><meta property="og:title" content="OG &amp; Title"><title>T</title></head><body>` + sections, wantTitle: "OG & Title"},
		{name: "title without the site name", html: `<head><meta property="og:site_name" content="Site"><title>Page Title | Site</title></head><body>` + sections, wantTitle: "Page Title"},
		{name: "header h1 is the site, not the briefing", html: `<header><h1>Site Name</h1></header><div><h1>Real Title</h1>` + sections + `</div>`, wantTitle: "Real Title"},
		{name: "malformed HTML still read", html: `<h1>Broken <b>Title</h1><h2>Analysis<p>Unclosed <div>text`, wantTitle: "Broken Title"},
		{name: "empty body", html: ``, wantErr: "no title"},
		{name: "only a script", html: `<h1><script>document.title="x"</script></h1>` + sections, wantErr: "no title"},
		{name: "not a briefing", html: `<h1>About us</h1><p>We write briefings.</p>`, wantErr: "no Executive Summary or Analysis section"},
		{name: "nested too deep", html: "<h1>T</h1>" + strings.Repeat("<div>", 600), wantErr: "unreadable HTML: html: open stack of elements exceeds 512 nodes"},
		{name: "binary junk", html: "\x00\x01\x02\xff\xfe<h1>", wantErr: "no title"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := ParsePage([]byte(tt.html), "https://example.org/b/1")
			if tt.wantErr != "" {
				if err == nil || err.Error() != tt.wantErr || !errors.Is(err, briefs.ErrInvalid) {
					t.Fatalf("err = %v, want %q of kind ErrInvalid", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if b.Title != tt.wantTitle {
				t.Errorf("Title = %q, want %q", b.Title, tt.wantTitle)
			}
		})
	}
}
