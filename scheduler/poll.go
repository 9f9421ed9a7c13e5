package scheduler

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/robfig/cron/v3"

	"github.com/briefbot/briefbot/briefs"
)

// Ingester stores one batch a source produced (briefs.Ingest on the store, in production).
type Ingester func(ctx context.Context, b briefs.Batch) error

// PollStore is what polling needs besides the ingester.
type PollStore interface {
	briefs.SourceStates
	Announce(ctx context.Context, now time.Time, seed bool) (briefs.AnnounceReport, error)
}

// DefaultPoll is how often sources are polled unless configured.
const DefaultPoll = "@every 10m"

// ParsePoll reads a poll schedule: a five-field cron line (optionally after CRON_TZ=Zone) or a
// descriptor like "@every 30s", evaluated in UTC unless a zone is given.
func ParsePoll(spec string) (sched cron.Schedule, err error) {
	spec = strings.TrimSpace(spec)
	if spec == "" {
		spec = DefaultPoll
	}
	// robfig/cron panics on a zone prefix with no fields after it.
	if u := strings.ToUpper(spec); strings.HasPrefix(u, "TZ=") || strings.HasPrefix(u, "CRON_TZ=") {
		if _, fields, _ := strings.Cut(spec, " "); strings.TrimSpace(fields) == "" {
			return nil, fmt.Errorf("scheduler: poll schedule %q has a time zone but no schedule fields", spec)
		}
	}
	if d, ok := strings.CutPrefix(spec, "@every "); ok {
		if every, err := time.ParseDuration(strings.TrimSpace(d)); err != nil || every < time.Second {
			return nil, fmt.Errorf("scheduler: poll schedule %q: want a duration of at least 1s, like @every 10m", spec)
		}
	}
	defer func() {
		if r := recover(); r != nil {
			sched, err = nil, fmt.Errorf("scheduler: poll schedule %q cannot be read", spec)
		}
	}()
	sched, err = cron.ParseStandard(spec)
	if err != nil {
		return nil, fmt.Errorf("scheduler: poll schedule %q: %w", spec, err)
	}
	if sched.Next(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)).IsZero() {
		return nil, fmt.Errorf("scheduler: poll schedule %q never fires", spec)
	}
	return sched, nil
}

// Poller runs every source on the poll schedule, ingests what it finds and announces it.
// Each source has its own goroutine and backoff, so one broken source holds up no other.
type Poller struct {
	sources []Source
	sched   cron.Schedule
	ingest  Ingester
	store   PollStore
	clock   Clock
	log     *slog.Logger
	jitter  func() float64
	// Timeout bounds one poll; default 2 minutes.
	Timeout time.Duration
	// Announced, when set, is called after a poll queued deliveries.
	Announced func()

	mu sync.Mutex // one ingest+announce at a time, so a first poll seeds only its own briefings
}

// NewPoller returns a poller for sources on the poll schedule spec.
func NewPoller(sources []Source, spec string, ingest Ingester, store PollStore, clock Clock, log *slog.Logger) (*Poller, error) {
	sched, err := ParsePoll(spec)
	if err != nil {
		return nil, err
	}
	if clock == nil {
		clock = RealClock{}
	}
	if log == nil {
		log = slog.Default()
	}
	return &Poller{sources: sources, sched: sched, ingest: ingest, store: store, clock: clock, log: log,
		jitter: func() float64 { return 0.5 }, Timeout: 2 * time.Minute}, nil
}

// Run polls until ctx ends.
func (p *Poller) Run(ctx context.Context) error {
	var wg sync.WaitGroup
	for _, src := range p.sources {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p.loop(ctx, src)
		}()
	}
	wg.Wait()
	return nil
}

func (p *Poller) loop(ctx context.Context, src Source) {
	for {
		st, err := p.PollOnce(ctx, src)
		if err != nil && ctx.Err() == nil {
			p.log.Warn("poll: source failed", slog.String("source", src.Name()), slog.Int("failures", st.Failures),
				slog.Time("retry_at", st.NextRun), slog.Any("err", err))
		}
		if sleepUntil(ctx, p.clock, st.NextRun, nil) != nil {
			return
		}
	}
}

// PollOnce polls src once, ingests and announces what it found, records the source's state
// and returns it; st.NextRun is when to poll again (later after each failure in a row).
func (p *Poller) PollOnce(ctx context.Context, src Source) (st briefs.SourceState, err error) {
	st, err = p.store.SourceState(ctx, src.Name())
	if err != nil && !errors.Is(err, briefs.ErrNotFound) {
		return p.failed(ctx, briefs.SourceState{Name: src.Name()}, err)
	}
	st.Name = src.Name()
	pctx, cancel := context.WithTimeout(ctx, p.Timeout)
	batch, err := src.Poll(pctx)
	cancel()
	if err != nil {
		return p.failed(ctx, st, fmt.Errorf("polling: %w", err))
	}
	for _, r := range batch.Rejected {
		p.log.Info("poll: rejected", slog.String("source", src.Name()), slog.String("origin", r.Origin), slog.String("reason", r.Reason))
	}
	p.mu.Lock()
	rep, err := p.ingestAndAnnounce(ctx, batch, st.FirstPoll.IsZero())
	p.mu.Unlock()
	if err != nil {
		return p.failed(ctx, st, err)
	}
	now := p.clock.Now()
	if st.FirstPoll.IsZero() {
		st.FirstPoll = now
	}
	st.LastPoll, st.LastError, st.Failures, st.NextRun = now, "", 0, p.sched.Next(now)
	if err := p.store.SaveSourceState(ctx, st); err != nil {
		p.log.Error("poll: saving source state failed", slog.Any("err", err))
	}
	if rep.Deliveries+rep.Edits > 0 && p.Announced != nil {
		p.Announced()
	}
	p.log.Debug("poll: done", slog.String("source", src.Name()), slog.Int("briefings", len(batch.Briefings)),
		slog.Int("announced", rep.Briefings), slog.Int("deliveries", rep.Deliveries), slog.Int("edits", rep.Edits))
	return st, nil
}

func (p *Poller) ingestAndAnnounce(ctx context.Context, batch briefs.Batch, seed bool) (briefs.AnnounceReport, error) {
	if len(batch.Briefings) > 0 {
		if err := p.ingest(ctx, batch); err != nil {
			return briefs.AnnounceReport{}, fmt.Errorf("ingesting: %w", err)
		}
	}
	rep, err := p.store.Announce(ctx, p.clock.Now(), seed)
	if err != nil {
		return rep, fmt.Errorf("announcing: %w", err)
	}
	return rep, nil
}

// failed records a failed poll and schedules the next one with exponential backoff.
func (p *Poller) failed(ctx context.Context, st briefs.SourceState, err error) (briefs.SourceState, error) {
	now := p.clock.Now()
	st.Failures++
	st.LastError = err.Error()
	// Never sooner than a healthy source: backoff only ever slows a failing one down.
	st.NextRun = now.Add(Backoff(st.Failures, 30*time.Second, time.Hour, p.jitter()))
	if regular := p.sched.Next(now); regular.After(st.NextRun) {
		st.NextRun = regular
	}
	if ctx.Err() == nil {
		if serr := p.store.SaveSourceState(ctx, st); serr != nil {
			p.log.Error("poll: saving source state failed", slog.Any("err", serr))
		}
	}
	return st, err
}
