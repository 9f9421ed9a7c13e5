package storetest

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/briefbot/briefbot/briefs"
)

// OutboxStore is a store with its delivery side: what the scheduler needs.
type OutboxStore interface {
	briefs.Store
	briefs.Outbox
	briefs.SubscriptionStore
	briefs.SourceStates
}

// RunOutbox runs the outbox, subscription and source-state contract against stores made by open;
// each sub-test gets a fresh empty store. It uses only the interfaces, so every store runs the
// same checks.
func RunOutbox(t *testing.T, open func(t *testing.T) OutboxStore) {
	tests := []struct {
		name string
		fn   func(*testing.T, OutboxStore)
	}{
		{"SubscribeRoundTrip", testSubscribeRoundTrip},
		{"AnnounceIsIdempotentAndFiltered", testAnnounceIdempotentFiltered},
		{"ClaimLeasesAndExpiry", testClaimLeasesAndExpiry},
		{"ConcurrentClaimsAreDisjoint", testConcurrentClaimsDisjoint},
		{"MarkSentMany", testMarkSentMany},
		{"CorrectionEnqueuesEditsOfSentMessages", testCorrectionEnqueuesEdits},
		{"EditWaitsForItsMessage", testEditWaitsForItsMessage},
		{"DigestWindowIsClosedOnce", testDigestWindowClosedOnce},
		{"PausedDigestClosesWithoutMessage", testPausedDigestClosesQuietly},
		{"PauseAndMove", testPauseAndMove},
		{"MoveOntoSubscribedChat", testMoveOntoSubscribedChat},
		{"UnsubscribeDropsDeliveries", testUnsubscribeDropsDeliveries},
		{"SourceStateKeepsFirstPoll", testSourceStateKeepsFirstPoll},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := open(t)
			t.Cleanup(func() { s.Close() })
			tt.fn(t, s)
		})
	}
}

// t0 is the outbox tests' clock.
var t0 = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

