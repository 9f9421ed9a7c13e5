package scheduler

import (
	"context"
	"time"
)

// Clock is the scheduler's only source of time, so tests can run a week of schedules in
// milliseconds.
type Clock interface {
	Now() time.Time
	// After returns a channel that receives once d has passed, and a stop function.
	After(d time.Duration) (<-chan time.Time, func())
}

// RealClock is the wall clock.
type RealClock struct{}

// Now returns the current time.
func (RealClock) Now() time.Time { return time.Now() }

// After is time.NewTimer.
func (RealClock) After(d time.Duration) (<-chan time.Time, func()) {
	t := time.NewTimer(d)
	return t.C, func() { t.Stop() }
}

// sleep waits d on clock, or until ctx ends (returning its error).
func sleep(ctx context.Context, clock Clock, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	c, stop := clock.After(d)
	defer stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-c:
		return nil
	}
}

// sleepUntil waits until t on clock, until wake receives, or until ctx ends.
func sleepUntil(ctx context.Context, clock Clock, t time.Time, wake <-chan struct{}) error {
	d := t.Sub(clock.Now())
	if d <= 0 {
		return ctx.Err()
	}
	c, stop := clock.After(d)
	defer stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-c:
	case <-wake:
	}
	return nil
}
