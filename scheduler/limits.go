package scheduler

import (
	"context"
	"strings"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// Limits are how fast one platform may be sent to.
type Limits struct {
	Rate  float64 // messages per second across all chats; <= 0 means unlimited
	Burst int     // how many may go at once; 1 when 0
	// PerChat returns the limit for one chat; nil means none.
	PerChat func(chatID string) (rate.Limit, int)
}

// DefaultLimits returns the platform's documented limits: Telegram 30 msg/s overall, 1/s per
// chat and 20/min per group (negative ids); Discord 40 req/s overall and 5 per 5 s per channel.
func DefaultLimits(platform string) Limits {
	switch platform {
	case "telegram":
		return Limits{Rate: 30, PerChat: func(id string) (rate.Limit, int) {
			if strings.HasPrefix(id, "-") {
				return rate.Limit(20.0 / 60.0), 1
			}
			return 1, 1
		}}
	case "discord":
		return Limits{Rate: 40, PerChat: func(string) (rate.Limit, int) { return 1, 5 }}
	}
	return Limits{}
}

// gate holds one platform's send limits: the global bucket, per-chat buckets and the pause a
// 429 imposes on every send to the platform.
type gate struct {
	clock  Clock
	limits Limits
	global *rate.Limiter

	mu         sync.Mutex
	pauseUntil time.Time
	chats      map[string]*chatLimiter
}

type chatLimiter struct {
	lim  *rate.Limiter
	used time.Time
}

func newGate(clock Clock, l Limits) *gate {
	g := &gate{clock: clock, limits: l, chats: map[string]*chatLimiter{}}
	if l.Rate > 0 {
		b := l.Burst
		if b < 1 {
			b = 1
		}
		g.global = rate.NewLimiter(rate.Limit(l.Rate), b)
	}
	return g
}

// pause stops every send to the platform until t (a RetryAfter).
func (g *gate) pause(t time.Time) {
	g.mu.Lock()
	if t.After(g.pauseUntil) {
		g.pauseUntil = t
	}
	g.mu.Unlock()
}

// pausedUntil returns the end of the current pause, zero when not paused.
func (g *gate) pausedUntil() time.Time {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.clock.Now().Before(g.pauseUntil) {
		return g.pauseUntil
	}
	return time.Time{}
}

// waitPause waits until the platform is not paused.
func (g *gate) waitPause(ctx context.Context) error {
	for {
		until := g.pausedUntil()
		if until.IsZero() {
			return ctx.Err()
		}
		if err := sleepUntil(ctx, g.clock, until, nil); err != nil {
			return err
		}
	}
}

// wait takes a token for chatID and one from the global bucket, then waits out any pause, so
// that a 429 seen while waiting still holds back this send.
func (g *gate) wait(ctx context.Context, chatID string) error {
	if lim := g.chatLimiter(chatID); lim != nil {
		// A chat that must wait long (a busy Telegram group: 20 a minute) gives its worker back
		// and comes back later, so one chat never stalls the platform's fan-out.
		now := g.clock.Now()
		r := lim.ReserveN(now, 1)
		d := r.DelayFrom(now)
		if d > maxChatWait {
			r.CancelAt(now)
			return &postponed{until: now.Add(d)}
		}
		if err := sleep(ctx, g.clock, d); err != nil {
			r.CancelAt(g.clock.Now())
			return err
		}
	}
	if err := g.waitPause(ctx); err != nil {
		return err
	}
	if g.global != nil {
		if err := g.take(ctx, g.global); err != nil {
			return err
		}
	}
	return g.waitPause(ctx)
}

// take books the next token of lim and waits for its time. A worker that wakes much later than
// its booking (a busy machine, a GC pause) books again instead of sending: late workers firing
// together would trip the platform's own limit, which costs a whole retry_after pause.
func (g *gate) take(ctx context.Context, lim *rate.Limiter) error {
	tolerance := time.Duration(0)
	if l := lim.Limit(); l != rate.Inf && l > 0 {
		tolerance = time.Duration(float64(lateTokens) / float64(l) * float64(time.Second))
	}
	for {
		now := g.clock.Now()
		r := lim.ReserveN(now, 1)
		slot := now.Add(r.DelayFrom(now))
		if err := sleepUntil(ctx, g.clock, slot, nil); err != nil {
			r.CancelAt(g.clock.Now())
			return err
		}
		if g.clock.Now().Sub(slot) <= tolerance {
			return nil
		}
	}
}

// maxChatWait is the longest a worker waits for one chat's limit before postponing the delivery.
const maxChatWait = time.Second

// postponed says a delivery must wait for its chat's limit until a time.
type postponed struct{ until time.Time }

func (p *postponed) Error() string { return "waiting for the chat's rate limit" }

// lateTokens is how many token intervals a worker may wake after its booking and still send.
const lateTokens = 10

func (g *gate) chatLimiter(chatID string) *rate.Limiter {
	if g.limits.PerChat == nil {
		return nil
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	now := g.clock.Now()
	c, ok := g.chats[chatID]
	if !ok {
		if len(g.chats) >= 50000 { // forget chats idle for a while; their buckets are full again
			for id, c := range g.chats {
				if now.Sub(c.used) > 5*time.Minute {
					delete(g.chats, id)
				}
			}
		}
		r, b := g.limits.PerChat(chatID)
		c = &chatLimiter{lim: rate.NewLimiter(r, max(b, 1))}
		g.chats[chatID] = c
	}
	c.used = now
	return c.lim
}
