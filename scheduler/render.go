package scheduler

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/briefs"
)

// renderBriefing is the message announcing one briefing.
func renderBriefing(b briefs.Briefing) bot.Reply {
	rep := bot.Reply{Title: b.Title, URL: b.URL, Subtitle: dateOf(b.Published, time.UTC)}
	if s := firstParagraph(b.Summary); s != "" {
		rep.Blocks = append(rep.Blocks, bot.Block{Heading: "Executive Summary", Text: s})
	}
	if b.URL != "" {
		rep.Blocks = append(rep.Blocks, bot.Block{Text: "Read the full briefing", URL: b.URL})
	}
	return rep
}

// renderDigest lists the briefings of one digest window: title, date, one summary line, link.
func renderDigest(bs []briefs.Briefing, zone string, end time.Time) bot.Reply {
	loc, err := briefs.LoadZone(zone)
	if err != nil {
		loc = time.UTC
	}
	noun := "briefings"
	if len(bs) == 1 {
		noun = "briefing"
	}
	rep := bot.Reply{
		Title:    "Your briefing digest",
		Subtitle: fmt.Sprintf("%d new %s · %s", len(bs), noun, end.In(loc).Format("Mon 2 Jan 2006 15:04 MST")),
	}
	for _, b := range bs {
		head := b.Title
		if d := dateOf(b.Published, time.UTC); d != "" {
			head += " (" + d + ")"
		}
		rep.Blocks = append(rep.Blocks, bot.Block{Heading: head, Text: oneLine(b.Summary, 200), URL: b.URL})
	}
	return rep
}

func dateOf(t time.Time, loc *time.Location) string {
	if t.IsZero() {
		return ""
	}
	return t.In(loc).Format("Mon 2 Jan 2006")
}

func firstParagraph(s string) string {
	p, _, _ := strings.Cut(strings.TrimSpace(strings.ReplaceAll(s, "\r\n", "\n")), "\n\n")
	return strings.TrimSpace(p)
}

// oneLine is the first sentence of s, at most n runes.
func oneLine(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if i := strings.Index(s, ". "); i > 0 {
		s = s[:i+1]
	}
	if r := []rune(s); len(r) > n {
		s = string(r[:n-1]) + "…"
	}
	return s
}

// render builds the message for a delivery; skip is a reason not to send anything.
func (d *Dispatcher) render(ctx context.Context, job briefs.Delivery, cache *renderCache) (rep bot.Reply, skip string, err error) {
	switch job.Kind {
	case briefs.DeliverBriefing, briefs.DeliverEdit:
		if cache != nil {
			cache.mu.Lock()
			defer cache.mu.Unlock()
			if rep, ok := cache.replies[job.BriefingID]; ok {
				return rep, "", nil
			}
		}
		b, err := d.store.Briefing(ctx, job.BriefingID)
		if errors.Is(err, briefs.ErrNotFound) {
			return rep, "the briefing is gone", nil
		}
		if err != nil {
			return rep, "", err
		}
		rep = renderBriefing(b)
		if cache != nil {
			cache.replies[job.BriefingID] = rep
		}
		return rep, "", nil
	case briefs.DeliverDigest:
		bs, err := d.outbox.DigestBriefings(ctx, job)
		if err != nil {
			return rep, "", err
		}
		if len(bs) == 0 {
			return rep, "nothing in the digest window", nil
		}
		return renderDigest(bs, job.Zone, job.WindowEnd), "", nil
	}
	return rep, "unknown delivery kind " + string(job.Kind), nil
}
