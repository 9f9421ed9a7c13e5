package postgres

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/briefbot/briefbot/briefs"
	"github.com/briefbot/briefbot/briefs/storetest"
)

// TestClaimsAcrossPoolsAreDisjoint is several replicas draining one queue: four stores, each
// with its own connection pool, claim 1,000 deliveries at once; each is claimed exactly once.
func TestClaimsAcrossPoolsAreDisjoint(t *testing.T) {
	ctx := context.Background()
	dsn := freshSchema(t)
	t0 := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	var outboxes []briefs.Outbox
	var stores []*Store
	for range 4 {
		s, err := Open(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		outboxes, stores = append(outboxes, s), append(stores, s)
	}
	s := stores[0]
	const chats, briefings = 250, 4
	for i := range chats {
		sub := briefs.Subscription{Chat: briefs.ChatRef{Platform: "telegram", ID: fmt.Sprint(-1000 - i)},
			Mode: briefs.Instant, CreatedAt: t0}
		if err := s.Subscribe(ctx, &sub); err != nil {
			t.Fatal(err)
		}
	}
	for i := range briefings {
		b := briefs.Briefing{Title: fmt.Sprintf("Briefing %d", i), Published: t0.AddDate(0, 0, i), Summary: "s"}
		if _, err := s.SaveBriefing(ctx, &b, nil); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.Relink(ctx); err != nil {
		t.Fatal(err)
	}
	// the replicas announce at once too: the deliveries are enqueued once
	errs := make(chan error, len(stores))
	for _, st := range stores {
		go func() {
			_, err := st.Announce(ctx, t0, false)
			errs <- err
		}()
	}
	for range stores {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	if c, err := s.DeliveryCounts(ctx); err != nil || c[briefs.Queued] != chats*briefings {
		t.Fatalf("queued %v, %v; want %d", c, err, chats*briefings)
	}
	start := time.Now()
	seen := storetest.ClaimAll(t, outboxes, "telegram", t0, 10)
	t.Logf("4 pools claimed %d deliveries in %v", len(seen), time.Since(start))
	if len(seen) != chats*briefings {
		t.Errorf("claimed %d distinct deliveries, want %d", len(seen), chats*briefings)
	}
	for id, n := range seen {
		if n != 1 {
			t.Errorf("delivery %d claimed %d times", id, n)
		}
	}
	if c, err := s.DeliveryCounts(ctx); err != nil || c[briefs.Sending] != chats*briefings || len(c) != 1 {
		t.Errorf("counts after claiming %v, %v", c, err)
	}
}
