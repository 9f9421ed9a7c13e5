package telegram

import (
	"net/url"
	"strings"
	"unicode"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/briefbot/briefbot/bot"
)

// span is a run of plain text with one style; it is escaped only when written out.
type span struct {
	text   string
	bold   bool
	italic bool
	url    string // already checked by safeURL
}

// unit is what is kept together when it fits: the heading, or one block.
type unit []span

// render turns r into HTML messages, each below partLimit visible characters. Units are
// separated by a blank line and split only when one alone is too long.
func render(r bot.Reply) []string {
	var units []unit
	if t := clean(r.Title); t != "" {
		u := unit{{text: t, bold: true, url: safeURL(r.URL)}}
		if s := clean(r.Subtitle); s != "" {
			u = append(u, span{text: "\n"}, span{text: s, italic: true})
		}
		units = append(units, u)
	} else if s := clean(r.Subtitle); s != "" {
		units = append(units, unit{{text: s, italic: true}})
	}
	for _, b := range r.Blocks {
		var u unit
		if h := clean(b.Heading); h != "" {
			u = append(u, span{text: h, bold: true})
		}
		if t := clean(b.Text); t != "" {
			if len(u) > 0 {
				u = append(u, span{text: "\n"})
			}
			u = append(u, span{text: t, url: safeURL(b.URL)})
		}
		if len(u) > 0 {
			units = append(units, u)
		}
	}
	var p packer
	for _, u := range units {
		p.addUnit(u)
	}
	p.flush()
	return p.parts
}

// packer fills messages with units, splitting a unit too long for one message.
type packer struct {
	parts []string
	html  strings.Builder
	n     int // visible units in html
}

func (p *packer) addUnit(u unit) {
	size := 0
	for _, s := range u {
		size += units(s.text)
	}
	if p.n > 0 && p.n+2+size <= partLimit {
		p.write(span{text: "\n\n"})
		p.writeUnit(u)
		return
	}
	if size <= partLimit {
		p.flush()
		p.writeUnit(u)
		return
	}
	// Too long for any one message: it is split anyway, so begin it here when there is room.
	if p.n > 0 && partLimit-p.n-2 >= partLimit/4 {
		p.write(span{text: "\n\n"})
	} else {
		p.flush()
	}
	for _, s := range u {
		for s.text != "" {
			if p.n == 0 {
				s.text = strings.TrimLeftFunc(s.text, unicode.IsSpace)
				if s.text == "" {
					break
				}
			}
			room := partLimit - p.n
			if units(s.text) <= room {
				p.write(s)
				break
			}
			if room < partLimit/4 && p.n > 0 {
				p.flush()
				continue
			}
			head, tail := cut(s.text, room)
			p.write(span{text: head, bold: s.bold, italic: s.italic, url: s.url})
			p.flush()
			s.text = tail
		}
	}
}

func (p *packer) writeUnit(u unit) {
	for _, s := range u {
		p.write(s)
	}
}

func (p *packer) write(s span) {
	if s.text == "" {
		return
	}
	p.n += units(s.text)
	text := escape(s.text)
	if s.url != "" {
		text = `<a href="` + escape(s.url) + `">` + text + `</a>`
	}
	if s.italic {
		text = "<i>" + text + "</i>"
	}
	if s.bold {
		text = "<b>" + text + "</b>"
	}
	p.html.WriteString(text)
}

func (p *packer) flush() {
	if out := strings.TrimSpace(p.html.String()); out != "" {
		p.parts = append(p.parts, out)
	}
	p.html.Reset()
	p.n = 0
}

// escape makes s safe as HTML text or a double-quoted attribute value for Telegram's parser,
// which knows only &lt; &gt; &amp; &quot; by name.
var escape = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;").Replace

// clean drops what Telegram would refuse: invalid UTF-8 and control characters other than
// newlines and tabs. It also trims the ends.
func clean(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.Map(func(r rune) rune {
		if r == '\n' || r == '\t' {
			return r
		}
		if unicode.IsControl(r) {
			return -1
		}
		return r
	}, s)
	return strings.TrimSpace(s)
}

// safeURL returns u if it is an absolute http(s) or tg URL, else "" (so the text shows unlinked).
func safeURL(u string) string {
	u = strings.TrimSpace(u)
	p, err := url.Parse(u)
	if err != nil || len(u) > 2048 {
		return ""
	}
	switch strings.ToLower(p.Scheme) {
	case "http", "https":
		if p.Host == "" {
			return ""
		}
		return u
	case "tg":
		return u
	}
	return ""
}

// maxCallbackData is Telegram's limit on callback_data, in bytes.
const maxCallbackData = 64

// keyboard builds the inline keyboard for buttons, three to a row, leaving out any button whose
// payload Telegram would refuse. It returns nil when no button is left, and the dropped labels.
func keyboard(buttons []bot.Button) (kb *tgbotapi.InlineKeyboardMarkup, dropped []string) {
	var rows [][]tgbotapi.InlineKeyboardButton
	var row []tgbotapi.InlineKeyboardButton
	for _, b := range buttons {
		label := clean(strings.ReplaceAll(b.Label, "\n", " "))
		if label == "" || !validData(b.Data) {
			dropped = append(dropped, b.Label)
			continue
		}
		row = append(row, tgbotapi.NewInlineKeyboardButtonData(label, b.Data))
		if len(row) == 3 {
			rows, row = append(rows, row), nil
		}
	}
	if len(row) > 0 {
		rows = append(rows, row)
	}
	if len(rows) == 0 {
		return nil, dropped
	}
	return &tgbotapi.InlineKeyboardMarkup{InlineKeyboard: rows}, dropped
}

// validData reports whether d can be callback_data: 1-64 bytes of valid UTF-8.
func validData(d string) bool {
	return d != "" && len(d) <= maxCallbackData && d == strings.ToValidUTF8(d, "")
}
