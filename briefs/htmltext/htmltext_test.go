package htmltext

import (
	"net/url"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/briefbot/briefbot/briefs"
)

func mustURL(t *testing.T, s string) *url.URL {
	t.Helper()
	u, err := url.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func TestSplit(t *testing.T) {
	tests := []struct {
		name string
		html string
		want Sections
	}{
		{
			name: "h2 headings",
			html: `<h2>Executive Summary</h2><p>Leaders met.</p><p>Talks  began.</p>
				<h2>Analysis</h2><p>It matters &amp; worries Europe.</p>
				<h2>Sources</h2><ul><li><a href="https://reuters.com/a">Reuters</a></li><li><a href="/local">/local</a></li></ul>`,
			want: Sections{
				Summary:    []string{"Leaders met.", "Talks began."},
				Analysis:   []string{"It matters & worries Europe."},
				Sources:    []string{"Reuters (https://reuters.com/a)", "https://example.org/local"},
				HasSummary: true, HasAnalysis: true, HasSources: true,
			},
		},
		{
			name: "bold paragraphs, odd case, colons and spaces",
			html: `<p>Intro line</p><p><strong>EXECUTIVE   SUMMARY:</strong></p><p>One.</p><p><b> analysis : </b></p><p>Two.</p>`,
			want: Sections{Lead: []string{"Intro line"}, Summary: []string{"One."}, Analysis: []string{"Two."}, HasSummary: true, HasAnalysis: true},
		},
		{
			name: "bold lead-in heading with text",
			html: `<p><strong>Executive Summary:</strong> Leaders met.</p><p><strong>Analysis</strong> &mdash; It matters.</p>`,
			want: Sections{Summary: []string{"Leaders met."}, Analysis: []string{"It matters."}, HasSummary: true, HasAnalysis: true},
		},
		{
			name: "h4 heading, numbered",
			html: `<h4>1. Executive Summary</h4><div>Plain div text.</div>`,
			want: Sections{Summary: []string{"Plain div text."}, HasSummary: true},
		},
		{
			name: "no headings is all lead",
			html: `<p>Just a teaser&hellip;</p><p>Read more</p>`,
			want: Sections{Lead: []string{"Just a teaser…", "Read more"}},
		},
		{
			name: "hostile markup becomes inert text",
			html: `<h2>Executive Summary</h2><p onclick="steal()">Hello <script>alert('x')</script><style>p{}</style>&lt;script&gt;alert(1)&lt;/script&gt; <img src=x onerror=alert(2)>world<iframe src="https://evil"></iframe></p><!-- comment -->`,
			want: Sections{Summary: []string{"Hello <script>alert(1)</script> world"}, HasSummary: true},
		},
		{
			name: "br separates paragraphs and sources",
			html: `<h3>Analysis</h3><p>First.<br><br>Second.</p><h3>Sources</h3><p><a href="https://a.example/1">https://a.example/1</a><br>BBC: <a href="https://bbc.co.uk/x#frag">Report</a></p>`,
			want: Sections{Analysis: []string{"First.", "Second."}, Sources: []string{"https://a.example/1", "BBC: Report (https://bbc.co.uk/x)"}, HasAnalysis: true, HasSources: true},
		},
		{
			name: "footer ends the sources",
			html: `<h2>Sources</h2><p>Reuters</p><div><a href="/prev"><div>Previous</div><div>Previous</div><h2>Old Title</h2></a></div><p>Newsletter signup</p>`,
			want: Sections{Sources: []string{"Reuters"}, HasSources: true},
		},
		{
			name: "footer labels run together end the sources",
			html: `<h2>Sources</h2><p>AP</p><div><a href="/p"><span>Previous</span><span>Previous</span></a></div><h2>Old</h2>`,
			want: Sections{Sources: []string{"AP"}, HasSources: true},
		},
		{
			name: "nav, pagination, hidden and javascript links left out",
			html: `<nav><p>Home</p></nav><h2>Summary</h2><p>Text <a href="javascript:alert(1)">click</a></p><div class="item-pagination"><p>Next</p></div><p hidden>secret</p><p aria-hidden="true">also</p>
				<h2>Sources</h2><p><a href="javascript:alert(1)">bad link</a></p>`,
			want: Sections{Summary: []string{"Text click"}, Sources: []string{"bad link"}, HasSummary: true, HasSources: true},
		},
		{
			name: "whitespace, nbsp, zero-width and controls normalised",
			html: "<h2>Executive&nbsp;Summary</h2><p>  a\u00a0\u00a0b\u200bc\x01\td  </p>",
			want: Sections{Summary: []string{"a bc d"}, HasSummary: true},
		},
		{
			name: "subheading inside analysis is kept as text",
			html: `<h2>Analysis</h2><h3>Europe reacts</h3><p>Alarm.</p>`,
			want: Sections{Analysis: []string{"Europe reacts", "Alarm."}, HasAnalysis: true},
		},
		{name: "empty", html: ``, want: Sections{}},
	}
	base := mustURL(t, "https://example.org/briefings/today")
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := SplitString(tt.html, base)
			check := func(what string, got, want []string) {
				t.Helper()
				if !slices.Equal(got, want) {
					t.Errorf("%s = %q, want %q", what, got, want)
				}
			}
			check("Lead", got.Lead, tt.want.Lead)
			check("Summary", got.Summary, tt.want.Summary)
			check("Analysis", got.Analysis, tt.want.Analysis)
			check("Sources", got.Sources, tt.want.Sources)
			if got.HasSummary != tt.want.HasSummary || got.HasAnalysis != tt.want.HasAnalysis || got.HasSources != tt.want.HasSources {
				t.Errorf("has = %v %v %v, want %v %v %v", got.HasSummary, got.HasAnalysis, got.HasSources,
					tt.want.HasSummary, tt.want.HasAnalysis, tt.want.HasSources)
			}
		})
	}
}

