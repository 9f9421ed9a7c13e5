package briefs

import (
	"strings"
	"testing"
)

// TestLexiconEntriesAreLookupable checks every lexicon word can match: lookups use one folded
// token, so an entry with capitals, diacritics or a space would silently never match.
func TestLexiconEntriesAreLookupable(t *testing.T) {
	lists := map[string][]string{
		"officeWords": officeWords, "domainWords": domainWords, "modifierWords": modifierWords,
		"honorifics": honorifics, "speechWords": speechWords, "adverbsBeforeSpeech": adverbsBeforeSpeech,
		"nationWords": nationWords, "placeWords": placeWords, "orgWords": orgWords, "headWords": headWords,
		"placeModWords": placeModWords, "calendarWords": calendarWords, "commonWords": commonWords,
		"surnameParticleWords": surnameParticleWords, "ambiguousGiven": ambiguousGiven,
	}
	for name, words := range lists {
		for _, w := range words {
			if w == "" || w != FoldName(w) || strings.ContainsAny(w, " \t") || len(w) > maxLookup {
				t.Errorf("%s: entry %q can never match a folded token", name, w)
			}
		}
	}
	for nick, full := range givenNameVariants {
		if nick == full || FoldName(nick) != nick || FoldName(full) != full {
			t.Errorf("givenNameVariants: %q → %q is not a folded variant pair", nick, full)
		}
	}
	for v, c := range surnameVariants {
		if v == c || FoldName(v) != v || FoldName(c) != c {
			t.Errorf("surnameVariants: %q → %q is not a folded variant pair", v, c)
		}
	}
}

func TestClassify(t *testing.T) {
	tests := []struct {
		word string
		has  wordClass
	}{
		{"President", clsOffice}, {"spokesman", clsOffice}, {"Kremlin", clsOrg}, {"U.S.", clsNation},
		{"Strait", clsHead}, {"USS", clsPlaceMod}, {"May", clsCalendar}, {"However", clsCommon},
		{"von", clsParticle}, {"said", clsSpeech}, {"Brussels", clsPlace}, {"Israel", clsAmbiguousGiven},
		{"Zürich", 0}, {strings.Repeat("a", 100), 0},
	}
	for _, tt := range tests {
		got := classify(tt.word)
		if tt.has == 0 && got != 0 || tt.has != 0 && got&tt.has == 0 {
			t.Errorf("classify(%.20q) = %b, want bits %b", tt.word, got, tt.has)
		}
	}
}
