package scheduler

import (
	"context"
	"sort"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/briefbot/briefbot/bot"
)

// fakeClock is a Clock that moves only when a test says so.
type fakeClock struct {
	// sleepers is how many goroutines under test sleep on the clock when all are idle; drive
	// advances time only once that many timers are pending.
	sleepers int
	// busy counts sends in flight (see busySender): time stands still while one is.
	busy atomic.Int64

	mu     sync.Mutex
	now    time.Time
	timers []*fakeTimer
}

type fakeTimer struct {
	at time.Time
	c  chan time.Time
}

func newFakeClock(t time.Time) *fakeClock { return &fakeClock{now: t} }

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) After(d time.Duration) (<-chan time.Time, func()) {
	c.mu.Lock()
	defer c.mu.Unlock()
	t := &fakeTimer{at: c.now.Add(d), c: make(chan time.Time, 1)}
	if d <= 0 {
		t.c <- c.now
		return t.c, func() {}
	}
	c.timers = append(c.timers, t)
	return t.c, func() {
		c.mu.Lock()
		defer c.mu.Unlock()
		for i, x := range c.timers {
			if x == t {
				c.timers = append(c.timers[:i], c.timers[i+1:]...)
				return
			}
		}
	}
}

// pending counts timers not yet fired.
func (c *fakeClock) pending() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.timers)
}

// Set moves the clock to t (never backwards) and fires every timer due by then.
func (c *fakeClock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if t.After(c.now) {
		c.now = t
	}
	keep := c.timers[:0]
	for _, x := range c.timers {
		if !x.at.After(c.now) {
			x.c <- c.now
		} else {
			keep = append(keep, x)
		}
	}
	c.timers = keep
}

// Advance moves the clock by d.
func (c *fakeClock) Advance(d time.Duration) { c.Set(c.Now().Add(d)) }

// advanceToNext jumps to the earliest pending timer; false when there is none.
func (c *fakeClock) advanceToNext() bool {
	c.mu.Lock()
	if len(c.timers) == 0 {
		c.mu.Unlock()
		return false
	}
	sort.Slice(c.timers, func(i, j int) bool { return c.timers[i].at.Before(c.timers[j].at) })
	at := c.timers[0].at
	c.mu.Unlock()
	c.Set(at)
	return true
}

// drive runs virtual time forward until cond holds: whenever the goroutines under test have
// gone quiet (the set of timers is unchanged for a few real milliseconds) it jumps to the next
// timer. It fails the test after limit of virtual time or 30 s of real time.
func (c *fakeClock) drive(t *testing.T, limit time.Duration, cond func() bool) {
	t.Helper()
	end := c.Now().Add(limit)
	deadline := time.Now().Add(30 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("condition not met after 30s real time (virtual %v)", c.Now())
		}
		if c.Now().After(end) {
			t.Fatalf("condition not met within %v of virtual time (now %v, %d timers)", limit, c.Now(), c.pending())
		}
		if c.quiet() && !cond() {
			c.advanceToNext()
		}
	}
}

// quiet waits a little real time and reports whether the pending timers stayed the same.
func (c *fakeClock) quiet() bool {
	before := c.snapshot()
	for range 3 {
		time.Sleep(time.Millisecond) // yield to the goroutines under test; not a fixed wait for an outcome
		if c.snapshot() != before {
			return false
		}
	}
	return before.n > 0 && before.n >= c.sleepers && c.busy.Load() == 0
}

type timerSnapshot struct {
	n     int
	first time.Time
	now   time.Time
}

func (c *fakeClock) snapshot() timerSnapshot {
	c.mu.Lock()
	defer c.mu.Unlock()
	s := timerSnapshot{n: len(c.timers), now: c.now}
	for _, x := range c.timers {
		if s.first.IsZero() || x.at.Before(s.first) {
			s.first = x.at
		}
	}
	return s
}

// busySender marks its sends as in flight on the clock, so drive does not move time while a
// worker is between its gate and the platform.
type busySender struct {
	Sender
	clock *fakeClock
}

func (b busySender) Send(ctx context.Context, chatID string, r bot.Reply, nonce string) (string, error) {
	b.clock.busy.Add(1)
	defer b.clock.busy.Add(-1)
	return b.Sender.Send(ctx, chatID, r, nonce)
}

func (b busySender) Edit(ctx context.Context, chatID, messageID string, r bot.Reply) error {
	b.clock.busy.Add(1)
	defer b.clock.busy.Add(-1)
	return b.Sender.Edit(ctx, chatID, messageID, r)
}
