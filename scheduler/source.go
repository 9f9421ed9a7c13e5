package scheduler

import (
	"context"

	"github.com/briefbot/briefbot/briefs"
)

// Source is one place briefings come from: a folder, a feed, a web page chain.
type Source interface {
	// Name is the source in its configuration form, "feed:https://example.org/rss".
	Name() string
	// Poll reads the source and returns the briefings that are new or changed since the last
	// successful poll (a source may return known ones again; ingesting them is idempotent).
	Poll(ctx context.Context) (briefs.Batch, error)
}
