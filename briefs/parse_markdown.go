package briefs

import (
	"strings"
	"time"
)

// dateLayouts are the front matter date forms ParseMarkdown accepts; zoneless ones are UTC.
var dateLayouts = []string{time.RFC3339, "2006-01-02", "2006-01-02 15:04"}

// ParseMarkdown reads a briefing written in Markdown. An optional front matter block between
// "---" lines gives "key: value" pairs: title, date, url, previous and next (quotes around values
// are dropped, other keys ignored). previous/next that are http(s) URLs go to Link.URL, else to
// Link.Title. Sections start at "## Executive Summary", "## Analysis" and "## Sources"; a
// "# Title" heading gives the title when the front matter has none. Other headings are kept as
// paragraphs; missing sections are handled as in ParseText. Link syntax [text](url) becomes
// "text" in prose and "text url" in Sources (http and https URLs only); list markers are dropped
// from Sources lines. Other markup, HTML included, is kept as literal text.
// Dates may be RFC 3339, 2006-01-02 or 2006-01-02 15:04 (UTC); a bad date is an ErrInvalid error
// naming the value. Rejections are as for ParseText.
func ParseMarkdown(data []byte) (Briefing, error) {
	text, err := cleanText(data)
	if err != nil {
		return Briefing{}, err
	}
	var b Briefing
	rest, err := readFrontMatter(text, &b)
	if err != nil {
		return Briefing{}, err
	}
	bd := body{src: text}
	for rest != "" {
		off := len(text) - len(rest)
		line, start, after := nextLine(rest)
		rest = after
		off += start
		if line == "" {
			bd.flush()
			continue
		}
		if level, heading := mdHeading(line); level > 0 {
			if s, ok := sectionOf(heading); ok {
				bd.heading(s)
				continue
			}
			if level == 1 && (b.Title == "" || heading == b.Title) {
				if b.Title == "" {
					b.Title = mdInline(heading, false)
				}
				continue
			}
			bd.flush()
			bd.line(mdInline(heading, false), -1)
			bd.flush()
			continue
		}
		if s, ok := sectionOf(line); ok { // a plain "Analysis" line, as in the text format
			bd.heading(s)
			continue
		}
		if bd.cur == secSources {
			bd.line(mdInline(trimListMarker(line), true), -1)
			continue
		}
		if plain := mdInline(line, false); len(plain) == len(line) {
			bd.line(line, off) // unchanged: a slice of the text
		} else {
			bd.line(plain, -1)
		}
	}
	bd.finish(&b)
	if err := checkBody(&b); err != nil {
		return Briefing{}, err
	}
	return b, nil
}

// readFrontMatter parses a leading "---" block into b and returns the text after it.
func readFrontMatter(text string, b *Briefing) (string, error) {
	rest := strings.TrimLeft(text, " \t\n")
	first, _, after := nextLine(rest)
	if first != "---" {
		return text, nil
	}
	rest = after
	for {
		if rest == "" {
			return "", Errorf(ErrInvalid, "front matter has no closing ---")
		}
		var line string
		line, _, rest = nextLine(rest)
		if line == "---" || line == "..." {
			return rest, nil
		}
		key, value, ok := strings.Cut(line, ":")
		if !ok || strings.HasPrefix(line, "#") {
			continue
		}
		value = unquote(strings.TrimSpace(value))
		switch strings.ToLower(strings.TrimSpace(key)) {
		case "title":
			b.Title = value
		case "url", "link":
			b.URL = value
		case "date", "published":
			t, err := parseDate(value)
			if err != nil {
				return "", err
			}
			b.Published = t
		case "previous", "prev":
			b.Prev = linkOf(value)
		case "next":
			b.Next = linkOf(value)
		}
	}
}

// parseDate reads a front matter date in one of dateLayouts.
func parseDate(value string) (time.Time, error) {
	if value == "" {
		return time.Time{}, nil
	}
	for _, layout := range dateLayouts {
		if t, err := time.Parse(layout, value); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, Errorf(ErrInvalid, "bad date %q: want 2006-01-02, 2006-01-02 15:04 or RFC 3339", value)
}

// linkOf makes a footer link from a title or an http(s) URL.
func linkOf(value string) Link {
	if isURL(value) {
		return Link{URL: value}
	}
	return Link{Title: value}
}

// unquote drops one pair of matching surrounding quotes.
func unquote(s string) string {
	if len(s) >= 2 && (s[0] == '"' || s[0] == '\'') && s[len(s)-1] == s[0] {
		return s[1 : len(s)-1]
	}
	return s
}

// mdHeading returns the level and text of an ATX heading ("## Analysis"), or level 0.
func mdHeading(line string) (int, string) {
	level := 0
	for level < len(line) && line[level] == '#' {
		level++
	}
	if level == 0 || level > 6 || level < len(line) && line[level] != ' ' && line[level] != '\t' {
		return 0, ""
	}
	text := strings.TrimSpace(strings.TrimRight(strings.TrimSpace(line[level:]), "#"))
	return level, text
}

// trimListMarker drops a leading "- ", "* ", "+ " or "1. " list marker.
func trimListMarker(line string) string {
	for _, m := range []string{"- ", "* ", "+ "} {
		if strings.HasPrefix(line, m) {
			return strings.TrimSpace(line[len(m):])
		}
	}
	i := 0
	for i < len(line) && line[i] >= '0' && line[i] <= '9' {
		i++
	}
	if i > 0 && i+1 < len(line) && (line[i] == '.' || line[i] == ')') && line[i+1] == ' ' {
		return strings.TrimSpace(line[i+2:])
	}
	return line
}

// mdInline turns [text](url) links into text (or "text url" when keepURL) and drops ** and __.
func mdInline(s string, keepURL bool) string {
	if strings.Contains(s, "**") || strings.Contains(s, "__") {
		s = strings.NewReplacer("**", "", "__", "").Replace(s)
	}
	if !strings.Contains(s, "](") {
		return s
	}
	var sb strings.Builder
	for {
		mid := strings.Index(s, "](")
		if mid < 0 {
			break
		}
		open := strings.LastIndexByte(s[:mid], '[')
		if open < 0 {
			sb.WriteString(s[:mid+2])
			s = s[mid+2:]
			continue
		}
		end := closingParen(s[mid+1:])
		if end < 0 {
			break // no link closes after this point; the rest is text
		}
		end += mid + 1
		label, url := s[open+1:mid], strings.TrimSpace(s[mid+2:end])
		sb.WriteString(s[:open])
		sb.WriteString(label)
		if keepURL && isURL(url) && url != label { // never carry javascript: or data: links along
			if label != "" {
				sb.WriteByte(' ')
			}
			sb.WriteString(url)
		}
		s = s[end+1:]
	}
	sb.WriteString(s)
	return sb.String()
}

// closingParen returns the index in s, which follows an opening "(", of the ")" that closes it,
// allowing balanced parentheses inside; -1 when there is none.
func closingParen(s string) int {
	depth := 0
	for i := 1; i < len(s); i++ {
		switch s[i] {
		case '(':
			depth++
		case ')':
			if depth == 0 {
				return i
			}
			depth--
		}
	}
	return -1
}
