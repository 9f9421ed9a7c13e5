package scheduler

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/briefs"
	"github.com/briefbot/briefbot/scheduler/schedulertest"
)

func TestDispatcherSendsEachDeliveryOnce(t *testing.T) {
	r := newRig(t, DeliveryOptions{Workers: 3})
	fanOut(t, r.store, "fake", chatIDs(20), t0)
	r.start(t)
	r.clock.drive(t, time.Hour, r.settled(t))
	if n := countState(t, r.store, briefs.Sent); n != 20 {
		t.Fatalf("sent %d, want 20", n)
	}
	for nonce, n := range r.platform.Delivered() {
		if n != 1 {
			t.Errorf("nonce %s delivered %d times", nonce, n)
		}
	}
	if got := len(r.platform.Delivered()); got != 20 {
		t.Errorf("platform saw %d distinct deliveries, want 20", got)
	}
	reqs := r.platform.Requests()
	if !strings.Contains(reqs[0].Text, "Strait drills") || !strings.Contains(reqs[0].Text, "Ships sailed.") {
		t.Errorf("message text %q lacks the title or summary", reqs[0].Text)
	}
}

// TestRetryAfterPausesThePlatform: once a worker has seen a 429, no send starts on that platform
// until the retry_after has passed (sends already started may still land; the platform answers
// them as it likes).
func TestRetryAfterPausesThePlatform(t *testing.T) {
	for _, workers := range []int{1, 4} {
		t.Run(fmt.Sprintf("%d workers", workers), func(t *testing.T) {
			r := newRig(t, DeliveryOptions{Workers: workers})
			first := true
			r.platform.Script = func(req schedulertest.Request) schedulertest.Outcome {
				if first {
					first = false
					return schedulertest.Outcome{Status: http.StatusTooManyRequests, RetryAfter: 30 * time.Second}
				}
				return schedulertest.Outcome{}
			}
			watch := &pauseWatcher{Sender: r.disp.sender, clock: r.clock}
			r.disp = NewDispatcher(r.store, r.store, watch, r.disp.opts)
			fanOut(t, r.store, "fake", chatIDs(12), t0)
			r.start(t)
			r.clock.drive(t, time.Hour, r.settled(t))
			if watch.limitedAt.IsZero() {
				t.Fatal("no 429 reached the sender")
			}
			resume := watch.limitedAt.Add(30 * time.Second)
			for _, at := range watch.startedAfter {
				if at.Before(resume) {
					t.Errorf("a send started at %v after the 429 was seen, inside the pause until %v", at, resume)
				}
			}
			if len(watch.startedAfter) == 0 || countState(t, r.store, briefs.Sent) != 12 {
				t.Errorf("%d sends after the 429, %d sent; want all 12 sent", len(watch.startedAfter), countState(t, r.store, briefs.Sent))
			}
		})
	}
}

// pauseWatcher records when a 429 came back and when each later send started.
type pauseWatcher struct {
	Sender
	clock        *fakeClock
	mu           sync.Mutex
	limitedAt    time.Time
	startedAfter []time.Time
}

func (w *pauseWatcher) Send(ctx context.Context, chatID string, r bot.Reply, nonce string) (string, error) {
	w.mu.Lock()
	if !w.limitedAt.IsZero() {
		w.startedAfter = append(w.startedAfter, w.clock.Now())
	}
	w.mu.Unlock()
	id, err := w.Sender.Send(ctx, chatID, r, nonce)
	var de *bot.DeliveryError
	if errors.As(err, &de) && de.RetryAfter > 0 {
		w.mu.Lock()
		if w.limitedAt.IsZero() {
			w.limitedAt = w.clock.Now()
		}
		w.mu.Unlock()
	}
	return id, err
}

