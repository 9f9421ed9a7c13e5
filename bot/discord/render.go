package discord

import (
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"github.com/briefbot/briefbot/bot"
)

// Discord's message limits, in Unicode code points.
const (
	maxEmbeds      = 10
	maxTitle       = 256
	maxDescription = 4096
	maxFooter      = 2048
	maxEmbedTotal  = 6000
	maxButtonLabel = 80
	maxCustomID    = 100
	maxButtonRows  = 5
	maxRowButtons  = 5
	maxURL         = 2000
	maxLinkText    = 200 // a block this short becomes a link as a whole

	colorBriefing = 0x3b6ea5
	colorError    = 0xc0392b

	// customIDPrefix marks buttons this bot made; the rest of the custom_id is the router's
	// stateless Button.Data, so any replica can answer a press.
	customIDPrefix = "bb:"
	nothingToShow  = "Nothing to show."
)

// message is a reply rendered for Discord.
type message struct {
	Embeds     []*discordgo.MessageEmbed
	Components []discordgo.MessageComponent
}

// paragraph is one block: markup around plain text. head and tail are finished markdown; text
// is escaped only after it has been cut to size, so a cut never falls inside markup.
type paragraph struct {
	head, text, tail string
}

func (p paragraph) markdown(text string) string { return p.head + escape(text) + p.tail }

// render lays a reply out as embeds within every Discord limit, trimming at word ends.
func render(r bot.Reply) message {
	color := colorBriefing
	if r.Error {
		color = colorError
	}
	first := &discordgo.MessageEmbed{Type: discordgo.EmbedTypeRich, Color: color}
	used := 0
	if t := strings.TrimSpace(r.Title); t != "" {
		first.Title = fitEscaped(t, maxTitle)
		used += runes(first.Title)
		if u, ok := safeURL(r.URL); ok {
			first.URL = u
		}
	}
	if s := strings.TrimSpace(r.Subtitle); s != "" {
		first.Footer = &discordgo.MessageEmbedFooter{Text: fitPlain(s, maxFooter)}
		used += runes(first.Footer.Text)
	}

	embeds := []*discordgo.MessageEmbed{first}
	cur := first
	for _, piece := range pieces(r.Blocks) {
		md := piece.markdown(piece.text)
		sep := 0
		if cur.Description != "" {
			sep = 2
		}
		switch {
		case runes(cur.Description)+sep+runes(md) <= maxDescription && used+sep+runes(md) <= maxEmbedTotal:
		case len(embeds) < maxEmbeds && used+runes(md) <= maxEmbedTotal:
			cur = &discordgo.MessageEmbed{Type: discordgo.EmbedTypeRich, Color: color}
			embeds = append(embeds, cur)
			sep = 0
		default:
			finish(&embeds, &cur, piece, sep, used, color)
			return message{Embeds: embeds, Components: components(r.Buttons)}
		}
		if sep > 0 {
			cur.Description += "\n\n"
		}
		cur.Description += md
		used += sep + runes(md)
	}
	if first.Title == "" && first.Description == "" {
		first.Description = nothingToShow
	}
	return message{Embeds: embeds, Components: components(r.Buttons)}
}

// finish spends what is left of the budget on the first piece that does not fit: as much of
// it as fits, cut at a word end, in the current embed or a new one; else it marks the cut on
// the text already there.
func finish(embeds *[]*discordgo.MessageEmbed, cur **discordgo.MessageEmbed, p paragraph, sep, used, color int) {
	const minShown = 40
	room := min(maxDescription-runes((*cur).Description), maxEmbedTotal-used) - sep
	if fresh := min(maxDescription, maxEmbedTotal-used); room < minShown && fresh >= minShown && len(*embeds) < maxEmbeds {
		*cur = &discordgo.MessageEmbed{Type: discordgo.EmbedTypeRich, Color: color}
		*embeds = append(*embeds, *cur)
		room, sep = fresh, 0
	}
	avail := room - runes(p.head) - runes(p.tail) - 1
	if avail >= minShown/2 && p.text != "" {
		if sep > 0 {
			(*cur).Description += "\n\n"
		}
		(*cur).Description += p.head + fitEscapedBody(p.text, avail) + "…" + p.tail
		return
	}
	if (*cur).Description != "" && runes((*cur).Description) < maxDescription && used < maxEmbedTotal {
		(*cur).Description += "…"
	}
}

