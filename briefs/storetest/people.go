package storetest

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/briefbot/briefbot/briefs"
)

// findOne looks name up and returns the first person, failing unless the first has wantName.
func findOne(t *testing.T, s briefs.Store, name, wantName string) briefs.Person {
	t.Helper()
	ps, err := s.FindPeople(context.Background(), name, 10)
	if err != nil {
		t.Fatalf("FindPeople(%q): %v", name, err)
	}
	if len(ps) == 0 || ps[0].Name != wantName {
		t.Fatalf("FindPeople(%q) = %+v, want %q first", name, ps, wantName)
	}
	return ps[0]
}

func testSurnameResolvesEitherOrder(t *testing.T, s briefs.Store) {
	// full name first, then surname only
	save(t, s, brief("A1", 1, "", ""), person("Pete Hegseth", "Defense Secretary"))
	save(t, s, brief("A2", 2, "", ""), surnameOnly("Hegseth"))
	// surname only first, then full name, in a later batch
	save(t, s, brief("B1", 3, "", ""), surnameOnly("Sikorski"))
	relink(t, s)
	save(t, s, brief("B2", 4, "", ""), person("Radosław Sikorski", "Polish Foreign Minister"))
	relink(t, s)
	for _, c := range []struct{ query, name string }{{"Hegseth", "Pete Hegseth"}, {"Sikorski", "Radosław Sikorski"}} {
		ps, err := s.FindPeople(context.Background(), c.query, 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(ps) != 1 || ps[0].Name != c.name || ps[0].Briefings != 2 {
			t.Errorf("FindPeople(%q) = %+v, want only %s in 2 briefings", c.query, ps, c.name)
		}
		pr, err := s.Profile(context.Background(), ps[0].ID, 10)
		if err != nil || len(pr.Recent) != 2 {
			t.Errorf("Profile(%s) recent %d, %v; want 2", c.name, len(pr.Recent), err)
		}
	}
}

func testMononym(t *testing.T, s briefs.Store) {
	save(t, s, brief("M1", 1, "", ""), surnameOnly("Lula"))
	relink(t, s)
	save(t, s, brief("M2", 2, "", ""), briefs.Mention{Name: "Lula", Key: "lula", Surname: "lula", Role: "President of Brazil", Count: 1})
	relink(t, s)
	ps, err := s.FindPeople(context.Background(), "lula", 5)
	if err != nil || len(ps) != 1 || ps[0].Briefings != 2 || ps[0].Role != "President of Brazil" {
		t.Errorf("FindPeople(lula) = %+v, %v; want one person in 2 briefings with a role", ps, err)
	}
}

func testSurnameAmbiguous(t *testing.T, s briefs.Store) {
	ctx := context.Background()
	save(t, s, brief("T1", 1, "", ""), person("Donald Trump", "President"))
	save(t, s, brief("T2", 2, "", ""), surnameOnly("Trump"))
	relink(t, s)
	if p := findOne(t, s, "Donald Trump", "Donald Trump"); p.Briefings != 2 {
		t.Errorf("with one Trump known, the surname resolves to him: %d briefings", p.Briefings)
	}
	save(t, s, brief("T3", 3, "", ""), person("Eric Trump", "businessman"))
	relink(t, s)
	ps, err := s.FindPeople(ctx, "Trump", 10)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, p := range ps {
		names = append(names, p.Name)
		if p.Briefings != 1 {
			t.Errorf("%s in %d briefings, want 1 now that Trump is ambiguous", p.Name, p.Briefings)
		}
	}
	slices.Sort(names)
	if !slices.Equal(names, []string{"Donald Trump", "Eric Trump", "Trump"}) {
		t.Errorf("FindPeople(Trump) = %q, want both Trumps and the surname-only Trump", names)
	}
}

func testRoleHistory(t *testing.T, s briefs.Store) {
	ctx := context.Background()
	// saved out of date order: roles must follow dates, not arrival
	save(t, s, brief("R5", 5, "", ""), person("Marco Rubio", "Secretary of State"))
	save(t, s, brief("R1", 1, "", ""), person("Marco Rubio", "Senator"))
	save(t, s, brief("R4", 4, "", ""), person("Marco Rubio", ""))
	save(t, s, brief("R3", 3, "", ""), person("Marco Rubio", "senator"))
	relink(t, s)
	p := findOne(t, s, "rubio", "Marco Rubio")
	if p.Role != "Secretary of State" || p.Briefings != 4 || !p.LastSeen.Equal(day(5)) {
		t.Errorf("person = %+v, want current role Secretary of State, 4 briefings, last seen day 5", p)
	}
	pr, err := s.Profile(ctx, p.ID, 3)
	if err != nil {
		t.Fatal(err)
	}
	if len(pr.Roles) != 2 {
		t.Fatalf("roles %+v, want 2 spells", pr.Roles)
	}
	cur, old := pr.Roles[0], pr.Roles[1]
	if cur.Role != "Secretary of State" || !cur.Since.Equal(day(5)) || !cur.Until.Equal(day(5)) {
		t.Errorf("current spell %+v", cur)
	}
	if !old.Since.Equal(day(1)) || !old.Until.Equal(day(3)) || (old.Role != "Senator" && old.Role != "senator") {
		t.Errorf("earlier spell %+v, want Senator from day 1 to day 3", old)
	}
	if len(pr.Recent) != 3 || pr.Recent[0].Briefing.Title != "R5" || pr.Recent[2].Briefing.Title != "R3" {
		t.Errorf("recent %+v, want R5, R4, R3", pr.Recent)
	}
	if pr.Recent[0].Role != "Secretary of State" || pr.Recent[0].Sentence == "" {
		t.Errorf("appearance %+v lacks role or sentence", pr.Recent[0])
	}
	// a newer briefing with an older date does not become the current role
	save(t, s, brief("R0", 0, "", ""), person("Marco Rubio", "Candidate"))
	relink(t, s)
	if p := findOne(t, s, "Marco Rubio", "Marco Rubio"); p.Role != "Secretary of State" {
		t.Errorf("after an older briefing the role is %q", p.Role)
	}
}

func testFindPeople(t *testing.T, s briefs.Store) {
	ctx := context.Background()
	save(t, s, brief("P1", 1, "", ""), person("José Raúl Mulino", "President of Panama"), person("Donald Trump", "President"))
	save(t, s, brief("P2", 2, "", ""), person("Radosław Sikorski", "Foreign Minister"), person("Donald Trump", ""))
	save(t, s, brief("P3", 3, "", ""), person("Donald Trump", ""), person("Eric Trump", ""))
	relink(t, s)
	for _, c := range []struct{ query, want string }{
		{"Jose Raul Mulino", "José Raúl Mulino"},
		{"JOSÉ RAÚL MULINO", "José Raúl Mulino"},
		{"mulino", "José Raúl Mulino"},
		{"Sikorski", "Radosław Sikorski"},
		{"radoslaw sikorski", "Radosław Sikorski"},
		{"Sikor", "Radosław Sikorski"}, // prefix
		{"Trump", "Donald Trump"},      // most mentioned first
		{"eric trump", "Eric Trump"},   // exact key beats the more mentioned
	} {
		findOne(t, s, c.query, c.want)
	}
	ps, err := s.FindPeople(ctx, "Trump", 1)
	if err != nil || len(ps) != 1 {
		t.Errorf("limit 1: %d people, %v", len(ps), err)
	}
	if ps, err := s.FindPeople(ctx, "Nobody Known", 5); err != nil || len(ps) != 0 {
		t.Errorf("unknown name: %+v, %v; want no people, no error", ps, err)
	}
	_, err = s.FindPeople(ctx, "   ", 5)
	wantKind(t, err, briefs.ErrInvalid, "FindPeople(blank)")
}

func testFindPeopleHostile(t *testing.T, s briefs.Store) {
	ctx := context.Background()
	save(t, s, brief("H1", 1, "", ""), person("Annalena Baerbock", "Foreign Minister"))
	relink(t, s)
	for _, q := range []string{`'; DROP TABLE people; --`, `%`, `_`, `" OR 1=1 --`, "\x00", "ÿÿÿ", `\`, `*`} {
		if _, err := s.FindPeople(ctx, q, 5); err != nil && !errors.Is(err, briefs.ErrInvalid) {
			t.Errorf("FindPeople(%q): %v", q, err)
		}
	}
	if ps, _ := s.FindPeople(ctx, "%", 5); len(ps) != 0 {
		t.Errorf("%% matched %+v: LIKE wildcards must be literal", ps)
	}
	findOne(t, s, "Baerbock", "Annalena Baerbock")
}

func testPeopleNamesAndTop(t *testing.T, s briefs.Store) {
	ctx := context.Background()
	short := briefs.Mention{Name: "Pete Hegseth", Key: "pete hegseth", Surname: "hegseth", Count: 1}
	long := briefs.Mention{Name: "Pete B. Hegseth", Key: "pete hegseth", Surname: "hegseth", Count: 2}
	save(t, s, brief("N1", 1, "", ""), short, person("Kaja Kallas", ""))
	save(t, s, brief("N2", 5, "", ""), long, person("Mark Rutte", ""))
	save(t, s, brief("N3", 6, "", ""), short, person("Mark Rutte", ""))
	relink(t, s)
	names, err := s.PeopleNames(ctx)
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(names)
	if !slices.Equal(names, []string{"Kaja Kallas", "Mark Rutte", "Pete B. Hegseth"}) {
		t.Errorf("PeopleNames = %q, want the fullest form of each name", names)
	}
	top, err := s.TopPeople(ctx, day(4), 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(top) != 2 || top[0].Briefings != 2 || top[1].Briefings != 2 {
		t.Errorf("TopPeople since day 4 = %+v, want Hegseth and Rutte with 2 each", top)
	}
	if top, _ := s.TopPeople(ctx, day(0), 1); len(top) != 1 || top[0].Name != "Pete B. Hegseth" {
		t.Errorf("TopPeople limit 1 = %+v, want Hegseth (3 briefings)", top)
	}
}

func testUpdateReplacesMentions(t *testing.T, s briefs.Store) {
	ctx := context.Background()
	b := brief("U1", 1, "", "")
	save(t, s, b, person("Kaja Kallas", "EU foreign policy chief"))
	save(t, s, brief("U2", 2, "", ""), person("Kaja Kallas", ""))
	relink(t, s)
	b2 := brief("U1", 1, "", "")
	b2.Summary = "Rewritten without Kallas."
	save(t, s, b2, person("Mark Rutte", "NATO Secretary General"))
	relink(t, s)
	p := findOne(t, s, "Kallas", "Kaja Kallas")
	if p.Briefings != 1 || p.Role != "" {
		t.Errorf("Kallas after update = %+v, want 1 briefing and no role", p)
	}
	if pr, _ := s.Profile(ctx, p.ID, 5); len(pr.Roles) != 0 {
		t.Errorf("role spells survive the update: %+v", pr.Roles)
	}
	if p := findOne(t, s, "Rutte", "Mark Rutte"); p.Role != "NATO Secretary General" {
		t.Errorf("Rutte = %+v", p)
	}
}
