package sqlite

import (
	"strings"
	"unicode/utf8"

	"github.com/briefbot/briefbot/briefs"
)

// snippetWords is how many words a snippet shows.
const snippetWords = 24

// span is one word of a text, by byte offsets.
type span struct{ start, end int }

// makeSnippet returns about snippetWords words of b around the first of words it finds, looking
// in the summary, then the analysis, then the title; words match case- and accent-insensitively.
// Building it here costs far less than FTS5's snippet(), which tokenizes every column again.
func makeSnippet(b briefs.Briefing, words []string) string {
	folded := make([]string, len(words))
	for i, w := range words {
		folded[i] = briefs.FoldName(w)
	}
	for _, text := range []string{b.Summary, b.Analysis, b.Title} {
		spans := wordSpans(text)
		for i, sp := range spans {
			if !matchesAny(text[sp.start:sp.end], words, folded) {
				continue
			}
			from := max(0, i-snippetWords/3)
			to := min(len(spans), from+snippetWords)
			from = max(0, to-snippetWords)
			out := text[spans[from].start:spans[to-1].end]
			if from > 0 {
				out = "…" + out
			}
			if to < len(spans) {
				out += "…"
			}
			return strings.Join(strings.Fields(out), " ")
		}
	}
	// nothing found as written (a stemmed or partial match): the start of the summary
	spans := wordSpans(b.Summary)
	if len(spans) == 0 {
		return ""
	}
	out := b.Summary[:spans[min(len(spans), snippetWords)-1].end]
	if len(spans) > snippetWords {
		out += "…"
	}
	return strings.Join(strings.Fields(out), " ")
}

// wordSpans returns the runs of letters and digits of text.
func wordSpans(text string) []span {
	var out []span
	start := -1
	for i, r := range text {
		if notWordRune(r) {
			if start >= 0 {
				out = append(out, span{start, i})
				start = -1
			}
		} else if start < 0 {
			start = i
		}
	}
	if start >= 0 {
		out = append(out, span{start, len(text)})
	}
	return out
}

func matchesAny(token string, words, folded []string) bool {
	for i, w := range words {
		if strings.EqualFold(token, w) {
			return true
		}
		if !isASCII(token) || !isASCII(w) {
			if utf8.RuneCountInString(token) >= utf8.RuneCountInString(folded[i])/2 && briefs.FoldName(token) == folded[i] {
				return true
			}
		}
	}
	return false
}
