package web

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"slices"
	"strings"
	"sync"

	"golang.org/x/net/publicsuffix"

	"github.com/briefbot/briefbot/briefs"
	"github.com/briefbot/briefbot/briefs/fetch"
)

// DefaultDepth is how many pages a walk along Previous or Next links reads at most.
const DefaultDepth = 20

// Options tune a web Source.
type Options struct {
	// Depth bounds each walk: the Previous pages back-filled on the first poll and the Next
	// pages followed on any poll. Zero means DefaultDepth; a negative depth turns back-fill off.
	Depth  int
	Logger *slog.Logger // nil means slog.Default()
}

// Source is a chain of briefing pages on one site. The first Poll reads the configured page,
// back-fills along its Previous links and follows Next links to the newest page; later Polls
// re-read the newest page (whose Next link appears when a new briefing is published) and
// follow Next from it. Pages on other sites are not followed, and no page is read twice in one
// walk.
type Source struct {
	start    string
	f        *fetch.Client
	depth    int
	backfill bool
	logger   *slog.Logger

	mu         sync.Mutex
	polled     bool
	newest     briefs.Briefing   // the newest page known, as last read
	validators fetch.Validators  // of the newest page, for a conditional re-read
	known      map[string]string // page URL → content hash of the text last returned
}

// Source fits scheduler.Source; the scheduler package is not imported, so sources stay independent of it.
var _ interface {
	Name() string
	Poll(context.Context) (briefs.Batch, error)
} = (*Source)(nil)

// New returns a Source starting at pageURL.
func New(pageURL string, f *fetch.Client, opts Options) *Source {
	s := &Source{start: pageURL, f: f, depth: opts.Depth, backfill: opts.Depth >= 0, logger: opts.Logger,
		known: make(map[string]string)}
	if s.depth <= 0 {
		s.depth = DefaultDepth
	}
	if s.logger == nil {
		s.logger = slog.Default()
	}
	return s
}

// Name gives the source in its configuration form.
func (s *Source) Name() string { return "web:" + s.start }

// ReadPage fetches and reads one briefing page with the source's client.
func (s *Source) ReadPage(ctx context.Context, pageURL string) (briefs.Briefing, error) {
	return ReadPage(ctx, s.f, pageURL)
}

// Poll returns the briefings found since the last successful poll, oldest first. Pages that
// cannot be read along a walk are Rejections and end that walk; Poll fails only when the
// starting page (on the first poll) or the newest page (later) cannot be read.
func (s *Source) Poll(ctx context.Context) (briefs.Batch, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var (
		batch   briefs.Batch
		visited = make(map[string]bool)
		from    briefs.Briefing
	)
	if !s.polled {
		resp, b, err := s.read(ctx, s.start, fetch.Validators{})
		if err != nil {
			return batch, err
		}
		visited[s.start], visited[b.URL] = true, true
		if s.backfill {
			older, _ := s.walk(ctx, b, prevLink, visited, &batch.Rejected)
			slices.Reverse(older)
			batch.Briefings = append(batch.Briefings, older...)
		}
		batch.Briefings = append(batch.Briefings, b)
		from, s.validators = b, resp.Validators
	} else {
		resp, b, err := s.read(ctx, s.newest.URL, s.validators)
		if err != nil {
			return batch, err
		}
		if resp.NotModified {
			b = s.newest
		} else if s.known[b.URL] != b.ContentHash() {
			batch.Briefings = append(batch.Briefings, b)
		}
		visited[s.newest.URL], visited[b.URL] = true, true
		from, s.validators = b, resp.Validators
	}
	newer, v := s.walk(ctx, from, nextLink, visited, &batch.Rejected)
	if err := ctx.Err(); err != nil {
		// A cancelled walk is not a set of unreadable pages: nothing is remembered.
		return briefs.Batch{}, fmt.Errorf("web: poll %s: %w", s.start, err)
	}
	batch.Briefings = append(batch.Briefings, newer...)
	s.newest = from
	if len(newer) > 0 {
		s.newest, s.validators = newer[len(newer)-1], v
	}
	for _, b := range batch.Briefings {
		s.known[b.URL] = b.ContentHash()
	}
	s.polled = true
	s.logger.Debug("web source polled", slog.String("source", s.Name()), slog.String("newest", s.newest.URL),
		slog.Int("briefings", len(batch.Briefings)), slog.Int("rejected", len(batch.Rejected)))
	return batch, nil
}

