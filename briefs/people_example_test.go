package briefs

import (
	"os"
	"strings"
	"testing"
)

// exampleBriefing builds the Briefing of /work/shared/examples/briefing-example.txt by hand from
// its sections, so extraction is tested without the parser.
func exampleBriefing(t testing.TB) Briefing {
	t.Helper()
	raw, err := os.ReadFile("testdata/people/example.txt")
	if err != nil {
		t.Fatalf("read example: %v", err)
	}
	return splitScraped(t, string(raw))
}

// splitScraped cuts a briefing in the scraped page format into its sections.
func splitScraped(t testing.TB, raw string) Briefing {
	t.Helper()
	lines := strings.Split(strings.ReplaceAll(raw, "\r\n", "\n"), "\n")
	var b Briefing
	section := ""
	var summary, analysis []string
	for _, l := range lines {
		trimmed := strings.TrimSpace(l)
		switch trimmed {
		case "Executive Summary":
			section = "summary"
			continue
		case "Analysis":
			section = "analysis"
			continue
		case "Sources":
			section = "sources"
			continue
		case "Previous":
			section = "prev"
			continue
		case "Next":
			section = "next"
			continue
		}
		switch section {
		case "":
			if b.Title == "" && trimmed != "" {
				b.Title = trimmed
			}
		case "summary":
			summary = append(summary, l)
		case "analysis":
			analysis = append(analysis, l)
		case "sources":
			if trimmed != "" {
				b.Sources = append(b.Sources, trimmed)
			}
		case "prev":
			if trimmed != "" {
				b.Prev.Title = trimmed
			}
		case "next":
			if trimmed != "" {
				b.Next.Title = trimmed
			}
		}
	}
	b.Summary = strings.TrimSpace(strings.Join(summary, "\n"))
	b.Analysis = strings.TrimSpace(strings.Join(analysis, "\n"))
	if b.Title == "" || b.Summary == "" {
		t.Fatalf("briefing has no title or summary: %.80q", raw)
	}
	return b
}

func TestExtractPeopleExample(t *testing.T) {
	want := []struct {
		name, role string
		count      int
	}{
		{"Donald Trump", "U.S. President", 9},
		{"Vladimir Putin", "Russian President", 6},
		{"Pete Hegseth", "U.S. Defense Secretary", 2},
		{"Volodymyr Zelenskyy", "Ukrainian President", 2},
		{"Joe Biden", "", 1}, // "his predecessor" is a relation, not an office
		{"Annalena Baerbock", "German Foreign Minister", 1},
		{"Baiba Braže", "Latvian Foreign Minister", 1},
		{"Radosław Sikorski", "Poland’s Foreign Minister", 1},
		{"Dmitry Peskov", "Kremlin spokesman", 1},
		{"Marco Rubio", "Secretary of State", 1},
		{"John Ratcliffe", "CIA Director", 1},
		{"Michael Waltz", "National Security Adviser", 1},
	}
	got := ExtractPeople(exampleBriefing(t))
	if len(got) != len(want) {
		for _, m := range got {
			t.Logf("got %q role %q", m.Name, m.Role)
		}
		t.Fatalf("got %d people, want %d", len(got), len(want))
	}
	for i, w := range want {
		m := got[i]
		if m.Name != w.name || m.Role != w.role || m.Count != w.count || m.Partial {
			t.Errorf("person %d = {%q, %q, count %d, partial %v}, want {%q, %q, count %d}",
				i, m.Name, m.Role, m.Count, m.Partial, w.name, w.role, w.count)
		}
		if m.Key != PersonKey(w.name) || m.Surname != SurnameKey(w.name) {
			t.Errorf("%s: key %q surname %q, want %q %q", w.name, m.Key, m.Surname, PersonKey(w.name), SurnameKey(w.name))
		}
		if !strings.Contains(m.Sentence, w.name) || strings.Contains(m.Sentence, "\n") {
			t.Errorf("%s: sentence %q does not hold the first mention", w.name, m.Sentence)
		}
	}
	if got[0].Sentence != "U.S. President Donald Trump and Russian President Vladimir Putin have agreed to initiate immediate negotiations to end the war in Ukraine, bypassing NATO and other Western allies." {
		t.Errorf("Trump's sentence = %q", got[0].Sentence)
	}
}
