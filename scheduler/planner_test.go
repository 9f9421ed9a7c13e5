package scheduler

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/briefbot/briefbot/briefs"
)

// TestPlannerAcrossDST simulates weeks around the spring and autumn clock changes in Berlin and
// New York, with a briefing every six hours, and checks every daily digest came exactly once per
// local day, at the local time asked, with windows that chain without gap or overlap and
// together hold every briefing exactly once.
func TestPlannerAcrossDST(t *testing.T) {
	periods := []struct {
		name       string
		start, end time.Time
	}{
		{"spring", time.Date(2026, 3, 4, 12, 0, 0, 0, time.UTC), time.Date(2026, 4, 2, 12, 0, 0, 0, time.UTC)},
		{"autumn", time.Date(2026, 10, 21, 12, 0, 0, 0, time.UTC), time.Date(2026, 11, 4, 12, 0, 0, 0, time.UTC)},
	}
	specs := []string{
		"daily 02:30 Europe/Berlin", "daily 08:00 Europe/Berlin",
		"daily 02:30 America/New_York", "daily 08:00 America/New_York", "daily 01:30 America/New_York",
		"weekly mon 09:00 Asia/Tokyo", "daily 08:00 UTC topics: nothing-matches-this",
	}
	for _, p := range periods {
		t.Run(p.name, func(t *testing.T) {
			ctx := context.Background()
			st := openStore(t)
			subs := map[int64]briefs.Subscription{}
			for i, spec := range specs {
				sub := subscribeChat(t, st, "fake", fmt.Sprint(i), spec, p.start)
				subs[sub.ID] = sub
			}
			pl := NewPlanner(st, nil, quietLog)
			now, nextBriefing, n := p.start, p.start.Add(time.Minute), 0
			for now.Before(p.end) {
				if !now.Before(nextBriefing) {
					n++
					saveBriefing(t, st, fmt.Sprintf("Briefing %d", n), "Something happened.")
					if _, err := st.Announce(ctx, now, false); err != nil {
						t.Fatal(err)
					}
					nextBriefing = nextBriefing.Add(6 * time.Hour)
				}
				next, _, err := pl.PlanDue(ctx, now)
				if err != nil {
					t.Fatal(err)
				}
				if next.IsZero() || !next.After(now) {
					t.Fatalf("PlanDue(%v) next = %v", now, next)
				}
				now = next
				if nextBriefing.Before(now) {
					now = nextBriefing
				}
			}
			digests, err := st.Claim(ctx, "fake", p.end.Add(time.Hour), time.Hour, 100000)
			if err != nil {
				t.Fatal(err)
			}
			perSub := map[int64][]briefs.Delivery{}
			for _, d := range digests {
				perSub[d.SubscriptionID] = append(perSub[d.SubscriptionID], d)
			}
			for id, sub := range subs {
				checkDigests(t, st, sub, perSub[id], p.start, p.end, n)
			}
		})
	}
}

func checkDigests(t *testing.T, st interface {
	DigestBriefings(context.Context, briefs.Delivery) ([]briefs.Briefing, error)
}, sub briefs.Subscription, ds []briefs.Delivery, start, end time.Time, briefings int) {
	t.Helper()
	sched, _ := briefs.ScheduleOf(sub)
	loc := sched.Location()
	if len(sub.Topics) > 0 {
		if len(ds) != 0 {
			t.Errorf("%s: %d digests with nothing matching, want none", sub.Describe(), len(ds))
		}
		return
	}
	perDay := map[string]int{}
	seen := map[int64]int{}
	prevEnd := start
	for _, d := range ds {
		if !d.WindowStart.Equal(prevEnd) {
			t.Errorf("%s: window starts %v, previous ended %v", sub.Describe(), d.WindowStart, prevEnd)
		}
		prevEnd = d.WindowEnd
		local := d.WindowEnd.In(loc)
		perDay[local.Format("2006-01-02")]++
		want := sub.Schedule
		if got := fmt.Sprintf("%d %d", local.Minute(), local.Hour()); !(want[:len(got)] == got || (got == "30 3" && want[:4] == "30 2")) {
			t.Errorf("%s: digest at %v local", sub.Describe(), local)
		}
		bs, err := st.DigestBriefings(context.Background(), d)
		if err != nil {
			t.Fatal(err)
		}
		for _, b := range bs {
			seen[b.ID]++
		}
	}
	if sub.Schedule[len(sub.Schedule)-1] == '*' { // daily: every full local day once
		for d := start.In(loc).AddDate(0, 0, 1); d.Before(end.In(loc).AddDate(0, 0, -1)); d = d.AddDate(0, 0, 1) {
			if day := d.Format("2006-01-02"); perDay[day] != 1 {
				t.Errorf("%s: %d digests on %s, want 1", sub.Describe(), perDay[day], day)
			}
		}
	} else if len(ds) < 2 {
		t.Errorf("%s: %d weekly digests in the period", sub.Describe(), len(ds))
	}
	for id, k := range seen {
		if k != 1 {
			t.Errorf("%s: briefing %d in %d digests", sub.Describe(), id, k)
		}
	}
	missing := 8 // briefings after the last daily digest
	if sub.Schedule[len(sub.Schedule)-1] != '*' {
		missing = 7 * 4
	}
	if len(seen) > briefings || len(seen) < briefings-missing {
		t.Errorf("%s: digests held %d of %d briefings", sub.Describe(), len(seen), briefings)
	}
}

// TestPlannerRunWakesAtTheDueTime runs the planner loop on a fake clock: the digest is queued
// when the chat's 08:00 comes, not at the next rescan.
func TestPlannerRunWakesAtTheDueTime(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	st := openStore(t)
	start := time.Date(2026, 6, 1, 5, 59, 0, 0, time.UTC) // 07:59 in Berlin
	clock := newFakeClock(start)
	sub := subscribeChat(t, st, "fake", "1", "daily 08:00 Europe/Berlin", start.Add(-time.Hour))
	saveBriefing(t, st, "A", "a")
	if _, err := st.Announce(ctx, start.Add(-time.Minute), false); err != nil {
		t.Fatal(err)
	}
	pl := NewPlanner(st, clock, quietLog)
	woken := make(chan struct{}, 10)
	pl.Enqueued = func() { woken <- struct{}{} }
	done := make(chan struct{})
	go func() { pl.Run(ctx); close(done) }()
	clock.drive(t, time.Hour, func() bool { return len(woken) > 0 })
	if got := clock.Now(); !got.Equal(start.Add(time.Minute)) {
		t.Errorf("digest queued at %v, want 08:00 Berlin", got)
	}
	got, _ := st.Subscription(ctx, sub.Chat)
	if !got.LastDigest.Equal(start.Add(time.Minute)) {
		t.Errorf("window closed at %v", got.LastDigest)
	}
	cancel()
	<-done
}
