package briefs

import (
	"strings"
	"testing"
	"time"
)

// want is one expected mention in a table test: name as written, role, Partial.
type want struct {
	name, role string
	partial    bool
}

func TestExtractPeopleCases(t *testing.T) {
	tests := []struct {
		name     string
		analysis string
		want     []want
	}{
		{"title before name", "U.S. Defense Secretary Pete Hegseth spoke.",
			[]want{{"Pete Hegseth", "U.S. Defense Secretary", false}}},
		{"lower-case office", "Kremlin spokesman Dmitry Peskov declined to comment.",
			[]want{{"Dmitry Peskov", "Kremlin spokesman", false}}},
		{"curly possessive country", "Poland’s Foreign Minister Radosław Sikorski disagreed.",
			[]want{{"Radosław Sikorski", "Poland’s Foreign Minister", false}}},
		{"secretary of state", "The team was led by Secretary of State Marco Rubio.",
			[]want{{"Marco Rubio", "Secretary of State", false}}},
		{"appositive after", "Mark Rutte, NATO's secretary general, said the alliance was united.",
			[]want{{"Mark Rutte", "NATO's secretary general", false}}},
		{"appositive before", "NATO's secretary general, Mark Rutte, said so.",
			[]want{{"Mark Rutte", "NATO's secretary general", false}}},
		{"title-case office before", "NATO Secretary General Mark Rutte said so. Rutte added more.",
			[]want{{"Mark Rutte", "NATO Secretary General", false}}},
		{"most specific role wins", "Defense Secretary Pete Hegseth arrived. Later, U.S. Defense Secretary Pete Hegseth left.",
			[]want{{"Pete Hegseth", "U.S. Defense Secretary", false}}},
		{"single role kept", "Zelenskyy met reporters. Ukrainian President Volodymyr Zelenskyy then left. Zelenskyy, despite this, smiled.",
			[]want{{"Volodymyr Zelenskyy", "Ukrainian President", false}}},
		{"surname only with role is partial", "President Macron hosted the talks.",
			[]want{{"Macron", "President", true}}},
		{"surname only with speech verb is partial", "The talks stalled. Rutte said nothing.",
			[]want{{"Rutte", "", true}}},
		{"lone capitalised word is not a person", "The delegation flew to Brussels and then Crimea.", nil},
		{"nickname variant merges", "Mike Waltz spoke first. Later Michael Waltz, the national security adviser, spoke again.",
			[]want{{"Mike Waltz", "national security adviser", false}}},
		{"particles and hyphens", "Ursula von der Leyen met Ahmed al-Sharaa and Abdel Fattah el-Sisi. Von der Leyen said Sharaa and el-Sisi agreed.",
			[]want{{"Ursula von der Leyen", "", false}, {"Ahmed al-Sharaa", "", false}, {"Abdel Fattah el-Sisi", "", false}}},
		{"family name first", "Taiwanese President Lai Ching-te spoke. Lai said the island would not bend.",
			[]want{{"Lai Ching-te", "Taiwanese President", false}}},
		{"diacritics", "Panamanian President José Raúl Mulino objected. Mulino said no.",
			[]want{{"José Raúl Mulino", "Panamanian President", false}}},
		{"not people", "The USS Carl Vinson crossed the Taiwan Strait. The White House and the Munich Security Conference reacted, as did Saudi Arabia. Aid reached the Gaza Strip in March.", nil},
		{"ambiguous given name", "Israeli Defense Minister Israel Katz spoke about Israel.",
			[]want{{"Israel Katz", "Israeli Defense Minister", false}}},
		{"honorific", "Mr. Sikorski said nothing new.",
			[]want{{"Sikorski", "", true}}},
		{"middle initial", "Donald J. Trump spoke. Donald Trump left.",
			[]want{{"Donald J. Trump", "", false}}},
		{"leading initial", "External Affairs Minister S. Jaishankar flew in. Jaishankar said little.",
			[]want{{"S. Jaishankar", "External Affairs Minister", false}}},
		{"role with a place clause", "Rahul Gandhi, the leader of the opposition in India's parliament, objected.",
			[]want{{"Rahul Gandhi", "leader of the opposition in India's parliament", false}}},
		{"organisations are not people", "Amnesty International said the Red Cross and Al Jazeera were barred. Abu Dhabi agreed.", nil},
		{"kunya with role", "Hamas spokesman Abu Obeida said the releases were paused.",
			[]want{{"Abu Obeida", "Hamas spokesman", true}}},
		{"modifier joined to an office", "Then-President Joe Biden spoke. Ex-President Medvedev replied.",
			[]want{{"Joe Biden", "Then-President", false}, {"Medvedev", "Ex-President", true}}},
		{"hyphenated pair of surnames", "Donald Trump and Vladimir Putin spoke. The Trump-Putin call lasted an hour.",
			[]want{{"Donald Trump", "", false}, {"Vladimir Putin", "", false}}},
		{"party with a bracketed acronym", "Özgür Özel, leader of the Republican People's Party (CHP), objected.",
			[]want{{"Özgür Özel", "leader of the Republican People's Party", false}}},
		{"predicate role", "Hemedti’s brother, Abdelrahim Dagalo, remains the RSF’s deputy commander.",
			[]want{{"Abdelrahim Dagalo", "RSF’s deputy commander", false}}},
		{"relative clause ends the apposition", "Abdalla Hamdok, the former prime minister who leads Sumoud, refused.",
			[]want{{"Abdalla Hamdok", "former prime minister", false}}},
		{"title word inside a name", "Somali President Hassan Sheikh Mohamud offered talks. Qatar's Emir Sheikh Tamim agreed.",
			[]want{{"Hassan Sheikh Mohamud", "Somali President", false}, {"Tamim", "Qatar's Emir", true}}},
		{"unknown place owning a role", "Tigray’s interim leader, Tadesse Werede, warned of war.",
			[]want{{"Tadesse Werede", "Tigray’s interim leader", false}}},
		{"same surname, two people", "Joe Biden and Hunter Biden arrived. Hunter Biden spoke.",
			[]want{{"Joe Biden", "", false}, {"Hunter Biden", "", false}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ExtractPeople(Briefing{Title: "Briefing", Analysis: tt.analysis})
			if len(got) != len(tt.want) {
				t.Fatalf("got %d people %v, want %d %v", len(got), names(got), len(tt.want), tt.want)
			}
			for i, w := range tt.want {
				m := got[i]
				if m.Name != w.name || m.Role != w.role || m.Partial != w.partial {
					t.Errorf("person %d = {%q %q partial=%v}, want {%q %q partial=%v}", i, m.Name, m.Role, m.Partial, w.name, w.role, w.partial)
				}
				if m.Key != PersonKey(m.Name) || m.Surname != SurnameKey(m.Name) || m.Count < 1 || m.Sentence == "" {
					t.Errorf("person %d: inconsistent mention %+v", i, m)
				}
			}
		})
	}
}

