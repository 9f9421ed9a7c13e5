package briefs

import "testing"

func TestRoleKey(t *testing.T) {
	same := [][2]string{
		{"U.S. Secretary of State", "Secretary of State"},
		{"NATO's secretary general", "Secretary General"},
		{"Poland’s Foreign Minister", "foreign minister"},
		{"Finnish President", "President"},
		{"the alliance's secretary general", "NATO Secretary General"},
		{"Russian President", "president"},
	}
	for _, p := range same {
		if RoleKey(p[0]) != RoleKey(p[1]) {
			t.Errorf("RoleKey(%q)=%q, RoleKey(%q)=%q: want equal", p[0], RoleKey(p[0]), p[1], RoleKey(p[1]))
		}
	}
	differ := [][2]string{
		{"Major General", "General"},
		{"Defense Secretary", "Secretary of State"},
		{"former President", "President"},
		{"Chief of the General Staff", "General"},
	}
	for _, p := range differ {
		if RoleKey(p[0]) == RoleKey(p[1]) {
			t.Errorf("RoleKey(%q) == RoleKey(%q) = %q: want different", p[0], p[1], RoleKey(p[0]))
		}
	}
	for _, in := range []string{"", "   ", "U.S.", "NATO's"} {
		_ = RoleKey(in) // never panics; a lone qualifier stays as the key
	}
	if RoleKey("U.S.") != "u.s." {
		t.Errorf("a lone qualifier must stay: %q", RoleKey("U.S."))
	}
}

func TestTidyRole(t *testing.T) {
	tests := map[string]string{
		"the alliance's secretary general": "secretary general",
		"The bloc’s foreign policy chief":  "foreign policy chief",
		"NATO's secretary general":         "NATO's secretary general",
		"the Kremlin's spokesman":          "the Kremlin's spokesman",
		"alliance’s secretary general":     "secretary general",
		"alliance's":                       "alliance's",
		"the":                              "the",
		"":                                 "",
	}
	for in, want := range tests {
		if got := tidyRole(in); got != want {
			t.Errorf("tidyRole(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestFullerRole(t *testing.T) {
	tests := []struct{ a, b, want string }{
		{"secretary general", "NATO's secretary general", "NATO's secretary general"},
		{"Malian intelligence chief", "Malian Intelligence Chief", "Malian Intelligence Chief"},
		{"", "President", "President"},
	}
	for _, tt := range tests {
		if got := FullerRole(tt.a, tt.b); got != tt.want {
			t.Errorf("FullerRole(%q, %q) = %q", tt.a, tt.b, got)
		}
		if got := FullerRole(tt.b, tt.a); got != tt.want {
			t.Errorf("FullerRole(%q, %q) = %q: must not depend on order", tt.b, tt.a, got)
		}
	}
}

func TestMergeMentions(t *testing.T) {
	in := []Mention{
		{Name: "Mike Waltz", Role: "", Count: 1},
		{Name: "Michael Waltz", Role: "National Security Adviser", Sentence: "He said so.", Count: 2},
		{Name: "Waltz", Key: "waltz", Partial: true},
		{Name: "", Key: ""}, // nothing to know the person by: dropped
		{Name: "Marco Rubio", Count: 0},
	}
	got := MergeMentions(in, nil)
	if len(got) != 3 {
		t.Fatalf("got %d mentions: %+v", len(got), got)
	}
	w := got[0]
	if w.Name != "Michael Waltz" || w.Count != 3 || w.Role != "National Security Adviser" || w.Partial || w.Surname != "waltz" {
		t.Errorf("merged Waltz = %+v", w)
	}
	if got[2].Count != 1 || got[2].Key != PersonKey("Marco Rubio") {
		t.Errorf("Rubio = %+v", got[2])
	}
	dropped := MergeMentions(in, func(m *Mention) bool { return m.Key != PersonKey("Marco Rubio") })
	if len(dropped) != 2 {
		t.Errorf("fit did not drop: %+v", dropped)
	}
	if FullerName("Waltz", "Mike Waltz") != "Mike Waltz" || FullerName("Mike Waltz", "Mick Waltz") != "Mike Waltz" {
		t.Error("FullerName prefers more words, then more letters, then the first")
	}
}
