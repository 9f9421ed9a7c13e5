package bot

import (
	"strings"
	"testing"

	"github.com/briefbot/briefbot/briefs"
)

func TestLevenshtein(t *testing.T) {
	tests := []struct {
		a, b  string
		limit int
		want  int
	}{
		{"rubio", "rubio", 2, 0},
		{"rubbio", "rubio", 2, 1},
		{"rubio", "rubo", 2, 1},
		{"kitten", "sitting", 5, 3},
		{"kitten", "sitting", 2, 3}, // stopped early: limit+1
		{"", "abc", 5, 3},
		{"wiśniewski", "wisniewski", 2, 1},
		{"abcdef", "a", 2, 3},
	}
	for _, tt := range tests {
		if got := levenshtein(tt.a, tt.b, tt.limit); got != tt.want {
			t.Errorf("levenshtein(%q, %q, %d) = %d, want %d", tt.a, tt.b, tt.limit, got, tt.want)
		}
	}
}

func TestSuggestNames(t *testing.T) {
	var cache []cachedName
	for _, n := range []string{"Marco Rubio", "Mark Rutte", "Kaja Kallas", "Donald Tusk", "Ursula von der Leyen"} {
		cache = append(cache, cachedName{display: n, folded: foldForTest(n), tokens: splitForTest(n)})
	}
	tests := []struct {
		query string
		want  string
	}{
		{"Rubbio", "Marco Rubio"},
		{"Rute", "Mark Rutte"},
		{"Marco Rubbio", "Marco Rubio"},
		{"Kalas", "Kaja Kallas"},
		{"Xy", ""},          // too short to guess
		{"Zzzzzzzz", ""},    // nothing close
		{"White House", ""}, // no one close
		{"von der Leyn", "Ursula von der Leyen"},
	}
	for _, tt := range tests {
		got := suggestNames(cache, tt.query, 1)
		if (len(got) == 0 && tt.want != "") || (len(got) > 0 && got[0] != tt.want) {
			t.Errorf("suggestNames(%q) = %q, want %q", tt.query, got, tt.want)
		}
	}
}

func TestNameCoversAndInstitutions(t *testing.T) {
	if !nameCovers("Kim Jong Un", "kim") || !nameCovers("Marco Rubio", "Rub") || nameCovers("Marco Rubio", "White House") {
		t.Error("nameCovers")
	}
	if !looksLikeInstitution("White House") || !looksLikeInstitution("the Kremlin") || looksLikeInstitution("Marco Rubio") {
		t.Error("looksLikeInstitution")
	}
	if looksLikeName("12345") || looksLikeName("a b c d e f g") || !looksLikeName("Lai Ching-te") {
		t.Error("looksLikeName")
	}
}

func foldForTest(s string) string { return briefs.FoldName(s) }

func splitForTest(s string) []string { return strings.Fields(briefs.FoldName(s)) }

func TestSameRole(t *testing.T) {
	tests := []struct {
		a, b string
		want bool
	}{
		{"Secretary of State", "U.S. Secretary of State", true},
		{"secretary of state", "Secretary of State", true},
		{"President", "Finnish President", true},
		{"secretary general", "NATO’s secretary general", true},
		{"General", "Major General", false},
		{"Foreign Minister", "Defence Minister", false},
		{"President", "Vice President", false},
		{"", "President", false},
		{"alliance's secretary general", "NATO’s secretary general", true},
		{"Russian President", "Finnish President", true},
		{"former President", "President", false},
	}
	for _, tt := range tests {
		if got := sameRole(tt.a, tt.b); got != tt.want {
			t.Errorf("sameRole(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}
