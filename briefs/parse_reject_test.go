package briefs

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"
)

func TestParseRejects(t *testing.T) {
	huge := append([]byte("Huge\n\nExecutive Summary\n\n"), bytes.Repeat([]byte("word "), 2<<20/5)...)
	tests := []struct {
		name   string
		data   []byte
		reason string
	}{
		{"empty.txt", readTestdata(t, "empty.txt"), "no title"},
		{"nil.txt", nil, "no title"},
		{"whitespace.txt", readTestdata(t, "whitespace.txt"), "no title"},
		{"only-title.txt", readTestdata(t, "only-title.txt"), "no body"},
		{"no-title.txt", readTestdata(t, "no-title.txt"), "no title"},
		{"no-title.md", readTestdata(t, "no-title.md"), "no title"},
		{"only-front-matter.md", []byte("---\ntitle: Alone\n---\n\n# Alone\n"), "no body"},
		{"footer-only.txt", []byte("Title\n\nPrevious\nPrevious\n\nOlder\n"), "no body"},
		{"bom-only.txt", []byte("\ufeff\r\n"), "no title"},
		{"controls-only.txt", []byte("\x07\n" + strings.Repeat(" ", 40) + "\x1b\n"), "no title"},
		{"huge.txt", huge, "larger than 1 MiB"},
		{"binary.png", readTestdata(t, "binary.png"), "binary data"},
		{"control-bytes.bin", bytes.Repeat([]byte{1, 2, 3, 'a'}, 100), "binary data"},
		{"latin1.txt", readTestdata(t, "latin1.txt"), "not UTF-8 text"},
		{"utf16.txt", readTestdata(t, "utf16.txt"), "not UTF-8 text"},
		{"bad-date.md", readTestdata(t, "bad-date.md"), `bad date "31/02/2025"`},
		{"unclosed.md", readTestdata(t, "unclosed.md"), "front matter has no closing ---"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := Parse(tt.name, tt.data, testModTime)
			if err == nil {
				t.Fatalf("Parse accepted it: %+v", b)
			}
			if !errors.Is(err, ErrInvalid) {
				t.Errorf("error %v is not ErrInvalid", err)
			}
			msg, ok := UserMessage(err)
			if !ok || !strings.HasPrefix(msg, tt.reason) {
				t.Errorf("message = %q, want it to start with %q", msg, tt.reason)
			}
			if b.Title != "" || b.Origin != "" {
				t.Errorf("returned a partial briefing %+v", b)
			}
		})
	}
}

func TestParseSizeLimitIsInclusive(t *testing.T) {
	head := "Big\n\nExecutive Summary\n\n"
	data := []byte(head + strings.Repeat("x", MaxBriefingBytes-len(head)))
	b, err := ParseText(data)
	if err != nil {
		t.Fatalf("exactly MaxBriefingBytes rejected: %v", err)
	}
	if len(b.Summary) != MaxBriefingBytes-len(head) {
		t.Errorf("summary has %d bytes", len(b.Summary))
	}
	if _, err := ParseText(append(data, 'x')); !errors.Is(err, ErrInvalid) {
		t.Errorf("one byte over: err = %v", err)
	}
}

func TestParseStripsControlCharacters(t *testing.T) {
	data := []byte("Ti\x07tle\x1b[31m\r\n\r\nExecutive Summary\r\n\r\nOne\u0085 two\tthree\x7f.\rAnother line.\n")
	b, err := ParseText(data)
	if err != nil {
		t.Fatal(err)
	}
	if b.Title != "Title[31m" {
		t.Errorf("Title = %q", b.Title)
	}
	// The lone CR ends a line, so the summary is one wrapped paragraph; the tab is kept.
	if b.Summary != "One two\tthree. Another line." {
		t.Errorf("Summary = %q", b.Summary)
	}
}

func TestParseFooterWordInBodyIsText(t *testing.T) {
	data := []byte("Title\n\nExecutive Summary\n\nSummary.\n\nAnalysis\n\nNext\n\nThe next step is unclear.\n\nAnd more.\n")
	b, err := ParseText(data)
	if err != nil {
		t.Fatal(err)
	}
	if !b.Next.IsZero() {
		t.Errorf("Next = %+v, want none", b.Next)
	}
	if b.Analysis != "Next\n\nThe next step is unclear.\n\nAnd more." {
		t.Errorf("Analysis = %q", b.Analysis)
	}
}

func TestParseFooterURL(t *testing.T) {
	data := []byte("Title\n\nExecutive Summary\n\nS.\n\nNext\nNext\n\nhttps://example.org/next\n")
	b, err := ParseText(data)
	if err != nil {
		t.Fatal(err)
	}
	if b.Next != (Link{URL: "https://example.org/next"}) {
		t.Errorf("Next = %+v", b.Next)
	}
}

func TestParseNeverPanics(t *testing.T) {
	seeds := [][]byte{readTestdata(t, "example.txt"), readTestdata(t, "full.md")}
	for _, seed := range seeds {
		// Every prefix of a valid file is either rejected cleanly or parsed.
		for n := 0; n <= len(seed); n += 97 {
			for _, parse := range []func([]byte) (Briefing, error){ParseText, ParseMarkdown} {
				if _, err := parse(seed[:n]); err != nil && !errors.Is(err, ErrInvalid) {
					t.Fatalf("prefix %d: error %v is not ErrInvalid", n, err)
				}
			}
		}
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte("T\n\nExecutive Summary\n\nS\n\nPrevious\nPrevious\n\nP\n\nNext\nNext\n\nN"))
	f.Add([]byte("---\ntitle: x\ndate: 2025-01-02\n---\n## Analysis\n[a](b)\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		b, err := Parse("f", data, testModTime)
		if err != nil {
			if !errors.Is(err, ErrInvalid) {
				t.Fatalf("error %v is not ErrInvalid", err)
			}
			return
		}
		if b.Title == "" || b.Summary == "" && b.Analysis == "" {
			t.Fatalf("accepted a briefing without title or body: %+v", b)
		}
	})
}