// addBriefing saves and chains a briefing dated after every other, returning its ID.
func addBriefing(t *testing.T, s OutboxStore, title, summary string) int64 {
	t.Helper()
	n, err := s.CountBriefings(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	b := brief(title, n+1, "", "")
	b.URL = "https://example.org/" + title
	b.Summary = summary
	save(t, s, b)
	relink(t, s)
	return b.ID
}

// correct saves a new text of the briefing titled title, which addBriefing added.
func correct(t *testing.T, s OutboxStore, id int64, summary string) {
	t.Helper()
	old, err := s.Briefing(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	b := old
	b.Summary = summary
	if out := save(t, s, &b); out != briefs.Updated || b.Revision != old.Revision+1 {
		t.Fatalf("correcting %q: %v revision %d", old.Title, out, b.Revision)
	}
	relink(t, s)
}

func subscribe(t *testing.T, s OutboxStore, chat, args string, at time.Time) briefs.Subscription {
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

func announce(t *testing.T, s OutboxStore, at time.Time) briefs.AnnounceReport {
	t.Helper()
	rep, err := s.Announce(context.Background(), at, false)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

func claim(t *testing.T, s OutboxStore, at time.Time, limit int) []briefs.Delivery {
	t.Helper()
	got, err := s.Claim(context.Background(), "telegram", at, time.Minute, limit)
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func counts(t *testing.T, s OutboxStore) map[briefs.DeliveryState]int {
	t.Helper()
	c, err := s.DeliveryCounts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func testSubscribeRoundTrip(t *testing.T, s OutboxStore) {
	ctx := context.Background()
	chat := briefs.ChatRef{Platform: "telegram", ID: "-100"}
	if _, err := s.Subscription(ctx, chat); !errors.Is(err, briefs.ErrNotFound) {
		t.Fatalf("Subscription before subscribing: %v, want not found", err)
	}
	sub := subscribe(t, s, "-100", "daily 08:00 Europe/Berlin topics: Ukraine, Marco Rubio", t0)
	got, err := s.Subscription(ctx, chat)
	if err != nil {
		t.Fatal(err)
	}
	if got.ID != sub.ID || got.Mode != briefs.Digest || got.Schedule != "0 8 * * *" || got.Zone != "Europe/Berlin" ||
		len(got.Topics) != 2 || got.Topics[1] != "Marco Rubio" || !got.LastDigest.Equal(t0) || !got.CreatedAt.Equal(t0) {
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
	subscribe(t, s, "-200", "", t0)
	all, err := s.Subscriptions(ctx)
	if err != nil || len(all) != 2 || all[0].Schedule != "0 18 * * 5" || !all[0].PausedAt.IsZero() ||
		all[1].Mode != briefs.Instant || all[1].Chat.ID != "-200" {
		t.Fatalf("Subscriptions = %+v, %v", all, err)
	}
	if err := s.Unsubscribe(ctx, chat); err != nil {
		t.Fatal(err)
	}
	if err := s.Unsubscribe(ctx, chat); !errors.Is(err, briefs.ErrNotFound) {
		t.Errorf("second Unsubscribe: %v, want not found", err)
	}
	if _, err := s.Subscription(ctx, chat); !errors.Is(err, briefs.ErrNotFound) {
		t.Errorf("Subscription after Unsubscribe: %v, want not found", err)
	}
}

func testAnnounceIdempotentFiltered(t *testing.T, s OutboxStore) {
	ctx := context.Background()
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
	// chat 1 gets both, chat 2 only the Taiwan one, the digest chat none.
	if rep := announce(t, s, t0.Add(time.Minute)); rep.Briefings != 2 || rep.Deliveries != 3 {
		t.Errorf("announce: %+v, want 2 briefings, 3 deliveries", rep)
	}
	if rep := announce(t, s, t0.Add(2*time.Minute)); rep != (briefs.AnnounceReport{}) {
		t.Errorf("second announce: %+v; want nothing", rep)
	}
	if c := counts(t, s); c[briefs.Queued] != 3 || len(c) != 1 {
		t.Errorf("counts %v, want 3 queued", c)
	}
	got := claim(t, s, t0.Add(time.Minute), 10)
	perChat := map[string]int{}
	for _, d := range got {
		perChat[d.Chat.ID]++
		if d.Kind != briefs.DeliverBriefing || d.BriefingID == 0 || d.Nonce() == "" {
			t.Errorf("delivery %+v", d)
		}
	}
	if perChat["1"] != 2 || perChat["2"] != 1 || perChat["3"] != 0 {
		t.Errorf("deliveries per chat %v", perChat)
	}
}

func testClaimLeasesAndExpiry(t *testing.T, s OutboxStore) {
	ctx := context.Background()
	subscribe(t, s, "1", "", t0)
	addBriefing(t, s, "A", "a")
	announce(t, s, t0)
	got, err := s.Claim(ctx, "discord", t0, time.Minute, 10)
	if err != nil || len(got) != 0 {
		t.Fatalf("claim for another platform: %v, %v", got, err)
	}
	if got := claim(t, s, t0, 0); len(got) != 0 {
		t.Fatalf("claim with limit 0: %+v", got)
	}
	got = claim(t, s, t0, 10)
	if len(got) != 1 {
		t.Fatalf("claim: %+v", got)
	}
	d := got[0]
	if d.Chat.ID != "1" || d.Kind != briefs.DeliverBriefing || d.Attempts != 1 || d.State != briefs.Sending ||
		!d.SendingUntil.Equal(t0.Add(time.Minute)) || !d.CreatedAt.Equal(t0) {
		t.Errorf("claimed %+v", d)
	}
	if again := claim(t, s, t0.Add(59*time.Second), 10); len(again) != 0 {
		t.Errorf("claimed a leased delivery again: %+v", again)
	}
	// The worker died: once its lease runs out the delivery is claimed again.
	again := claim(t, s, t0.Add(time.Minute), 10)
	if len(again) != 1 || again[0].Attempts != 2 {
		t.Fatalf("claim after lease: %+v", again)
	}
	if err := s.Retry(ctx, d.ID, t0.Add(time.Hour), "HTTP 502"); err != nil {
		t.Fatal(err)
	}
	if early := claim(t, s, t0.Add(30*time.Minute), 10); len(early) != 0 {
		t.Errorf("claimed before its retry time: %+v", early)
	}
	late := claim(t, s, t0.Add(time.Hour), 10)
	if len(late) != 1 || late[0].LastError != "HTTP 502" || !late[0].NextAttemptAt.Equal(t0.Add(time.Hour)) {
		t.Fatalf("claim at retry time: %+v", late)
	}
	if err := s.Release(ctx, []int64{d.ID}); err != nil {
		t.Fatal(err)
	}
	back := claim(t, s, t0.Add(time.Hour), 10)
	if len(back) != 1 || back[0].Attempts != 3 {
		t.Errorf("released delivery: %+v, want attempts unchanged at 3", back)
	}
	if err := s.MarkSent(ctx, d.ID, "m1", t0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if c := counts(t, s); c[briefs.Sent] != 1 || len(c) != 1 {
		t.Errorf("counts %v", c)
	}
	if got := claim(t, s, t0.Add(48*time.Hour), 10); len(got) != 0 {
		t.Errorf("a sent delivery was claimed: %+v", got)
	}
}

func testConcurrentClaimsDisjoint(t *testing.T, s OutboxStore) {
	const chats = 200
	for i := range chats {
		subscribe(t, s, fmt.Sprint(i), "", t0)
	}
	addBriefing(t, s, "A", "a")
	announce(t, s, t0)
	seen := ClaimAll(t, []briefs.Outbox{s, s, s, s}, "telegram", t0, 7)
	if len(seen) != chats {
		t.Errorf("claimed %d distinct deliveries, want %d", len(seen), chats)
	}
	for id, n := range seen {
		if n != 1 {
			t.Errorf("delivery %d claimed %d times", id, n)
		}
	}
}