func TestTransientFailuresBackOff(t *testing.T) {
	r := newRig(t, DeliveryOptions{BaseBackoff: 15 * time.Second, Idle: 2 * time.Second})
	fails := 3
	r.platform.Script = func(req schedulertest.Request) schedulertest.Outcome {
		if fails > 0 {
			fails--
			return schedulertest.Outcome{Status: http.StatusBadGateway}
		}
		return schedulertest.Outcome{}
	}
	fanOut(t, r.store, "fake", []string{"7"}, t0)
	r.start(t)
	r.clock.drive(t, time.Hour, r.settled(t))
	reqs := r.platform.Requests()
	if len(reqs) != 4 || reqs[3].Status != http.StatusOK {
		t.Fatalf("requests %+v, want three failures then a success", reqs)
	}
	for i, want := range []time.Duration{15 * time.Second, 30 * time.Second, 60 * time.Second} {
		gap := reqs[i+1].At.Sub(reqs[i].At)
		if gap < want || gap > want+5*time.Second {
			t.Errorf("retry %d came after %v, want %v (plus at most an idle tick)", i+1, gap, want)
		}
	}
}

func TestTransientFailuresGiveUpAfterADay(t *testing.T) {
	r := newRig(t, DeliveryOptions{BaseBackoff: time.Minute, Idle: 5 * time.Minute})
	r.platform.Script = func(schedulertest.Request) schedulertest.Outcome {
		return schedulertest.Outcome{Status: http.StatusServiceUnavailable}
	}
	fanOut(t, r.store, "fake", []string{"7"}, t0)
	r.start(t)
	r.clock.drive(t, 30*time.Hour, func() bool { return countState(t, r.store, briefs.Failed) == 1 })
	reqs := r.platform.Requests()
	last := reqs[len(reqs)-1].At
	if last.Sub(t0) < 24*time.Hour || last.Sub(t0) > 26*time.Hour {
		t.Errorf("gave up after %v, want about 24h", last.Sub(t0))
	}
	for i := 1; i < len(reqs); i++ {
		if gap := reqs[i].At.Sub(reqs[i-1].At); gap > time.Hour+5*time.Minute {
			t.Errorf("gap %v between tries exceeds the 1h cap", gap)
		}
	}
	if len(reqs) < 22 || len(reqs) > 40 {
		t.Errorf("%d tries in a day, want hourly after the first doublings", len(reqs))
	}
}

func TestPermanentFailurePausesTheSubscription(t *testing.T) {
	r := newRig(t, DeliveryOptions{})
	r.platform.Script = func(req schedulertest.Request) schedulertest.Outcome {
		if req.Chat == "1001" {
			return schedulertest.Outcome{Status: http.StatusForbidden}
		}
		return schedulertest.Outcome{}
	}
	fanOut(t, r.store, "fake", chatIDs(3), t0)
	saveBriefing(t, r.store, "Second", "Another.") // queued behind the first for the same chats
	if _, err := r.store.Announce(context.Background(), t0, false); err != nil {
		t.Fatal(err)
	}
	r.start(t)
	r.clock.drive(t, time.Hour, r.settled(t))
	sub, err := r.store.Subscription(context.Background(), briefs.ChatRef{Platform: "fake", ID: "1001"})
	if err != nil {
		t.Fatal(err)
	}
	if sub.PausedAt.IsZero() || !strings.Contains(sub.PauseReason, "blocked") {
		t.Errorf("subscription not paused: %+v", sub)
	}
	if s, f, k := countState(t, r.store, briefs.Sent), countState(t, r.store, briefs.Failed), countState(t, r.store, briefs.Skipped); s != 4 || f+k != 2 {
		t.Errorf("sent %d failed %d skipped %d; want 4 sent and the blocked chat's 2 given up", s, f, k)
	}
	for _, q := range r.platform.Requests() {
		if q.Chat == "1001" && q.Status == http.StatusOK {
			t.Error("sent to the blocked chat")
		}
	}
}

