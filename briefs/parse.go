package briefs

import (
	"bytes"
	"encoding/binary"
	"path/filepath"
	"strings"
	"time"
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
	if len(data) >= 2 && (data[0] == 0xFF && data[1] == 0xFE || data[0] == 0xFE && data[1] == 0xFF) {
		return "", Errorf(ErrInvalid, "not UTF-8 text") // a UTF-16 byte-order mark
	}
	if !utf8.Valid(data) {
		if bytes.IndexByte(data, 0) >= 0 || looksBinary(data) {
			return "", Errorf(ErrInvalid, "binary data")
		}
		return "", Errorf(ErrInvalid, "not UTF-8 text")
	}
	var sb strings.Builder
	start, controls := 0, 0 // data[start:i] is clean and not yet written
	for i := nextSpecial(data, 0); i < len(data); i = nextSpecial(data, i) {
		c := data[i]
		drop, newline := 1, false
		switch {
		case c == '\r':
			newline = i+1 >= len(data) || data[i+1] != '\n' // a lone CR ends a line
		case c == 0:
			return "", Errorf(ErrInvalid, "binary data")
		case c < 0x80:
			if c != '\f' && c != '\v' && c != 0x1B {
				controls++
			}
		case c == 0xC2 && data[i+1] < 0xA0: // C1 controls U+0080..U+009F (data is valid UTF-8)
			drop = 2
		case c == 0xE2 && data[i+1] == 0x80 && (data[i+2] == 0xA8 || data[i+2] == 0xA9):
			drop, newline = 3, true // line and paragraph separators
		case c == 0xEF && data[i+1] == 0xBB && data[i+2] == 0xBF:
			drop = 3 // byte-order marks, leading or stray
		default:
			i++
			continue
		}
		if sb.Cap() == 0 {
			sb.Grow(len(data))
		}
		sb.Write(data[start:i])
		if newline {
			sb.WriteByte('\n')
		}
		i += drop
		start = i
	}
	if controls > 0 && controls*20 > len(data) {
		return "", Errorf(ErrInvalid, "binary data")
	}
	if start == 0 {
		return string(data), nil
	}
	sb.Write(data[start:])
	return sb.String(), nil
}

// nextSpecial returns the index of the first byte at or after i that may need cleaning, or
// len(data). It skips eight plain bytes at a time.
func nextSpecial(data []byte, i int) int {
	for i+8 <= len(data) {
		if plainASCII(binary.LittleEndian.Uint64(data[i:])) {
			i += 8
			continue
		}
		for end := i + 8; i < end; i++ {
			if mayNeedCleaning[data[i]] {
				return i
			}
		}
	}
	for ; i < len(data); i++ {
		if mayNeedCleaning[data[i]] {
			return i
		}
	}
	return len(data)
}

// plainASCII reports whether the 8 bytes in x are all printable ASCII (0x20..0x7E), eight at a
// time: no byte below 0x20, none with the high bit, none equal to 0x7F.
func plainASCII(x uint64) bool {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	below20 := (x - ones*0x20) & ^x & highs
	del := x ^ (ones * 0x7F)
	isDel := (del - ones) & ^del & highs
	return (x&highs | below20 | isDel) == 0
}

// mayNeedCleaning marks the bytes cleanText must look at: ASCII controls other than newline and
// tab, DEL, and the lead bytes of C1 controls (0xC2), separators (0xE2) and BOMs (0xEF).
var mayNeedCleaning = func() (t [256]bool) {
	for c := range 0x20 {
		t[c] = c != '\n' && c != '\t'
	}
	t[0x7F], t[0xC2], t[0xE2], t[0xEF] = true, true, true, true
	return t
}()

// looksBinary reports many control bytes in the first 8 KiB.
func looksBinary(data []byte) bool {
	head := data[:min(len(data), 8192)]
	ctl := 0
	for _, c := range head {
		if c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f' && c != '\v' && c != 0x1B {
			ctl++
		}
	}
	return ctl > 0 && ctl*20 > len(head)
}

// nextLine returns the first line of s trimmed of surrounding white space, the offset in s
// where the trimmed line starts, and the rest after the line.
func nextLine(s string) (line string, start int, rest string) {
	raw := s
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		raw, rest = s[:i], s[i+1:]
	}
	line = strings.TrimSpace(raw)
	if len(line) != len(raw) && line != "" {
		start = strings.Index(raw, line) // the first match is after the leading space
	}
	return line, start, rest
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
