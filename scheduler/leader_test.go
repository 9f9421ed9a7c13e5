package scheduler

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/briefbot/briefbot/briefs"
	"github.com/briefbot/briefbot/briefs/postgres"
	"github.com/briefbot/briefbot/briefs/sqlite"
	"github.com/briefbot/briefbot/scheduler/schedulertest"
)

// PostgreSQL's store is the elector replicas share.
var _ Elector = (*postgres.Store)(nil)

// scriptedElector grants and revokes leadership when the test says so.
type scriptedElector struct {
	grant  chan struct{}
	revoke chan error
	ended  chan struct{} // receives each time whileLeading returned
}

func newScriptedElector() *scriptedElector {
	return &scriptedElector{grant: make(chan struct{}), revoke: make(chan error), ended: make(chan struct{}, 4)}
}

func (e *scriptedElector) Lead(ctx context.Context, whileLeading func(context.Context), standingBy func(error)) error {
	for {
		standingBy(nil)
		select {
		case <-ctx.Done():
			return nil
		case <-e.grant:
		}
		lctx, cancel := context.WithCancelCause(ctx)
		done := make(chan struct{})
		go func() { defer close(done); whileLeading(lctx) }()
		select {
		case err := <-e.revoke:
			cancel(err)
		case <-ctx.Done():
			cancel(ctx.Err())
		}
		<-done
		e.ended <- struct{}{}
		if ctx.Err() != nil {
			return nil
		}
	}
}

// electedStore is a SQLite store that also elects, as the PostgreSQL store does.
type electedStore struct {
	*sqlite.Store
	*scriptedElector
}

// queueOne subscribes chat and queues one new briefing for it, as another replica's poll would.
func queueOne(t *testing.T, st *sqlite.Store, chat string) {
	t.Helper()
	subscribeChat(t, st, "fake", chat, "topics: "+chat, time.Now())
	saveBriefing(t, st, "Briefing for "+chat, chat+" news.")
	if rep, err := st.Announce(context.Background(), time.Now(), false); err != nil || rep.Deliveries != 1 {
		t.Fatalf("announce: %+v, %v", rep, err)
	}
}

// leaderLog collects log output from several goroutines.
type leaderLog struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *leaderLog) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *leaderLog) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// waitFor polls cond until it holds or the deadline passes.
func awaitLeaderCond(t *testing.T, what string, within time.Duration, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(within)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %v waiting for %s", within, what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// TestSchedulerPollsOnlyWhileLeading: a store that is an Elector is used as one; deliveries
// run while standing by, the source is polled only once leadership is granted, and polling
// stops when it is revoked.
func TestSchedulerPollsOnlyWhileLeading(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	st := openStore(t)
	elector := newScriptedElector()
	platform := schedulertest.NewPlatform(0, 0, 0, nil)
	defer platform.Close()
	queueOne(t, st, "queued-before-start")
	src := &fakeSource{name: "dir:/srv", now: time.Now}
	var logs leaderLog
	s, err := New(electedStore{st, elector}, Options{
		Sources: []Source{src}, Poll: "@every 1s", Ingest: storeIngester(st),
		Delivery: DeliveryOptions{Idle: 10 * time.Millisecond},
		Senders:  []Sender{&schedulertest.Sender{Name: "fake", URL: platform.Server.URL}},
		Logger:   slog.New(slog.NewTextHandler(&logs, nil)),
	})
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- s.Run(ctx) }()

	// Standing by, this replica still delivers what another replica queued.
	awaitLeaderCond(t, "the queued delivery", 10*time.Second, func() bool { return platform.DeliveredCount() == 1 })
	if n := len(src.polls()); n != 0 {
		t.Fatalf("the source was polled %d times before this process led", n)
	}
	if !strings.Contains(logs.String(), "scheduler: standing by") {
		t.Errorf("no standing-by line in the log:\n%s", logs.String())
	}

	elector.grant <- struct{}{}
	awaitLeaderCond(t, "a poll while leading", 10*time.Second, func() bool { return len(src.polls()) > 0 })
	if !strings.Contains(logs.String(), "scheduler: leading") {
		t.Errorf("no leading line in the log:\n%s", logs.String())
	}

	elector.revoke <- errors.New("connection lost")
	select {
	case <-elector.ended:
	case <-time.After(10 * time.Second):
		t.Fatal("polling did not stop when leadership was lost")
	}
	polled := len(src.polls()) // the poller has returned: no poll may follow
	if out := logs.String(); !strings.Contains(out, "scheduler: no longer leading") || !strings.Contains(out, "connection lost") {
		t.Errorf("no step-down line with its cause in the log:\n%s", out)
	}

	// Deliveries go on after stepping down.
	queueOne(t, st, "queued-after-step-down")
	s.WakeDeliveries()
	awaitLeaderCond(t, "the delivery queued after stepping down", 10*time.Second, func() bool { return platform.DeliveredCount() == 2 })
	if n := len(src.polls()); n != polled {
		t.Errorf("the source was polled %d more times after stepping down", n-polled)
	}

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Run: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not return")
	}
	if c, err := st.DeliveryCounts(context.Background()); err != nil || c[briefs.Sent] != 2 {
		t.Errorf("outbox %v, %v; want 2 sent", c, err)
	}
}

// TestSchedulerWithoutElectorAlwaysPolls: a store that is no Elector (SQLite) polls at once.
func TestSchedulerWithoutElectorAlwaysPolls(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	st := openStore(t)
	src := &fakeSource{name: "dir:/srv", now: time.Now}
	var logs leaderLog
	s, err := New(st, Options{Sources: []Source{src}, Poll: "@every 1s", Ingest: storeIngester(st),
		Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	if err != nil {
		t.Fatal(err)
	}
	if s.elector != nil {
		t.Fatalf("SQLite store taken for an elector: %T", s.elector)
	}
	done := make(chan error, 1)
	go func() { done <- s.Run(ctx) }()
	awaitLeaderCond(t, "a poll", 10*time.Second, func() bool { return len(src.polls()) > 0 })
	cancel()
	if err := <-done; err != nil {
		t.Errorf("Run: %v", err)
	}
	if strings.Contains(logs.String(), "scheduler: leading") {
		t.Errorf("a single process logged leadership:\n%s", logs.String())
	}
}
