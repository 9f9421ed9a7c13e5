package htmltext

import (
	"net/url"
	"strings"
	"unicode"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

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

// segment is a run of text inside one block, with the link and emphasis it sits in.
type segment struct {
	text string
	href string
	bold bool
}

// block is one paragraph-like piece of the document: its segments in order.
type block []segment

// collectBlocks flattens the document into blocks: each block element ends the text before it
// and starts new text; inline elements and text join the current block.
func collectBlocks(root *html.Node) []block {
	var (
		out []block
		cur block
	)
	flush := func() {
		if len(cur) > 0 {
			out = append(out, cur)
			cur = nil
		}
	}
	var walk func(n *html.Node, href string, bold bool)
	walk = func(n *html.Node, href string, bold bool) {
		if isSkipped(n) {
			return
		}
		switch n.Type {
		case html.TextNode:
			cur = append(cur, segment{text: n.Data, href: href, bold: bold})
			return
		case html.ElementNode:
			switch n.DataAtom {
			case atom.Br:
				cur = append(cur, segment{text: "\n"})
				return
			case atom.A:
				href = attr(n, "href")
			case atom.B, atom.Strong:
				bold = true
			}
		}
		isBlock := n.Type == html.ElementNode && blocks[n.DataAtom]
		if isBlock {
			flush()
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, href, bold)
		}
		if isBlock {
			flush()
		}
	}
	walk(root, "", false)
	flush()
	return out
}

// render gives the block's text. With keepLinks, each link is followed by its URL in
// parentheses, or replaced by it when the link's text is the URL.
func (b block) render(keepLinks bool, base *url.URL) string {
	var sb strings.Builder
	for i := 0; i < len(b); {
		seg := b[i]
		if !keepLinks || seg.href == "" {
			sb.WriteString(seg.text)
			i++
			continue
		}
		// Gather the whole link: consecutive segments with the same href.
		var lt strings.Builder
		j := i
		for ; j < len(b) && b[j].href == seg.href; j++ {
			lt.WriteString(b[j].text)
		}
		i = j
		text := Normalize(lt.String())
		u := resolve(base, seg.href)
		switch {
		case u == "":
			sb.WriteString(lt.String())
		case text == "" || text == u || text == seg.href:
			sb.WriteString(" " + u + " ")
		default:
			sb.WriteString(" " + text + " (" + u + ") ")
		}
	}
	var lines []string
	for _, line := range strings.Split(sb.String(), "\n") {
		if line = Normalize(line); line != "" {
			lines = append(lines, line)
		}
	}
	return strings.Join(lines, "\n")
}

// boldLead splits a block that opens with bold text into that text and the rest.
func (b block) boldLead() (string, block, bool) {
	var sb strings.Builder
	i := 0
	for ; i < len(b); i++ {
		if b[i].bold {
			sb.WriteString(b[i].text)
			continue
		}
		if strings.TrimSpace(b[i].text) == "" && sb.Len() == 0 {
			continue
		}
		break
	}
	if sb.Len() == 0 || i == len(b) {
		return "", nil, false
	}
	return sb.String(), b[i:], true
}

// resolve makes href absolute against base and returns it if it is an http(s) URL, else "".
func resolve(base *url.URL, href string) string {
	href = strings.TrimSpace(href)
	if href == "" || strings.HasPrefix(href, "#") {
		return ""
	}
	u, err := url.Parse(href)
	if err != nil {
		return ""
	}
	if base != nil {
		u = base.ResolveReference(u)
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return ""
	}
	u.Fragment = ""
	return u.String()
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
