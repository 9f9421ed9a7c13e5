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

// saveItem is one briefing to save with the people it mentions.
type saveItem struct {
	briefing *Briefing
	mentions []Mention
}

// ingestChunk is how many briefings go to a BulkSaver in one transaction.
const ingestChunk = 256

// Ingest saves every briefing of batch with the people it mentions, then relinks the chain once.
// A briefing that fails to save is reported as rejected and the rest carry on; only a cancelled
// context or a failed Relink stop it with an error, and the report still counts what was done.
// People are extracted on a second goroutine while the store writes.
func Ingest(ctx context.Context, st Store, batch Batch) (Report, error) {
	rep := Report{Rejected: append([]Rejection(nil), batch.Rejected...)}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel() // stops the extractor if we return early
	items := make(chan saveItem, 64)
	go func() {
		defer close(items)
		for i := range batch.Briefings {
			b := batch.Briefings[i]
			select {
			case items <- saveItem{briefing: &b, mentions: ExtractPeople(b)}:
			case <-ctx.Done():
				return
			}
		}
	}()
	bulk, _ := st.(BulkSaver)
	chunk := make([]saveItem, 0, ingestChunk)
	done := 0
	for it := range items {
		chunk = append(chunk, it)
		if bulk == nil || len(chunk) == ingestChunk {
			saveChunk(ctx, st, bulk, chunk, &rep)
			done += len(chunk)
			chunk = chunk[:0]
		}
		if err := ctx.Err(); err != nil {
			return rep, fmt.Errorf("ingest: stopped after %d of %d briefings: %w", done, len(batch.Briefings), err)
		}
	}
	if len(chunk) > 0 {
		saveChunk(ctx, st, bulk, chunk, &rep)
		done += len(chunk)
	}
	if err := ctx.Err(); err != nil {
		return rep, fmt.Errorf("ingest: stopped after %d of %d briefings: %w", done, len(batch.Briefings), err)
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

// saveChunk saves items in one transaction when the store is a BulkSaver, else (or when that
// transaction fails, which saves nothing) one by one, so one bad item is rejected alone.
func saveChunk(ctx context.Context, st Store, bulk BulkSaver, items []saveItem, rep *Report) {
	if bulk != nil {
		bs, ms := make([]*Briefing, len(items)), make([][]Mention, len(items))
		for i, it := range items {
			bs[i], ms[i] = it.briefing, it.mentions
		}
		outcomes, err := bulk.SaveBriefings(ctx, bs, ms)
		if err == nil && len(outcomes) == len(items) {
			for i, it := range items {
				rep.count(*it.briefing, outcomes[i], nil)
			}
			return
		}
	}
	for _, it := range items {
		if ctx.Err() != nil {
			return
		}
		outcome, err := st.SaveBriefing(ctx, it.briefing, it.mentions)
		rep.count(*it.briefing, outcome, err)
	}
}

func (r *Report) count(b Briefing, o Outcome, err error) {
	if err != nil {
		r.Rejected = append(r.Rejected, Rejection{Origin: origin(b), Reason: saveReason(err)})
		return
	}
	switch o {
	case Added:
		r.Added++
	case Updated:
		r.Updated++
	case Unchanged:
		r.Unchanged++
	}
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
