// Package feed reads briefings from RSS 2.0 and Atom feeds. Each item becomes a briefing; an
// item that holds only a teaser is completed from the web page it links to.
package feed

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"slices"
	"strconv"
	"sync"

	"github.com/mmcdole/gofeed"
	"golang.org/x/net/html"

	"github.com/briefbot/briefbot/briefs"
	"github.com/briefbot/briefbot/briefs/fetch"
	"github.com/briefbot/briefbot/briefs/htmltext"
	"github.com/briefbot/briefbot/briefs/web"
)

// DefaultTeaserChars is the length under which an item without an Analysis section is a teaser.
const DefaultTeaserChars = 1000

// Options tune a feed Source.
type Options struct {
	// TeaserChars: an item with no Analysis section and less text than this is a teaser, and
	// its linked page is read for the full briefing. Zero means DefaultTeaserChars; negative
	// never reads linked pages.
	TeaserChars int
	Logger      *slog.Logger // nil means slog.Default()
}

// Source is one feed polled by the scheduler. It keeps the feed's ETag and Last-Modified for
// conditional GETs and remembers the items it has returned, so a Poll returns only new and
// changed items (all of them on the first Poll).
type Source struct {
	url    string
	f      *fetch.Client
	teaser int
	logger *slog.Logger

	mu         sync.Mutex
	validators fetch.Validators
	seen       map[string]string // item key → hash of the item as the feed gave it
}

// Source fits scheduler.Source; the scheduler package is not imported, so sources stay independent of it.
var _ interface {
	Name() string
	Poll(context.Context) (briefs.Batch, error)
} = (*Source)(nil)

// New returns a Source for the feed at feedURL.
func New(feedURL string, f *fetch.Client, opts Options) *Source {
	s := &Source{url: feedURL, f: f, teaser: opts.TeaserChars, logger: opts.Logger, seen: make(map[string]string)}
	if s.teaser == 0 {
		s.teaser = DefaultTeaserChars
	}
	if s.logger == nil {
		s.logger = slog.Default()
	}
	return s
}

// Name gives the source in its configuration form.
func (s *Source) Name() string { return "feed:" + s.url }

// Poll fetches the feed (conditionally) and returns the briefings of new and changed items.
// A feed that cannot be fetched or is not RSS or Atom is an error naming the feed; items
// without a title are Rejections.
func (s *Source) Poll(ctx context.Context) (briefs.Batch, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var batch briefs.Batch
	resp, err := s.f.Get(ctx, s.url, s.validators)
	if err != nil {
		return batch, fmt.Errorf("feed: poll %s: %w", s.url, err)
	}
	if resp.NotModified {
		s.logger.Debug("feed not modified", slog.String("feed", s.url))
		return batch, nil
	}
	parsed, err := gofeed.NewParser().Parse(bytes.NewReader(resp.Body))
	if err != nil {
		return batch, fmt.Errorf("feed: parse %s: %w", s.url, err)
	}
	base, err := url.Parse(resp.URL)
	if err != nil {
		return batch, fmt.Errorf("feed: parse %s: %w", s.url, err)
	}
	seen := make(map[string]string, len(parsed.Items))
	for i, it := range parsed.Items {
		key, hash := itemKey(it, i), itemHash(it)
		seen[key] = hash
		if s.seen[key] == hash {
			continue
		}
		b, sections, err := Item(it, base)
		if err != nil {
			origin := b.URL
			if origin == "" {
				origin = s.url + "#item-" + strconv.Itoa(i+1)
			}
			batch.Rejected = append(batch.Rejected, briefs.Rejection{Origin: origin, Reason: reason(err)})
			continue
		}
		b.Origin = s.url
		if s.isTeaser(sections) && b.URL != "" {
			if err := s.complete(ctx, &b); err != nil {
				if ctx.Err() != nil {
					return briefs.Batch{}, fmt.Errorf("feed: poll %s: %w", s.url, ctx.Err())
				}
				// Keep the teaser. A page that may come back (5xx, timeout) is tried again next
				// poll; one that is missing or not a briefing page is not fetched again until
				// the item changes.
				s.logger.Warn("feed: unable to read the page of a teaser item", slog.String("feed", s.url),
					slog.String("url", b.URL), slog.Any("error", err))
				if !permanent(err) {
					delete(seen, key)
				}
			}
		}
		batch.Briefings = append(batch.Briefings, b)
	}
	// Feeds list the newest first; the chain is read oldest first.
	slices.SortStableFunc(batch.Briefings, func(a, b briefs.Briefing) int { return a.Published.Compare(b.Published) })
	s.seen, s.validators = seen, resp.Validators
	s.logger.Debug("feed polled", slog.String("feed", s.url), slog.Int("items", len(parsed.Items)),
		slog.Int("briefings", len(batch.Briefings)), slog.Int("rejected", len(batch.Rejected)))
	return batch, nil
}