func names(ms []Mention) []string {
	var out []string
	for _, m := range ms {
		out = append(out, m.Name+"|"+m.Role)
	}
	return out
}

func TestExtractPeopleCountsAndSentence(t *testing.T) {
	b := Briefing{
		Title:    "Rutte Warns Allies",
		Summary:  "NATO Secretary General Mark Rutte warned allies. He spoke in Brussels.",
		Analysis: "Rutte’s warning was sharp. Rutte said more.",
	}
	got := ExtractPeople(b)
	if len(got) != 1 {
		t.Fatalf("got %v, want only Mark Rutte", names(got))
	}
	m := got[0]
	if m.Count != 4 {
		t.Errorf("Count = %d, want 4 (summary, two in analysis, title)", m.Count)
	}
	if m.Sentence != "NATO Secretary General Mark Rutte warned allies." {
		t.Errorf("Sentence = %q, want the summary sentence of the first mention", m.Sentence)
	}
}

func TestExtractPeopleIgnoresFooterAndSources(t *testing.T) {
	b := Briefing{
		Title:    "Talks Resume",
		Summary:  "Talks resumed in Geneva.",
		Analysis: "Kremlin spokesman Dmitry Peskov welcomed them.",
		Sources:  []string{"Interview with Jens Stoltenberg", "Remarks by Secretary of State Antony Blinken"},
		Prev:     Link{Title: "Netanyahu Issues Ultimatum to Hamas", URL: "https://example.com/prev"},
		Next:     Link{Title: "Foreign Minister Sergei Lavrov Visits Beijing"},
	}
	got := ExtractPeople(b)
	if len(got) != 1 || got[0].Name != "Dmitry Peskov" {
		t.Fatalf("got %v, want only Dmitry Peskov", names(got))
	}
}

func TestExtractPeopleHeadlineRole(t *testing.T) {
	// In a headline every word is capitalised: "Fires" is not part of the role.
	got := ExtractPeople(Briefing{Title: "Trump Fires Defense Secretary Hegseth", Summary: "The dismissal was confirmed."})
	if len(got) != 1 || got[0].Name != "Hegseth" || got[0].Role != "Defense Secretary" || !got[0].Partial {
		t.Errorf("got %v, want the partial Hegseth as Defense Secretary", names(got))
	}
}

func TestExtractPeopleHeadlineAlone(t *testing.T) {
	// A title-case headline names no one the body does not: "Announce Surprise" is no person.
	got := ExtractPeople(Briefing{Title: "Leaders Announce Surprise Peace Talks", Summary: "Talks were announced."})
	if len(got) != 0 {
		t.Errorf("got %v from a headline, want nobody", names(got))
	}
}

