// Package samples holds a few briefings written for briefbot's tests, demos and first run, in
// the scraped-page text format, chained oldest to newest by their Previous/Next footers.
//
// The reports are invented for testing. Public figures appear in plausible roles so that the
// people index meets real name forms (titles before names, appositives, surname-only repeats,
// diacritics, particles such as "von der Leyen" and "al-Sharaa"); the events are not reporting.
// Tomasz Wiśniewski, a fictional officer, changes role: a contingent commander in the first
// briefing, promoted to Chief of the General Staff in the fourth.
package samples

import (
	"embed"
	"fmt"
	"io/fs"
	"sort"
	"strings"
	"time"

	"github.com/briefbot/briefbot/briefs"
)

//go:embed *.txt people.tsv
var files embed.FS

// DefaultEnd returns the date of the newest sample when All is given a zero time:
// 2025-03-07 00:00 UTC.
func DefaultEnd() time.Time { return time.Date(2025, 3, 7, 0, 0, 0, 0, time.UTC) }

// File is one sample as stored: its file name and its bytes.
type File struct {
	Name string
	Data []byte
}

// Files returns the sample texts in chain order, oldest first.
func Files() ([]File, error) {
	names, err := fs.Glob(files, "*.txt")
	if err != nil {
		return nil, fmt.Errorf("samples: list: %w", err)
	}
	sort.Strings(names) // the names are numbered in chain order
	out := make([]File, 0, len(names))
	for _, name := range names {
		data, err := files.ReadFile(name)
		if err != nil {
			return nil, fmt.Errorf("samples: read %s: %w", name, err)
		}
		out = append(out, File{Name: name, Data: data})
	}
	return out, nil
}

// All returns the samples parsed, oldest first, with Origin "sample:<file>". The text format has
// no date, so they are dated one day apart: the newest at the start (00:00 UTC) of now's UTC day,
// or at DefaultEnd when now is zero, each older one a day earlier.
func All(now time.Time) ([]briefs.Briefing, error) {
	fl, err := Files()
	if err != nil {
		return nil, err
	}
	end := DefaultEnd()
	if !now.IsZero() {
		end = now.UTC().Truncate(24 * time.Hour)
	}
	out := make([]briefs.Briefing, 0, len(fl))
	for i, f := range fl {
		published := end.AddDate(0, 0, i-(len(fl)-1))
		b, err := briefs.Parse("sample:"+f.Name, f.Data, published)
		if err != nil {
			return nil, fmt.Errorf("samples: parse %s: %w", f.Name, err)
		}
		out = append(out, b)
	}
	return out, nil
}

// Person is someone a careful reader finds in a sample, with the role as the text words it
// without a leading article ("" when the text gives none).
type Person struct {
	Name string
	Role string
}

// Expected is what a people extractor should find in one sample file.
type Expected struct {
	File      string
	People    []Person // in order of first mention
	NotPeople []string // capitalised phrases that name places, bodies or things, not people
}

// Expectations returns the hand-made answer key for every sample, in chain order.
func Expectations() ([]Expected, error) {
	data, err := files.ReadFile("people.tsv")
	if err != nil {
		return nil, fmt.Errorf("samples: read answer key: %w", err)
	}
	var out []Expected
	for n, line := range strings.Split(string(data), "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) < 3 || len(f) > 4 {
			return nil, fmt.Errorf("samples: people.tsv line %d: want 3 or 4 tab-separated fields", n+1)
		}
		if len(out) == 0 || out[len(out)-1].File != f[0] {
			out = append(out, Expected{File: f[0]})
		}
		e := &out[len(out)-1]
		switch f[1] {
		case "person":
			p := Person{Name: f[2]}
			if len(f) == 4 {
				p.Role = f[3]
			}
			e.People = append(e.People, p)
		case "other":
			e.NotPeople = append(e.NotPeople, f[2])
		default:
			return nil, fmt.Errorf("samples: people.tsv line %d: unknown kind %q", n+1, f[1])
		}
	}
	return out, nil
}
