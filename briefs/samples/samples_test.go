package samples

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/briefbot/briefbot/briefs"
)

func TestAllFormOneChain(t *testing.T) {
	now := time.Date(2026, 11, 28, 5, 30, 0, 0, time.FixedZone("EST", -5*3600)) // 10:30 UTC
	bs, err := All(now)
	if err != nil {
		t.Fatal(err)
	}
	if len(bs) < 6 {
		t.Fatalf("%d samples, want at least 6", len(bs))
	}
	if !bs[0].Prev.IsZero() || !bs[len(bs)-1].Next.IsZero() {
		t.Errorf("ends of the chain link outward: first Prev %+v, last Next %+v", bs[0].Prev, bs[len(bs)-1].Next)
	}
	titles := map[string]bool{}
	for i, b := range bs {
		if titles[b.Title] {
			t.Errorf("duplicate title %q", b.Title)
		}
		titles[b.Title] = true
		if i > 0 && (b.Prev.Title != bs[i-1].Title || bs[i-1].Next.Title != b.Title) {
			t.Errorf("%d and %d are not linked: %q ← %+v, %+v → %q", i-1, i, bs[i-1].Title, b.Prev, bs[i-1].Next, b.Title)
		}
		if !strings.HasPrefix(b.Origin, "sample:") || !strings.HasSuffix(b.Origin, ".txt") {
			t.Errorf("Origin = %q", b.Origin)
		}
		paras := strings.Split(b.Analysis, "\n\n")
		if b.Summary == "" || len(paras) < 3 || len(paras) > 5 {
			t.Errorf("%s: summary %d bytes, %d analysis paragraphs", b.Origin, len(b.Summary), len(paras))
		}
	}
	wantEnd := time.Date(2026, 11, 28, 0, 0, 0, 0, time.UTC)
	for i, b := range bs {
		want := wantEnd.AddDate(0, 0, i-(len(bs)-1))
		if !b.Published.Equal(want) {
			t.Errorf("%s: Published %v, want %v", b.Origin, b.Published, want)
		}
	}
}

func TestAllZeroNowUsesDefaultEnd(t *testing.T) {
	bs, err := All(time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if last := bs[len(bs)-1].Published; !last.Equal(DefaultEnd()) {
		t.Errorf("newest dated %v, want %v", last, DefaultEnd())
	}
}

func TestSourcesVary(t *testing.T) {
	bs, err := All(DefaultEnd())
	if err != nil {
		t.Fatal(err)
	}
	var empty, urls int
	for _, b := range bs {
		if len(b.Sources) == 0 {
			empty++
		}
		for _, s := range b.Sources {
			if strings.HasPrefix(s, "https://") {
				urls++
			}
		}
	}
	if empty == 0 || urls == 0 {
		t.Errorf("want samples with and without sources: %d empty, %d URLs", empty, urls)
	}
}

func TestExpectationsMatchTexts(t *testing.T) {
	fl, err := Files()
	if err != nil {
		t.Fatal(err)
	}
	exp, err := Expectations()
	if err != nil {
		t.Fatal(err)
	}
	if len(exp) != len(fl) {
		t.Fatalf("answer key covers %d files, there are %d", len(exp), len(fl))
	}
	var diacritics, particles, surnameOnly int
	for i, e := range exp {
		if e.File != fl[i].Name {
			t.Fatalf("answer key %d is for %s, file is %s", i, e.File, fl[i].Name)
		}
		text := string(fl[i].Data)
		withRole := 0
		for _, p := range e.People {
			if !strings.Contains(text, p.Name) {
				t.Errorf("%s: %q is not in the text", e.File, p.Name)
			}
			if p.Role != "" {
				withRole++
				if !strings.Contains(text, p.Role) {
					t.Errorf("%s: role %q of %s is not in the text", e.File, p.Role, p.Name)
				}
			}
			if len(p.Name) != utf8.RuneCountInString(p.Name) {
				diacritics++
			}
			if strings.Contains(p.Name, " von der ") || strings.Contains(p.Name, " al-") || strings.Contains(p.Name, " bin ") {
				particles++
			}
			surname := p.Name[strings.LastIndexByte(p.Name, ' ')+1:]
			if strings.Count(text, surname) > strings.Count(text, p.Name) {
				surnameOnly++
			}
		}
		if withRole < 3 {
			t.Errorf("%s: %d people with roles, want at least 3", e.File, withRole)
		}
		for _, phrase := range e.NotPeople {
			if !strings.Contains(text, phrase) {
				t.Errorf("%s: %q is not in the text", e.File, phrase)
			}
		}
	}
	if diacritics < 3 || particles < 3 || surnameOnly < 10 {
		t.Errorf("hard name forms too rare: %d with diacritics, %d with particles, %d repeated by surname",
			diacritics, particles, surnameOnly)
	}
}

func TestOnePersonIsPromoted(t *testing.T) {
	exp, err := Expectations()
	if err != nil {
		t.Fatal(err)
	}
	roles := map[string][]string{}
	for _, e := range exp {
		for _, p := range e.People {
			if p.Role != "" {
				roles[p.Name] = append(roles[p.Name], p.Role)
			}
		}
	}
	w := roles["Tomasz Wiśniewski"]
	if len(w) < 2 || !strings.Contains(w[0], "commander") || !strings.Contains(w[1], "Chief of the General Staff") {
		t.Errorf("Wiśniewski's roles = %q, want a commander promoted to Chief of the General Staff", w)
	}
}

func TestSamplesMatchTheirOwnFormat(t *testing.T) {
	fl, err := Files()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range fl {
		b, err := briefs.ParseText(f.Data)
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		if !strings.Contains(string(f.Data), "\nExecutive Summary\n\n") || !strings.Contains(string(f.Data), "\nAnalysis\n\n") ||
			!strings.Contains(string(f.Data), "\nSources\n") {
			t.Errorf("%s lacks a section heading", f.Name)
		}
		if strings.HasSuffix(string(f.Data), "\n") {
			t.Errorf("%s ends with a newline; scraped pages do not", f.Name)
		}
		if strings.Contains(b.Summary, "\n") {
			t.Errorf("%s: summary spans paragraphs", f.Name)
		}
	}
}

// TestExtractorFindsPeopleWithRoles runs the people extractor over every sample: each must yield
// several people with roles. How the extraction compares to the answer key is logged, not
// asserted here; the extractor's own tests own its quality.
func TestExtractorFindsPeopleWithRoles(t *testing.T) {
	bs, err := All(DefaultEnd())
	if err != nil {
		t.Fatal(err)
	}
	exp, err := Expectations()
	if err != nil {
		t.Fatal(err)
	}
	for i, b := range bs {
		ms := briefs.ExtractPeople(b)
		found := map[string]string{}
		withRole := 0
		for _, m := range ms {
			found[m.Name] = m.Role
			if m.Role != "" {
				withRole++
			}
		}
		if withRole < 3 {
			t.Errorf("%s: extractor found %d people with roles: %+v", b.Origin, withRole, ms)
		}
		for _, p := range exp[i].People {
			if role, ok := found[p.Name]; !ok {
				t.Logf("%s: extractor missed %s", b.Origin, p.Name)
			} else if role != p.Role {
				t.Logf("%s: %s has role %q, answer key says %q", b.Origin, p.Name, role, p.Role)
			}
		}
	}
}
