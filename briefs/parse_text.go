package briefs

import "strings"

// ParseText reads a briefing in the scraped-page format: a title line, then "Executive Summary",
// "Analysis" and "Sources" sections, then a footer of "Previous" lines followed by the previous
// briefing's title and "Next" lines followed by the next one's (either half may be missing).
// Footer titles go to Prev.Title and Next.Title (a footer line that is a URL goes to the URL);
// after a Sources heading, page chrome following the footer ("Share") is dropped, while before
// it "Previous" or "Next" lines count as footer only if nothing else follows.
//
// Paragraphs are joined with "\n\n" (lines wrapped within one are joined with a space); every
// non-blank Sources line is one entry. CRLF, a UTF-8 BOM, extra blank lines and trailing spaces
// are tolerated; control characters other than newline and tab are dropped; markup is kept as
// literal text, though Markdown-style "# Title" and "## Analysis" lines are understood.
//
// Missing headings: without "Executive Summary" the text before the first heading is the
// summary; without "Analysis" the summary keeps its first paragraph and the rest is the
// analysis; so with no headings at all the first paragraph after the title is the summary and
// the rest the analysis. Published, URL and Origin are left empty.
//
// Input without a title or body, binary, not UTF-8 or over MaxBriefingBytes is an ErrInvalid
// error whose message says why: "no title", "no body", "binary data", "not UTF-8 text",
// "larger than 1 MiB".
func ParseText(data []byte) (Briefing, error) {
	text, err := cleanText(data)
	if err != nil {
		return Briefing{}, err
	}
	var b Briefing
	bd := body{src: text}
	rest := text
	for rest != "" {
		off := len(text) - len(rest)
		line, start, after := nextLine(rest)
		rest = after
		off += start
		if line == "" {
			bd.flush()
			continue
		}
		if b.Title == "" {
			if _, ok := sectionOf(line); ok || footerWord(line) != "" {
				return Briefing{}, Errorf(ErrInvalid, "no title")
			}
			b.Title = line
			if level, heading := mdHeading(line); level == 1 && heading != "" {
				b.Title = heading // a Markdown title in a text file
			}
			continue
		}
		if footerWord(line) != "" {
			if prev, next, ok := parseFooter(line, rest, bd.cur == secSources); ok {
				b.Prev, b.Next = prev, next
				break
			}
		}
		heading := line
		if line[0] == '#' {
			_, heading = mdHeading(line) // "## Analysis" in a text file
		}
		if s, ok := sectionOf(heading); ok {
			bd.heading(s)
			continue
		}
		bd.line(line, off)
	}
	if b.Title == "" {
		return Briefing{}, Errorf(ErrInvalid, "no title")
	}
	bd.finish(&b)
	if err := checkBody(&b); err != nil {
		return Briefing{}, err
	}
	return b, nil
}

// footerWord returns "previous" or "next" when line is one of the footer's marker lines.
func footerWord(line string) string {
	switch {
	case strings.EqualFold(line, "Previous"):
		return "previous"
	case strings.EqualFold(line, "Next"):
		return "next"
	}
	return ""
}

// maxFooterLines bounds the non-blank lines of a footer; it keeps hostile input of many marker
// lines from making parsing quadratic.
const maxFooterLines = 8

// parseFooter reads the footer that starts with marker line first and continues with rest.
// It succeeds only if everything left is footer: groups of one or more equal marker lines each
// followed by at most one title line, each marker word at most once. Anything else means the
// marker was ordinary text, and ok is false. In lenient mode, used once the Sources heading has
// been passed, page chrome after a complete group ("Share", "Subscribe") ends the footer instead.
func parseFooter(first, rest string, lenient bool) (prev, next Link, ok bool) {
	var (
		word    string  // marker word of the group being read
		titled  bool    // the group has its title line
		seen    [2]bool // previous, next
		current *Link
	)
	line, lines := first, 0
	for {
		if line != "" {
			if lines++; lines > maxFooterLines {
				return prev, next, lenient && titled
			}
			if w := footerWord(line); w != "" && (w == word && !titled || w != word) {
				if w != word {
					k := 0
					current = &prev
					if w == "next" {
						k, current = 1, &next
					}
					if seen[k] {
						return prev, next, lenient && titled
					}
					seen[k] = true
					word, titled = w, false
				}
			} else {
				if titled {
					return prev, next, lenient
				}
				titled = true
				if isURL(line) {
					current.URL = line
				} else {
					current.Title = line
				}
			}
		}
		if rest == "" {
			return prev, next, true
		}
		line, _, rest = nextLine(rest)
	}
}

// isURL reports whether s is a single http(s) URL.
func isURL(s string) bool {
	return (hasPrefixFold(s, "http://") || hasPrefixFold(s, "https://")) && !strings.ContainsAny(s, " \t")
}

// hasPrefixFold is strings.HasPrefix ignoring ASCII case.
func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}
