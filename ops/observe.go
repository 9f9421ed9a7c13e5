package ops

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/briefs"
	"github.com/briefbot/briefbot/scheduler"
)

// The decorators below count what crosses a boundary, so the packages behind it need no
// metrics code of their own.

// ObserveSource counts every poll of src.
func (m *Metrics) ObserveSource(src scheduler.Source) scheduler.Source {
	return observedSource{Source: src, m: m}
}

type observedSource struct {
	scheduler.Source
	m *Metrics
}

func (s observedSource) Poll(ctx context.Context) (briefs.Batch, error) {
	b, err := s.Source.Poll(ctx)
	s.m.Polled(s.Name(), err)
	return b, err
}

// ObserveIngest counts an ingest report's outcomes.
func (m *Metrics) ObserveIngest(rep briefs.Report) {
	m.Ingested("added", rep.Added)
	m.Ingested("updated", rep.Updated)
	m.Ingested("unchanged", rep.Unchanged)
	m.Ingested("rejected", len(rep.Rejected))
}

// ObserveSender counts the outcome of every send and edit through snd, and its 429s.
func (m *Metrics) ObserveSender(snd scheduler.Sender) scheduler.Sender {
	return observedSender{Sender: snd, m: m}
}

type observedSender struct {
	scheduler.Sender
	m *Metrics
}

func (s observedSender) Send(ctx context.Context, chatID string, r bot.Reply, nonce string) (string, error) {
	id, err := s.Sender.Send(ctx, chatID, r, nonce)
	s.count("sent", err)
	return id, err
}

func (s observedSender) Edit(ctx context.Context, chatID, messageID string, r bot.Reply) error {
	err := s.Sender.Edit(ctx, chatID, messageID, r)
	s.count("edited", err)
	return err
}

// count files one attempt: success, a 429 (retried after the platform's wait), a permanent
// failure (the subscription is paused), or a transient one (retried with backoff).
func (s observedSender) count(success string, err error) {
	p := s.Platform()
	var de *bot.DeliveryError
	switch {
	case err == nil:
		s.m.Delivered(p, success)
	case errors.As(err, &de) && de.RetryAfter > 0:
		s.m.RateLimited(p)
		s.m.Delivered(p, "retried")
	case errors.As(err, &de) && de.Permanent:
		s.m.Delivered(p, "paused")
	case errors.As(err, &de) && de.MovedTo != "":
		s.m.Delivered(p, "retried")
	default:
		s.m.Delivered(p, "retried")
	}
}

// Handler is what answers chat commands (a *bot.Router).
type Handler interface {
	Handle(ctx context.Context, req bot.Request) bot.Reply
}

// ObserveHandler times every command h answers. Labels are the known command names, "button"
// for presses and "other" for anything else, so chat input cannot grow the label set.
func (m *Metrics) ObserveHandler(h Handler, commands []bot.CommandSpec, now func() time.Time) Handler {
	known := make(map[string]bool, len(commands))
	for _, c := range commands {
		known[c.Name] = true
	}
	return observedHandler{h: h, m: m, known: known, now: now}
}

type observedHandler struct {
	h     Handler
	m     *Metrics
	known map[string]bool
	now   func() time.Time
}

func (o observedHandler) Handle(ctx context.Context, req bot.Request) bot.Reply {
	start := o.now()
	rep := o.h.Handle(ctx, req)
	if !rep.Silent {
		o.m.CommandServed(o.label(req), o.now().Sub(start))
	}
	return rep
}

func (o observedHandler) label(req bot.Request) string {
	if req.Press {
		return "button"
	}
	word, _, _ := strings.Cut(strings.TrimSpace(req.Text), " ")
	word, _, _ = strings.Cut(strings.TrimPrefix(word, "/"), "@")
	word = strings.ToLower(word)
	if o.known[word] {
		return word
	}
	return "other"
}
