package briefs

import (
	"context"
	"time"
)

// Store is what briefbot keeps: briefings in their chain, the people index and per-chat state.
// briefs/sqlite implements it (and later briefs/postgres); briefs/storetest is the contract suite
// every implementation must pass. Lookups of one thing (Briefing, Latest, Neighbour, Profile) that
// find nothing return an error matching ErrNotFound; searches that find nothing return an empty
// list and no error. Input a user typed that cannot be a query returns an error matching ErrInvalid.
type Store interface {
	// SaveBriefing adds b, or updates the briefing with the same URL (else the same title key),
	// with the people it mentions. An identical text is Unchanged and writes nothing; a changed
	// text keeps the ID and chain place and records a revision. b.ID and b.Revision are set.
	SaveBriefing(ctx context.Context, b *Briefing, mentions []Mention) (Outcome, error)
	// Relink rebuilds the chain order from Previous/Next links (dates where links are missing) and
	// resolves surname-only mentions to the one known person with that surname. It returns
	// human-readable warnings for conflicting links. Call it after a batch of saves.
	Relink(ctx context.Context) (warnings []string, err error)

	Briefing(ctx context.Context, id int64) (Briefing, error)
	// Latest returns the last briefing of the chain.
	Latest(ctx context.Context) (Briefing, error)
	// Neighbour returns the briefing after (dir > 0) or before (dir < 0) id in the chain;
	// ErrNotFound at either end.
	Neighbour(ctx context.Context, id int64, dir int) (Briefing, error)
	// FindByTitle returns briefings whose titles contain all the words, best match first.
	FindByTitle(ctx context.Context, words string, limit int) ([]Briefing, error)
	// Search is ranked full-text search over title, summary and analysis with snippets. Query
	// syntax is never interpreted: words are only words.
	Search(ctx context.Context, query string, limit int) ([]SearchHit, error)
	// BriefingsSince returns chained briefings first stored after t, oldest first.
	BriefingsSince(ctx context.Context, t time.Time, limit int) ([]Briefing, error)
	CountBriefings(ctx context.Context) (int, error)

	// FindPeople looks a name up, accent- and case-insensitively: exact PersonKey, then surname,
	// then key or surname prefix; within each, most mentioned first.
	FindPeople(ctx context.Context, name string, limit int) ([]Person, error)
	// PeopleNames returns every person's display name, for suggestions and autocompletion.
	PeopleNames(ctx context.Context) ([]string, error)
	// Profile returns a person with role history and the recent briefings that mention them.
	Profile(ctx context.Context, personID int64, recent int) (Profile, error)
	// TopPeople returns the most-mentioned people in briefings published since t; their
	// Briefings field counts those briefings only.
	TopPeople(ctx context.Context, since time.Time, limit int) ([]Person, error)

	// Cursor returns the briefing ID a chat is reading; 0 when it has none yet.
	Cursor(ctx context.Context, chat ChatRef) (int64, error)
	// SetCursor records the briefing a chat is reading (ErrNotFound for an unknown briefing);
	// briefingID 0 forgets it.
	SetCursor(ctx context.Context, chat ChatRef, briefingID int64) error

	Close() error
}

// BulkSaver is a Store that can also save many briefings in one transaction, with SaveBriefing's
// semantics for each (mentions[i] belongs to bs[i]) and all or nothing. Bulk loads use it when the
// store has it: one transaction per batch instead of one per briefing.
type BulkSaver interface {
	SaveBriefings(ctx context.Context, bs []*Briefing, mentions [][]Mention) ([]Outcome, error)
}
