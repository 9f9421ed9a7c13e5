package briefs

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// classifyTok looks word token t up in the lexicon and refines its flags. It is done lazily
// (scanner.word), because most lower-case words are never looked at.
func classifyTok(text string, t *tok) {
	word := text[t.start:t.end]
	t.flags |= fClassified
	t.cls = classify(word)
	if t.flags&fAllCaps == 0 && t.cls&(clsOrg|clsNation|clsOffice) != 0 && len(word) <= 4 &&
		acronymOnly[strings.ToLower(word)] {
		t.cls = 0
	}
	if t.flags&fAllCaps != 0 && t.cls == 0 && (bareInitials[word] ||
		t.flags&fDotted != 0 && len(word) >= 4 && isInitials(strings.ToLower(word))) {
		t.flags |= fInitials
	}
	if t.flags&fHyphen != 0 {
		t.flags, t.cls = hyphenFlags(word, t.flags, t.cls)
	}
}

// caseFlags reports fCap, fAllCaps and fRoman for a word.
func caseFlags(word string) uint16 {
	var flags uint16
	letters, upper := 0, 0
	ascii := true
	for i := 0; i < len(word); i++ {
		c := word[i]
		if c >= utf8.RuneSelf {
			ascii = false
			break
		}
		if 'A' <= c && c <= 'Z' {
			upper++
			letters++
			if i == 0 {
				flags |= fCap
			}
		} else if 'a' <= c && c <= 'z' {
			letters++
		}
	}
	if ascii {
		return flags | romanAllCaps(word, letters, upper)
	}
	flags, letters, upper = 0, 0, 0
	for k, r := range word {
		if !unicode.IsLetter(r) {
			continue
		}
		letters++
		if unicode.IsUpper(r) {
			upper++
			if k == 0 {
				flags |= fCap
			}
		}
	}
	return flags | romanAllCaps(word, letters, upper)
}

func romanAllCaps(word string, letters, upper int) uint16 {
	if letters < 2 || upper != letters {
		return 0
	}
	if len(word) <= 5 && strings.Trim(word, "IVXL") == "" {
		return fAllCaps | fRoman // "Abdullah II", "Leo XIV"
	}
	return fAllCaps
}

// hyphenFlags refines a hyphenated word: "al-Sharaa" is a name token, "Russian-held" and "U.S.-led"
// are adjectives, "then-Defense" is a modifier joined to a role word.
func hyphenFlags(word string, flags uint16, cls wordClass) (uint16, wordClass) {
	cut := strings.IndexAny(word, "-\u2010\u2011")
	first := word[:cut]
	_, hsize := utf8.DecodeRuneInString(word[cut:])
	rest := word[cut+hsize:]
	lastCut := strings.LastIndexAny(word, "-\u2010\u2011")
	_, lsize := utf8.DecodeRuneInString(word[lastCut:])
	last := word[lastCut+lsize:]
	restFlags := caseFlags(rest)
	lowerFirst := flags&fCap == 0
	switch {
	case lowerFirst && restFlags&fCap != 0 && arabicPrefixSet[strings.ToLower(first)]:
		flags |= fParticleName | fCap
	case restFlags&fCap != 0 && classify(first)&clsModifier != 0:
		cls |= classify(rest) | clsModifier // "then-Defense Secretary", "Ex-President"
		flags |= fCap
	case flags&fCap != 0 && caseFlags(last)&fCap == 0:
		if adjectiveSuffixSet[strings.ToLower(last)] || classify(first)&(clsNation|clsPlace|clsOrg) != 0 {
			flags |= fAdj
		}
	}
	return flags, cls
}
