// Package briefs is briefbot's domain: briefings, the chain that orders them, the people they
// mention and the chats that read them. It imports no SQL driver, HTTP client or chat SDK; storage
// and sources live in subpackages named after what they adapt.
package briefs

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"time"
)

// Briefing is one published report. The chain position and ID are assigned by the store.
type Briefing struct {
	ID        int64
	Title     string
	URL       string
	Published time.Time
	Summary   string   // the Executive Summary section
	Analysis  string   // the Analysis section, paragraphs separated by a blank line
	Sources   []string // lines of the Sources section; may be empty
	Prev      Link     // the footer's Previous link; zero when absent
	Next      Link     // the footer's Next link; zero when absent
	Origin    string   // where it was read from: a file path, a feed or page URL
	Seq       int      // 1-based position in the chain, oldest first; 0 until chained
	Revision  int      // 1 for the first text, +1 for each changed text
}

// Link points at a neighbouring briefing by title, URL or both.
type Link struct {
	Title string
	URL   string
}

// IsZero reports whether the link names nothing.
func (l Link) IsZero() bool { return l.Title == "" && l.URL == "" }

// ContentHash identifies the text of a briefing: equal hashes mean an unchanged briefing.
// Origin, ID, Seq and Revision are not content.
func (b Briefing) ContentHash() string {
	h := sha256.New()
	for _, s := range []string{b.Title, b.URL, b.Published.UTC().Format(time.RFC3339), b.Summary, b.Analysis,
		strings.Join(b.Sources, "\n"), b.Prev.Title, b.Prev.URL, b.Next.Title, b.Next.URL} {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))
}

// Outcome says what storing a briefing did.
type Outcome int

// Outcomes of storing one briefing.
const (
	Added Outcome = iota + 1
	Updated
	Unchanged
)

func (o Outcome) String() string {
	switch o {
	case Added:
		return "added"
	case Updated:
		return "updated"
	case Unchanged:
		return "unchanged"
	}
	return "unknown"
}

// SearchHit is one ranked full-text search result.
type SearchHit struct {
	Briefing Briefing
	Snippet  string // a short excerpt around the match, plain text
	Rank     float64
}
