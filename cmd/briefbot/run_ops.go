package main

import (
	"context"
	"io"
	"net/http"
	"os"
	"time"

	"github.com/briefbot/briefbot/briefs"
)

// webhookPlatform is a platform that can receive updates on briefbot's HTTP listener.
type webhookPlatform interface {
	WebhookPath() string
	WebhookHandler() http.Handler
}

// storeCheck is the readiness check of the store: a cheap query must answer.
func storeCheck(st briefs.Store) func(context.Context) error {
	if p, ok := st.(interface{ Ping(context.Context) error }); ok {
		return p.Ping
	}
	return func(ctx context.Context) error {
		_, err := st.CountBriefings(ctx)
		return err
	}
}

// queuedDeliveries reports the outbox depth to the metrics scrape.
func queuedDeliveries(st deliveryStore) func() float64 {
	return func() float64 {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		counts, err := st.DeliveryCounts(ctx)
		if err != nil {
			return -1
		}
		return float64(counts[briefs.Queued])
	}
}

// isTerminal reports whether w is a terminal, for choosing text or JSON logs.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}
