package storetest

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/briefbot/briefbot/briefs"
)

// ClaimAll drains platform's due deliveries with one goroutine per outbox (the same store
// several times, or one store per process-like connection pool), each claiming batch at a time
// until it finds nothing, and returns how often each delivery ID was claimed.
func ClaimAll(t testing.TB, outboxes []briefs.Outbox, platform string, now time.Time, batch int) map[int64]int {
	t.Helper()
	var mu sync.Mutex
	seen := map[int64]int{}
	var wg sync.WaitGroup
	for _, o := range outboxes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				got, err := o.Claim(context.Background(), platform, now, time.Minute, batch)
				if err != nil {
					t.Error(err)
					return
				}
				if len(got) == 0 {
					return
				}
				if len(got) > batch {
					t.Errorf("claimed %d deliveries, asked for %d", len(got), batch)
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
	return seen
}

func testMarkSentMany(t *testing.T, s OutboxStore) {
	ctx := context.Background()
	for _, chat := range []string{"1", "2", "3"} {
		subscribe(t, s, chat, "", t0)
	}
	addBriefing(t, s, "A", "a")
	announce(t, s, t0)
	got := claim(t, s, t0, 10)
	if len(got) != 3 {
		t.Fatalf("claimed %+v", got)
	}
	marks := []briefs.SentMark{{ID: got[0].ID, MessageID: "m0", At: t0}, {ID: got[2].ID, MessageID: "m2", At: t0}}
	if err := s.MarkSentMany(ctx, marks); err != nil {
		t.Fatal(err)
	}
	if err := s.MarkSentMany(ctx, nil); err != nil {
		t.Errorf("marking nothing: %v", err)
	}
	if c := counts(t, s); c[briefs.Sent] != 2 || c[briefs.Sending] != 1 {
		t.Errorf("counts %v, want 2 sent and 1 still sending", c)
	}
	// the recorded message ids are what a correction edits
	correct(t, s, got[0].BriefingID, "corrected")
	announce(t, s, t0)
	ids := map[string]bool{}
	for _, d := range claim(t, s, t0, 10) {
		if d.Kind == briefs.DeliverEdit {
			ids[d.MessageID] = true
		}
	}
	if !ids["m0"] || !ids["m2"] || len(ids) != 2 {
		t.Errorf("edits of messages %v, want m0 and m2", ids)
	}
}

func testCorrectionEnqueuesEdits(t *testing.T, s OutboxStore) {
	ctx := context.Background()
	subscribe(t, s, "1", "", t0)
	subscribe(t, s, "2", "", t0)
	id := addBriefing(t, s, "A", "first text")
	announce(t, s, t0)
	got := claim(t, s, t0, 1)
	if len(got) != 1 {
		t.Fatal("nothing claimed")
	}
	if err := s.MarkSent(ctx, got[0].ID, "msg-7", t0); err != nil {
		t.Fatal(err)
	}
	correct(t, s, id, "corrected")
	rep := announce(t, s, t0.Add(time.Minute))
	if rep.Edits != 1 || rep.Deliveries != 0 || rep.Briefings != 1 {
		t.Fatalf("announce correction: %+v; want 1 edit (the other chat was not sent yet)", rep)
	}
	if rep := announce(t, s, t0.Add(2*time.Minute)); rep.Edits != 0 {
		t.Errorf("correction announced twice: %+v", rep)
	}
	claimed := claim(t, s, t0.Add(time.Minute), 10)
	var edit *briefs.Delivery
	for i := range claimed {
		if claimed[i].Kind == briefs.DeliverEdit {
			edit = &claimed[i]
		}
	}
	if edit == nil || edit.MessageID != "msg-7" || edit.Chat.ID != got[0].Chat.ID || edit.BriefingID != id {
		t.Fatalf("edit job: %+v (claimed %+v)", edit, claimed)
	}
	// a second correction edits chat 1's message once more, and chat 2's, now being sent
	if err := s.MarkSent(ctx, edit.ID, "msg-7", t0.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	correct(t, s, id, "corrected twice")
	if rep := announce(t, s, t0.Add(3*time.Minute)); rep.Edits != 2 {
		t.Errorf("second correction: %+v, want 2 edits", rep)
	}
}

func testEditWaitsForItsMessage(t *testing.T, s OutboxStore) {
	ctx := context.Background()
	subscribe(t, s, "1", "", t0)
	id := addBriefing(t, s, "A", "first text")
	announce(t, s, t0)
	first := claim(t, s, t0, 10)
	if len(first) != 1 {
		t.Fatalf("claimed %+v", first)
	}
	// corrected while the first send is still in flight: the edit waits for its message
	correct(t, s, id, "corrected")
	if rep := announce(t, s, t0); rep.Edits != 1 {
		t.Fatalf("announce: %+v, want an edit of the message being sent", rep)
	}
	if got := claim(t, s, t0, 10); len(got) != 0 {
		t.Fatalf("claimed %+v before the message it edits was sent", got)
	}
	// the send fails for good: the edit is skipped, not left waiting
	if err := s.MarkFailed(ctx, first[0].ID, "chat not found", t0); err != nil {
		t.Fatal(err)
	}
	if c := counts(t, s); c[briefs.Failed] != 1 || c[briefs.Skipped] != 1 || c[briefs.Queued] != 0 {
		t.Errorf("counts %v, want 1 failed and its edit skipped", c)
	}
}

func testDigestWindowClosedOnce(t *testing.T, s OutboxStore) {
	ctx := context.Background()
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
	announce(t, s, start.Add(time.Minute))
	// a stale start (the window moved on) closes nothing
	if closed, enqueued, err := s.CloseDigestWindow(ctx, sub.ID, t0, end, end); err != nil || closed || enqueued {
		t.Fatalf("stale window: closed %v enqueued %v err %v", closed, enqueued, err)
	}
	closed, enqueued, err = s.CloseDigestWindow(ctx, sub.ID, start, end, end)
	if err != nil || !closed || !enqueued {
		t.Fatalf("window: closed %v enqueued %v err %v", closed, enqueued, err)
	}
	closed, enqueued, err = s.CloseDigestWindow(ctx, sub.ID, start, end, end)
	if err != nil || closed || enqueued {
		t.Fatalf("same window again: closed %v enqueued %v err %v", closed, enqueued, err)
	}
	if got, _ := s.Subscription(ctx, sub.Chat); !got.LastDigest.Equal(end) {
		t.Errorf("last digest %v, want %v", got.LastDigest, end)
	}
	got := claim(t, s, end, 10)
	if len(got) != 1 || got[0].Kind != briefs.DeliverDigest || !got[0].WindowStart.Equal(start) ||
		!got[0].WindowEnd.Equal(end) || len(got[0].Topics) != 1 || got[0].Zone != "UTC" {
		t.Fatalf("claimed %+v", got)
	}
	bs, err := s.DigestBriefings(ctx, got[0])
	if err != nil || len(bs) != 1 || bs[0].Title != "Strait drills" {
		t.Errorf("digest briefings %+v, %v", bs, err)
	}
}

func testPausedDigestClosesQuietly(t *testing.T, s OutboxStore) {
	ctx := context.Background()
	sub := subscribe(t, s, "1", "daily 08:00", t0)
	addBriefing(t, s, "A", "a")
	announce(t, s, t0.Add(time.Minute))
	if err := s.PauseSubscription(ctx, sub.ID, "blocked", t0.Add(2*time.Minute)); err != nil {
		t.Fatal(err)
	}
	closed, enqueued, err := s.CloseDigestWindow(ctx, sub.ID, t0, t0.Add(time.Hour), t0.Add(time.Hour))
	if err != nil || !closed || enqueued {
		t.Errorf("paused: closed %v enqueued %v err %v; want closed without a digest", closed, enqueued, err)
	}
	if _, _, err := s.CloseDigestWindow(ctx, 98765, t0, t0.Add(time.Hour), t0.Add(time.Hour)); err != nil {
		t.Errorf("unknown subscription: %v", err)
	}
}

func testPauseAndMove(t *testing.T, s OutboxStore) {
	ctx := context.Background()
	a := subscribe(t, s, "-1", "", t0)
	b := subscribe(t, s, "-2", "", t0)
	addBriefing(t, s, "A", "a")
	announce(t, s, t0)
	if err := s.PauseSubscription(ctx, a.ID, "bot was kicked", t0); err != nil {
		t.Fatal(err)
	}
	if err := s.MoveSubscription(ctx, b.ID, "-1009"); err != nil {
		t.Fatal(err)
	}
	got := claim(t, s, t0, 10)
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
	// a paused chat gets nothing new until it subscribes again
	addBriefing(t, s, "B", "b")
	if rep := announce(t, s, t0.Add(time.Minute)); rep.Deliveries != 1 {
		t.Errorf("announce with one chat paused: %+v, want 1 delivery", rep)
	}
}

func testMoveOntoSubscribedChat(t *testing.T, s OutboxStore) {
	ctx := context.Background()
	old := subscribe(t, s, "-1", "", t0)
	subscribe(t, s, "-2", "daily 08:00", t0)
	if err := s.MoveSubscription(ctx, old.ID, "-2"); err != nil {
		t.Fatal(err)
	}
	moved, err := s.Subscription(ctx, briefs.ChatRef{Platform: "telegram", ID: "-1"})
	if err != nil || moved.PausedAt.IsZero() || moved.PauseReason == "" {
		t.Errorf("old subscription %+v, %v; want it paused", moved, err)
	}
	if kept, _ := s.Subscription(ctx, briefs.ChatRef{Platform: "telegram", ID: "-2"}); kept.Mode != briefs.Digest {
		t.Errorf("the new chat's own subscription changed: %+v", kept)
	}
}

func testUnsubscribeDropsDeliveries(t *testing.T, s OutboxStore) {
	ctx := context.Background()
	subscribe(t, s, "1", "", t0)
	subscribe(t, s, "2", "", t0)
	addBriefing(t, s, "A", "a")
	announce(t, s, t0)
	if err := s.Unsubscribe(ctx, briefs.ChatRef{Platform: "telegram", ID: "1"}); err != nil {
		t.Fatal(err)
	}
	got := claim(t, s, t0, 10)
	if len(got) != 1 || got[0].Chat.ID != "2" {
		t.Errorf("claimed %+v, want only chat 2's delivery", got)
	}
	if err := s.Release(ctx, nil); err != nil {
		t.Errorf("releasing nothing: %v", err)
	}
}

func testSourceStateKeepsFirstPoll(t *testing.T, s OutboxStore) {
	ctx := context.Background()
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
	if err := s.SaveSourceState(ctx, briefs.SourceState{Name: "feed:a"}); err != nil {
		t.Fatal(err)
	}
	got, err := s.SourceStates(ctx)
	if err != nil || len(got) != 2 || got[0].Name != "dir:/x" || !got[0].FirstPoll.Equal(t0) ||
		!got[0].LastPoll.Equal(t0.Add(time.Hour)) || got[0].LastError != "boom" || got[0].Failures != 1 ||
		!got[1].FirstPoll.IsZero() {
		t.Errorf("states %+v, %v", got, err)
	}
	one, err := s.SourceState(ctx, "dir:/x")
	if err != nil || !one.NextRun.Equal(t0.Add(time.Minute)) {
		t.Errorf("SourceState = %+v, %v", one, err)
	}
}
