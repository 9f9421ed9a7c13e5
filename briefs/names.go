package briefs

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// foldLatin maps a lower-case Latin rune below U+0250 to its folded ASCII form ("" = keep rune);
// foldLatinExt does the same for Latin Extended Additional (U+1E00..U+1EFF). Both are built once at
// init from Unicode decomposition so FoldName needs no per-call normalisation or allocation beyond
// its result.
var (
	foldLatin    [0x250]string
	foldLatinExt [0x100]string
)

// foldSpecial covers letters that have no Unicode decomposition but an obvious ASCII spelling.
var foldSpecial = map[rune]string{
	'ł': "l", 'ø': "o", 'đ': "d", 'ð': "d", 'ß': "ss", 'æ': "ae", 'œ': "oe", 'þ': "th",
	'ı': "i", 'ħ': "h", 'ŧ': "t", 'ŀ': "l", 'ĸ': "k", 'ŋ': "ng", 'ſ': "s",
}

func init() {
	fill := func(r rune) string {
		if s, ok := foldSpecial[r]; ok {
			return s
		}
		var b strings.Builder
		for _, d := range norm.NFD.String(string(r)) {
			if unicode.Is(unicode.Mn, d) {
				continue
			}
			b.WriteRune(unicode.ToLower(d))
		}
		if b.Len() == 0 || b.String() == string(r) {
			return ""
		}
		return b.String()
	}
	for r := rune(0x80); r < 0x250; r++ {
		foldLatin[r] = fill(unicode.ToLower(r))
	}
	for r := rune(0x1E00); r < 0x1F00; r++ {
		foldLatinExt[r-0x1E00] = fill(unicode.ToLower(r))
	}
}

// foldRune appends the folded form of one rune to b and reports whether it was a space.
func foldRune(b []byte, r rune) ([]byte, bool) {
	switch {
	case r < utf8.RuneSelf:
		c := byte(r)
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f' {
			return b, true
		}
		if c < 0x20 || c == 0x7f {
			return b, false // control characters carry no meaning in a name
		}
		return append(b, c), false
	case r == '\u2018' || r == '\u2019' || r == '\u02bc' || r == '\u2032' || r == '\u00b4' || r == '\u0060':
		return append(b, '\''), false
	case r == '\u201c' || r == '\u201d' || r == '\u201e' || r == '\u00ab' || r == '\u00bb':
		return append(b, '"'), false
	case r >= '\u2010' && r <= '\u2013':
		return append(b, '-'), false
	case r == '\u00ad' || r == '\u200b' || r == '\u200c' || r == '\u200d' || r == '\ufeff':
		return b, false // soft hyphen and zero-width characters are invisible
	case unicode.IsSpace(r):
		return b, true
	case unicode.IsControl(r) || unicode.Is(unicode.Mn, r):
		return b, false
	}
	r = unicode.ToLower(r)
	if r < 0x250 {
		if s := foldLatin[r]; s != "" {
			return append(b, s...), false
		}
	} else if r >= 0x1E00 && r < 0x1F00 {
		if s := foldLatinExt[r-0x1E00]; s != "" {
			return append(b, s...), false
		}
	}
	return utf8.AppendRune(b, r), false
}

// FoldName returns s in the form used for name lookup: lower-case, diacritics removed
// ("Radosław" → "radoslaw", "ß" → "ss"), curly apostrophes and quotes made straight, dash-like
// hyphens made '-', invisible and control characters dropped, runs of space collapsed, trimmed.
func FoldName(s string) string {
	if isFolded(s) {
		return s
	}
	b := make([]byte, 0, len(s))
	pendingSpace := false
	for _, r := range s {
		var space bool
		n := len(b)
		b, space = foldRune(b, r)
		if space {
			pendingSpace = len(b) > 0
			continue
		}
		if pendingSpace && len(b) > n {
			// insert the collapsed space before what foldRune just appended
			b = append(b, 0)
			copy(b[n+1:], b[n:])
			b[n] = ' '
			pendingSpace = false
		}
	}
	return string(b)
}

// isFolded reports whether s is already lower-case, single-spaced, trimmed ASCII without controls.
func isFolded(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf || c < 0x20 || c == 0x7f || ('A' <= c && c <= 'Z') || c == '`' {
			return false
		}
		if c == ' ' && (i == 0 || i == len(s)-1 || s[i+1] == ' ') {
			return false
		}
	}
	return true
}

