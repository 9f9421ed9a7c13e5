package scheduler

import (
	"context"
	"log/slog"
	"time"

	"github.com/briefbot/briefbot/briefs"
)

// PlannerStore is what digest planning needs.
type PlannerStore interface {
	Subscriptions(ctx context.Context) ([]briefs.Subscription, error)
	CloseDigestWindow(ctx context.Context, subID int64, start, end, now time.Time) (closed, enqueued bool, err error)
}

// Planner closes digest windows as they fall due, each in its chat's own time zone.
type Planner struct {
	store  PlannerStore
	clock  Clock
	log    *slog.Logger
	rescan time.Duration // how often to reload subscriptions even when nothing is due
	wake   chan struct{}
	// Enqueued, when set, is called after digests were queued (to wake the dispatchers).
	Enqueued func()
	cache    map[[2]string]briefs.DigestSchedule
}

// NewPlanner returns a planner over store.
func NewPlanner(store PlannerStore, clock Clock, log *slog.Logger) *Planner {
	if clock == nil {
		clock = RealClock{}
	}
	if log == nil {
		log = slog.Default()
	}
	return &Planner{store: store, clock: clock, log: log, rescan: time.Minute, wake: make(chan struct{}, 1),
		cache: map[[2]string]briefs.DigestSchedule{}}
}

// Wake makes the planner look at subscriptions again now (one was added or changed).
func (p *Planner) Wake() {
	select {
	case p.wake <- struct{}{}:
	default:
	}
}

// Run plans digests until ctx ends.
func (p *Planner) Run(ctx context.Context) error {
	for {
		next, n, err := p.PlanDue(ctx, p.clock.Now())
		if err != nil && ctx.Err() == nil {
			p.log.Error("digest: planning failed", slog.Any("err", err))
		}
		if n > 0 && p.Enqueued != nil {
			p.Enqueued()
		}
		wakeAt := p.clock.Now().Add(p.rescan)
		if !next.IsZero() && next.Before(wakeAt) {
			wakeAt = next
		}
		if err := sleepUntil(ctx, p.clock, wakeAt, p.wake); err != nil {
			return nil
		}
	}
}

// PlanDue closes every digest window due at now and returns when the next one falls due and how
// many digests it queued. Windows missed while briefbot was down collapse into one digest.
func (p *Planner) PlanDue(ctx context.Context, now time.Time) (next time.Time, enqueued int, err error) {
	subs, err := p.store.Subscriptions(ctx)
	if err != nil {
		return time.Time{}, 0, err
	}
	for _, sub := range subs {
		if sub.Mode != briefs.Digest || !sub.PausedAt.IsZero() {
			continue
		}
		sched, err := p.schedule(sub)
		if err != nil {
			p.log.Warn("digest: bad schedule", slog.String("chat", sub.Chat.String()), slog.Any("err", err))
			continue
		}
		start := sub.LastDigest
		if start.IsZero() {
			start = sub.CreatedAt
		}
		if due := sched.LatestDue(start, now); !due.IsZero() {
			_, queued, err := p.store.CloseDigestWindow(ctx, sub.ID, start, due, now)
			if err != nil {
				return next, enqueued, err
			}
			if queued {
				enqueued++
			}
			start = due
		}
		if n := sched.Next(start); !n.IsZero() && (next.IsZero() || n.Before(next)) {
			next = n
		}
	}
	return next, enqueued, nil
}

func (p *Planner) schedule(sub briefs.Subscription) (briefs.DigestSchedule, error) {
	key := [2]string{sub.Schedule, sub.Zone}
	if s, ok := p.cache[key]; ok {
		return s, nil
	}
	s, err := briefs.ScheduleOf(sub)
	if err == nil {
		p.cache[key] = s
	}
	return s, err
}