func TestApply(t *testing.T) {
	var b briefs.Briefing
	Sections{Lead: []string{"Teaser."}, Analysis: []string{"A.", "B."}, HasAnalysis: true}.Apply(&b)
	if b.Summary != "Teaser." || b.Analysis != "A.\n\nB." || b.Sources != nil {
		t.Errorf("without summary heading: %+v", b)
	}
	Sections{Lead: []string{"Byline"}, Summary: []string{"S1", "S2"}, HasSummary: true, Sources: []string{"x"}}.Apply(&b)
	if b.Summary != "S1\n\nS2" || b.Analysis != "" || !slices.Equal(b.Sources, []string{"x"}) {
		t.Errorf("with summary heading: %+v", b)
	}
}

func TestLinks(t *testing.T) {
	tests := []struct {
		name       string
		html       string
		prev, next briefs.Link
	}{
		{
			name: "squarespace footer",
			html: `<section class="item-pagination">
				<a href="/briefings/us-china-warships" class="item-pagination-link item-pagination-link--prev">
				<div class="item-pagination-icon"><svg><path d="M0"/></svg></div>
				<div class="item-pagination-prev-next">Previous</div>
				<h2 class="item-pagination-title">U.S. and Chinese Warships in Tense Taiwan Strait Standoff</h2></a>
				<a href="/briefings/hamas-israel" class="item-pagination-link item-pagination-link--next">
				<div class="item-pagination-prev-next">Next</div>
				<h2 class="item-pagination-title">Hamas and Israel on Brink of Ceasefire Collapse</h2></a></section>`,
			prev: briefs.Link{Title: "U.S. and Chinese Warships in Tense Taiwan Strait Standoff", URL: "https://example.org/briefings/us-china-warships"},
			next: briefs.Link{Title: "Hamas and Israel on Brink of Ceasefire Collapse", URL: "https://example.org/briefings/hamas-israel"},
		},
		{
			name: "scraped text form: Previous Previous title",
			html: `<div><a href="older.html">Previous Previous Old Title</a> <a href="newer.html">Next Next New Title</a></div>`,
			prev: briefs.Link{Title: "Old Title", URL: "https://example.org/briefings/older.html"},
			next: briefs.Link{Title: "New Title", URL: "https://example.org/briefings/newer.html"},
		},
		{
			name: "rel links in head with titles from anchors",
			html: `<html><head><link rel="prev" href="/p1"><link rel="next" href="https://example.org/n1"></head>
				<body><a href="/p1" class="x">← Older: Title One</a><a aria-label="Next post" href="/n1">Title Two →</a></body></html>`,
			prev: briefs.Link{Title: "Older: Title One", URL: "https://example.org/p1"},
			next: briefs.Link{Title: "Title Two", URL: "https://example.org/n1"},
		},
		{
			name: "rel beats text",
			html: `<div><a href="/wrong">Previous</a></div><a rel="prev" href="/right">Previous Post Right One</a>`,
			prev: briefs.Link{Title: "Right One", URL: "https://example.org/right"},
		},
		{
			name: "running text mentioning next is not a link",
			html: `<p>See <a href="/summit">next week's summit</a> and <a href="/p">Previous</a>.</p>`,
			prev: briefs.Link{URL: "https://example.org/p"},
		},
		{
			name: "title attribute fallback, other host allowed, javascript and self ignored",
			html: `<a class="next" href="javascript:go()">Next</a><a class="next" href="#top">Next</a><a class="next" href="/briefings/today">Next</a>
				<a class="prev" title="Previous: Old News" href="https://other.example/x"><svg></svg></a>`,
			prev: briefs.Link{Title: "Old News", URL: "https://other.example/x"},
		},
		{
			name: "labels run together in markup",
			html: `<div><a href="/a"><span>Previous</span><span>Previous</span><h2>Old</h2></a><a href="/b"><span>Next</span><span>Next</span><h2>New</h2></a></div>`,
			prev: briefs.Link{Title: "Old", URL: "https://example.org/a"},
			next: briefs.Link{Title: "New", URL: "https://example.org/b"},
		},
		{
			name: "a title that starts with a direction word of the other way",
			html: `<div><a href="/a">Previous Next Steps for NATO</a><a href="/b">Nextdoor news</a></div>`,
			prev: briefs.Link{Title: "Next Steps for NATO", URL: "https://example.org/a"},
		},
		{name: "none", html: `<p>No links here <a href="/x">x</a></p>`},
	}
	base := mustURL(t, "https://example.org/briefings/today")
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := html.Parse(strings.NewReader(tt.html))
			if err != nil {
				t.Fatal(err)
			}
			prev, next := Links(doc, base)
			if prev != tt.prev {
				t.Errorf("prev = %+v, want %+v", prev, tt.prev)
			}
			if next != tt.next {
				t.Errorf("next = %+v, want %+v", next, tt.next)
			}
		})
	}
}

func TestPlainAndText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Plain title", "Plain title"},
		{"Trump &amp; Putin", "Trump & Putin"},
		{"<b>Bold</b> <script>x()</script>title", "Bold title"},
		{"&lt;script&gt;alert(1)&lt;/script&gt;", "<script>alert(1)</script>"},
		{"  spaced\n\tout  ", "spaced out"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := Plain(tt.in); got != tt.want {
			t.Errorf("Plain(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
