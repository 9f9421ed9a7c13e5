package scheduler

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/briefs"
)

// BriefingReader is what delivery needs from the briefing store.
type BriefingReader interface {
	Briefing(ctx context.Context, id int64) (briefs.Briefing, error)
}

// DefaultLease is how long a claim holds by default: a dead process's deliveries wait this long
// before another worker sends them, and a claim near its end is not sent but left to the next.
const DefaultLease = 90 * time.Second

// DeliveryOptions tune one platform's delivery workers. Zero values take the defaults.
type DeliveryOptions struct {
	Workers     int           // concurrent sends; default 4
	Prefetch    int           // claimed deliveries waiting for a worker; default 2×Workers, at least 16 and a tenth of the rate
	Limits      Limits        // default DefaultLimits(platform)
	Lease       time.Duration // how long a claim holds; default DefaultLease
	Idle        time.Duration // how often to look for due work when the queue is empty; default 2 s
	Shutdown    time.Duration // bound on finishing in-flight sends after cancel; default 10 s
	SendTimeout time.Duration // one send's bound; default 30 s
	BaseBackoff time.Duration // first retry delay after a transient failure; default 15 s
	MaxBackoff  time.Duration // cap between retries; default 1 h
	GiveUpAfter time.Duration // mark failed once a delivery is this old; default 24 h
	Clock       Clock
	Logger      *slog.Logger
	Jitter      func() float64 // in [0,1); math/rand by default
}

func (o *DeliveryOptions) defaults(platform string) {
	if o.Workers <= 0 {
		o.Workers = 4
	}
	if o.Limits.Rate == 0 && o.Limits.PerChat == nil {
		o.Limits = DefaultLimits(platform)
	}
	if o.Prefetch <= 0 {
		// Fewer, larger claims at high rates; about 100 ms of sends waiting, well inside the lease.
		o.Prefetch = max(2*o.Workers, 16, min(int(o.Limits.Rate/10), 256))
	}
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	def(&o.Lease, DefaultLease)
	def(&o.Idle, 2*time.Second)
	def(&o.Shutdown, 10*time.Second)
	def(&o.SendTimeout, 30*time.Second)
	def(&o.BaseBackoff, 15*time.Second)
	def(&o.MaxBackoff, time.Hour)
	def(&o.GiveUpAfter, 24*time.Hour)
	if o.Clock == nil {
		o.Clock = RealClock{}
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	if o.Jitter == nil {
		o.Jitter = rand.Float64
	}
}

// Dispatcher drains one platform's share of the outbox through its Sender.
type Dispatcher struct {
	outbox briefs.Outbox
	store  BriefingReader
	sender Sender
	opts   DeliveryOptions
	gate   *gate
	wake   chan struct{}
	log    *slog.Logger
}

// NewDispatcher returns a dispatcher for sender's platform.
func NewDispatcher(outbox briefs.Outbox, store BriefingReader, sender Sender, opts DeliveryOptions) *Dispatcher {
	opts.defaults(sender.Platform())
	return &Dispatcher{
		outbox: outbox, store: store, sender: sender, opts: opts,
		gate: newGate(opts.Clock, opts.Limits),
		wake: make(chan struct{}, 1),
		log:  opts.Logger.With(slog.String("platform", sender.Platform())),
	}
}

// Wake tells the dispatcher new work may be queued; it never blocks.
func (d *Dispatcher) Wake() {
	select {
	case d.wake <- struct{}{}:
	default:
	}
}

// Run claims and sends until ctx ends. Then it stops claiming, hands back what it claimed but
// did not start, and lets sends in flight finish for at most opts.Shutdown.
func (d *Dispatcher) Run(ctx context.Context) error {
	jobs := make(chan claimed, d.opts.Prefetch)
	// Sends and bookkeeping outlive ctx so a send in flight is recorded, never doubled.
	sendCtx, cancelSends := context.WithCancel(context.WithoutCancel(ctx))
	defer cancelSends()
	stop := context.AfterFunc(ctx, func() {
		c, _ := d.opts.Clock.After(d.opts.Shutdown)
		go func() {
			select {
			case <-c:
				cancelSends()
			case <-sendCtx.Done():
			}
		}()
	})
	defer stop()

	rec := newRecorder(d.outbox)
	recDone := make(chan struct{})
	go func() { rec.run(context.WithoutCancel(ctx)); close(recDone) }()
	defer func() { rec.close(); <-recDone }()

	taken := make(chan struct{}, 1)
	var wg sync.WaitGroup
	for range d.opts.Workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for job := range jobs {
				select { // tell the claim loop a slot is free
				case taken <- struct{}{}:
				default:
				}
				if ctx.Err() != nil {
					d.release(context.WithoutCancel(ctx), job.Delivery)
					continue
				}
				d.deliver(ctx, sendCtx, rec, job)
			}
		}()
	}
	err := d.claimLoop(ctx, jobs, taken)
	close(jobs)
	wg.Wait()
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return nil
	}
	return err
}

// claimed is one claimed delivery with the render cache of the claim it came in.
type claimed struct {
	briefs.Delivery
	cache *renderCache
}

// renderCache holds the briefing messages rendered for one claim: a fan-out reads and renders
// each briefing once per claim, not once per chat. It lives no longer than the claim, so a
// correction made after the claim is caught by the edit it enqueues.
type renderCache struct {
	mu      sync.Mutex
	replies map[int64]bot.Reply
}

