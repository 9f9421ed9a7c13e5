// Package schedulertest provides a fake chat platform: an HTTP server that enforces a rate
// limit and answers 429 past it, records every request, and injects failures; and a Sender
// that talks to it. Tests, benchmarks and the crash test binary share it.
package schedulertest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// Request is one call the fake platform received.
type Request struct {
	Op        string // "send" or "edit"
	Chat      string
	Nonce     string
	MessageID string // for edits
	Text      string
	At        time.Time // by the platform's clock
	Status    int       // what it answered
}

// Outcome is what the platform should answer one request with; zero means success.
type Outcome struct {
	Status     int           // HTTP status; 0 means 200
	RetryAfter time.Duration // with 429
	MovedTo    string        // with 400: the chat was upgraded
}

// Platform is a fake chat platform.
type Platform struct {
	Server *httptest.Server
	now    func() time.Time
	limit  *rate.Limiter
	retry  time.Duration

	mu        sync.Mutex
	requests  []Request
	nextID    int
	delivered map[string]int // successful sends by nonce
	// Script, when set, decides the answer to each request before the rate limit applies.
	Script func(r Request) Outcome
}

// NewPlatform starts a fake platform. With perSecond > 0 it lets through perSecond requests a
// second (with burst) and answers 429 with retry_after past that. now is its clock.
func NewPlatform(perSecond float64, burst int, retryAfter time.Duration, now func() time.Time) *Platform {
	if now == nil {
		now = time.Now
	}
	p := &Platform{now: now, retry: retryAfter, delivered: map[string]int{}}
	if perSecond > 0 {
		p.limit = rate.NewLimiter(rate.Limit(perSecond), max(burst, 1))
	}
	p.Server = httptest.NewServer(http.HandlerFunc(p.serve))
	return p
}

// Close stops the server.
func (p *Platform) Close() { p.Server.Close() }

// Requests returns a copy of every request so far.
func (p *Platform) Requests() []Request {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]Request(nil), p.requests...)
}

// Delivered counts successful sends per nonce.
func (p *Platform) Delivered() map[string]int {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := make(map[string]int, len(p.delivered))
	for k, v := range p.delivered {
		out[k] = v
	}
	return out
}

// DeliveredCount is how many distinct nonces were sent successfully.
func (p *Platform) DeliveredCount() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.delivered)
}

type body struct {
	Chat      string `json:"chat"`
	Text      string `json:"text"`
	Nonce     string `json:"nonce"`
	MessageID string `json:"message_id"`
}

func (p *Platform) serve(w http.ResponseWriter, r *http.Request) {
	var b body
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<20)).Decode(&b); err != nil {
		http.Error(w, "bad json", http.StatusBadRequest)
		return
	}
	req := Request{Op: r.URL.Path[1:], Chat: b.Chat, Nonce: b.Nonce, MessageID: b.MessageID, Text: b.Text}
	p.mu.Lock()
	defer p.mu.Unlock()
	req.At = p.now()
	var out Outcome
	if p.Script != nil {
		out = p.Script(req)
	}
	if out.Status == 0 && p.limit != nil && !p.limit.AllowN(req.At, 1) {
		out = Outcome{Status: http.StatusTooManyRequests, RetryAfter: p.retry}
	}
	if out.Status == 0 {
		out.Status = http.StatusOK
	}
	req.Status = out.Status
	p.requests = append(p.requests, req)
	w.Header().Set("Content-Type", "application/json")
	switch out.Status {
	case http.StatusOK:
		id := b.MessageID
		if req.Op == "send" {
			p.delivered[b.Nonce]++
			p.nextID++
			id = "m" + strconv.Itoa(p.nextID)
		}
		fmt.Fprintf(w, `{"ok":true,"message_id":%q}`, id)
	case http.StatusTooManyRequests:
		w.Header().Set("Retry-After", strconv.FormatFloat(out.RetryAfter.Seconds(), 'f', -1, 64))
		w.WriteHeader(out.Status)
		fmt.Fprintf(w, `{"ok":false,"retry_after_ms":%d}`, out.RetryAfter.Milliseconds())
	default:
		w.WriteHeader(out.Status)
		fmt.Fprintf(w, `{"ok":false,"migrate_to":%q}`, out.MovedTo)
	}
}
