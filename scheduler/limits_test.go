package scheduler

import (
	"context"
	"testing"
	"time"
)

// TestPerChatLimits: Telegram allows one message a second to a private chat and 20 a minute to
// a group (negative id); the global rate allows far more, so the chat limits set the pace.
func TestPerChatLimits(t *testing.T) {
	tests := []struct {
		chat string
		gap  time.Duration
	}{
		{"42", time.Second},
		{"-100", 3 * time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.chat, func(t *testing.T) {
			r := newRig(t, DeliveryOptions{Workers: 3, Limits: DefaultLimits("telegram")})
			subscribeChat(t, r.store, "fake", tt.chat, "", t0)
			for _, title := range []string{"One", "Two", "Three", "Four"} {
				saveBriefing(t, r.store, title, title+" happened.")
			}
			if rep, err := r.store.Announce(context.Background(), t0, false); err != nil || rep.Deliveries != 4 {
				t.Fatalf("announce: %+v, %v", rep, err)
			}
			r.start(t)
			r.clock.drive(t, time.Hour, r.settled(t))
			reqs := r.platform.Requests()
			if len(reqs) != 4 {
				t.Fatalf("%d requests, want 4", len(reqs))
			}
			for i := 1; i < len(reqs); i++ {
				if gap := reqs[i].At.Sub(reqs[i-1].At); gap < tt.gap {
					t.Errorf("messages %d and %d to chat %s only %v apart, want at least %v", i, i+1, tt.chat, gap, tt.gap)
				}
			}
		})
	}
}

func TestDefaultLimits(t *testing.T) {
	tg, dc, other := DefaultLimits("telegram"), DefaultLimits("discord"), DefaultLimits("console")
	if tg.Rate != 30 || dc.Rate != 40 || other.Rate != 0 || other.PerChat != nil {
		t.Errorf("rates: telegram %v, discord %v, console %+v", tg.Rate, dc.Rate, other)
	}
	if r, b := tg.PerChat("-1001"); float64(r) != 20.0/60 || b != 1 {
		t.Errorf("telegram group limit %v burst %d", r, b)
	}
	if r, b := dc.PerChat("123"); r != 1 || b != 5 {
		t.Errorf("discord channel limit %v burst %d", r, b)
	}
}

// TestBusyGroupDoesNotStallOthers: with one worker, five briefings to a Telegram group (one
// message per 3 s) and to five private chats; the group's waits are postponed, not slept
// through, so the private chats are all served long before the group's last message.
func TestBusyGroupDoesNotStallOthers(t *testing.T) {
	r := newRig(t, DeliveryOptions{Workers: 1, Idle: 100 * time.Millisecond, Limits: DefaultLimits("telegram")})
	for _, c := range []string{"-100", "1", "2", "3", "4", "5"} {
		subscribeChat(t, r.store, "fake", c, "", t0)
	}
	for _, title := range []string{"One", "Two", "Three", "Four", "Five"} {
		saveBriefing(t, r.store, title, title+" happened.")
	}
	if rep, err := r.store.Announce(context.Background(), t0, false); err != nil || rep.Deliveries != 30 {
		t.Fatalf("announce: %+v, %v", rep, err)
	}
	r.start(t)
	r.clock.drive(t, time.Hour, r.settled(t))
	var lastPrivate, lastGroup time.Time
	var group []time.Time
	for _, q := range r.platform.Requests() {
		if q.Chat == "-100" {
			group = append(group, q.At)
			lastGroup = q.At
		} else if q.At.After(lastPrivate) {
			lastPrivate = q.At
		}
	}
	if len(group) != 5 {
		t.Fatalf("group got %d messages, want 5", len(group))
	}
	for i := 1; i < len(group); i++ {
		if gap := group[i].Sub(group[i-1]); gap < 3*time.Second {
			t.Errorf("group messages %v apart, want at least 3s", gap)
		}
	}
	if lastPrivate.Sub(t0) > 8*time.Second || !lastPrivate.Before(lastGroup) {
		t.Errorf("private chats done %v after start, group's last at %v: the group held the worker",
			lastPrivate.Sub(t0), lastGroup.Sub(t0))
	}
}
