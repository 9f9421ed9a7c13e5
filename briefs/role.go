package briefs

import "strings"

// RoleKey is the identity of an office for grouping a person's roles: the folded role without
// the words that only place it — articles, abbreviations ("U.S."), possessives ("NATO's",
// "the alliance's") and nationalities ("Finnish") in front. So "U.S. Secretary of State" and
// "Secretary of State" are one role, while a rank in front ("Major General") makes another.
func RoleKey(role string) string {
	words := strings.Fields(FoldName(role))
	for len(words) > 1 && isRoleQualifier(words[0]) {
		words = words[1:]
	}
	return strings.Join(words, " ")
}

// genericOwners are possessives that name no one in particular ("the alliance's secretary
// general"): dropped from role texts so the role reads as the office.
var genericOwners = setOf([]string{
	"alliance's", "bloc's", "group's", "country's", "organisation's", "organization's", "agency's",
	"party's", "government's", "kingdom's", "island's", "republic's", "union's", "nation's",
	"state's", "army's", "military's", "ministry's", "movement's", "company's", "city's",
})

// tidyRole drops a generic owner, with its article, from the front of a role text.
func tidyRole(role string) string {
	rest := role
	if len(rest) > 4 && strings.EqualFold(rest[:4], "the ") {
		rest = rest[4:]
	}
	owner, office, ok := strings.Cut(rest, " ")
	if ok && office != "" && genericOwners[strings.ToLower(strings.ReplaceAll(owner, "’", "'"))] {
		return office
	}
	return role
}

// isRoleQualifier is a word that places an office rather than changing it.
func isRoleQualifier(w string) bool {
	switch {
	case w == "the", w == "a", w == "an", w == "former", w == "then":
		return w != "former" && w != "then" // "former President" is a different standing
	case strings.Contains(w, "."), strings.HasSuffix(w, "'s"):
		return true
	}
	c := classify(w)
	return c&(clsNation|clsPlace) != 0 && c&(clsOffice|clsHead) == 0
}

// FullerRole picks the wording a role spell shows: the longer text ("NATO's secretary general"
// over "secretary general"), and on equal lengths the smaller in byte order, which prefers Title
// Case and does not depend on the order briefings arrive in. Both stores apply the same rule.
func FullerRole(a, b string) string {
	la, lb := len([]rune(a)), len([]rune(b))
	if lb > la || (lb == la && b < a) {
		return b
	}
	return a
}
