package htmltext

import (
	"net/url"
	"strings"
	"unicode"

	"golang.org/x/net/html"

	"github.com/briefbot/briefbot/briefs"
)

// Sections is the plain text of a briefing's HTML, split by its headings.
type Sections struct {
	Lead     []string // paragraphs before the first recognised heading (a teaser, a byline)
	Summary  []string // paragraphs under Executive Summary
	Analysis []string // paragraphs under Analysis
	Sources  []string // entries under Sources, links given as "text (URL)" or the URL alone

	HasSummary, HasAnalysis, HasSources bool // whether each heading was present
}

// Apply fills b's Summary, Analysis and Sources. Without an Executive Summary heading, the
// lead paragraphs stand in for the summary.
func (s Sections) Apply(b *briefs.Briefing) {
	summary := s.Summary
	if !s.HasSummary {
		summary = s.Lead
	}
	b.Summary = strings.Join(summary, "\n\n")
	b.Analysis = strings.Join(s.Analysis, "\n\n")
	b.Sources = append([]string(nil), s.Sources...)
}

// Length is the number of characters of text in all sections, the lead included.
func (s Sections) Length() int {
	n := 0
	for _, ps := range [][]string{s.Lead, s.Summary, s.Analysis, s.Sources} {
		for _, p := range ps {
			n += len(p)
		}
	}
	return n
}

type section int

const (
	lead section = iota
	summary
	analysis
	sources
	footer // after a Previous/Next block: nothing more is briefing text
)

// headingSection names the section a heading's text opens; tolerant of case, spacing,
// numbering and trailing colons.
func headingSection(text string) (section, bool) {
	switch letters(text) {
	case "executive summary", "summary":
		return summary, true
	case "analysis":
		return analysis, true
	case "sources", "source":
		return sources, true
	}
	return lead, false
}

// letters lowercases s and reduces it to its words of letters separated by single spaces.
func letters(s string) string {
	f := strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) })
	return strings.Join(f, " ")
}

// Split reads the sections of the HTML under root. Relative links are resolved against base,
// which may be nil.
func Split(root *html.Node, base *url.URL) Sections {
	var s Sections
	cur := lead
	for _, b := range collectBlocks(root) {
		text := b.render(false, base)
		if text == "" {
			continue
		}
		if sec, ok := headingSection(text); ok && cur != footer {
			cur = sec
			s.mark(sec)
			continue
		}
		// A bold lead-in heading: "<p><strong>Analysis:</strong> The talks ...</p>".
		leadIn := false
		if lead, rest, ok := b.boldLead(); ok && cur != footer {
			if sec, ok := headingSection(lead); ok {
				cur = sec
				s.mark(sec)
				b, leadIn = rest, true
				text = b.render(false, base)
			}
		}
		if cur != lead && cur != footer {
			if isFooterLabel(text) {
				cur = footer
				continue
			}
		}
		keepLinks := cur == sources
		for i, line := range strings.Split(b.render(keepLinks, base), "\n") {
			if i == 0 && leadIn {
				line = strings.TrimLeft(line, ":-–— ")
			}
			if line != "" {
				s.add(cur, line)
			}
		}
	}
	return s
}

// SplitString parses an HTML fragment, such as a feed item's content, and splits it.
func SplitString(fragment string, base *url.URL) Sections {
	doc, err := html.Parse(strings.NewReader(fragment))
	if err != nil { // html.Parse only fails when reading fails; a string reader does not
		return Sections{Lead: []string{Normalize(fragment)}}
	}
	return Split(doc, base)
}

func (s *Sections) mark(sec section) {
	switch sec {
	case summary:
		s.HasSummary = true
	case analysis:
		s.HasAnalysis = true
	case sources:
		s.HasSources = true
	}
}

func (s *Sections) add(sec section, p string) {
	switch sec {
	case lead:
		s.Lead = append(s.Lead, p)
	case summary:
		s.Summary = append(s.Summary, p)
	case analysis:
		s.Analysis = append(s.Analysis, p)
	case sources:
		s.Sources = append(s.Sources, p)
	}
}

// isFooterLabel reports whether a block is only the "Previous" / "Next" label of a pagination
// footer, which ends the briefing's text.
func isFooterLabel(text string) bool {
	words := strings.Fields(letters(text))
	if len(words) == 0 || len(words) > 4 {
		return false
	}
	for _, w := range words {
		if _, ok := directionRun(w); !ok {
			return false
		}
	}
	return true
}
