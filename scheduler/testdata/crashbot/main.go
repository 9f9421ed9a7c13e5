// Command crashbot drains a briefbot SQLite outbox through the real scheduler workers to a fake
// platform, and exits once nothing is left to send. The crash test SIGKILLs it mid fan-out and
// starts it again.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/briefbot/briefbot/briefs"
	"github.com/briefbot/briefbot/briefs/sqlite"
	"github.com/briefbot/briefbot/scheduler"
	"github.com/briefbot/briefbot/scheduler/schedulertest"
)

func main() {
	db := flag.String("db", "", "SQLite database")
	url := flag.String("url", "", "fake platform URL")
	workers := flag.Int("workers", 4, "delivery workers")
	lease := flag.Duration("lease", 2*time.Second, "claim lease")
	rate := flag.Float64("rate", 500, "sends per second")
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, *db, *url, *workers, *lease, *rate); err != nil {
		fmt.Fprintln(os.Stderr, "crashbot:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, db, url string, workers int, lease time.Duration, rate float64) error {
	st, err := sqlite.Open(ctx, db)
	if err != nil {
		return err
	}
	defer st.Close()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	d := scheduler.NewDispatcher(st, st, &schedulertest.Sender{Name: "fake", URL: url}, scheduler.DeliveryOptions{
		Workers: workers, Lease: lease, SendTimeout: lease / 4, Idle: 50 * time.Millisecond,
		Limits: scheduler.Limits{Rate: rate}, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
	})
	done := make(chan error, 1)
	go func() { done <- d.Run(ctx) }()
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case err := <-done:
			return err
		case <-tick.C:
			c, err := st.DeliveryCounts(ctx)
			if err != nil {
				return err
			}
			if c[briefs.Queued]+c[briefs.Sending] == 0 {
				cancel()
				return <-done
			}
		}
	}
}
