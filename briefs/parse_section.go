package briefs

import "strings"

// section is a part of a briefing's body.
type section int

const (
	secLead     section = iota // text before the first heading
	secSummary                 // Executive Summary
	secAnalysis                // Analysis
	secSources                 // Sources
	numSections
)

// sectionOf names the section a heading line starts, ignoring case and a trailing colon.
func sectionOf(heading string) (section, bool) {
	h := strings.TrimSuffix(heading, ":")
	if len(h) > len("executive summary") {
		return 0, false
	}
	switch {
	case strings.EqualFold(h, "Executive Summary"), strings.EqualFold(h, "Summary"):
		return secSummary, true
	case strings.EqualFold(h, "Analysis"):
		return secAnalysis, true
	case strings.EqualFold(h, "Sources"), strings.EqualFold(h, "Source"):
		return secSources, true
	}
	return 0, false
}

// para is a paragraph and, when it is one line of the source text, where that line starts;
// off is -1 otherwise.
type para struct {
	s   string
	off int
}

// body gathers the paragraphs of each section as lines arrive. Consecutive non-blank lines form
// one paragraph, joined with a space; in Sources every line is an entry of its own.
type body struct {
	src     string // the text the lines come from, so that runs of paragraphs can be sliced, not copied
	cur     section
	has     [numSections]bool
	paras   [numSections][]para
	pending []string // lines of the paragraph being read
	pendOff int      // offset in src of the first pending line, or -1
}

// heading closes the current paragraph and starts section s.
func (bd *body) heading(s section) {
	bd.flush()
	bd.cur = s
	bd.has[s] = true
}

// line adds a trimmed, non-empty line found at off in src (-1 when it is not a slice of src).
func (bd *body) line(s string, off int) {
	if bd.cur == secSources {
		bd.paras[secSources] = append(bd.paras[secSources], para{s, off})
		return
	}
	if len(bd.pending) == 0 {
		bd.pendOff = off
	}
	bd.pending = append(bd.pending, s)
}

// flush ends the current paragraph, as a blank line does.
func (bd *body) flush() {
	switch len(bd.pending) {
	case 0:
		return
	case 1:
		bd.paras[bd.cur] = append(bd.paras[bd.cur], para{bd.pending[0], bd.pendOff})
	default:
		bd.paras[bd.cur] = append(bd.paras[bd.cur], para{strings.Join(bd.pending, " "), -1})
	}
	bd.pending = bd.pending[:0]
}

// finish fills b's Summary, Analysis and Sources. Missing headings are handled so:
//   - without an Executive Summary heading, the text before the first heading is the summary;
//   - without an Analysis heading, the summary keeps its first paragraph and the rest is analysis;
//   - text before the first heading, when a summary heading exists, opens the analysis.
//
// So a body with no headings at all has its first paragraph as summary and the rest as analysis.
func (bd *body) finish(b *Briefing) {
	bd.flush()
	lead, summ, anal := bd.paras[secLead], bd.paras[secSummary], bd.paras[secAnalysis]
	if !bd.has[secSummary] {
		summ, lead = lead, nil
	}
	if !bd.has[secAnalysis] && len(summ) > 1 {
		anal = append(append([]para(nil), summ[1:]...), anal...)
		summ = summ[:1]
	}
	if len(lead) > 0 {
		anal = append(append([]para(nil), lead...), anal...)
	}
	b.Summary = bd.join(summ)
	b.Analysis = bd.join(anal)
	if src := bd.paras[secSources]; len(src) > 0 {
		b.Sources = make([]string, len(src))
		for i, p := range src {
			b.Sources[i] = p.s
		}
	}
}

// join joins paragraphs with a blank line. When they are consecutive lines of src separated by
// exactly one blank line, as in a scraped page, it returns that slice of src instead of a copy.
func (bd *body) join(ps []para) string {
	switch len(ps) {
	case 0:
		return ""
	case 1:
		return ps[0].s
	}
	contiguous := true
	for i := 1; i < len(ps) && contiguous; i++ {
		a, b := ps[i-1], ps[i]
		end := a.off + len(a.s)
		contiguous = a.off >= 0 && b.off == end+2 && bd.src[end:b.off] == "\n\n"
	}
	if contiguous {
		last := ps[len(ps)-1]
		return bd.src[ps[0].off : last.off+len(last.s)]
	}
	parts := make([]string, len(ps))
	for i, p := range ps {
		parts[i] = p.s
	}
	return strings.Join(parts, "\n\n")
}
