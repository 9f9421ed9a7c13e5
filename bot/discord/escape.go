package discord

import "strings"

// markdownChars are the characters Discord reads as markup anywhere in a line; '<' starts user,
// role, channel and timestamp mentions.
const markdownChars = "\\*_~`|[]<>"

// escape makes plain text show literally in Discord markdown: markup characters are
// backslash-escaped, line-leading headings, lists and quotes are defused, and @everyone and
// @here are broken with a zero-width space (allowed_mentions is set too; this is belt and braces).
func escape(s string) string {
	if s == "" {
		return ""
	}
	var b strings.Builder
	b.Grow(len(s) + len(s)/8)
	lineStart, numbered := true, false
	for i, r := range s {
		if numbered && r != '.' && r != ')' && (r < '0' || r > '9') {
			numbered = false
		}
		switch {
		case r == '\n':
			b.WriteRune(r)
			lineStart = true
			continue
		case lineStart && (r == ' ' || r == '\t'):
			b.WriteRune(r)
			continue
		case lineStart && r >= '0' && r <= '9' && orderedItem(s[i:]):
			numbered = true // escape the dot after the number: "1\. ", since "\1" would show
		case numbered && (r == '.' || r == ')'):
			b.WriteByte('\\')
			numbered = false
		case lineStart && (r == '#' || r == '-' || r == '+'):
			b.WriteByte('\\')
		case strings.ContainsRune(markdownChars, r):
			b.WriteByte('\\')
		case r == '@' && (strings.HasPrefix(s[i+1:], "everyone") || strings.HasPrefix(s[i+1:], "here")):
			b.WriteString("@\u200b")
			lineStart = false
			continue
		}
		b.WriteRune(r)
		lineStart = false
	}
	return b.String()
}

// orderedItem reports whether s starts like a numbered list item: digits, a dot and a space.
func orderedItem(s string) bool {
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	return i > 0 && i+1 < len(s) && (s[i] == '.' || s[i] == ')') && s[i+1] == ' '
}
