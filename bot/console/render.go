// Package console is the terminal platform: it renders replies as plain text, runs an
// interactive chat on a reader and writer, and posts deliveries to a writer.
package console

import (
	"strconv"
	"strings"

	"github.com/briefbot/briefbot/bot"
)

// Render turns a reply into plain text ending in a newline; a silent reply renders as "".
// Buttons become hints: the command that does the same, or a number to type in a chat.
func Render(r bot.Reply) string {
	if r.Silent {
		return ""
	}
	var sb strings.Builder
	if r.Title != "" {
		sb.WriteString(r.Title + "\n")
		if r.URL != "" {
			sb.WriteString(r.URL + "\n")
		}
		if r.Subtitle != "" {
			sb.WriteString(r.Subtitle + "\n")
		}
		sb.WriteString("\n")
	} else if r.Subtitle != "" {
		sb.WriteString(r.Subtitle + "\n\n")
	}
	for i, b := range r.Blocks {
		if i > 0 && (b.Heading != "" || !isListItem(r.Blocks[i-1])) {
			sb.WriteString("\n")
		}
		if b.Heading != "" {
			sb.WriteString(b.Heading + "\n")
		}
		text := b.Text
		if b.URL != "" {
			text = strings.TrimSpace(text + " " + b.URL)
		}
		if text != "" {
			sb.WriteString(text + "\n")
		}
	}
	if len(r.Buttons) > 0 {
		if len(r.Blocks) > 0 || r.Title != "" {
			sb.WriteString("\n")
		}
		sb.WriteString(ButtonHints(r.Buttons) + "\n")
	}
	return sb.String()
}

// isListItem is a short headless block, rendered without a blank line after it.
func isListItem(b bot.Block) bool { return b.Heading == "" && len(b.Text) < 120 }

// ButtonHints shows buttons as "[Prev: /prev] [Next: /next] [3: Some title]".
func ButtonHints(buttons []bot.Button) string {
	hints := make([]string, len(buttons))
	for i, b := range buttons {
		label := strings.TrimSpace(strings.Trim(b.Label, "◀▶ "))
		if cmd := commandFor(b.Data); cmd != "" {
			hints[i] = "[" + label + ": " + cmd + "]"
		} else {
			hints[i] = "[" + strconv.Itoa(i+1) + ": " + label + "]"
		}
	}
	return strings.Join(hints, " ")
}

// commandFor is the typed command equivalent to a button, or "" when there is none.
func commandFor(data string) string {
	prefix, arg, _ := strings.Cut(data, ":")
	switch prefix {
	case "<":
		return "/prev"
	case ">":
		return "/next"
	case "w":
		return "/who " + arg
	}
	return ""
}