func (d *Dispatcher) claimLoop(ctx context.Context, jobs chan<- claimed, taken <-chan struct{}) error {
	platform := d.sender.Platform()
	for {
		if err := d.gate.waitPause(ctx); err != nil {
			return err
		}
		// Claim in large batches: wait until workers have taken half of what is waiting.
		for cap(jobs)-len(jobs) < (cap(jobs)+1)/2 {
			select {
			case <-taken:
			case <-ctx.Done():
				return ctx.Err()
			}
		}
		free := cap(jobs) - len(jobs)
		batch, err := d.outbox.Claim(ctx, platform, d.opts.Clock.Now(), d.opts.Lease, free)
		if err != nil && ctx.Err() == nil {
			d.log.Error("delivery: claiming failed", slog.Any("err", err))
		}
		cache := &renderCache{replies: map[int64]bot.Reply{}}
		for _, job := range batch {
			select {
			case jobs <- claimed{Delivery: job, cache: cache}:
			case <-ctx.Done():
				d.release(context.WithoutCancel(ctx), job)
			}
		}
		if len(batch) < free {
			// Queue drained: look again after a while, or when new work is announced.
			if err := sleepUntil(ctx, d.opts.Clock, d.opts.Clock.Now().Add(d.opts.Idle), d.wake); err != nil {
				return err
			}
		}
	}
}

func (d *Dispatcher) release(ctx context.Context, job briefs.Delivery) {
	if err := d.outbox.Release(ctx, []int64{job.ID}); err != nil {
		d.log.Error("delivery: releasing claim failed", slog.Int64("delivery", job.ID), slog.Any("err", err))
	}
}

// deliver sends one claimed delivery and records the outcome.
func (d *Dispatcher) deliver(ctx, sendCtx context.Context, rec *recorder, c claimed) {
	job := c.Delivery
	// Bookkeeping must land even when shutdown cuts the send off.
	bk := context.WithoutCancel(ctx)
	log := d.log.With(slog.Int64("delivery", job.ID), slog.String("chat", job.Chat.ID), slog.String("kind", string(job.Kind)))
	rep, skip, err := d.render(sendCtx, job, c.cache)
	if err != nil {
		d.transient(bk, job, fmt.Errorf("rendering: %w", err), log)
		return
	}
	if skip != "" {
		if err := d.outbox.MarkFailed(bk, job.ID, skip, d.opts.Clock.Now()); err != nil {
			log.Error("delivery: recording skip failed", slog.Any("err", err))
		}
		return
	}
	if err := d.gate.wait(ctx, job.Chat.ID); err != nil {
		var later *postponed
		if errors.As(err, &later) {
			d.record(bk, log, d.outbox.Retry(bk, job.ID, later.until, ""))
			return
		}
		d.release(bk, job)
		return
	}
	// A claim held past its lease may already belong to another worker: leave it to them.
	if !d.opts.Clock.Now().Before(job.SendingUntil.Add(-d.opts.SendTimeout)) {
		log.Warn("delivery: lease ran out before sending; leaving it to the next claim")
		return
	}
	one, cancel := context.WithTimeout(sendCtx, d.opts.SendTimeout)
	var msgID string
	if job.Kind == briefs.DeliverEdit {
		err = d.sender.Edit(one, job.Chat.ID, job.MessageID, rep)
		msgID = job.MessageID
	} else {
		msgID, err = d.sender.Send(one, job.Chat.ID, rep, job.Nonce())
	}
	cancel()
	now := d.opts.Clock.Now()
	if err != nil && sendCtx.Err() != nil {
		// Cut off by shutdown: hand it back; it may have reached the chat (at most one per worker).
		log.Warn("delivery: send cut off by shutdown", slog.Any("err", err))
		d.release(bk, job)
		return
	}
	if err == nil {
		// Wait for the commit before the next send: a crash then repeats at most this one.
		if err := rec.markSent(briefs.SentMark{ID: job.ID, MessageID: msgID, At: now}); err != nil {
			log.Error("delivery: recording a send failed", slog.Any("err", err))
		}
		return
	}
	var de *bot.DeliveryError
	switch {
	case errors.As(err, &de) && de.RetryAfter > 0:
		until := now.Add(de.RetryAfter)
		d.gate.pause(until)
		log.Warn("delivery: rate limited; pausing the platform", slog.Duration("retry_after", de.RetryAfter))
		d.record(bk, log, d.outbox.Retry(bk, job.ID, until, de.Error()))
	case errors.As(err, &de) && de.MovedTo != "":
		log.Info("delivery: chat moved", slog.String("to", de.MovedTo))
		d.record(bk, log, d.outbox.MoveSubscription(bk, job.SubscriptionID, de.MovedTo))
		d.record(bk, log, d.outbox.Retry(bk, job.ID, now, de.Error()))
	case errors.As(err, &de) && de.Permanent && job.Kind == briefs.DeliverEdit:
		// The message may simply be gone; a failed edit is no reason to stop the chat's feed.
		log.Warn("delivery: edit failed permanently", slog.String("reason", de.Reason))
		d.record(bk, log, d.outbox.MarkFailed(bk, job.ID, de.Error(), now))
	case errors.As(err, &de) && de.Permanent:
		log.Warn("delivery: permanent failure; pausing the subscription", slog.String("reason", de.Reason))
		d.record(bk, log, d.outbox.PauseSubscription(bk, job.SubscriptionID, de.Reason, now))
		d.record(bk, log, d.outbox.MarkFailed(bk, job.ID, de.Error(), now))
	default:
		d.transient(bk, job, err, log)
	}
}
