package briefs

import (
	"context"
	"fmt"
)

// Report says what one Ingest did.
type Report struct {
	Added     int
	Updated   int
	Unchanged int
	Rejected  []Rejection // inputs that could not be read or saved, each with where and why
	Warnings  []string    // chain warnings from Relink: conflicting Previous/Next links
}

// Stored is how many briefings the store now holds from this batch, changed or not.
func (r Report) Stored() int { return r.Added + r.Updated + r.Unchanged }

// Ingest saves every briefing of batch with the people it mentions, then relinks the chain once.
// A briefing that fails to save is reported as rejected and the rest carry on; only a cancelled
// context or a failed Relink stop it with an error, and the report still counts what was done.
func Ingest(ctx context.Context, st Store, batch Batch) (Report, error) {
	rep := Report{Rejected: append([]Rejection(nil), batch.Rejected...)}
	for i := range batch.Briefings {
		if err := ctx.Err(); err != nil {
			return rep, fmt.Errorf("ingest: stopped after %d of %d briefings: %w", i, len(batch.Briefings), err)
		}
		b := batch.Briefings[i]
		outcome, err := st.SaveBriefing(ctx, &b, ExtractPeople(b))
		if err != nil {
			rep.Rejected = append(rep.Rejected, Rejection{Origin: origin(b), Reason: saveReason(err)})
			continue
		}
		switch outcome {
		case Added:
			rep.Added++
		case Updated:
			rep.Updated++
		case Unchanged:
			rep.Unchanged++
		}
	}
	if rep.Stored() == 0 {
		return rep, nil
	}
	warnings, err := st.Relink(ctx)
	rep.Warnings = warnings
	if err != nil {
		return rep, fmt.Errorf("ingest: relinking the chain: %w", err)
	}
	return rep, nil
}

// origin names a briefing in a rejection: where it came from, else its title.
func origin(b Briefing) string {
	switch {
	case b.Origin != "":
		return b.Origin
	case b.URL != "":
		return b.URL
	case b.Title != "":
		return fmt.Sprintf("%q", b.Title)
	}
	return "(unnamed briefing)"
}

// saveReason words a save failure for the operator who ran the ingest.
func saveReason(err error) string {
	if msg, ok := UserMessage(err); ok {
		return "not saved: " + msg
	}
	return "not saved: " + err.Error()
}
