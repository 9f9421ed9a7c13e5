package scheduler

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/briefbot/briefbot/briefs"
)

// Store is everything the scheduler keeps: the outbox, subscriptions, source state and the
// briefings it renders. briefs/sqlite.Store is one.
type Store interface {
	briefs.Outbox
	briefs.SubscriptionStore
	briefs.SourceStates
	BriefingReader
}

// Options configure a Scheduler. Zero values take the defaults.
type Options struct {
	Sources  []Source
	Poll     string   // cron line or "@every 10m"; DefaultPoll when ""
	Ingest   Ingester // required when there are sources
	Senders  []Sender // one per platform
	Delivery DeliveryOptions
	Limits   map[string]Limits // per platform; DefaultLimits when missing
	Rescan   time.Duration     // how often the planner reloads subscriptions; default 1 min
	Clock    Clock
	Logger   *slog.Logger
	// Elector decides whether this process polls and plans; default: the store when it is an
	// Elector (PostgreSQL, shared by replicas), else this process always does.
	Elector Elector
}

// Scheduler owns time in briefbot: it polls sources, plans digests and drains the outbox.
type Scheduler struct {
	poller      *Poller
	planner     *Planner
	dispatchers []*Dispatcher
	elector     Elector // nil: always poll and plan
	log         *slog.Logger
}

// New checks opts and builds a scheduler; Run starts it.
func New(store Store, opts Options) (*Scheduler, error) {
	if opts.Clock == nil {
		opts.Clock = RealClock{}
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if len(opts.Sources) > 0 && opts.Ingest == nil {
		return nil, fmt.Errorf("scheduler: sources need an ingester")
	}
	s := &Scheduler{elector: opts.Elector, log: opts.Logger}
	if e, ok := store.(Elector); ok && s.elector == nil {
		s.elector = e
	}
	seen := map[string]bool{}
	for _, snd := range opts.Senders {
		if seen[snd.Platform()] {
			return nil, fmt.Errorf("scheduler: two senders for platform %q", snd.Platform())
		}
		seen[snd.Platform()] = true
		do := opts.Delivery
		do.Clock, do.Logger = opts.Clock, opts.Logger
		if l, ok := opts.Limits[snd.Platform()]; ok {
			do.Limits = l
		}
		s.dispatchers = append(s.dispatchers, NewDispatcher(store, store, snd, do))
	}
	p, err := NewPoller(opts.Sources, opts.Poll, opts.Ingest, store, opts.Clock, opts.Logger)
	if err != nil {
		return nil, err
	}
	p.Announced = s.WakeDeliveries
	s.poller = p
	s.planner = NewPlanner(store, opts.Clock, opts.Logger)
	if opts.Rescan > 0 {
		s.planner.rescan = opts.Rescan
	}
	s.planner.Enqueued = s.WakeDeliveries
	return s, nil
}

// WakeDeliveries tells every platform's workers new deliveries may be queued.
func (s *Scheduler) WakeDeliveries() {
	for _, d := range s.dispatchers {
		d.Wake()
	}
}

// SubscriptionsChanged makes the digest planner look again now.
func (s *Scheduler) SubscriptionsChanged() { s.planner.Wake() }

// Run polls, plans (with an Elector, only while leading) and delivers until ctx ends, then lets
// in-flight sends finish (bounded by the delivery Shutdown option) and returns.
func (s *Scheduler) Run(ctx context.Context) error {
	var wg sync.WaitGroup
	errs := make(chan error, len(s.dispatchers)+2)
	start := func(run func(context.Context) error) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := run(ctx); err != nil {
				errs <- err
			}
		}()
	}
	if s.elector == nil {
		start(s.poller.Run)
		start(s.planner.Run)
	} else {
		start(s.runLeading) // several replicas: poll and plan only while leading
	}
	for _, d := range s.dispatchers {
		start(d.Run)
	}
	wg.Wait()
	close(errs)
	return <-errs
}
