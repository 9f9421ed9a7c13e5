package scheduler

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/briefbot/briefbot/briefs"
	"github.com/briefbot/briefbot/briefs/sqlite"
	"github.com/briefbot/briefbot/scheduler/schedulertest"
)

var t0 = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

var quietLog = slog.New(slog.NewTextHandler(io.Discard, nil))

func openStore(t testing.TB) *sqlite.Store {
	t.Helper()
	return openStoreAt(t, t.TempDir()+"/b.db")
}

func openStoreAt(t testing.TB, path string) *sqlite.Store {
	t.Helper()
	s, err := sqlite.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func saveBriefing(t testing.TB, s *sqlite.Store, title, summary string) briefs.Briefing {
	t.Helper()
	b := briefs.Briefing{Title: title, URL: "https://example.org/" + title, Summary: summary,
		Published: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)}
	if _, err := s.SaveBriefing(context.Background(), &b, nil); err != nil {
		t.Fatal(err)
	}
	return b
}

func subscribeChat(t testing.TB, s briefs.SubscriptionStore, platform, chat, args string, at time.Time) briefs.Subscription {
	t.Helper()
	sub, err := briefs.ParseSubscription(briefs.ChatRef{Platform: platform, ID: chat}, args)
	if err != nil {
		t.Fatal(err)
	}
	sub.CreatedAt = at
	if err := s.Subscribe(context.Background(), &sub); err != nil {
		t.Fatal(err)
	}
	return sub
}

// fanOut subscribes n chats instantly and announces one new briefing to them.
func fanOut(t testing.TB, s *sqlite.Store, platform string, chats []string, at time.Time) {
	t.Helper()
	for _, c := range chats {
		subscribeChat(t, s, platform, c, "", at)
	}
	saveBriefing(t, s, "Strait drills", "Ships sailed. More followed.")
	rep, err := s.Announce(context.Background(), at, false)
	if err != nil || rep.Deliveries != len(chats) {
		t.Fatalf("announce: %+v, %v", rep, err)
	}
}

func chatIDs(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprint(1000 + i)
	}
	return out
}

func countState(t testing.TB, s *sqlite.Store, st briefs.DeliveryState) int {
	t.Helper()
	c, err := s.DeliveryCounts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return c[st]
}

// rig is one platform's dispatcher on a fake clock against the fake platform.
type rig struct {
	store    *sqlite.Store
	clock    *fakeClock
	platform *schedulertest.Platform
	disp     *Dispatcher
	cancel   context.CancelFunc
	done     chan error
}

func newRig(t *testing.T, opts DeliveryOptions) *rig {
	t.Helper()
	r := &rig{store: openStore(t), clock: newFakeClock(t0)}
	r.platform = schedulertest.NewPlatform(0, 0, 0, r.clock.Now)
	t.Cleanup(r.platform.Close)
	if opts.Workers == 0 {
		opts.Workers = 1
	}
	opts.Clock, opts.Logger = r.clock, quietLog
	if opts.Jitter == nil {
		opts.Jitter = func() float64 { return 0.5 } // factor 1: exact backoff
	}
	r.disp = NewDispatcher(r.store, r.store, busySender{&schedulertest.Sender{Name: "fake", URL: r.platform.Server.URL}, r.clock}, opts)
	return r
}

func (r *rig) start(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	r.cancel, r.done = cancel, make(chan error, 1)
	go func() { r.done <- r.disp.Run(ctx) }()
	t.Cleanup(func() { r.stop(t) })
}

func (r *rig) stop(t *testing.T) {
	if r.cancel == nil {
		return
	}
	r.cancel()
	r.cancel = nil
	select {
	case err := <-r.done:
		if err != nil {
			t.Errorf("Run: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("dispatcher did not stop")
	}
}

// settled reports whether nothing is queued or claimed any more.
func (r *rig) settled(t testing.TB) func() bool {
	return func() bool {
		c, err := r.store.DeliveryCounts(context.Background()) // one query: states move between two
		if err != nil {
			t.Fatal(err)
		}
		return c[briefs.Queued]+c[briefs.Sending] == 0
	}
}
