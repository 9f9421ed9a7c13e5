package briefs

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

const (
	exampleTitle = "Trump and Putin Announce Surprise Peace Talks for Ukraine, Shocking Europe"
	examplePrev  = "U.S. and Chinese Warships in Tense Taiwan Strait Standoff"
	exampleNext  = "Hamas and Israel on Brink of Ceasefire Collapse as Netanyahu Issues Ultimatum"
)

var testModTime = time.Date(2025, 2, 13, 9, 30, 0, 0, time.FixedZone("CET", 3600))

func readTestdata(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "parse", name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func TestParseFiles(t *testing.T) {
	tests := []struct {
		file          string
		title         string
		summaryPrefix string
		paragraphs    int // analysis paragraphs
		prev, next    Link
		sources       []string
		published     time.Time // zero: want the file's modTime in UTC
		url           string
	}{
		{file: "example.txt", title: exampleTitle, summaryPrefix: "U.S. President Donald Trump and Russian",
			paragraphs: 6, prev: Link{Title: examplePrev}, next: Link{Title: exampleNext}},
		{file: "example-crlf-bom.txt", title: exampleTitle, summaryPrefix: "U.S. President Donald Trump and Russian",
			paragraphs: 6, prev: Link{Title: examplePrev}, next: Link{Title: exampleNext}},
		{file: "example-messy.txt", title: exampleTitle, summaryPrefix: "U.S. President Donald Trump and Russian",
			paragraphs: 6, prev: Link{Title: examplePrev}, next: Link{Title: exampleNext}},
		{file: "oldest-no-previous.txt", title: exampleTitle, summaryPrefix: "U.S. President",
			paragraphs: 6, next: Link{Title: exampleNext}},
		{file: "newest-no-next.txt", title: exampleTitle, summaryPrefix: "U.S. President",
			paragraphs: 6, prev: Link{Title: examplePrev}},
		{file: "no-footer.txt", title: exampleTitle, summaryPrefix: "U.S. President", paragraphs: 6},
		{file: "no-headings.txt", title: "Baltic Grid Operators Complete Switch to European Network",
			summaryPrefix: "Estonia, Latvia and Lithuania disconnected", paragraphs: 2},
		{file: "no-analysis-heading.txt", title: "Baltic Grid Operators Complete Switch to European Network",
			summaryPrefix: "Estonia, Latvia", paragraphs: 1, prev: Link{Title: "Undersea Cable Damaged in the Gulf of Finland"}},
		{file: "no-summary-heading.txt", title: "Ceasefire Talks Resume in Doha",
			summaryPrefix: "Negotiators returned to Doha on Monday.", paragraphs: 2},
		{file: "sources-and-wrapped.txt", title: "Sahel Juntas Announce Joint Force",
			summaryPrefix: "The military governments of Mali, Burkina Faso and Niger said they would form a unified force",
			paragraphs:    2, next: Link{Title: "Niger Suspends Uranium Exports"},
			sources: []string{"Reuters, “Sahel states to form joint force”", "https://example.org/sahel-force",
				"https://example.org/sahel-follow-up"}},
		{file: "full.md", title: "Ceasefire Holds in Southern Lebanon",
			summaryPrefix: "The truce between Israel and Hezbollah entered its third month with only sporadic",
			paragraphs:    2, prev: Link{Title: "Israel Completes Withdrawal From Five Villages"},
			next:      Link{URL: "https://example.org/briefings/hezbollah-funeral"},
			sources:   []string{"UN Security Council report https://example.org/unsc", "https://example.org/second-source", "Al-Monitor"},
			published: time.Date(2025, 2, 20, 0, 0, 0, 0, time.UTC), url: "https://example.org/briefings/lebanon-ceasefire"},
		{file: "full-crlf-bom.md", title: "Ceasefire Holds in Southern Lebanon",
			summaryPrefix: "The truce between Israel and Hezbollah", paragraphs: 2,
			prev:      Link{Title: "Israel Completes Withdrawal From Five Villages"},
			next:      Link{URL: "https://example.org/briefings/hezbollah-funeral"},
			sources:   []string{"UN Security Council report https://example.org/unsc", "https://example.org/second-source", "Al-Monitor"},
			published: time.Date(2025, 2, 20, 0, 0, 0, 0, time.UTC), url: "https://example.org/briefings/lebanon-ceasefire"},
		{file: "title-heading.md", title: "Syria's Transitional Government Names New Cabinet",
			summaryPrefix: "Ahmed al-Sharaa announced", paragraphs: 1},
		{file: "datetime.md", title: "Date With Time", summaryPrefix: "Summary text.",
			published: time.Date(2025, 3, 1, 14, 30, 0, 0, time.UTC)},
		{file: "rfc3339.md", title: "Date In RFC 3339", summaryPrefix: "Summary text.", paragraphs: 2,
			prev: Link{URL: "https://example.org/prev"}, next: Link{Title: "Next Title Here"},
			published: time.Date(2025, 3, 1, 14, 30, 0, 0, time.UTC)},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			b, err := Parse(tt.file, readTestdata(t, tt.file), testModTime)
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if b.Title != tt.title {
				t.Errorf("Title = %q, want %q", b.Title, tt.title)
			}
			if !strings.HasPrefix(b.Summary, tt.summaryPrefix) {
				t.Errorf("Summary = %q, want prefix %q", b.Summary, tt.summaryPrefix)
			}
			if strings.Contains(b.Summary, "\n") && !strings.HasSuffix(tt.file, ".md") {
				t.Errorf("Summary has a line break: %q", b.Summary)
			}
			got := 0
			if b.Analysis != "" {
				got = len(strings.Split(b.Analysis, "\n\n"))
			}
			if got != tt.paragraphs {
				t.Errorf("Analysis has %d paragraphs, want %d: %q", got, tt.paragraphs, b.Analysis)
			}
			if b.Prev != tt.prev || b.Next != tt.next {
				t.Errorf("Prev, Next = %+v, %+v; want %+v, %+v", b.Prev, b.Next, tt.prev, tt.next)
			}
			if strings.Join(b.Sources, "|") != strings.Join(tt.sources, "|") {
				t.Errorf("Sources = %q, want %q", b.Sources, tt.sources)
			}
			want := tt.published
			if want.IsZero() {
				want = testModTime.UTC()
			}
			if !b.Published.Equal(want) || b.Published.Location() != time.UTC {
				t.Errorf("Published = %v, want %v in UTC", b.Published, want)
			}
			if b.URL != tt.url {
				t.Errorf("URL = %q, want %q", b.URL, tt.url)
			}
			if b.Origin != tt.file {
				t.Errorf("Origin = %q, want %q", b.Origin, tt.file)
			}
			for _, s := range []string{b.Title, b.Summary, b.Analysis, b.Prev.Title, b.Next.Title} {
				if s != strings.TrimSpace(s) || strings.ContainsAny(s, "\r\ufeff") {
					t.Errorf("untrimmed or unclean text %q", s)
				}
			}
		})
	}
}

