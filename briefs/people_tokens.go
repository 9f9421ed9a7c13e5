package briefs

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// tokKind says what a token is.
type tokKind uint8

const (
	tkWord  tokKind = iota
	tkComma         // ,
	tkOpen          // ( [
	tkClose         // ) ]
	tkQuote         // any quotation mark
	tkOther         // any other punctuation or symbol
)

// Token flags.
const (
	fCap          uint16 = 1 << iota // starts with an upper-case letter
	fAllCaps                         // two or more letters, all upper-case ("NATO", "U.S.")
	fPoss                            // followed by a possessive ’s or ’ (cut from the token)
	fStart                           // first word of a sentence, clause, quote or heading
	fParticleName                    // Arabic prefix joined to a capitalised name ("al-Sharaa")
	fAdj                             // hyphenated adjective ("Russian-held", "U.S.-led")
	fInitial                         // a single capital letter with its dot ("J.")
	fRoman                           // a regnal number ("II", "III")
	fInitials                        // initials standing for given names ("J.D.", "JD")
	fHyphen                          // holds a hyphen between letters
	fDotted                          // holds or ends with an initial's dot
	fClassified                      // cls and the flags above fRoman are set: see classifyTok
)

// tok is one token of a text: byte offsets, the sentence it is in, and what it is.
type tok struct {
	start, end int32 // text[start:end]; a possessive ending is outside
	sent       int32 // index into the sentence list
	kind       tokKind
	flags      uint16
	cls        wordClass
}

// sentence is a byte range of the text.
type sentence struct{ start, end int32 }

func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

func isHyphen(r rune) bool     { return r == '-' || r == '\u2010' || r == '\u2011' }
func isApostrophe(r rune) bool { return r == '\'' || r == '\u2019' || r == '\u02bc' }

// runeAt decodes the rune at i, or returns 0 past the end.
func runeAt(s string, i int) (rune, int) {
	if i >= len(s) {
		return 0, 0
	}
	if c := s[i]; c < utf8.RuneSelf {
		return rune(c), 1
	}
	return utf8.DecodeRuneInString(s[i:])
}

// tokenize splits text into tokens and sentences, appending to the slices given (so callers may
// reuse them). It never fails: unknown symbols become tkOther, control characters are skipped.
func tokenize(text string, toks []tok, sents []sentence) ([]tok, []sentence) {
	sentStart := int32(-1)
	clauseStart := true
	closeSentence := func(end int) {
		if sentStart >= 0 {
			sents = append(sents, sentence{sentStart, int32(end)})
			sentStart = -1
		}
		clauseStart = true
	}
	emit := func(t tok) {
		if sentStart < 0 {
			sentStart = t.start
		}
		t.sent = int32(len(sents))
		toks = append(toks, t)
	}
	for i := 0; i < len(text); {
		if text[i] == ' ' {
			i++ // the most common separator, without the switch below
			continue
		}
		r, size := runeAt(text, i)
		switch {
		case isWordRune(r):
			t, next := scanWord(text, i)
			if clauseStart {
				t.flags |= fStart
				clauseStart = false
			}
			emit(t)
			i = next
			continue
		case r == '.' || r == '!' || r == '?' || r == '\u2026':
			if sentStart >= 0 {
				closeSentence(i + size)
			}
		case r == '\n':
			closeSentence(i)
		case r == ',':
			emit(tok{start: int32(i), end: int32(i + size), kind: tkComma})
		case r == '(' || r == '[':
			emit(tok{start: int32(i), end: int32(i + size), kind: tkOpen})
			clauseStart = true
		case r == ')' || r == ']':
			emit(tok{start: int32(i), end: int32(i + size), kind: tkClose})
		case r == '"' || r == '\u201c' || r == '\u201d' || r == '\u201e' || r == '\u00ab' || r == '\u00bb' || r == '\u2018':
			emit(tok{start: int32(i), end: int32(i + size), kind: tkQuote})
			clauseStart = r != '\u201d' && r != '\u00bb'
		case r == ':' || r == ';' || r == '\u2014' || r == '\u2013':
			emit(tok{start: int32(i), end: int32(i + size), kind: tkOther})
			clauseStart = r == ':'
		case unicode.IsSpace(r) || unicode.IsControl(r) || r == utf8.RuneError && size <= 1:
			// separators and noise
		default:
			emit(tok{start: int32(i), end: int32(i + size), kind: tkOther})
		}
		if size == 0 {
			size = 1
		}
		i += size
	}
	closeSentence(len(text))
	return toks, sents
}

// scanWord reads the word starting at i and returns it with the offset after it. Hyphens and
// apostrophes between letters stay inside ("Ching-te", "O’Brien"); a possessive ’s is cut and
// flagged; a dot stays when it belongs to initials or a known abbreviation ("U.S.", "J.", "Gen.").
func scanWord(text string, i int) (tok, int) {
	start, j := i, i
	segStart, segLen, dotted, poss, hyphen := i, 0, false, false, false
	after := -1
	upper, letters, ascii := 0, 0, true // case counts while the word is ASCII, to skip caseFlags
loop:
	for j < len(text) {
		if c := text[j]; 'a' <= c && c <= 'z' || '0' <= c && c <= '9' {
			j++ // the common case, without decoding
			segLen++
			if c >= 'a' {
				letters++
			}
			continue
		} else if 'A' <= c && c <= 'Z' {
			j++
			segLen++
			letters++
			upper++
			continue
		}
		r, size := runeAt(text, j)
		switch {
		case isWordRune(r):
			j += size
			segLen++
			ascii = false
		case isHyphen(r):
			if n, _ := runeAt(text, j+size); isWordRune(n) {
				j += size
				segStart, segLen, hyphen = j, 0, true
				continue
			}
			break loop
		case isApostrophe(r):
			n, nsize := runeAt(text, j+size)
			if n == 's' || n == 'S' {
				if m, _ := runeAt(text, j+size+nsize); !isWordRune(m) {
					poss, after = true, j+size+nsize
					break loop
				}
			}
			if isWordRune(n) {
				j += size
				segStart, segLen = j, 0
				continue
			}
			if text[j-1] == 's' {
				poss, after = true, j+size
			}
			break loop
		case r == '.':
			n, _ := runeAt(text, j+1)
			if segLen == 1 && isWordRune(n) && !unicode.IsDigit(n) {
				j++
				segStart, segLen, dotted = j, 0, true
				continue
			}
			if !isWordRune(n) {
				first, _ := runeAt(text, segStart)
				if segLen == 1 && (dotted || unicode.IsUpper(first)) || abbreviationSet[strings.ToLower(text[start:j])] {
					j++
					dotted = true
				}
			}
			break loop
		default:
			break loop
		}
	}
	if after < 0 {
		after = j
	}
	t := tok{start: int32(start), end: int32(j), kind: tkWord}
	if poss {
		t.flags |= fPoss
	}
	word := text[start:j]
	if ascii {
		if 'A' <= word[0] && word[0] <= 'Z' {
			t.flags |= fCap
		}
		t.flags |= romanAllCaps(word, letters, upper)
	} else {
		t.flags |= caseFlags(word)
	}
	if len(word) == 2 && word[1] == '.' && t.flags&fCap != 0 {
		t.flags |= fInitial
	}
	if hyphen {
		t.flags |= fHyphen
	}
	if dotted {
		t.flags |= fDotted
	}
	return t, after
}
