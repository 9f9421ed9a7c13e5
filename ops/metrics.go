// Package ops serves what an operator watches: /healthz, /readyz and Prometheus /metrics, and
// builds the process logger. Other packages report through small observer interfaces of their
// own, which *Metrics satisfies; none of them imports Prometheus.
package ops

import (
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
)

// Metrics holds briefbot's Prometheus collectors on a registry of its own.
type Metrics struct {
	Registry *prometheus.Registry

	ingested    *prometheus.CounterVec
	polls       *prometheus.CounterVec
	deliveries  *prometheus.CounterVec
	rateLimited *prometheus.CounterVec
	commands    *prometheus.HistogramVec
}

// NewMetrics registers every collector; queued reports the delivery queue depth when scraped
// (nil for none).
func NewMetrics(queued func() float64) *Metrics {
	m := &Metrics{
		Registry: prometheus.NewRegistry(),
		ingested: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "briefbot_briefings_ingested_total", Help: "Briefings read, by outcome (added, updated, unchanged, rejected).",
		}, []string{"outcome"}),
		polls: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "briefbot_source_polls_total", Help: "Source polls, by source and result (ok, error).",
		}, []string{"source", "result"}),
		deliveries: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "briefbot_deliveries_total", Help: "Delivery attempts, by platform and outcome (sent, edited, retried, failed, paused).",
		}, []string{"platform", "outcome"}),
		rateLimited: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "briefbot_rate_limited_total", Help: "HTTP 429 answers, by platform.",
		}, []string{"platform"}),
		commands: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "briefbot_command_duration_seconds", Help: "Time to answer a chat command, by command.",
			Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5},
		}, []string{"command"}),
	}
	m.Registry.MustRegister(m.ingested, m.polls, m.deliveries, m.rateLimited, m.commands,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	if queued != nil {
		m.Registry.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "briefbot_deliveries_queued", Help: "Deliveries waiting in the outbox.",
		}, queued))
	}
	return m
}

// Ingested counts briefings read by outcome.
func (m *Metrics) Ingested(outcome string, n int) {
	m.ingested.WithLabelValues(outcome).Add(float64(n))
}

// Polled counts one poll of a source.
func (m *Metrics) Polled(source string, err error) {
	result := "ok"
	if err != nil {
		result = "error"
	}
	m.polls.WithLabelValues(source, result).Inc()
}

// Delivered counts one delivery attempt's outcome.
func (m *Metrics) Delivered(platform, outcome string) {
	m.deliveries.WithLabelValues(platform, outcome).Inc()
}

// RateLimited counts one 429 from a platform.
func (m *Metrics) RateLimited(platform string) { m.rateLimited.WithLabelValues(platform).Inc() }

// CommandServed records how long a command took to answer.
func (m *Metrics) CommandServed(command string, d time.Duration) {
	m.commands.WithLabelValues(command).Observe(d.Seconds())
}
