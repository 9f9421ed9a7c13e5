package telegram

import (
	"strings"
	"unicode"

	"github.com/briefbot/briefbot/bot"
)

// Telegram limits a message to 4096 characters of visible text, counted in UTF-16 code units.
// Parts are packed below that with a margin; the count is taken on the plain text, before any
// escaping or markup, so markup is never cut and escapes (&lt;) count as the one character they show.
const partLimit = 4000

// units is the length of s as Telegram counts it.
func units(s string) int { return bot.UTF16Len(s) }

// cut splits s so that head holds at most room units, where the shared splitter prefers to end
// a part (paragraph, line, sentence, word; mid-word only for one unbroken word).
func cut(s string, room int) (head, tail string) {
	s = strings.TrimSpace(s)
	parts := bot.SplitFunc(s, max(room, 1), bot.UTF16Len)
	if len(parts) == 0 {
		return "", ""
	}
	head = parts[0] // a prefix of s: the splitter only trims at the cut
	return head, strings.TrimLeftFunc(s[len(head):], unicode.IsSpace)
}