func TestMovedChatIsFollowed(t *testing.T) {
	r := newRig(t, DeliveryOptions{})
	r.platform.Script = func(req schedulertest.Request) schedulertest.Outcome {
		if req.Chat == "-5" {
			return schedulertest.Outcome{Status: http.StatusBadRequest, MovedTo: "-1005"}
		}
		return schedulertest.Outcome{}
	}
	fanOut(t, r.store, "fake", []string{"-5"}, t0)
	r.start(t)
	r.clock.drive(t, time.Hour, r.settled(t))
	reqs := r.platform.Requests()
	if len(reqs) != 2 || reqs[1].Chat != "-1005" || reqs[1].Status != http.StatusOK {
		t.Fatalf("requests %+v", reqs)
	}
	if _, err := r.store.Subscription(context.Background(), briefs.ChatRef{Platform: "fake", ID: "-1005"}); err != nil {
		t.Errorf("subscription not moved: %v", err)
	}
}

func TestCorrectionIsEditedInPlace(t *testing.T) {
	ctx := context.Background()
	r := newRig(t, DeliveryOptions{})
	fanOut(t, r.store, "fake", []string{"1", "2"}, t0)
	r.start(t)
	r.clock.drive(t, time.Hour, r.settled(t))
	b := saveBriefing(t, r.store, "Strait drills", "Corrected: fewer ships sailed.")
	if b.Revision != 2 {
		t.Fatalf("revision %d, want 2", b.Revision)
	}
	rep, err := r.store.Announce(ctx, r.clock.Now(), false)
	if err != nil || rep.Edits != 2 || rep.Deliveries != 0 {
		t.Fatalf("announce correction: %+v, %v", rep, err)
	}
	r.disp.Wake()
	r.clock.drive(t, time.Hour, r.settled(t))
	var sends, edits int
	ids := map[string]string{}
	for _, q := range r.platform.Requests() {
		switch q.Op {
		case "send":
			sends++
		case "edit":
			edits++
			ids[q.Chat] = q.MessageID
			if !strings.Contains(q.Text, "Corrected") {
				t.Errorf("edit text %q lacks the correction", q.Text)
			}
		}
	}
	if sends != 2 || edits != 2 || ids["1"] == "" || ids["1"] == ids["2"] {
		t.Errorf("sends %d edits %d ids %v; want each posted message edited once", sends, edits, ids)
	}
}

func TestBackoff(t *testing.T) {
	tests := []struct {
		attempts int
		jitter   float64
		want     time.Duration
	}{
		{1, 0.5, 15 * time.Second},
		{2, 0.5, 30 * time.Second},
		{3, 0, 30 * time.Second},
		{3, 0.99, 89400 * time.Millisecond},
		{10, 0.5, time.Hour},
		{1000, 0.99, time.Hour},
		{0, 0.5, 15 * time.Second},
	}
	for _, tt := range tests {
		if got := Backoff(tt.attempts, 15*time.Second, time.Hour, tt.jitter); got != tt.want {
			t.Errorf("Backoff(%d, %v) = %v, want %v", tt.attempts, tt.jitter, got, tt.want)
		}
	}
}

// TestExpiredClaimIsNotSent: deliveries claimed before a long 429 pause outlive their lease and
// are claimed again; the stale copies must not be sent, so every chat gets exactly one message.
func TestExpiredClaimIsNotSent(t *testing.T) {
	r := newRig(t, DeliveryOptions{Workers: 1, Lease: time.Minute, SendTimeout: 10 * time.Second})
	first := true
	r.platform.Script = func(schedulertest.Request) schedulertest.Outcome {
		if first {
			first = false
			return schedulertest.Outcome{Status: http.StatusTooManyRequests, RetryAfter: 5 * time.Minute}
		}
		return schedulertest.Outcome{}
	}
	fanOut(t, r.store, "fake", chatIDs(5), t0)
	r.start(t)
	r.clock.drive(t, time.Hour, r.settled(t))
	for nonce, n := range r.platform.Delivered() {
		if n != 1 {
			t.Errorf("%s delivered %d times", nonce, n)
		}
	}
	if n := r.platform.DeliveredCount(); n != 5 {
		t.Errorf("%d chats served, want 5", n)
	}
}