func TestParseTextKeepsTypography(t *testing.T) {
	b, err := ParseText(readTestdata(t, "example.txt"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Trump’s announcement follows", "is “unrealistic”", "Latvian Foreign Minister Baiba Braže", "Radosław Sikorski"} {
		if !strings.Contains(b.Summary+b.Analysis, want) {
			t.Errorf("text lost %q", want)
		}
	}
	paras := strings.Split(b.Analysis, "\n\n")
	if !strings.HasPrefix(paras[0], "Trump’s announcement marks") || !strings.HasPrefix(paras[5], "Trump’s negotiation team") {
		t.Errorf("analysis paragraphs out of place: %q … %q", paras[0], paras[5])
	}
	if len(b.Sources) != 0 || !b.Published.IsZero() || b.Origin != "" {
		t.Errorf("unexpected Sources %q, Published %v, Origin %q", b.Sources, b.Published, b.Origin)
	}
}

func TestParseVariantsAgree(t *testing.T) {
	want, err := ParseText(readTestdata(t, "example.txt"))
	if err != nil {
		t.Fatal(err)
	}
	for _, file := range []string{"example-crlf-bom.txt", "example-messy.txt"} {
		got, err := ParseText(readTestdata(t, file))
		if err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		if got.ContentHash() != want.ContentHash() {
			t.Errorf("%s parses differently from example.txt:\n%+v", file, got)
		}
	}
}

func TestParseHostileMarkupStaysText(t *testing.T) {
	b, err := Parse("hostile.txt", readTestdata(t, "hostile.txt"), testModTime)
	if err != nil {
		t.Fatal(err)
	}
	if b.Title != `<script>alert("title")</script> Talks Resume in Geneva` {
		t.Errorf("Title = %q", b.Title)
	}
	for _, want := range []string{"<img src=x onerror=alert(1)>", "[click](javascript:alert(1))", "&amp;"} {
		if !strings.Contains(b.Summary, want) {
			t.Errorf("Summary lost literal %q: %q", want, b.Summary)
		}
	}
	if !strings.HasPrefix(b.Analysis, `<iframe src="https://evil.example/"></iframe>The envoy`) ||
		!strings.Contains(b.Analysis, "DROP TABLE briefings") {
		t.Errorf("Analysis = %q", b.Analysis)
	}
}

func TestFormatTextRoundTrips(t *testing.T) {
	for _, file := range []string{"example.txt", "oldest-no-previous.txt", "newest-no-next.txt", "sources-and-wrapped.txt", "full.md"} {
		t.Run(file, func(t *testing.T) {
			want, err := Parse(file, readTestdata(t, file), testModTime)
			if err != nil {
				t.Fatal(err)
			}
			got, err := ParseText(FormatText(want))
			if err != nil {
				t.Fatalf("ParseText(FormatText): %v", err)
			}
			got.Published, got.Origin, got.URL = want.Published, want.Origin, want.URL
			if got.ContentHash() != want.ContentHash() {
				t.Errorf("round trip changed the briefing:\n got %+v\nwant %+v", got, want)
			}
		})
	}
}

func TestFormatTextLayout(t *testing.T) {
	b := Briefing{Title: "T", Summary: "S.", Analysis: "A.\n\nB.", Next: Link{Title: "N"}}
	if got, want := string(FormatText(b)), "T\n\nExecutive Summary\n\nS.\n\nAnalysis\n\nA.\n\nB.\n\nSources\n\nNext\nNext\n\nN"; got != want {
		t.Errorf("FormatText = %q, want %q", got, want)
	}
	b.Sources, b.Next, b.Prev = []string{"x", "https://y"}, Link{}, Link{URL: "https://p"}
	if got, want := string(FormatText(b)), "T\n\nExecutive Summary\n\nS.\n\nAnalysis\n\nA.\n\nB.\n\nSources\n\nx\nhttps://y\n\nPrevious\nPrevious\n\nhttps://p"; got != want {
		t.Errorf("FormatText = %q, want %q", got, want)
	}
}

func TestFormatTextReproducesTheScrapedPage(t *testing.T) {
	for _, file := range []string{"example.txt", "oldest-no-previous.txt"} {
		data := readTestdata(t, file)
		b, err := ParseText(data)
		if err != nil {
			t.Fatal(err)
		}
		// The testdata file has a blank line doubled after "Next Next"; compare after normalising that.
		want := strings.ReplaceAll(string(data), "Next\nNext\n\n\n", "Next\nNext\n\n")
		if got := string(FormatText(b)); got != want {
			t.Errorf("%s: FormatText differs from the page:\n%s", file, got)
		}
	}
}

func TestParseMarkdownHostileLinks(t *testing.T) {
	b, err := Parse("hostile.md", readTestdata(t, "hostile.md"), testModTime)
	if err != nil {
		t.Fatal(err)
	}
	if b.Title != "<img src=x onerror=alert(1)>" || !strings.HasPrefix(b.Summary, "<script>document.location=") {
		t.Errorf("markup not kept as literal text: title %q, summary %q", b.Title, b.Summary)
	}
	if b.Next != (Link{Title: "javascript:alert(1)"}) {
		t.Errorf("a javascript: link became a URL: %+v", b.Next)
	}
	want := []string{"harmless label", "data link", "real https://example.org/real"}
	if strings.Join(b.Sources, "|") != strings.Join(want, "|") {
		t.Errorf("Sources = %q, want %q", b.Sources, want)
	}
}

func TestParseChoosesFormat(t *testing.T) {
	md := []byte("# Heading Title\n\n## Executive Summary\n\nS.\n")
	front := []byte("\ufeff\n---\ntitle: From Front Matter\ndate: 2025-01-02\n---\n## Analysis\n\nA.\n")
	tests := []struct {
		name  string
		data  []byte
		title string
		date  time.Time
	}{
		{"a.md", md, "Heading Title", testModTime.UTC()},
		{"dir/b.MARKDOWN", md, "Heading Title", testModTime.UTC()},
		{"c.txt", md, "Heading Title", testModTime.UTC()},
		{"d.txt", front, "From Front Matter", time.Date(2025, 1, 2, 0, 0, 0, 0, time.UTC)},
		{"e", front, "From Front Matter", time.Date(2025, 1, 2, 0, 0, 0, 0, time.UTC)},
	}
	for _, tt := range tests {
		b, err := Parse(tt.name, tt.data, testModTime)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if b.Title != tt.title || !b.Published.Equal(tt.date) || b.Origin != tt.name || b.Summary == "" && b.Analysis == "" ||
			strings.Contains(b.Summary+b.Analysis, "#") {
			t.Errorf("%s: title %q, published %v, origin %q; want %q, %v", tt.name, b.Title, b.Published, b.Origin, tt.title, tt.date)
		}
	}
}
