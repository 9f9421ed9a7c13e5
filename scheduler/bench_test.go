package scheduler

import (
	"context"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/briefbot/briefbot/briefs"
	"github.com/briefbot/briefbot/scheduler/schedulertest"
)

// BenchmarkFanOut sends one new briefing to 10,000 subscribed chats through the real queue and
// workers on SQLite to a local fake platform that allows 2,000 requests a second and answers
// 429 past that. It reports the achieved rate against the limit, lost and duplicate sends.
func BenchmarkFanOut(b *testing.B) {
	for _, limit := range []float64{500, 2000, 0} { // 0: no limit anywhere, the machine's ceiling
		b.Run(fmt.Sprintf("limit=%v", limit), func(b *testing.B) { benchFanOut(b, 10000, limit) })
	}
}

func benchFanOut(b *testing.B, chats int, limit float64) {
	for range b.N {
		b.StopTimer()
		st := openStore(b)
		fanOut(b, st, "fake", chatIDs(chats), time.Now())
		platform := schedulertest.NewPlatform(limit, 20, time.Second, nil)
		d := NewDispatcher(st, st, &schedulertest.Sender{Name: "fake", URL: platform.Server.URL}, DeliveryOptions{
			Workers: 16, Idle: 20 * time.Millisecond, Limits: Limits{Rate: limit}, Logger: quietLog,
		})
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		b.StartTimer()
		start := time.Now()
		go func() { done <- d.Run(ctx) }()
		for platform.DeliveredCount() < chats {
			time.Sleep(5 * time.Millisecond)
		}
		elapsed := time.Since(start)
		b.StopTimer()
		cancel()
		<-done
		if c, err := st.DeliveryCounts(context.Background()); err != nil || c[briefs.Sent] != chats {
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
		rate := float64(chats) / elapsed.Seconds()
		b.ReportMetric(rate, "sends/s")
		if limit > 0 {
			b.ReportMetric(100*rate/limit, "%limit")
		}
		b.ReportMetric(float64(chats-len(delivered)), "lost")
		b.ReportMetric(float64(dups), "duplicates")
		b.ReportMetric(float64(limited), "429s")
		platform.Close()
		st.Close()
	}
}

// BenchmarkDigestPlanning plans one hour's digests for 10,000 subscriptions spread over 50 time
// zones (daily at one of 96 quarter hours), with a briefing in every window.
func BenchmarkDigestPlanning(b *testing.B) {
	zones := []string{"UTC", "Europe/Berlin", "Europe/London", "Europe/Paris", "Europe/Kyiv", "Europe/Moscow",
		"Europe/Istanbul", "Europe/Madrid", "Europe/Rome", "Europe/Warsaw", "Europe/Helsinki", "Europe/Lisbon",
		"America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles", "America/Anchorage",
		"America/Sao_Paulo", "America/Mexico_City", "America/Toronto", "America/Bogota", "America/Lima",
		"America/Santiago", "America/Halifax", "America/St_Johns", "Pacific/Honolulu", "Pacific/Auckland",
		"Pacific/Fiji", "Asia/Tokyo", "Asia/Seoul", "Asia/Shanghai", "Asia/Hong_Kong", "Asia/Singapore",
		"Asia/Kolkata", "Asia/Kathmandu", "Asia/Dubai", "Asia/Tehran", "Asia/Jerusalem", "Asia/Karachi",
		"Asia/Dhaka", "Asia/Bangkok", "Asia/Jakarta", "Asia/Manila", "Australia/Sydney", "Australia/Perth",
		"Australia/Adelaide", "Africa/Cairo", "Africa/Lagos", "Africa/Nairobi", "Africa/Johannesburg"}
	if len(zones) != 50 {
		b.Fatalf("%d zones", len(zones))
	}
	const subs = 10000
	start := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
	st := openStore(b)
	for i := range subs {
		spec := fmt.Sprintf("daily %02d:%02d %s", (i/4)%24, 15*(i%4), zones[i%len(zones)])
		subscribeChat(b, st, "fake", fmt.Sprint(i), spec, start)
	}
	saveBriefing(b, st, "Strait drills", "Ships sailed.")
	if _, err := st.Announce(context.Background(), start.Add(time.Minute), false); err != nil {
		b.Fatal(err)
	}
	pl := NewPlanner(st, nil, quietLog)
	b.ResetTimer()
	total := 0
	for i := range b.N {
		now := start.Add(time.Duration(i+1) * time.Hour) // each iteration plans the next hour
		_, n, err := pl.PlanDue(context.Background(), now)
		if err != nil {
			b.Fatal(err)
		}
		total += n
	}
	b.ReportMetric(float64(total)/float64(b.N), "digests/op")
}
