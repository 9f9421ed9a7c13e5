package scheduler

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/briefbot/briefbot/briefs"
	"github.com/briefbot/briefbot/briefs/sqlite"
)

// fakeSource returns scripted batches; once the script runs out it returns nothing new.
type fakeSource struct {
	name string
	mu   sync.Mutex
	runs []func() (briefs.Batch, error)
	at   []time.Time
	now  func() time.Time
}

func (s *fakeSource) Name() string { return s.name }

func (s *fakeSource) Poll(ctx context.Context) (briefs.Batch, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.at = append(s.at, s.now())
	if len(s.runs) == 0 {
		return briefs.Batch{}, nil
	}
	run := s.runs[0]
	if len(s.runs) > 1 {
		s.runs = s.runs[1:]
	}
	return run()
}

func (s *fakeSource) polls() []time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]time.Time(nil), s.at...)
}

func batchOf(titles ...string) func() (briefs.Batch, error) {
	return func() (briefs.Batch, error) {
		var b briefs.Batch
		for _, t := range titles {
			b.Briefings = append(b.Briefings, briefs.Briefing{Title: t, URL: "https://example.org/" + t, Summary: t + " happened."})
		}
		return b, nil
	}
}

func storeIngester(st *sqlite.Store) Ingester {
	return func(ctx context.Context, b briefs.Batch) error {
		_, err := briefs.Ingest(ctx, st, b)
		return err
	}
}

func TestFirstPollSeedsThenAnnounces(t *testing.T) {
	ctx := context.Background()
	st := openStore(t)
	clock := newFakeClock(t0)
	subscribeChat(t, st, "fake", "1", "", t0)
	src := &fakeSource{name: "dir:/srv", now: clock.Now,
		runs: []func() (briefs.Batch, error){batchOf("Old one", "Old two"), batchOf("Old one", "Fresh news")}}
	p, err := NewPoller([]Source{src}, "@every 10m", storeIngester(st), st, clock, quietLog)
	if err != nil {
		t.Fatal(err)
	}
	announced := 0
	p.Announced = func() { announced++ }
	s1, err := p.PollOnce(ctx, src)
	if err != nil {
		t.Fatal(err)
	}
	if q := countState(t, st, briefs.Queued); q != 0 || announced != 0 {
		t.Fatalf("first poll queued %d deliveries; old briefings must not flood chats", q)
	}
	if !s1.FirstPoll.Equal(t0) || !s1.NextRun.Equal(t0.Add(10*time.Minute)) {
		t.Errorf("state after first poll: %+v", s1)
	}
	clock.Advance(10 * time.Minute)
	if _, err := p.PollOnce(ctx, src); err != nil {
		t.Fatal(err)
	}
	if q := countState(t, st, briefs.Queued); q != 1 || announced != 1 {
		t.Errorf("second poll queued %d (announced %d), want the one new briefing", q, announced)
	}
	saved, err := st.SourceState(ctx, "dir:/srv")
	if err != nil || !saved.FirstPoll.Equal(t0) || !saved.LastPoll.Equal(clock.Now()) {
		t.Errorf("saved state %+v, %v", saved, err)
	}
}

// TestBrokenSourceBacksOffAlone runs two sources on a one-minute schedule for an hour of virtual
// time: the healthy one is polled every minute, the broken one ever less often.
func TestBrokenSourceBacksOffAlone(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	st := openStore(t)
	clock := newFakeClock(t0)
	good := &fakeSource{name: "dir:/good", now: clock.Now}
	bad := &fakeSource{name: "feed:https://down.example", now: clock.Now,
		runs: []func() (briefs.Batch, error){func() (briefs.Batch, error) { return briefs.Batch{}, errors.New("HTTP 503") }}}
	p, err := NewPoller([]Source{good, bad}, "@every 1m", storeIngester(st), st, clock, quietLog)
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	clock.sleepers = 2 // one loop per source
	go func() { p.Run(ctx); close(done) }()
	clock.drive(t, 2*time.Hour, func() bool { return len(good.polls()) >= 61 })
	cancel()
	<-done
	gp, bp := good.polls(), bad.polls()
	for i := 1; i < len(gp); i++ {
		if gap := gp[i].Sub(gp[i-1]); gap != time.Minute {
			t.Fatalf("healthy source polled after %v, want every minute", gap)
		}
	}
	if len(bp) < 4 || len(bp) > 10 {
		t.Errorf("broken source polled %d times in an hour, want a handful", len(bp))
	}
	for i := 2; i < len(bp); i++ {
		if bp[i].Sub(bp[i-1]) < bp[i-1].Sub(bp[i-2]) {
			t.Errorf("backoff shrank: polls at %v", bp)
		}
	}
	state, err := st.SourceState(context.Background(), bad.name)
	if err != nil || state.Failures != len(bp) || !strings.Contains(state.LastError, "503") || !state.FirstPoll.IsZero() {
		t.Errorf("broken source state %+v, %v", state, err)
	}
}

func TestParsePoll(t *testing.T) {
	for _, ok := range []string{"", "@every 10m", "@every 30s", "*/5 * * * *", "@hourly", "CRON_TZ=Europe/Berlin 0 8 * * *"} {
		if _, err := ParsePoll(ok); err != nil {
			t.Errorf("ParsePoll(%q): %v", ok, err)
		}
	}
	for _, bad := range []string{"CRON_TZ=", "TZ=", "CRON_TZ=   ", "TZ=Mars/Base 0 8 * * *", "cron_tz=Europe/Berlin */5 * * * *", "bogus", "61 * * * *",
		"0 0 30 2 *", "@every", "@every -5m", "* * * * * * *"} {
		if _, err := ParsePoll(bad); err == nil {
			t.Errorf("ParsePoll(%q) accepted", bad)
		}
	}
}