func prevLink(b briefs.Briefing) string { return b.Prev.URL }
func nextLink(b briefs.Briefing) string { return b.Next.URL }

// walk follows link from b for at most depth pages, stopping at a page already visited or
// known, on another site, or at one that cannot be read (which becomes a Rejection). It returns
// the pages read in walking order and the validators of the last one.
func (s *Source) walk(ctx context.Context, b briefs.Briefing, link func(briefs.Briefing) string,
	visited map[string]bool, rejected *[]briefs.Rejection) ([]briefs.Briefing, fetch.Validators) {
	var (
		found []briefs.Briefing
		last  fetch.Validators
	)
	for range s.depth {
		u := link(b)
		if u == "" || visited[u] {
			break
		}
		if _, known := s.known[u]; known {
			s.logger.Warn("web source: chain links back to a known page", slog.String("source", s.Name()),
				slog.String("from", b.URL), slog.String("to", u))
			break
		}
		if !sameSite(s.start, u) {
			s.logger.Info("web source: not following a link to another site", slog.String("source", s.Name()),
				slog.String("url", u))
			break
		}
		visited[u] = true
		resp, next, err := s.read(ctx, u, fetch.Validators{})
		if err != nil {
			*rejected = append(*rejected, briefs.Rejection{Origin: u, Reason: reason(err, u)})
			break
		}
		if visited[next.URL] && next.URL != u { // redirected to a page already read
			break
		}
		visited[next.URL] = true
		found = append(found, next)
		b, last = next, resp.Validators
	}
	return found, last
}

// read fetches and parses one page; resp.NotModified leaves the briefing zero.
func (s *Source) read(ctx context.Context, pageURL string, v fetch.Validators) (fetch.Response, briefs.Briefing, error) {
	resp, err := s.f.Get(ctx, pageURL, v)
	if err != nil {
		return resp, briefs.Briefing{}, fmt.Errorf("web: read %s: %w", pageURL, err)
	}
	if resp.NotModified {
		return resp, briefs.Briefing{}, nil
	}
	b, err := ParsePage(resp.Body, resp.URL)
	if err != nil {
		return resp, briefs.Briefing{}, fmt.Errorf("web: read %s: %w", pageURL, err)
	}
	return resp, b, nil
}

// reason gives the plain words of a Rejection of the page at u for err.
func reason(err error, u string) string {
	if msg, ok := briefs.UserMessage(err); ok {
		return msg
	}
	return strings.TrimPrefix(err.Error(), "web: read "+u+": ")
}

// sameSite reports whether b is on the site of a: the same host name (ignoring the port and a
// "www." prefix) or the same registrable domain.
func sameSite(a, b string) bool {
	ua, err1 := url.Parse(a)
	ub, err2 := url.Parse(b)
	if err1 != nil || err2 != nil {
		return false
	}
	ha := strings.TrimPrefix(strings.ToLower(ua.Hostname()), "www.")
	hb := strings.TrimPrefix(strings.ToLower(ub.Hostname()), "www.")
	if ha == hb {
		return true
	}
	if net.ParseIP(ha) != nil || net.ParseIP(hb) != nil {
		return false
	}
	da, err1 := publicsuffix.EffectiveTLDPlusOne(ha)
	db, err2 := publicsuffix.EffectiveTLDPlusOne(hb)
	return err1 == nil && err2 == nil && da == db
}
