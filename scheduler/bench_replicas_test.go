package scheduler

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/briefbot/briefbot/briefs"
	"github.com/briefbot/briefbot/briefs/postgres"
	"github.com/briefbot/briefbot/scheduler/schedulertest"
)

// BenchmarkFanOutReplicas sends one new briefing to 10,000 chats through the PostgreSQL outbox
// with 1 and with 3 replicas. A replica here is a dispatcher with a connection pool of its own
// (its own postgres.Store) in this process, standing in for a `briefbot run` process; each gets
// its share of the platform's limit (limit/replicas, or a fraction of that with share), as each
// process's BRIEFBOT_*_RATE should.
// The fake platform allows limit requests a second overall and answers 429 past that; limit 0
// lifts every limit (the machine's ceiling). Reported: achieved rate against the limit, lost and
// duplicate sends, 429s. Needs BRIEFBOT_TEST_POSTGRES.
//
// analyzed=true runs ANALYZE after the 10,000 deliveries are queued, as autovacuum eventually
// would on a long-running database; analyzed=false starts on tables PostgreSQL has never
// analyzed (a fresh install's first big fan-out), where it plans each claim by walking every
// subscription: about 60 ms per claim of 32 instead of 2 ms on this machine.
func BenchmarkFanOutReplicas(b *testing.B) {
	for _, analyzed := range []bool{true, false} {
		for _, limit := range []float64{500, 2000, 0} {
			for _, replicas := range []int{1, 3} {
				b.Run(fmt.Sprintf("analyzed=%v/limit=%v/replicas=%d", analyzed, limit, replicas), func(b *testing.B) {
					benchFanOutReplicas(b, 10000, replicas, limit, 1, analyzed)
				})
			}
		}
	}
	// Three replicas each set to 90% of their share leave the platform's limit some headroom.
	b.Run("analyzed=true/limit=2000/replicas=3/share=0.9", func(b *testing.B) {
		benchFanOutReplicas(b, 10000, 3, 2000, 0.9, true)
	})
}

func benchFanOutReplicas(b *testing.B, chats, replicas int, limit, share float64, analyze bool) {
	base := os.Getenv("BRIEFBOT_TEST_POSTGRES")
	if base == "" {
		b.Skip("BRIEFBOT_TEST_POSTGRES not set: set it to a PostgreSQL URL " +
			"(e.g. postgres://postgres@127.0.0.1:5432/test?sslmode=disable) to run the PostgreSQL benchmarks")
	}
	ctx := context.Background()
	for range b.N {
		b.StopTimer()
		dsn := benchSchema(b, base)
		stores := make([]*postgres.Store, replicas)
		for i := range stores {
			st, err := postgres.Open(ctx, dsn)
			if err != nil {
				b.Fatal(err)
			}
			stores[i] = st
		}
		pgFanOut(b, stores[0], chats)
		if analyze {
			analyzeOutbox(b, dsn)
		}
		platform := schedulertest.NewPlatform(limit, 20, time.Second, nil)
		var disps []*Dispatcher
		for _, st := range stores {
			// Each replica has its own HTTP connections, as a process of its own would.
			client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 32}}
			disps = append(disps, NewDispatcher(st, st, &schedulertest.Sender{Name: "fake", URL: platform.Server.URL, Client: client},
				DeliveryOptions{Workers: 16, Idle: 20 * time.Millisecond, Limits: Limits{Rate: share * limit / float64(replicas)}, Logger: quietLog}))
		}
		runCtx, cancel := context.WithCancel(ctx)
		var wg sync.WaitGroup
		b.StartTimer()
		start := time.Now()
		for _, d := range disps {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if err := d.Run(runCtx); err != nil {
					b.Error(err)
				}
			}()
		}
		deadline := start.Add(5 * time.Minute)
		for platform.DeliveredCount() < chats && time.Now().Before(deadline) {
			time.Sleep(5 * time.Millisecond)
		}
		elapsed := time.Since(start)
		b.StopTimer()
		cancel()
		wg.Wait()
		if c, err := stores[0].DeliveryCounts(ctx); err != nil || c[briefs.Sent] != chats {
			b.Errorf("outbox after the fan-out: %v, %v", c, err)
		}
		delivered := platform.Delivered()
		dups, limited := 0, 0
		for _, n := range delivered {
			dups += n - 1
		}
		for _, r := range platform.Requests() {
			if r.Status == http.StatusTooManyRequests {
				limited++
			}
		}
		rate := float64(len(delivered)) / elapsed.Seconds()
		b.ReportMetric(rate, "sends/s")
		if limit > 0 {
			b.ReportMetric(100*rate/limit, "%limit")
		}
		b.ReportMetric(float64(chats-len(delivered)), "lost")
		b.ReportMetric(float64(dups), "duplicates")
		b.ReportMetric(float64(limited), "429s")
		platform.Close()
		for _, st := range stores {
			st.Close()
		}
	}
}

// pgFanOut subscribes chats instantly and announces one new briefing to them.
func pgFanOut(b *testing.B, st *postgres.Store, chats int) {
	ctx := context.Background()
	at := time.Now()
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for w := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < chats; i += 8 {
				sub := briefs.Subscription{Chat: briefs.ChatRef{Platform: "fake", ID: fmt.Sprint(1000 + i)},
					Mode: briefs.Instant, CreatedAt: at}
				if err := st.Subscribe(ctx, &sub); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	if err := <-errs; err != nil {
		b.Fatal(err)
	}
	br := briefs.Briefing{Title: "Strait drills", URL: "https://example.org/strait", Summary: "Ships sailed. More followed.",
		Published: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)}
	if _, err := st.SaveBriefing(ctx, &br, nil); err != nil {
		b.Fatal(err)
	}
	if rep, err := st.Announce(ctx, at, false); err != nil || rep.Deliveries != chats {
		b.Fatalf("announce: %+v, %v", rep, err)
	}
}

// analyzeOutbox refreshes the planner's statistics of the outbox tables.
func analyzeOutbox(b *testing.B, dsn string) {
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		b.Fatal(err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, `ANALYZE deliveries; ANALYZE subscriptions`); err != nil {
		b.Fatal(err)
	}
}

// benchSchema creates a schema dropped when the benchmark ends and returns base with its
// search_path set to it.
func benchSchema(b *testing.B, base string) string {
	var r [6]byte
	rand.Read(r[:])
	schema := "bb_bench_" + hex.EncodeToString(r[:])
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, base)
	if err != nil {
		b.Fatalf("connecting to %s: %v", postgres.MaskDSN(base), err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "CREATE SCHEMA "+schema); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() {
		conn, err := pgx.Connect(context.Background(), base)
		if err != nil {
			b.Errorf("dropping schema %s: %v", schema, err)
			return
		}
		defer conn.Close(context.Background())
		if _, err := conn.Exec(context.Background(), "DROP SCHEMA "+schema+" CASCADE"); err != nil {
			b.Errorf("dropping schema %s: %v", schema, err)
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		b.Fatalf("BRIEFBOT_TEST_POSTGRES must be a URL: %v", err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}