func (s *Source) isTeaser(sec htmltext.Sections) bool {
	return s.teaser > 0 && !sec.HasAnalysis && sec.Length() < s.teaser
}

// complete replaces a teaser's text with the sections of the page it links to, keeping the
// item's title, URL and date.
func (s *Source) complete(ctx context.Context, b *briefs.Briefing) error {
	page, err := web.ReadPage(ctx, s.f, b.URL)
	if err != nil {
		return err
	}
	b.Summary, b.Analysis, b.Sources = page.Summary, page.Analysis, page.Sources
	if b.Prev.IsZero() {
		b.Prev = page.Prev
	}
	if b.Next.IsZero() {
		b.Next = page.Next
	}
	if b.Published.IsZero() {
		b.Published = page.Published
	}
	return nil
}

// Item turns one feed item into a briefing, resolving links against base (the feed's URL).
// It returns the sections found in the item's content (content:encoded, Atom content, else the
// description) so callers can tell a teaser from a full briefing. An item without a title is an
// error of kind briefs.ErrInvalid; the briefing's URL is still set when the item has a link.
func Item(it *gofeed.Item, base *url.URL) (briefs.Briefing, htmltext.Sections, error) {
	var b briefs.Briefing
	link := it.Link
	if link == "" && len(it.Links) > 0 {
		link = it.Links[0]
	}
	if u, err := url.Parse(link); err == nil && link != "" {
		if base != nil {
			u = base.ResolveReference(u)
		}
		if u.Scheme == "http" || u.Scheme == "https" {
			b.URL = u.String()
		}
	}
	b.Title = htmltext.Plain(it.Title)
	if b.Title == "" {
		return b, htmltext.Sections{}, briefs.Errorf(briefs.ErrInvalid, "item has no title")
	}
	switch {
	case it.PublishedParsed != nil:
		b.Published = it.PublishedParsed.UTC()
	case it.UpdatedParsed != nil:
		b.Published = it.UpdatedParsed.UTC()
	}
	content := it.Content
	if htmltext.Plain(content) == "" {
		content = it.Description
	}
	linkBase := base
	if b.URL != "" {
		linkBase, _ = url.Parse(b.URL)
	}
	doc, err := html.Parse(bytes.NewReader([]byte(content)))
	if err != nil {
		return b, htmltext.Sections{}, briefs.Errorf(briefs.ErrInvalid, "content is not readable HTML: %v", err)
	}
	sections := htmltext.Split(doc, linkBase)
	sections.Apply(&b)
	b.Prev, b.Next = htmltext.Links(doc, linkBase)
	return b, sections, nil
}

// itemKey identifies an item across polls: its GUID, else its link, else its title and place.
func itemKey(it *gofeed.Item, i int) string {
	switch {
	case it.GUID != "":
		return "guid:" + it.GUID
	case it.Link != "":
		return "link:" + it.Link
	}
	return "title:" + it.Title + "#" + strconv.Itoa(i)
}

// itemHash identifies an item's version: a change in any of its text is a new version.
func itemHash(it *gofeed.Item) string {
	h := sha256.New()
	for _, s := range []string{it.Title, it.Link, it.Published, it.Updated, it.Description, it.Content} {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))
}

// permanent reports whether reading a page failed in a way that retrying will not fix soon:
// the page is not a briefing page, or the server answered 4xx (other than 408 and 429).
func permanent(err error) bool {
	if errors.Is(err, briefs.ErrInvalid) || errors.Is(err, fetch.ErrTooLarge) {
		return true
	}
	var se *fetch.StatusError
	if errors.As(err, &se) {
		return se.Code >= 400 && se.Code < 500 && se.Code != 408 && se.Code != 429
	}
	return false
}

func reason(err error) string {
	if msg, ok := briefs.UserMessage(err); ok {
		return msg
	}
	return err.Error()
}
