package bot

import (
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// Split cuts text into parts of at most limit runes each, for platforms that cap message
// length. See SplitFunc for where it cuts.
func Split(text string, limit int) []string {
	return SplitFunc(text, limit, utf8.RuneCountInString)
}

// RuneLen counts a string in Unicode code points, the unit Discord's limits use.
func RuneLen(s string) int { return utf8.RuneCountInString(s) }

// UTF16Len counts a string in UTF-16 code units, the unit Telegram's 4096 limit uses.
func UTF16Len(s string) int {
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r) // invalid bytes decode as U+FFFD: one unit
	}
	return n
}

// SplitFunc cuts text into parts whose measure is at most limit. It cuts at the last paragraph
// end that fits, else the last line end, else the last sentence end, else the last space, and only when a single word is
// longer than limit inside that word — and then still between whole runes, never inside a UTF-8
// sequence. Whitespace at the cuts is dropped; empty parts are never returned. measure must grow
// with the prefix it is given (RuneLen, UTF16Len, len). It splits plain text: adapters escape
// each part afterwards, so a cut can never fall inside markup.
func SplitFunc(text string, limit int, measure func(string) int) []string {
	text = strings.TrimSpace(text)
	if text == "" {
		return nil
	}
	if limit < 1 {
		limit = 1
	}
	var parts []string
	for text != "" {
		fit := fittingPrefix(text, limit, measure)
		if fit == len(text) {
			parts = append(parts, text)
			break
		}
		cut := cutPoint(text[:fit], text[fit:])
		part := strings.TrimRightFunc(text[:cut], unicode.IsSpace)
		if part == "" { // only whitespace fitted: fall back to the hard cut
			cut = fit
			part = text[:fit]
		}
		parts = append(parts, part)
		text = strings.TrimLeftFunc(text[cut:], unicode.IsSpace)
	}
	return parts
}

// fittingPrefix returns the length in bytes of the longest prefix of text, ending on a rune
// boundary, whose measure is at most limit; at least one rune so splitting always progresses.
// It gallops forward from limit bytes and then bisects, so a part costs O(limit·log limit)
// measuring however long the rest of the text is.
func fittingPrefix(text string, limit int, measure func(string) int) int {
	lo, hi := 0, len(text) // measure(text[:lo]) <= limit; text[:hi] too long, or the whole text
	for step := max(limit, 1); ; step *= 2 {
		probe := runeBoundary(text, lo+step)
		if probe >= len(text) {
			if measure(text) <= limit {
				return len(text)
			}
			break
		}
		if measure(text[:probe]) > limit {
			hi = probe
			break
		}
		lo = probe
	}
	for hi-lo > 1 {
		mid := runeBoundary(text, (lo+hi)/2)
		if mid >= hi { // no rune boundary strictly between lo and hi
			break
		}
		if measure(text[:mid]) <= limit {
			lo = mid
		} else {
			hi = mid
		}
	}
	if lo == 0 { // not even one rune fits: take one anyway
		_, size := utf8.DecodeRuneInString(text)
		return size
	}
	return lo
}

// runeBoundary returns the first rune start at or after i, or len(text).
func runeBoundary(text string, i int) int {
	for i < len(text) && !utf8.RuneStart(text[i]) {
		i++
	}
	return min(i, len(text))
}

// cutPoint chooses where to end a part inside head (the prefix that fits); tail is what follows.
// A paragraph or sentence end counts only past the first half, so parts don't come out tiny.
func cutPoint(head, tail string) int {
	half := len(head) / 2
	if i := strings.LastIndex(head, "\n\n"); i > 0 && i >= half {
		return i
	}
	if i := strings.LastIndex(head, "\n"); i > 0 && i >= half {
		return i
	}
	if i := lastSentenceEnd(head, tail); i > 0 && i >= half {
		return i
	}
	if i := lastSpace(head, tail); i > 0 {
		return i
	}
	return len(head)
}

// lastSentenceEnd returns the byte offset just after the last ". ", "! ", "? " or "…" followed
// by whitespace in head, or -1.
func lastSentenceEnd(head, tail string) int {
	for i := len(head); i > 0; {
		r, size := utf8.DecodeLastRuneInString(head[:i])
		if unicode.IsSpace(r) {
			p, _ := utf8.DecodeLastRuneInString(head[:i-size])
			switch p {
			case '.', '!', '?', '…', '。', '！', '？':
				return i - size
			}
		}
		i -= size
	}
	// The fitting prefix may end exactly at a sentence end.
	if r, _ := utf8.DecodeRuneInString(tail); unicode.IsSpace(r) {
		switch p, _ := utf8.DecodeLastRuneInString(head); p {
		case '.', '!', '?', '…', '。', '！', '？':
			return len(head)
		}
	}
	return -1
}

// lastSpace returns the offset of the last whitespace in head (or len(head) when tail starts
// with whitespace), or -1 when head is one unbroken word.
func lastSpace(head, tail string) int {
	if r, _ := utf8.DecodeRuneInString(tail); unicode.IsSpace(r) {
		return len(head)
	}
	return strings.LastIndexFunc(head, unicode.IsSpace)
}
