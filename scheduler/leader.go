package scheduler

import (
	"context"
	"log/slog"
	"sync"
)

// Elector decides which of several processes sharing one store polls the sources and plans the
// digests; delivery runs on every process regardless. briefs/postgres.Store is one (a session
// advisory lock); a store that is not one (SQLite: one process) always leads.
type Elector interface {
	// Lead campaigns for leadership until ctx ends, then returns nil. Each time this process
	// wins, it calls whileLeading with a context that ends when leadership is lost (its
	// context.Cause says why) or ctx ends, releases leadership once whileLeading returns and
	// campaigns again. standingBy, when not nil, is called when this process starts waiting
	// behind another leader (err nil) or cannot campaign (err says why), once per change.
	Lead(ctx context.Context, whileLeading func(ctx context.Context), standingBy func(err error)) error
}

// runLeading polls and plans while this process leads, until ctx ends.
func (s *Scheduler) runLeading(ctx context.Context) error {
	return s.elector.Lead(ctx, func(lctx context.Context) {
		s.log.Info("scheduler: leading")
		s.pollAndPlan(lctx)
		if ctx.Err() == nil {
			s.log.Warn("scheduler: no longer leading", slog.Any("cause", context.Cause(lctx)))
		}
	}, func(err error) {
		if err != nil {
			s.log.Warn("scheduler: standing by; cannot campaign for leadership", slog.Any("err", err))
			return
		}
		s.log.Info("scheduler: standing by")
	})
}

// pollAndPlan runs the poller and the planner until ctx ends.
func (s *Scheduler) pollAndPlan(ctx context.Context) {
	var wg sync.WaitGroup
	for _, run := range []func(context.Context) error{s.poller.Run, s.planner.Run} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := run(ctx); err != nil && ctx.Err() == nil {
				s.log.Error("scheduler: stopped", slog.Any("err", err))
			}
		}()
	}
	wg.Wait()
}
