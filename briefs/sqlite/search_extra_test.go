package sqlite

import (
	"strings"
	"testing"

	"github.com/briefbot/briefbot/briefs"
)

func TestSearchExtra(t *testing.T) {
	tests := []struct {
		name string
		b    briefs.Briefing
		want string
	}{
		{"folded once each, in order", briefs.Briefing{
			Title:    "Radosław Sikorski meets Søren",
			Summary:  "Poland’s “envoy” Wiśniewski and Radosław spoke.",
			Analysis: "Ελλάδα stays Greek; naïve-looking José"},
			"radoslaw soren wisniewski naive jose"},
		{"plain ASCII adds nothing", briefs.Briefing{Title: "NATO Allies Meet", Summary: "Rutte said so."}, ""},
		{"a non-ASCII rune at either end", briefs.Briefing{Title: "ł", Summary: "Łódź"}, "l lodz"},
		{"empty", briefs.Briefing{}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := searchExtra(&tt.b); got != tt.want {
				t.Errorf("searchExtra = %q, want %q", got, tt.want)
			}
		})
	}
	huge := briefs.Briefing{Analysis: strings.Repeat("Wiśniewski ’ ", 100000)}
	if got := searchExtra(&huge); got != "wisniewski" {
		t.Errorf("huge: %q", got)
	}
}
