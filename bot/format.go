package bot

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/briefbot/briefbot/briefs"
)

// briefingReply shows one briefing: its summary, and its analysis too when full, with Prev and
// Next buttons for the neighbours that exist (IDs 0 mean none).
func briefingReply(b briefs.Briefing, prev, next int64, full bool) Reply {
	rep := Reply{Title: b.Title, URL: b.URL, Subtitle: dateLine(b)}
	if b.Seq > 0 {
		rep.Subtitle = strings.TrimPrefix(rep.Subtitle+" · briefing #"+strconv.Itoa(b.Seq), " · ")
	}
	if b.Summary != "" {
		rep.Blocks = append(rep.Blocks, Block{Heading: "Executive Summary", Text: b.Summary})
	}
	if full {
		for i, p := range paragraphs(b.Analysis) {
			blk := Block{Text: p}
			if i == 0 {
				blk.Heading = "Analysis"
			}
			rep.Blocks = append(rep.Blocks, blk)
		}
	}
	if b.URL != "" {
		rep.Blocks = append(rep.Blocks, Block{Text: "Read the full briefing", URL: b.URL})
	} else if !full && b.Analysis != "" {
		rep.Blocks = append(rep.Blocks, Block{Text: "The full analysis: /read " + shortTitle(b.Title)})
	}
	if prev != 0 {
		rep.Buttons = append(rep.Buttons, Button{Label: "◀ Prev", Data: prevPress + ":" + strconv.FormatInt(prev, 10)})
	}
	if next != 0 {
		rep.Buttons = append(rep.Buttons, Button{Label: "Next ▶", Data: nextPress + ":" + strconv.FormatInt(next, 10)})
	}
	return rep
}

// chainEnd is the answer to stepping past either end of the chain from cur.
func chainEnd(cur briefs.Briefing, dir int) Reply {
	rep := Reply{}
	if dir > 0 {
		rep.Blocks = []Block{{Text: fmt.Sprintf("You are at the newest briefing, “%s”. There is no next one yet.", cur.Title)}}
	} else {
		rep.Blocks = []Block{{Text: fmt.Sprintf("You are at the oldest briefing, “%s”. There is nothing before it.", cur.Title)}}
	}
	return rep
}

// dateLine is a briefing's publication date, "Thu 13 Feb 2025", or "" when unknown.
func dateLine(b briefs.Briefing) string {
	return formatDate(b.Published)
}

func formatDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format("Mon 2 Jan 2006")
}

// paragraphs splits text at blank lines, dropping empty ones.
func paragraphs(text string) []string {
	var out []string
	for _, p := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n\n") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// openData is the button payload that opens briefing id.
func openData(id int64) string { return "b:" + strconv.FormatInt(id, 10) }

// buttonLabel shortens a title for a button.
func buttonLabel(s string) string { return truncateRunes(s, 40) }

// shortTitle is the first few words of a title, enough for /read to find it again.
func shortTitle(title string) string {
	words := strings.Fields(title)
	if len(words) > 6 {
		words = words[:6]
	}
	return strings.Join(words, " ")
}

// truncateRunes cuts s to at most n runes, ending in "…" when cut.
func truncateRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return strings.TrimSpace(string(r[:n-1])) + "…"
}