// nameTokens folds name and splits it into tokens ready for keying: a trailing possessive is cut
// ("Trump's" → "trump"), initials lose their dots ("J.D." → "jd") and stray punctuation at token
// edges is dropped.
func nameTokens(name string) []string {
	f := FoldName(name)
	if f == "" {
		return nil
	}
	toks := strings.Split(f, " ")
	out := toks[:0]
	for _, t := range toks {
		t = strings.Trim(t, ",;:!?\"()[]{}")
		t = strings.TrimPrefix(t, "'")
		if isInitials(t) {
			t = strings.ReplaceAll(t, ".", "")
		} else if !nameSuffixes[t] {
			t = strings.Trim(t, ".")
		}
		if t != "" {
			out = append(out, t)
		}
	}
	if n := len(out); n > 0 {
		last := out[n-1]
		if strings.HasSuffix(last, "'s") && len(last) > 2 {
			out[n-1] = last[:len(last)-2]
		} else if strings.HasSuffix(last, "s'") && len(last) > 2 {
			out[n-1] = last[:len(last)-1]
		}
		out[n-1] = strings.TrimRight(out[n-1], "'")
		if out[n-1] == "" {
			out = out[:n-1]
		}
	}
	return out
}

// isInitials reports whether t is one or more single letters each followed by a dot ("j.", "j.d.").
func isInitials(t string) bool {
	if len(t) < 2 || len(t)%2 != 0 {
		return false
	}
	for i := 0; i < len(t); i += 2 {
		if t[i] < 'a' || t[i] > 'z' || t[i+1] != '.' {
			return false
		}
	}
	return true
}

// PersonKey returns the identity key of a person's name: equal keys mean the same person.
// It is FoldName with the possessive cut, middle initials dropped ("Donald J. Trump" →
// "donald trump"), initials undotted, common nicknames and transliterations of the given name
// made canonical ("Mike Waltz" → "michael waltz", "Dmitri" → "dmitry") and known transliteration
// variants of the surname unified ("Zelensky" → "zelenskyy"). Suffixes such as "Jr." are kept:
// a son is not his father.
func PersonKey(name string) string {
	return personKeyOf(nameTokens(name))
}

// personKeyOf is PersonKey on tokens from nameTokens; it may change them.
func personKeyOf(toks []string) string {
	if len(toks) == 0 {
		return ""
	}
	if len(toks) > 2 {
		kept := toks[:1]
		for i := 1; i < len(toks); i++ {
			if len(toks[i]) == 1 && i < len(toks)-1 {
				continue // a middle initial
			}
			kept = append(kept, toks[i])
		}
		toks = kept
	}
	if len(toks) > 1 {
		if c, ok := givenNameVariants[toks[0]]; ok {
			toks[0] = c
		}
	}
	for i, t := range toks {
		if c, ok := surnameVariants[t]; ok {
			toks[i] = c
		}
	}
	return strings.Join(toks, " ")
}

// SurnameKey returns the folded surname of a name, with its particles: "Ursula von der Leyen" →
// "von der leyen", "Ahmed al-Sharaa" → "al-sharaa", "Mohammed bin Salman" → "bin salman".
// Suffixes ("Jr.", "III") are not surnames and are skipped.
//
// Chinese, Korean and Vietnamese names written family name first ("Xi Jinping", "Lai Ching-te",
// "Kim Jong Un") give their first token ("xi", "lai", "kim") when that token is a known East Asian
// family name and every following token looks like a given name (hyphenated, as in "Ching-te",
// a known given name, or one or two pinyin syllables, as in "Mao Ning"). "Kim Darroch" therefore
// keeps "darroch": Western order is the default.
func SurnameKey(name string) string {
	return surnameKeyOf(nameTokens(name))
}

// surnameKeyOf is SurnameKey on tokens from nameTokens.
func surnameKeyOf(toks []string) string {
	for len(toks) > 1 && nameSuffixes[toks[len(toks)-1]] {
		toks = toks[:len(toks)-1]
	}
	if len(toks) == 0 {
		return ""
	}
	if familyNameFirst(toks) {
		return canonicalSurname(toks[0])
	}
	start := len(toks) - 1
	for start > 0 && surnameParticles[toks[start-1]] {
		start-- // "von der leyen", also when written alone: "Von der Leyen said"
	}
	if start == len(toks)-1 {
		return canonicalSurname(toks[start])
	}
	return strings.Join(toks[start:], " ")
}

func canonicalSurname(t string) string {
	if c, ok := surnameVariants[t]; ok {
		return c
	}
	return t
}

// familyNameFirst reports whether folded tokens are an East Asian name in family-first order.
func familyNameFirst(toks []string) bool {
	if len(toks) < 2 || len(toks) > 3 || !eastAsianFamilyNames[toks[0]] {
		return false
	}
	for _, t := range toks[1:] {
		if !strings.Contains(t, "-") && !eastAsianGivenNames[t] && !isPinyinName(t) {
			return false
		}
	}
	return true
}