func BenchmarkParseText(b *testing.B) {
	data := readTestdata(b, "example.txt")
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseText(data); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParseMarkdown(b *testing.B) {
	data := readTestdata(b, "full.md")
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseMarkdown(data); err != nil {
			b.Fatal(err)
		}
	}
}

func TestPlainASCII(t *testing.T) {
	for pos := 0; pos < 8; pos++ {
		for c := 0; c < 256; c++ {
			word := []byte("abcdefgh")
			word[pos] = byte(c)
			var x uint64
			for i := 7; i >= 0; i-- {
				x = x<<8 | uint64(word[i])
			}
			want := c >= 0x20 && c < 0x7F
			if got := plainASCII(x); got != want {
				t.Errorf("byte %#x at %d: plainASCII = %v, want %v", c, pos, got, want)
			}
		}
	}
}

func TestCleanTextRemovesEveryControl(t *testing.T) {
	var raw []byte
	for c := 1; c < 0x20; c++ {
		raw = append(raw, "word "...)
		raw = append(raw, byte(c))
	}
	raw = append(raw, "\x7f\u0085\u009f\ufeff end\u2028next\u2029last"...)
	raw = append(raw, bytes.Repeat([]byte("padding "), 100)...) // keep the control share low
	got, err := cleanText(raw)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range got {
		if r < 0x20 && r != '\n' && r != '\t' || r == 0x7f || r >= 0x80 && r <= 0x9f || r == '\ufeff' || r == '\u2028' || r == '\u2029' {
			t.Errorf("control %U left in %q", r, got)
		}
	}
	if !strings.Contains(got, "end\nnext\nlast") {
		t.Errorf("separators did not become newlines: %q", got)
	}
}

// TestParsePathologicalInputIsLinear feeds 1 MiB inputs built to make a careless parser
// quadratic; each must finish far inside the bound (a quadratic parse takes minutes).
func TestParsePathologicalInputIsLinear(t *testing.T) {
	fill := func(head, unit, tail string) []byte {
		n := (MaxBriefingBytes - len(head) - len(tail)) / len(unit)
		return []byte(head + strings.Repeat(unit, n) + tail)
	}
	inputs := map[string][]byte{
		"markers.txt":     fill("T\n\nS\n\n", "Previous\n", "x\ny\n"),
		"footers.txt":     fill("T\n\nS\n\n", "Next\nNext\nA\n", "\nz"),
		"links.md":        fill("# T\n\n", "[](", ""),
		"brackets.md":     fill("# T\n\n", "[", "](x"),
		"parens.md":       fill("# T\n\n[a](", "(", ""),
		"one-line.txt":    fill("T\n\n", "word ", ""),
		"blank-lines.txt": fill("T\n\nS", "\n \n", "U"),
		"headings.md":     fill("", "## Analysis\n", "body"),
		"frontmatter.md":  fill("---\n", "k: v\n", "---\n# T\n\nS"),
	}
	start := time.Now()
	for name, data := range inputs {
		if len(data) > MaxBriefingBytes {
			t.Fatalf("%s: built %d bytes", name, len(data))
		}
		if _, err := Parse(name, data, testModTime); err != nil && !errors.Is(err, ErrInvalid) {
			t.Errorf("%s: %v", name, err)
		}
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("9 pathological inputs took %v", d)
	}
}

func TestParseFooterFollowedByPageChrome(t *testing.T) {
	page := "Title\n\nExecutive Summary\n\nS.\n\nAnalysis\n\nA.\n\nSources\n\nhttps://s\n\n" +
		"Previous\nPrevious\n\nOlder\n\nNext\nNext\n\nNewer\n\nShare\n\nSubscribe to our newsletter\n"
	b, err := ParseText([]byte(page))
	if err != nil {
		t.Fatal(err)
	}
	if b.Prev.Title != "Older" || b.Next.Title != "Newer" || strings.Join(b.Sources, "|") != "https://s" {
		t.Errorf("Prev %+v, Next %+v, Sources %q", b.Prev, b.Next, b.Sources)
	}
	// Without a Sources heading the footer must be exact, so the same chrome makes it text.
	noSources := strings.Replace(page, "Sources\n\nhttps://s\n\n", "", 1)
	b, err = ParseText([]byte(noSources))
	if err != nil {
		t.Fatal(err)
	}
	if !b.Next.IsZero() || !strings.Contains(b.Analysis, "Subscribe") {
		t.Errorf("strict footer accepted chrome: Next %+v, Analysis %q", b.Next, b.Analysis)
	}
}

func TestParseTextBeforeFirstHeadingOpensAnalysis(t *testing.T) {
	b, err := ParseText([]byte("Title\n\nFebruary 13, 2025\n\nExecutive Summary\n\nS.\n\nAnalysis\n\nA.\n\nB."))
	if err != nil {
		t.Fatal(err)
	}
	if b.Summary != "S." || b.Analysis != "February 13, 2025\n\nA.\n\nB." {
		t.Errorf("Summary %q, Analysis %q", b.Summary, b.Analysis)
	}
}