func TestExtractPeopleHostileInput(t *testing.T) {
	longCaps := strings.Repeat("Alpha Beta Gamma Delta ", 50000)
	tests := []struct {
		name string
		b    Briefing
		max  int // at most this many people
	}{
		{"empty", Briefing{}, 0},
		{"only spaces and newlines", Briefing{Title: " \n\t", Summary: "\n\n\n", Analysis: "   "}, 0},
		{"script and markup", Briefing{Analysis: `<script>alert("Mark Rutte")</script><b>NATO</b> &amp; &#8217; <a href="x">Kremlin spokesman Dmitry Peskov</a> said.`}, 2},
		{"control characters", Briefing{Analysis: "Kremlin\x00 spokesman\x07 Dmitry\x1b Peskov\x7f said.\r\n\x00"}, 1},
		{"invalid utf-8", Briefing{Analysis: "President \xff\xfe Emmanuel \xc3 Macron said \xed\xa0\x80."}, 2},
		{"very long capitalised run", Briefing{Analysis: longCaps}, 0},
		{"huge word", Briefing{Analysis: "President " + strings.Repeat("X", 1<<20) + " said."}, 0},
		{"punctuation flood", Briefing{Analysis: strings.Repeat(".,;:’'\"“”()-–—", 100000)}, 0},
		{"possessive flood", Briefing{Analysis: strings.Repeat("Rutte’s ", 100000)}, 0},
		{"one megabyte of briefing", Briefing{Analysis: strings.Repeat(exampleBriefing(t).Analysis+"\n\n", (1<<20)/len(exampleBriefing(t).Analysis)+1)}, 15},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			got := ExtractPeople(tt.b)
			if d := time.Since(start); d > 5*time.Second {
				t.Errorf("took %v", d)
			}
			if len(got) > tt.max {
				t.Errorf("got %d people %.200v, want at most %d", len(got), names(got), tt.max)
			}
			for _, m := range got {
				if len(m.Name) > 200 || len(m.Role) > 400 || len(m.Sentence) > maxSentenceBytes+len("…") {
					t.Errorf("unbounded field in %q: name %d, role %d, sentence %d bytes", m.Name, len(m.Name), len(m.Role), len(m.Sentence))
				}
				if strings.ContainsAny(m.Name, "<>\x00\x07") || m.Key == "" || m.Count < 1 {
					t.Errorf("insane mention %+v", m)
				}
			}
		})
	}
}

func TestExtractPeopleMegabyteCounts(t *testing.T) {
	ex := exampleBriefing(t)
	n := (1<<20)/len(ex.Analysis) + 1
	got := ExtractPeople(Briefing{Analysis: strings.Repeat(ex.Analysis+"\n\n", n)})
	for _, m := range got {
		if m.Name == "Pete Hegseth" && m.Count != n {
			t.Errorf("Hegseth counted %d times in %d copies", m.Count, n)
		}
	}
}

func TestExtractPeopleSpeechBeforeName(t *testing.T) {
	got := ExtractPeople(Briefing{Analysis: "“We will not yield,” said Sybiha. The talks, said Brussels sources, stalled."})
	if len(got) != 1 || got[0].Name != "Sybiha" || !got[0].Partial {
		t.Errorf("got %v, want the partial Sybiha only", names(got))
	}
}

func TestExtractPeopleHyphenatedPairCounts(t *testing.T) {
	got := ExtractPeople(Briefing{Analysis: "Donald Trump and Vladimir Putin spoke. The Trump-Putin call lasted an hour."})
	if len(got) != 2 || got[0].Count != 2 || got[1].Count != 2 {
		t.Errorf("got %+v, want Trump and Putin counted twice each", got)
	}
}

func TestExtractPeopleHTMLEntities(t *testing.T) {
	got := ExtractPeople(Briefing{Analysis: "Poland&#8217;s Foreign Minister Radosław Sikorski met Kremlin&nbsp;spokesman Dmitry Peskov &amp; others."})
	if len(got) != 2 || got[0].Role != "Poland’s Foreign Minister" || got[1].Role != "Kremlin spokesman" {
		t.Errorf("got %v, want Sikorski and Peskov with their roles", names(got))
	}
}

func TestExtractPeopleConcurrent(t *testing.T) {
	b := exampleBriefing(t)
	want := ExtractPeople(b)
	errs := make(chan string, 8)
	done := make(chan struct{})
	for g := 0; g < 8; g++ {
		go func() {
			defer func() { done <- struct{}{} }()
			for i := 0; i < 50; i++ {
				got := ExtractPeople(b)
				if len(got) != len(want) || got[len(got)-1] != want[len(want)-1] {
					errs <- "concurrent extraction differs"
					return
				}
			}
		}()
	}
	for g := 0; g < 8; g++ {
		<-done
	}
	close(errs)
	for e := range errs {
		t.Fatal(e)
	}
}
