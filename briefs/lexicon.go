package briefs

import "unicode/utf8"

// wordClass is a bit set of what a folded word can be; one word may be several things
// ("general" is an office, "may" a month and a modal verb).
type wordClass uint32

const (
	clsOffice wordClass = 1 << iota
	clsDomain
	clsModifier
	clsHonorific
	clsNation
	clsPlace
	clsOrg
	clsHead
	clsPlaceMod
	clsCalendar
	clsCommon
	clsParticle
	clsSpeech
	clsAdverb
	clsAmbiguousGiven
	clsArabicPrefix
	clsAdjSuffix
	clsAbbrev
)

// clsNotName marks words that are never part of a person's name.
const clsNotName = clsOffice | clsDomain | clsModifier | clsHonorific | clsNation | clsPlace | clsOrg |
	clsHead | clsPlaceMod | clsCalendar | clsCommon

// clsRoleWord marks words a role phrase may be made of.
const clsRoleWord = clsOffice | clsDomain | clsModifier | clsNation | clsPlace | clsOrg | clsHead

// lexicon maps a folded word to its classes. It is built once at init and only read afterwards,
// so concurrent extraction needs no locking.
var lexicon = func() map[string]wordClass {
	m := make(map[string]wordClass, 2048)
	add := func(c wordClass, words []string) {
		for _, w := range words {
			m[w] |= c
		}
	}
	add(clsOffice, officeWords)
	add(clsDomain, domainWords)
	add(clsModifier, modifierWords)
	add(clsHonorific, honorifics)
	add(clsNation, nationWords)
	add(clsPlace, placeWords)
	add(clsOrg, orgWords)
	add(clsHead, headWords)
	add(clsPlaceMod, placeModWords)
	add(clsCalendar, calendarWords)
	add(clsCommon, commonWords)
	add(clsParticle, surnameParticleWords)
	add(clsSpeech, speechWords)
	add(clsAdverb, adverbsBeforeSpeech)
	add(clsAmbiguousGiven, ambiguousGiven)
	return m
}()

// Small lexicons consulted with their own maps because they apply to parts of a word.
var (
	arabicPrefixSet    = setOf(arabicPrefixes)
	adjectiveSuffixSet = setOf(adjectiveSuffixes)
	abbreviationSet    = setOf(abbreviations)
)

func setOf(words []string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

// acronymOnly are lexicon words that count only when written in capitals: "UN" is an
// organisation, but "Un" is the last word of "Kim Jong Un" and "Ria" a given name.
var acronymOnly = setOf([]string{
	"us", "usa", "uk", "eu", "un", "uae", "au", "ap", "pa", "pis", "spd", "cdu", "csu", "afd", "anc",
	"sco", "oas", "icc", "icj", "pla", "kmt", "dpp", "hts", "sdf", "ypg", "pkk", "plo", "cnn", "bbc",
	"afp", "ria", "nsc", "jcs", "gop", "sbu", "fsb", "gru", "svr", "idf", "nsa", "dni", "dhs", "fbi",
	"cia", "imf", "wto", "ecb", "mp", "mep", "doge", "irgc", "nasa", "odni",
})

// bareInitials are initials written without dots that stand for given names ("JD Vance").
var bareInitials = setOf([]string{"JD", "RFK", "JFK", "AOC", "MBS", "MBZ", "LBJ", "FDR", "DJ", "TJ", "CJ", "AJ", "PJ", "BJ"})

// maxLookup bounds the words worth looking up; no lexicon entry is longer.
const maxLookup = 40

// foldForLookup folds word into buf for a map lookup without allocating when word is ASCII.
// It returns nil when the word is too long to be in any lexicon.
func foldForLookup(buf *[maxLookup]byte, word string) []byte {
	if len(word) > maxLookup {
		return nil
	}
	for i := 0; i < len(word); i++ {
		c := word[i]
		if c >= utf8.RuneSelf {
			f := FoldName(word)
			if len(f) > maxLookup {
				return nil
			}
			return buf[:copy(buf[:], f)]
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf[i] = c
	}
	return buf[:len(word)]
}

// classify returns the classes of one word as written.
func classify(word string) wordClass {
	var buf [maxLookup]byte
	b := foldForLookup(&buf, word)
	if b == nil {
		return 0
	}
	return lexicon[string(b)]
}
