package briefs

import (
	"bytes"
	"path/filepath"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// MaxBriefingBytes is the largest input the parsers accept: 1 MiB.
const MaxBriefingBytes = 1 << 20

// Parse reads one briefing file. It reads Markdown for a .md or .markdown name or for content
// that opens with a front matter block ("---"), else the scraped text format. The publication
// date comes from the front matter, else modTime (in UTC). Origin is set to name.
// Unreadable input is an error of kind ErrInvalid whose message gives the reason in plain words.
func Parse(name string, data []byte, modTime time.Time) (Briefing, error) {
	var (
		b   Briefing
		err error
	)
	if isMarkdownName(name) || hasFrontMatter(data) {
		b, err = ParseMarkdown(data)
	} else {
		b, err = ParseText(data)
	}
	if err != nil {
		return Briefing{}, err
	}
	if b.Published.IsZero() {
		b.Published = modTime.UTC()
	}
	b.Origin = name
	return b, nil
}

func isMarkdownName(name string) bool {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".md", ".markdown":
		return true
	}
	return false
}

// hasFrontMatter reports whether data opens with a "---" line, after an optional BOM and blank lines.
func hasFrontMatter(data []byte) bool {
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	data = bytes.TrimLeft(data, " \t\r\n")
	if !bytes.HasPrefix(data, []byte("---")) {
		return false
	}
	rest := bytes.TrimRight(data[3:min(len(data), 64)], " \t")
	return len(rest) == 0 || rest[0] == '\n' || rest[0] == '\r'
}

// cleanText checks raw input and returns it as text: BOM removed, line endings made "\n",
// control characters other than newline and tab removed. It rejects input that is too large,
// binary or not UTF-8 with an ErrInvalid error.
func cleanText(data []byte) (string, error) {
	if len(data) > MaxBriefingBytes {
		return "", Errorf(ErrInvalid, "larger than 1 MiB")
	}
	if bytes.HasPrefix(data, []byte{0xFF, 0xFE}) || bytes.HasPrefix(data, []byte{0xFE, 0xFF}) {
		return "", Errorf(ErrInvalid, "not UTF-8 text") // a UTF-16 byte-order mark
	}
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	if looksBinary(data) {
		return "", Errorf(ErrInvalid, "binary data")
	}
	if !utf8.Valid(data) {
		return "", Errorf(ErrInvalid, "not UTF-8 text")
	}
	var sb strings.Builder
	sb.Grow(len(data))
	start := 0 // data[start:i] is clean and not yet written
	for i := 0; i < len(data); {
		c := data[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != 0x7F || c == '\n' || c == '\t' {
				i++
				continue
			}
			sb.Write(data[start:i])
			if c == '\r' {
				if i+1 >= len(data) || data[i+1] != '\n' {
					sb.WriteByte('\n') // a lone CR ends a line
				}
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRune(data[i:])
		if unicode.IsControl(r) || r == '\ufeff' || r == '\u2028' || r == '\u2029' {
			sb.Write(data[start:i])
			if r == '\u2028' || r == '\u2029' {
				sb.WriteByte('\n')
			}
			start = i + size
		}
		i += size
	}
	sb.Write(data[start:])
	return sb.String(), nil
}

// looksBinary reports NUL bytes, or many control bytes, in the first 8 KiB.
func looksBinary(data []byte) bool {
	head := data[:min(len(data), 8192)]
	if bytes.IndexByte(data, 0) >= 0 {
		return true
	}
	ctl := 0
	for _, c := range head {
		if c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f' && c != '\v' && c != 0x1B {
			ctl++
		}
	}
	return ctl > 0 && ctl*20 > len(head)
}

// nextLine returns the first line of s, trimmed of surrounding white space, and the rest after it.
func nextLine(s string) (line, rest string) {
	i := strings.IndexByte(s, '\n')
	if i < 0 {
		return strings.TrimSpace(s), ""
	}
	return strings.TrimSpace(s[:i]), s[i+1:]
}

// checkBody returns the ErrInvalid rejection for a briefing without a title or body, else nil.
func checkBody(b *Briefing) error {
	if b.Title == "" {
		return Errorf(ErrInvalid, "no title")
	}
	if b.Summary == "" && b.Analysis == "" {
		return Errorf(ErrInvalid, "no body")
	}
	return nil
}
