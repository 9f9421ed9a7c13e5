package briefs

import "bytes"

// FormatText writes b in the scraped-page text format that ParseText reads: title, Executive
// Summary, Analysis, Sources (one per line) and the Previous/Next footer, without a final
// newline, like a scraped page. ParseText(FormatText(b)) gives back Title, Summary, Analysis,
// Sources, Prev and Next when they are trimmed, single-line where they should be, and free of
// heading words standing alone as paragraphs. The footer carries a link's title, or its URL when
// it has no title. URL, Published and Origin are not written.
func FormatText(b Briefing) []byte {
	var sb bytes.Buffer
	sb.Grow(len(b.Title) + len(b.Summary) + len(b.Analysis) + 64*len(b.Sources) +
		len(b.Prev.Title) + len(b.Next.Title) + len(b.Prev.URL) + len(b.Next.URL) + 96)
	sb.WriteString(b.Title)
	sb.WriteString("\n\nExecutive Summary\n\n")
	sb.WriteString(b.Summary)
	sb.WriteString("\n\nAnalysis\n\n")
	sb.WriteString(b.Analysis)
	sb.WriteString("\n\nSources")
	for i, s := range b.Sources {
		if i == 0 {
			sb.WriteByte('\n')
		}
		sb.WriteByte('\n')
		sb.WriteString(s)
	}
	writeFooter(&sb, "Previous", b.Prev)
	writeFooter(&sb, "Next", b.Next)
	return sb.Bytes()
}

// writeFooter writes one half of the footer: the marker twice, as scraped pages repeat it.
func writeFooter(sb *bytes.Buffer, word string, l Link) {
	target := l.Title
	if target == "" {
		target = l.URL
	}
	if target == "" {
		return
	}
	sb.WriteString("\n\n")
	sb.WriteString(word)
	sb.WriteByte('\n')
	sb.WriteString(word)
	sb.WriteString("\n\n")
	sb.WriteString(target)
}
