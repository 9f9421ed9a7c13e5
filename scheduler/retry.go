package scheduler

import (
	"context"
	"log/slog"
	"math"
	"time"

	"github.com/briefbot/briefbot/briefs"
)

// record logs a failure to write an outcome; the lease brings the delivery back in any case.
func (d *Dispatcher) record(_ context.Context, log *slog.Logger, err error) {
	if err != nil {
		log.Error("delivery: recording the outcome failed", slog.Any("err", err))
	}
}

// transient schedules a retry with exponential backoff and jitter, or gives up once the
// delivery is older than GiveUpAfter.
func (d *Dispatcher) transient(ctx context.Context, job briefs.Delivery, err error, log *slog.Logger) {
	now := d.opts.Clock.Now()
	if now.Sub(job.CreatedAt) >= d.opts.GiveUpAfter {
		log.Error("delivery: giving up", slog.Int("attempts", job.Attempts), slog.Any("err", err))
		d.record(ctx, log, d.outbox.MarkFailed(ctx, job.ID, err.Error(), now))
		return
	}
	delay := Backoff(job.Attempts, d.opts.BaseBackoff, d.opts.MaxBackoff, d.opts.Jitter())
	log.Warn("delivery: failed; will retry", slog.Duration("in", delay), slog.Int("attempts", job.Attempts), slog.Any("err", err))
	d.record(ctx, log, d.outbox.Retry(ctx, job.ID, now.Add(delay), err.Error()))
}

// Backoff is the delay before retry number attempts (1-based): base doubled each time, scaled
// by a jitter factor between 0.5 and 1.5 so retries from many chats spread out, then capped.
func Backoff(attempts int, base, ceiling time.Duration, jitter float64) time.Duration {
	exp := float64(base) * math.Pow(2, float64(min(max(attempts-1, 0), 40)))
	return time.Duration(math.Min(exp*(0.5+jitter), float64(ceiling)))
}
