package briefs

import (
	"strings"
	"unicode/utf8"
)

// MergeMentions fills a mention's missing key, name and surname from each other and merges
// mentions of the same key, so a briefing mentions each person once. fit, when not nil, may
// adjust each filled-in mention to what a store can hold, and drops it by returning false.
func MergeMentions(in []Mention, fit func(*Mention) bool) []Mention {
	out := make([]Mention, 0, len(in))
	at := make(map[string]int, len(in))
	for _, m := range in {
		if m.Key == "" {
			m.Key = PersonKey(m.Name)
		}
		if m.Key == "" {
			continue
		}
		if m.Name == "" {
			m.Name = m.Key
		}
		if m.Surname == "" {
			m.Surname = SurnameKey(m.Name)
		}
		m.Count = max(m.Count, 1)
		if fit != nil && !fit(&m) {
			continue
		}
		i, seen := at[m.Key]
		if !seen {
			at[m.Key] = len(out)
			out = append(out, m)
			continue
		}
		o := &out[i]
		o.Count += m.Count
		o.Partial = o.Partial && m.Partial
		o.Name = FullerName(o.Name, m.Name)
		if o.Role == "" {
			o.Role = m.Role
		}
		if o.Sentence == "" {
			o.Sentence = m.Sentence
		}
	}
	return out
}

// FullerName returns the fuller of two spellings of a name: more words, then more letters; a on
// ties. The people index shows a person by their fullest name.
func FullerName(a, b string) string {
	wa, wb := len(strings.Fields(a)), len(strings.Fields(b))
	if wb > wa || wb == wa && utf8.RuneCountInString(b) > utf8.RuneCountInString(a) {
		return b
	}
	return a
}
