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

// body gathers the paragraphs of each section as lines arrive. Consecutive non-blank lines form
// one paragraph, joined with a space; in Sources every line is an entry of its own.
type body struct {
	cur     section
	has     [numSections]bool
	paras   [numSections][]string
	pending []string // lines of the paragraph being read
}

// heading closes the current paragraph and starts section s.
func (bd *body) heading(s section) {
	bd.flush()
	bd.cur = s
	bd.has[s] = true
}

// line adds a trimmed, non-empty line.
func (bd *body) line(s string) {
	if bd.cur == secSources {
		bd.paras[secSources] = append(bd.paras[secSources], s)
		return
	}
	bd.pending = append(bd.pending, s)
}

// flush ends the current paragraph, as a blank line does.
func (bd *body) flush() {
	switch len(bd.pending) {
	case 0:
		return
	case 1:
		bd.paras[bd.cur] = append(bd.paras[bd.cur], bd.pending[0])
	default:
		bd.paras[bd.cur] = append(bd.paras[bd.cur], strings.Join(bd.pending, " "))
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
		anal = append(append([]string(nil), summ[1:]...), anal...)
		summ = summ[:1]
	}
	if len(lead) > 0 {
		anal = append(append([]string(nil), lead...), anal...)
	}
	b.Summary = strings.Join(summ, "\n\n")
	b.Analysis = strings.Join(anal, "\n\n")
	b.Sources = bd.paras[secSources]
}