// pieces turns blocks into paragraphs whose markdown fits one embed description; a block too
// long for one is cut at paragraph, sentence or word ends.
func pieces(blocks []bot.Block) []paragraph {
	var out []paragraph
	for _, b := range blocks {
		// Text past the whole message budget can never show; dropping it keeps a megabyte
		// briefing cheap to lay out, and the cut it needs still falls at a word end.
		if len(b.Text) > maxEmbedTotal+1 {
			b.Text = cutRunes(b.Text, maxEmbedTotal+1)
		}
		p := toParagraph(b)
		limit := maxDescription - runes(p.head) - runes(p.tail)
		parts := bot.SplitFunc(p.text, limit, escapedLen)
		if len(parts) <= 1 {
			if p.head != "" || p.text != "" {
				p.text = strings.TrimSpace(p.text)
				out = append(out, p)
			}
			continue
		}
		for i, part := range parts {
			q := paragraph{text: part}
			if i == 0 {
				q.head = p.head
			}
			if i == len(parts)-1 {
				q.tail = p.tail
			}
			out = append(out, q)
		}
	}
	return out
}

func toParagraph(b bot.Block) paragraph {
	heading := strings.TrimSpace(b.Heading)
	text := strings.TrimSpace(b.Text)
	link, hasLink := safeURL(b.URL)
	var p paragraph
	switch {
	case heading != "" && hasLink:
		p.head = "**[" + fitEscaped(heading, maxTitle) + "](" + link + ")**"
	case heading != "":
		p.head = "**" + fitEscaped(heading, maxTitle) + "**"
	case hasLink && text != "" && runes(text) <= maxLinkText:
		return paragraph{head: "[" + escape(text) + "](" + link + ")"}
	case hasLink && text == "":
		return paragraph{head: link}
	case hasLink:
		p.tail = " ([link](" + link + "))"
	}
	if p.head != "" && text != "" {
		p.head += "\n"
	}
	p.text = text
	return p
}

// components lays buttons out in rows; a button whose data cannot fit a custom_id is dropped.
func components(buttons []bot.Button) []discordgo.MessageComponent {
	rows := []discordgo.MessageComponent{}
	var row []discordgo.MessageComponent
	flush := func() {
		if len(row) > 0 {
			rows = append(rows, discordgo.ActionsRow{Components: row})
			row = nil
		}
	}
	for _, btn := range buttons {
		id := customIDPrefix + btn.Data
		if btn.Data == "" || len(id) > maxCustomID || !utf8.ValidString(id) {
			continue
		}
		label := fitPlain(strings.TrimSpace(btn.Label), maxButtonLabel)
		if label == "" {
			label = "•"
		}
		row = append(row, discordgo.Button{Label: label, Style: discordgo.SecondaryButton, CustomID: id})
		if len(row) == maxRowButtons {
			flush()
		}
		if len(rows) == maxButtonRows {
			break
		}
	}
	flush()
	return rows
}

// safeURL returns u if Discord will accept it as a link: absolute http(s), no spaces, and with
// parentheses encoded so it cannot close a markdown link early.
func safeURL(raw string) (string, bool) {
	raw = strings.TrimSpace(raw)
	if raw == "" || len(raw) > maxURL {
		return "", false
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil {
		return "", false
	}
	s := u.String()
	if strings.ContainsAny(s, " \t\r\n<>") || len(s) > maxURL {
		return "", false
	}
	s = strings.NewReplacer("(", "%28", ")", "%29").Replace(s)
	return s, true
}

func runes(s string) int { return utf8.RuneCountInString(s) }

func escapedLen(s string) int { return runes(escape(s)) }

// fitPlain cuts s to at most limit runes at a word end, marking the cut with "…".
func fitPlain(s string, limit int) string {
	if runes(s) <= limit {
		return s
	}
	parts := bot.Split(s, limit-1)
	return parts[0] + "…"
}

// fitEscaped escapes s and cuts it (before escaping, at a word end) to at most limit runes.
func fitEscaped(s string, limit int) string {
	if escapedLen(s) <= limit {
		return escape(s)
	}
	return fitEscapedBody(s, limit-1) + "…"
}

// fitEscapedBody returns the escaped longest word-bounded prefix of s that fits limit runes.
func fitEscapedBody(s string, limit int) string {
	parts := bot.SplitFunc(s, limit, escapedLen)
	if len(parts) == 0 {
		return ""
	}
	return escape(parts[0])
}

// cutRunes returns the first n runes of s.
func cutRunes(s string, n int) string {
	for i := range s {
		if n == 0 {
			return s[:i]
		}
		n--
	}
	return s
}
