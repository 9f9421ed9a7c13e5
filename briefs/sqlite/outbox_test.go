package sqlite

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/briefbot/briefbot/briefs"
)

var t0 = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

func openOutbox(t *testing.T) *Store {
	t.Helper()
	s, err := Open(context.Background(), t.TempDir()+"/b.db")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// addBriefing writes a briefing row directly, so these tests depend only on the schema.
func addBriefing(t *testing.T, s *Store, title, summary string) int64 {
	t.Helper()
	var id int64
	err := s.db.QueryRow(`INSERT INTO briefings (title, title_key, url, summary, seq, content_hash, created_at, updated_at)
		VALUES (?, ?, ?, ?, (SELECT COUNT(*) + 1 FROM briefings), ?, ?, ?) RETURNING id`,
		title, title, "https://example.org/"+title, summary, title, t0.UnixNano(), t0.UnixNano()).Scan(&id)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func subscribe(t *testing.T, s *Store, chat, args string, at time.Time) briefs.Subscription {
	t.Helper()
	sub, err := briefs.ParseSubscription(briefs.ChatRef{Platform: "telegram", ID: chat}, args)
	if err != nil {
		t.Fatal(err)
	}
	sub.CreatedAt = at
	if err := s.Subscribe(context.Background(), &sub); err != nil {
		t.Fatal(err)
	}
	return sub
}

func counts(t *testing.T, s *Store) map[briefs.DeliveryState]int {
	t.Helper()
	c, err := s.DeliveryCounts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestSubscribeRoundTrip(t *testing.T) {
	ctx := context.Background()
	s := openOutbox(t)
	chat := briefs.ChatRef{Platform: "telegram", ID: "-100"}
	if _, err := s.Subscription(ctx, chat); !errors.Is(err, briefs.ErrNotFound) {
		t.Fatalf("Subscription before subscribing: %v, want not found", err)
	}
	sub := subscribe(t, s, "-100", "daily 08:00 Europe/Berlin topics: Ukraine, Marco Rubio", t0)
	got, err := s.Subscription(ctx, chat)
	if err != nil {
		t.Fatal(err)
	}
	if got.ID != sub.ID || got.Schedule != "0 8 * * *" || got.Zone != "Europe/Berlin" || len(got.Topics) != 2 ||
		got.Topics[1] != "Marco Rubio" || !got.LastDigest.Equal(t0) || !got.CreatedAt.Equal(t0) {
		t.Errorf("got %+v", got)
	}
	// Changing the schedule later keeps the open window's start and lifts a pause.
	if err := s.PauseSubscription(ctx, sub.ID, "bot was blocked", t0); err != nil {
		t.Fatal(err)
	}
	again := subscribe(t, s, "-100", "weekly fri 18:00", t0.Add(time.Hour))
	if again.ID != sub.ID || !again.LastDigest.Equal(t0) || !again.PausedAt.IsZero() {
		t.Errorf("resubscribed: %+v", again)
	}
	all, err := s.Subscriptions(ctx)
	if err != nil || len(all) != 1 || all[0].Schedule != "0 18 * * 5" || !all[0].PausedAt.IsZero() {
		t.Fatalf("Subscriptions = %+v, %v", all, err)
	}
	if err := s.Unsubscribe(ctx, chat); err != nil {
		t.Fatal(err)
	}
	if err := s.Unsubscribe(ctx, chat); !errors.Is(err, briefs.ErrNotFound) {
		t.Errorf("second Unsubscribe: %v, want not found", err)
	}
}

func TestAnnounceIsIdempotentAndFiltered(t *testing.T) {
	ctx := context.Background()
	s := openOutbox(t)
	addBriefing(t, s, "Old news", "Long ago.")
	subscribe(t, s, "1", "", t0)
	subscribe(t, s, "2", "topics: Taiwan", t0)
	subscribe(t, s, "3", "daily 08:00", t0)
	// The first poll seeds: what exists is not news.
	rep, err := s.Announce(ctx, t0, true)
	if err != nil || rep.Briefings != 1 || rep.Deliveries != 0 {
		t.Fatalf("seed: %+v, %v", rep, err)
	}
	addBriefing(t, s, "Kyiv talks", "Ukraine and Russia met.")
	addBriefing(t, s, "Strait drills", "Taiwanese ships sailed.")
	rep, err = s.Announce(ctx, t0.Add(time.Minute), false)
	if err != nil {
		t.Fatal(err)
	}
	// chat 1 gets both, chat 2 only the Taiwan one, the digest chat none.
	if rep.Briefings != 2 || rep.Deliveries != 3 {
		t.Errorf("announce: %+v, want 2 briefings, 3 deliveries", rep)
	}
	rep, err = s.Announce(ctx, t0.Add(2*time.Minute), false)
	if err != nil || rep != (briefs.AnnounceReport{}) {
		t.Errorf("second announce: %+v, %v; want nothing", rep, err)
	}
	if c := counts(t, s); c[briefs.Queued] != 3 {
		t.Errorf("counts %v", c)
	}
}

func TestClaimLeasesAndExpiry(t *testing.T) {
	ctx := context.Background()
	s := openOutbox(t)
	subscribe(t, s, "1", "", t0)
	addBriefing(t, s, "A", "a")
	if _, err := s.Announce(ctx, t0, false); err != nil {
		t.Fatal(err)
	}
	got, err := s.Claim(ctx, "discord", t0, time.Minute, 10)
	if err != nil || len(got) != 0 {
		t.Fatalf("claim for another platform: %v, %v", got, err)
	}
	got, err = s.Claim(ctx, "telegram", t0, time.Minute, 10)
	if err != nil || len(got) != 1 {
		t.Fatalf("claim: %v, %v", got, err)
	}
	d := got[0]
	if d.Chat.ID != "1" || d.Kind != briefs.DeliverBriefing || d.Attempts != 1 || !d.SendingUntil.Equal(t0.Add(time.Minute)) {
		t.Errorf("claimed %+v", d)
	}
	if again, _ := s.Claim(ctx, "telegram", t0.Add(59*time.Second), time.Minute, 10); len(again) != 0 {
		t.Errorf("claimed a leased delivery again: %+v", again)
	}
	// The worker died: once its lease runs out the delivery is claimed again.
	again, err := s.Claim(ctx, "telegram", t0.Add(time.Minute), time.Minute, 10)
	if err != nil || len(again) != 1 || again[0].Attempts != 2 {
		t.Fatalf("claim after lease: %+v, %v", again, err)
	}
	if err := s.Retry(ctx, d.ID, t0.Add(time.Hour), "HTTP 502"); err != nil {
		t.Fatal(err)
	}
	if early, _ := s.Claim(ctx, "telegram", t0.Add(30*time.Minute), time.Minute, 10); len(early) != 0 {
		t.Errorf("claimed before its retry time: %+v", early)
	}
	late, _ := s.Claim(ctx, "telegram", t0.Add(time.Hour), time.Minute, 10)
	if len(late) != 1 || late[0].LastError != "HTTP 502" {
		t.Fatalf("claim at retry time: %+v", late)
	}
	if err := s.Release(ctx, []int64{d.ID}); err != nil {
		t.Fatal(err)
	}
	back, _ := s.Claim(ctx, "telegram", t0.Add(time.Hour), time.Minute, 10)
	if len(back) != 1 || back[0].Attempts != 3 {
		t.Errorf("released delivery: %+v, want attempts unchanged at 3", back)
	}
	if err := s.MarkSent(ctx, d.ID, "m1", t0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if c := counts(t, s); c[briefs.Sent] != 1 || len(c) != 1 {
		t.Errorf("counts %v", c)
	}
}

func TestConcurrentClaimsAreDisjoint(t *testing.T) {
	ctx := context.Background()
	s := openOutbox(t)
	for i := range 200 {
		subscribe(t, s, fmt.Sprint(i), "", t0)
	}
	addBriefing(t, s, "A", "a")
	if _, err := s.Announce(ctx, t0, false); err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	seen := map[int64]int{}
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				got, err := s.Claim(ctx, "telegram", t0, time.Minute, 7)
				if err != nil {
					t.Error(err)
					return
				}
				if len(got) == 0 {
					return
				}
				mu.Lock()
				for _, d := range got {
					seen[d.ID]++
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if len(seen) != 200 {
		t.Errorf("claimed %d distinct deliveries, want 200", len(seen))
	}
	for id, n := range seen {
		if n != 1 {
			t.Errorf("delivery %d claimed %d times", id, n)
		}
	}
}

func TestCorrectionEnqueuesEditsOfSentMessages(t *testing.T) {
	ctx := context.Background()
	s := openOutbox(t)
	subscribe(t, s, "1", "", t0)
	subscribe(t, s, "2", "", t0)
	id := addBriefing(t, s, "A", "first text")
	if _, err := s.Announce(ctx, t0, false); err != nil {
		t.Fatal(err)
	}
	got, _ := s.Claim(ctx, "telegram", t0, time.Minute, 1)
	if len(got) != 1 {
		t.Fatal("nothing claimed")
	}
	if err := s.MarkSent(ctx, got[0].ID, "msg-7", t0); err != nil {
		t.Fatal(err)
	}
	if _, err := s.db.Exec(`UPDATE briefings SET revision = 2, summary = 'corrected' WHERE id = ?`, id); err != nil {
		t.Fatal(err)
	}
	rep, err := s.Announce(ctx, t0.Add(time.Minute), false)
	if err != nil || rep.Edits != 1 || rep.Deliveries != 0 {
		t.Fatalf("announce correction: %+v, %v; want 1 edit (the other chat was not sent yet)", rep, err)
	}
	if rep, _ := s.Announce(ctx, t0.Add(2*time.Minute), false); rep.Edits != 0 {
		t.Errorf("correction announced twice: %+v", rep)
	}
	claimed, _ := s.Claim(ctx, "telegram", t0.Add(time.Minute), time.Minute, 10)
	var edit *briefs.Delivery
	for i := range claimed {
		if claimed[i].Kind == briefs.DeliverEdit {
			edit = &claimed[i]
		}
	}
	if edit == nil || edit.MessageID != "msg-7" || edit.Chat.ID != got[0].Chat.ID || edit.BriefingID != id {
		t.Fatalf("edit job: %+v (claimed %+v)", edit, claimed)
	}
}

func TestDigestWindowIsClosedOnce(t *testing.T) {
	ctx := context.Background()
	s := openOutbox(t)
	sub := subscribe(t, s, "1", "daily 08:00 topics: Taiwan", t0)
	end := t0.Add(20 * time.Hour)
	// Nothing announced in the window: it closes without a message.
	closed, enqueued, err := s.CloseDigestWindow(ctx, sub.ID, t0, t0.Add(time.Hour), t0.Add(time.Hour))
	if err != nil || !closed || enqueued {
		t.Fatalf("empty window: closed %v enqueued %v err %v", closed, enqueued, err)
	}
	start := t0.Add(time.Hour)
	addBriefing(t, s, "Kyiv talks", "Ukraine.")
	addBriefing(t, s, "Strait drills", "Taiwan.")
	if _, err := s.Announce(ctx, start.Add(time.Minute), false); err != nil {
		t.Fatal(err)
	}
	closed, enqueued, err = s.CloseDigestWindow(ctx, sub.ID, start, end, end)
	if err != nil || !closed || !enqueued {
		t.Fatalf("window: closed %v enqueued %v err %v", closed, enqueued, err)
	}
	closed, enqueued, err = s.CloseDigestWindow(ctx, sub.ID, start, end, end)
	if err != nil || closed || enqueued {
		t.Fatalf("same window again: closed %v enqueued %v err %v", closed, enqueued, err)
	}
	got, _ := s.Claim(ctx, "telegram", end, time.Minute, 10)
	if len(got) != 1 || got[0].Kind != briefs.DeliverDigest || !got[0].WindowEnd.Equal(end) {
		t.Fatalf("claimed %+v", got)
	}
	bs, err := s.DigestBriefings(ctx, got[0])
	if err != nil || len(bs) != 1 || bs[0].Title != "Strait drills" {
		t.Errorf("digest briefings %+v, %v", bs, err)
	}
}

func TestPauseAndMove(t *testing.T) {
	ctx := context.Background()
	s := openOutbox(t)
	a := subscribe(t, s, "-1", "", t0)
	b := subscribe(t, s, "-2", "", t0)
	addBriefing(t, s, "A", "a")
	if _, err := s.Announce(ctx, t0, false); err != nil {
		t.Fatal(err)
	}
	if err := s.PauseSubscription(ctx, a.ID, "bot was kicked", t0); err != nil {
		t.Fatal(err)
	}
	if err := s.MoveSubscription(ctx, b.ID, "-1009"); err != nil {
		t.Fatal(err)
	}
	got, _ := s.Claim(ctx, "telegram", t0, time.Minute, 10)
	if len(got) != 1 || got[0].Chat.ID != "-1009" {
		t.Fatalf("claimed %+v, want one delivery to the moved chat", got)
	}
	if c := counts(t, s); c[briefs.Skipped] != 1 {
		t.Errorf("counts %v, want the paused chat's delivery skipped", c)
	}
	pa, _ := s.Subscription(ctx, briefs.ChatRef{Platform: "telegram", ID: "-1"})
	if pa.PauseReason != "bot was kicked" || !pa.PausedAt.Equal(t0) {
		t.Errorf("paused subscription %+v", pa)
	}
}

func TestSourceStateKeepsFirstPoll(t *testing.T) {
	ctx := context.Background()
	s := openOutbox(t)
	if _, err := s.SourceState(ctx, "dir:/x"); !errors.Is(err, briefs.ErrNotFound) {
		t.Fatalf("unknown source: %v", err)
	}
	st := briefs.SourceState{Name: "dir:/x", FirstPoll: t0, LastPoll: t0, NextRun: t0.Add(time.Minute)}
	if err := s.SaveSourceState(ctx, st); err != nil {
		t.Fatal(err)
	}
	st.FirstPoll, st.LastPoll, st.LastError, st.Failures = t0.Add(time.Hour), t0.Add(time.Hour), "boom", 1
	if err := s.SaveSourceState(ctx, st); err != nil {
		t.Fatal(err)
	}
	got, err := s.SourceStates(ctx)
	if err != nil || len(got) != 1 || !got[0].FirstPoll.Equal(t0) || got[0].LastError != "boom" || got[0].Failures != 1 {
		t.Errorf("states %+v, %v", got, err)
	}
}

// TestLateAnnouncementGoesToTheNextWindow: a briefing announced with a clock behind an already
// closed digest window lands in the next window, not in the closed one where nobody would see it.
func TestLateAnnouncementGoesToTheNextWindow(t *testing.T) {
	ctx := context.Background()
	s := openOutbox(t)
	sub := subscribe(t, s, "1", "daily 08:00", t0)
	end := t0.Add(20 * time.Hour)
	if closed, _, err := s.CloseDigestWindow(ctx, sub.ID, t0, end, end); err != nil || !closed {
		t.Fatalf("closing: %v %v", closed, err)
	}
	addBriefing(t, s, "Late", "late")
	if _, err := s.Announce(ctx, end.Add(-time.Minute), false); err != nil {
		t.Fatal(err)
	}
	next := end.Add(24 * time.Hour)
	closed, enqueued, err := s.CloseDigestWindow(ctx, sub.ID, end, next, next)
	if err != nil || !closed || !enqueued {
		t.Errorf("next window: closed %v enqueued %v err %v; want the late briefing in it", closed, enqueued, err)
	}
}
