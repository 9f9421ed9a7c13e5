package bot

import (
	"math/rand/v2"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

func TestSplitTable(t *testing.T) {
	tests := []struct {
		name  string
		text  string
		limit int
		want  []string
	}{
		{"empty", "", 10, nil},
		{"only spaces", "  \n\n ", 10, nil},
		{"fits", "Short text.", 20, []string{"Short text."}},
		{"exact fit", "abcde", 5, []string{"abcde"}},
		{"paragraph", "First para here.\n\nSecond para.", 20, []string{"First para here.", "Second para."}},
		{"sentence before word", "One two three. Four five six", 20, []string{"One two three.", "Four five six"}},
		{"word boundary", "alpha beta gamma delta", 12, []string{"alpha beta", "gamma delta"}},
		{"long word cut at runes", "ééééé", 2, []string{"éé", "éé", "é"}},
		{"line end", "item one\nitem two\nitem three", 18, []string{"item one\nitem two", "item three"}},
		{"zero limit treated as one", "ab", 0, []string{"a", "b"}},
		{"early paragraph ignored", "Hi.\n\nThis is a much longer paragraph text", 30, []string{"Hi.\n\nThis is a much longer", "paragraph text"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Split(tt.text, tt.limit)
			if strings.Join(got, "|") != strings.Join(tt.want, "|") || len(got) != len(tt.want) {
				t.Errorf("Split(%q, %d) = %q, want %q", tt.text, tt.limit, got, tt.want)
			}
		})
	}
}

func TestUTF16Len(t *testing.T) {
	tests := []struct {
		s    string
		want int
	}{
		{"", 0}, {"abc", 3}, {"é", 1}, {"😀", 2}, {"a😀b", 4}, {"\xff", 1},
	}
	for _, tt := range tests {
		if got := UTF16Len(tt.s); got != tt.want {
			t.Errorf("UTF16Len(%q) = %d, want %d", tt.s, got, tt.want)
		}
	}
}

func TestSplitUTF16NeverBreaksSurrogates(t *testing.T) {
	text := strings.Repeat("😀", 10) // 20 UTF-16 units, one "word"
	parts := SplitFunc(text, 5, UTF16Len)
	for _, p := range parts {
		if !utf8.ValidString(p) || UTF16Len(p) > 5 {
			t.Fatalf("bad part %q (%d units)", p, UTF16Len(p))
		}
	}
	if strings.Join(parts, "") != text {
		t.Fatalf("parts %q do not rebuild the text", parts)
	}
	// A limit of one unit cannot hold an emoji; it is still emitted whole rather than broken.
	if parts := SplitFunc("😀😀", 1, UTF16Len); len(parts) != 2 || parts[0] != "😀" {
		t.Fatalf("limit 1: %q", parts)
	}
}

var words = []string{"the", "Rubio", "Zelenskyy", "Brüssel", "Ukraine’s", "北京", "😀", "peace", "talks", "a",
	"negotiations", "Saudi", "Arabia", "Кремль", "“quoted”", "<b>&amp;", "x"}

func randomText(rng *rand.Rand) string {
	var sb strings.Builder
	n := rng.IntN(400)
	for i := 0; i < n; i++ {
		if rng.IntN(50) == 0 {
			sb.WriteString(strings.Repeat("long", 1+rng.IntN(30))) // a word longer than small limits
		} else {
			sb.WriteString(words[rng.IntN(len(words))])
		}
		switch rng.IntN(12) {
		case 0:
			sb.WriteString(". ")
		case 1:
			sb.WriteString(".\n\n")
		case 2:
			sb.WriteString("\n")
		default:
			sb.WriteString(" ")
		}
	}
	return sb.String()
}

func squeeze(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}

// TestSplitProperties checks, on random text and limits, in runes and in UTF-16 units: every part
// fits, is valid UTF-8, is non-empty and trimmed; no text is lost; and a cut falls inside a word
// only when that word alone is longer than the limit.
func TestSplitProperties(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	measures := map[string]func(string) int{"runes": RuneLen, "utf16": UTF16Len, "bytes": func(s string) int { return len(s) }}
	for iter := 0; iter < 600; iter++ {
		text := randomText(rng)
		limit := 4 + rng.IntN(300)
		for mname, measure := range measures {
			parts := SplitFunc(text, limit, measure)
			if squeeze(strings.Join(parts, "")) != squeeze(text) {
				t.Fatalf("%s limit %d: text lost or reordered\ntext %q\nparts %q", mname, limit, text, parts)
			}
			for i, p := range parts {
				if p == "" || strings.TrimSpace(p) != p || !utf8.ValidString(p) {
					t.Fatalf("%s: part %d %q empty, untrimmed or invalid", mname, i, p)
				}
				if measure(p) > limit {
					t.Fatalf("%s: part %d measures %d > %d: %q", mname, i, measure(p), limit, p)
				}
				if i == 0 {
					continue
				}
				prev := parts[i-1]
				last, _ := utf8.DecodeLastRuneInString(prev)
				first, _ := utf8.DecodeRuneInString(p)
				if unicode.IsSpace(last) || unicode.IsSpace(first) {
					t.Fatalf("%s: untrimmed boundary", mname)
				}
				// Find whether the original had whitespace between the two parts.
				joined := prev + p
				if strings.Contains(text, joined) {
					// No whitespace at the cut: the word must have been too long to fit.
					lastWord := prev[strings.LastIndexFunc(prev, unicode.IsSpace)+1:]
					if measure(lastWord) < limit && strings.IndexFunc(prev, unicode.IsSpace) >= 0 {
						t.Fatalf("%s limit %d: cut inside a word that fits: %q | %q", mname, limit, prev, p)
					}
				}
			}
		}
	}
}

func TestSplitLargeInput(t *testing.T) {
	text := strings.Repeat("Paragraph with several words in it. Another sentence here.\n\n", 500)
	parts := Split(text, 4096)
	if len(parts) < 7 {
		t.Fatalf("got %d parts for %d runes", len(parts), RuneLen(text))
	}
	for _, p := range parts {
		if !strings.HasSuffix(p, ".") {
			t.Fatalf("part does not end at a sentence: %q", p[len(p)-20:])
		}
	}
}

func BenchmarkSplitTelegram(b *testing.B) {
	text := strings.Repeat("Paragraph with several words in it. Another sentence here.\n\n", 2000)
	for b.Loop() {
		SplitFunc(text, 4096, UTF16Len)
	}
}
