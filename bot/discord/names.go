package discord

import (
	"context"
	"log/slog"
	"strings"

	"github.com/briefbot/briefbot/briefs"
)

// PeopleNames is the part of briefs.Store that autocompletion reads.
type PeopleNames interface {
	PeopleNames(ctx context.Context) ([]string, error)
}

// NameSuggester adapts a people index to Options.Names: the names whose full name or any word
// starts with what was typed, ignoring case and accents; full-name matches first, at most 25.
// An empty prefix suggests the first 25 names. Errors are logged and suggest nothing.
func NameSuggester(st PeopleNames, log *slog.Logger) func(ctx context.Context, prefix string) []string {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return func(ctx context.Context, prefix string) []string {
		names, err := st.PeopleNames(ctx)
		if err != nil {
			log.Warn("discord: loading names for autocompletion", "err", err)
			return nil
		}
		want := briefs.FoldName(prefix)
		var first, rest []string
		for _, n := range names {
			folded := briefs.FoldName(n)
			switch {
			case strings.HasPrefix(folded, want):
				first = append(first, n)
			case wordPrefix(folded, want):
				rest = append(rest, n)
			}
			if len(first) == maxChoices {
				break
			}
		}
		out := append(first, rest...)
		return out[:min(len(out), maxChoices)]
	}
}

func wordPrefix(folded, want string) bool {
	for _, w := range strings.FieldsFunc(folded, func(r rune) bool { return r == ' ' || r == '-' }) {
		if strings.HasPrefix(w, want) {
			return true
		}
	}
	return strings.HasPrefix(folded, want)
}
