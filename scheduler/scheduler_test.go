package scheduler

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/briefbot/briefbot/briefs"
	"github.com/briefbot/briefbot/briefs/sqlite"
	"github.com/briefbot/briefbot/scheduler/schedulertest"
)

// TestSchedulerEndToEnd runs the whole scheduler on a fake clock: the source's first poll seeds,
// a briefing found by a later poll reaches the instant chat within that poll, and the digest chat
// gets it at 08:00 Berlin time the next morning, once.
func TestSchedulerEndToEnd(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	st := openStore(t)
	start := time.Date(2026, 3, 28, 12, 0, 0, 0, time.UTC) // Saturday; clocks spring forward overnight
	clock := newFakeClock(start)
	platform := schedulertest.NewPlatform(0, 0, 0, clock.Now)
	defer platform.Close()
	subscribeChat(t, st, "fake", "instant", "", start)
	subscribeChat(t, st, "fake", "digest", "daily 08:00 Europe/Berlin", start)
	src := &fakeSource{name: "dir:/srv", now: clock.Now, runs: []func() (briefs.Batch, error){
		batchOf("Archive"), batchOf("Archive", "Breaking")}}
	s, err := New(busyStore{st, clock}, Options{
		Sources: []Source{src}, Poll: "@every 10m", Ingest: storeIngester(st),
		// Deliveries are woken by the poller and the planner; a long idle keeps virtual time cheap.
		Delivery: DeliveryOptions{Idle: time.Hour}, Rescan: time.Hour,
		Senders: []Sender{busySender{&schedulertest.Sender{Name: "fake", URL: platform.Server.URL}, clock}},
		Clock:   clock, Logger: quietLog,
	})
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	clock.sleepers = 3 // the source's loop, the planner, the claim loop
	go func() { done <- s.Run(ctx) }()
	sentTo := func(chat string) []schedulertest.Request {
		var out []schedulertest.Request
		for _, r := range platform.Requests() {
			if r.Chat == chat {
				out = append(out, r)
			}
		}
		return out
	}
	clock.drive(t, time.Hour, func() bool { return len(sentTo("instant")) == 1 })
	got := sentTo("instant")[0]
	if !strings.Contains(got.Text, "Breaking") || !got.At.Equal(start.Add(10*time.Minute)) {
		t.Errorf("instant chat got %q at %v", got.Text, got.At)
	}
	clock.drive(t, 48*time.Hour, func() bool { return len(sentTo("digest")) == 1 })
	d := sentTo("digest")[0]
	berlin, _ := time.LoadLocation("Europe/Berlin")
	digestSub, err := st.Subscription(ctx, briefs.ChatRef{Platform: "fake", ID: "digest"})
	if err != nil {
		t.Fatal(err)
	}
	if end := digestSub.LastDigest.In(berlin); end.Format("2006-01-02 15:04") != "2026-03-29 08:00" {
		t.Errorf("digest window closed at %v, want 08:00 Berlin on Sunday", end)
	}
	if !d.At.Equal(digestSub.LastDigest) {
		t.Errorf("digest received at %v, window closed at %v", d.At.In(berlin), digestSub.LastDigest.In(berlin))
	}
	if !strings.Contains(d.Text, "Breaking") || strings.Contains(d.Text, "Archive") {
		t.Errorf("digest text %q: want the new briefing only", d.Text)
	}
	for _, r := range platform.Requests() {
		if strings.Contains(r.Text, "Archive") {
			t.Errorf("the seeded briefing was sent to %s", r.Chat)
		}
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("Run: %v", err)
	}
}

func TestNewRefusesBadOptions(t *testing.T) {
	st := openStore(t)
	snd := &schedulertest.Sender{Name: "fake", URL: "http://127.0.0.1:1"}
	tests := map[string]Options{
		"two senders for one platform": {Senders: []Sender{snd, snd}},
		"sources without ingester":     {Sources: []Source{&fakeSource{name: "dir:/x"}}},
		"bad poll":                     {Poll: "CRON_TZ="},
		"never polling":                {Poll: "0 0 31 2 *"},
	}
	for name, opts := range tests {
		if _, err := New(st, opts); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

// busyStore counts claimed deliveries as in flight on the clock until their outcome is
// recorded, so drive does not move time between a claim and its send.
type busyStore struct {
	*sqlite.Store
	clock *fakeClock
}

func (b busyStore) Claim(ctx context.Context, platform string, now time.Time, lease time.Duration, limit int) ([]briefs.Delivery, error) {
	ds, err := b.Store.Claim(ctx, platform, now, lease, limit)
	b.clock.busy.Add(int64(len(ds)))
	return ds, err
}

func (b busyStore) MarkSentMany(ctx context.Context, marks []briefs.SentMark) error {
	defer b.clock.busy.Add(-int64(len(marks)))
	return b.Store.MarkSentMany(ctx, marks)
}

func (b busyStore) Retry(ctx context.Context, id int64, at time.Time, reason string) error {
	defer b.clock.busy.Add(-1)
	return b.Store.Retry(ctx, id, at, reason)
}

func (b busyStore) MarkFailed(ctx context.Context, id int64, reason string, now time.Time) error {
	defer b.clock.busy.Add(-1)
	return b.Store.MarkFailed(ctx, id, reason, now)
}

func (b busyStore) Release(ctx context.Context, ids []int64) error {
	defer b.clock.busy.Add(-int64(len(ids)))
	return b.Store.Release(ctx, ids)
}
