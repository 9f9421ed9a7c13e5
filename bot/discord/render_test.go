package discord

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/bot/discord/discordtest"
)

// checked renders r, sends it through the fake's limit checks and returns what Discord would get.
func checked(t *testing.T, r bot.Reply) discordtest.MessageBody {
	t.Helper()
	m := render(r)
	raw, err := json.Marshal(outgoing{Embeds: m.Embeds, Components: m.Components, AllowedMentions: noMentions()})
	if err != nil {
		t.Fatal(err)
	}
	body, err := discordtest.CheckMessage(raw)
	if err != nil {
		t.Fatalf("Discord would reject the rendering: %v", err)
	}
	return body
}

func words(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "word%05d ", i)
	}
	return b.String()
}

var wholeWordEnd = regexp.MustCompile(`(^|\s)word\d{5}…$`)

func TestRenderStaysWithinLimits(t *testing.T) {
	tests := []struct {
		name string
		r    bot.Reply
	}{
		{"huge summary", bot.Reply{Title: "T", Blocks: []bot.Block{{Heading: "Executive Summary", Text: words(20000)}}}},
		{"many blocks", bot.Reply{Title: "T", Blocks: func() []bot.Block {
			var bs []bot.Block
			for i := range 500 {
				bs = append(bs, bot.Block{Heading: fmt.Sprintf("H%d", i), Text: words(40), URL: "https://example.org/" + fmt.Sprint(i)})
			}
			return bs
		}()}},
		{"one giant word", bot.Reply{Blocks: []bot.Block{{Text: strings.Repeat("x", 50000)}}}},
		{"markup everywhere", bot.Reply{Title: strings.Repeat("*_", 400), Blocks: []bot.Block{{Text: strings.Repeat("**@everyone** <@1> ", 3000)}}}},
		{"multibyte", bot.Reply{Title: strings.Repeat("情報 ", 200), Subtitle: strings.Repeat("日付 ", 2000),
			Blocks: []bot.Block{{Text: strings.Repeat("🌍 разведка ", 5000)}}}},
		{"long heading and link", bot.Reply{Blocks: []bot.Block{{Heading: strings.Repeat("h ", 3000), Text: words(100),
			URL: "https://example.org/" + strings.Repeat("p", 1900)}}}},
		{"empty", bot.Reply{}},
		{"buttons galore", bot.Reply{Title: "T", Buttons: func() []bot.Button {
			var bs []bot.Button
			for i := range 40 {
				bs = append(bs, bot.Button{Label: strings.Repeat("L", i*5), Data: fmt.Sprintf("nav:%d", i)})
			}
			return bs
		}()}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := checked(t, tt.r)
			if len(m.Embeds) == 0 {
				t.Fatal("no embed")
			}
		})
	}
}

func TestRenderCutsAtWordEnds(t *testing.T) {
	m := checked(t, bot.Reply{Title: "T", Blocks: []bot.Block{{Text: words(20000)}}})
	last := m.Embeds[len(m.Embeds)-1].Description
	if !wholeWordEnd.MatchString(last) {
		t.Errorf("the text ends %q, want a whole word and an ellipsis", last[max(0, len(last)-40):])
	}
	for i, e := range m.Embeds[:len(m.Embeds)-1] {
		if !regexp.MustCompile(`word\d{5}$`).MatchString(e.Description) {
			t.Errorf("embed %d ends inside a word: %q", i, e.Description[max(0, len(e.Description)-20):])
		}
	}
	title := checked(t, bot.Reply{Title: words(100)}).Embeds[0].Title
	if !wholeWordEnd.MatchString(title) || utf8.RuneCountInString(title) > maxTitle {
		t.Errorf("title cut badly: %q", title)
	}
}

func TestRenderDefusesHostileText(t *testing.T) {
	hostile := "@everyone @here <@123> <@&456> <#789> **bold** __u__ ~~s~~ ||spoiler|| `code` " +
		"[click](https://evil.example) \\*\n# Heading\n> quote\n- item\n1. first"
	m := checked(t, bot.Reply{Title: "@everyone [x](https://evil.example)", Subtitle: "sub",
		Blocks: []bot.Block{{Heading: "**H**", Text: hostile}}})
	d := m.Embeds[0].Description
	for _, live := range []string{"@everyone", "@here", " <@", " <#", "**bold**", "||spoiler||", "[click](", "\n# ", "\n> ", "\n- ", "\n1. "} {
		if strings.Contains(d, live) {
			t.Errorf("description keeps live markup %q:\n%s", live, d)
		}
	}
	if strings.Contains(m.Embeds[0].Title, "@everyone") || strings.Contains(m.Embeds[0].Title, "[x](") {
		t.Errorf("title keeps live markup: %q", m.Embeds[0].Title)
	}
}

func TestRenderLinksAndButtons(t *testing.T) {
	m := checked(t, bot.Reply{
		Title: "T", URL: "javascript:alert(1)",
		Blocks: []bot.Block{
			{Text: "Short title", URL: "https://example.org/a_(b)"},
			{Text: "no link", URL: "ftp://example.org/x"},
		},
		Buttons: []bot.Button{
			{Label: "Prev", Data: "nav:1:-1"},
			{Label: "", Data: "nav:1:1"},
			{Label: "Too long", Data: strings.Repeat("d", 98)},
			{Label: "Empty", Data: ""},
		},
	})
	e := m.Embeds[0]
	if e.URL != "" {
		t.Errorf("javascript: URL kept: %q", e.URL)
	}
	if !strings.Contains(e.Description, "[Short title](https://example.org/a_%28b%29)") {
		t.Errorf("link not rendered safely: %q", e.Description)
	}
	if strings.Contains(e.Description, "ftp://") {
		t.Errorf("ftp link kept: %q", e.Description)
	}
	bs := m.Buttons()
	if len(bs) != 2 || bs[0].CustomID != "bb:nav:1:-1" || bs[1].Label != "•" {
		t.Errorf("buttons = %+v, want Prev and an unlabelled one, the rest dropped", bs)
	}
	if n := len(checked(t, bot.Reply{Buttons: make40()}).Buttons()); n != 25 {
		t.Errorf("%d buttons kept, want Discord's 25", n)
	}
}

func make40() []bot.Button {
	var bs []bot.Button
	for i := range 40 {
		bs = append(bs, bot.Button{Label: "b", Data: fmt.Sprint(i)})
	}
	return bs
}

func TestRenderErrorAndEmpty(t *testing.T) {
	if m := checked(t, errorReply("nope")); m.Embeds[0].Color != colorError || m.Embeds[0].Description != "nope" {
		t.Errorf("error rendering = %+v", m.Embeds[0])
	}
	if m := checked(t, bot.Reply{}); m.Embeds[0].Description != nothingToShow {
		t.Errorf("empty rendering = %+v", m.Embeds[0])
	}
}

func TestEscape(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain text, nothing odd.", "plain text, nothing odd."},
		{"**bold** _it_", `\*\*bold\*\* \_it\_`},
		{"@everyone and @here", "@\u200beveryone and @\u200bhere"},
		{"mail me@example.org", "mail me@example.org"},
		{"<@123> <#4> <t:1:R>", `\<@123\> \<#4\> \<t:1:R\>`},
		{"# Title\n- item\n> q\n1. one\n  2) two", "\\# Title\n\\- item\n\\> q\n1\\. one\n  2\\) two"},
		{"a # b - c 3. d", "a # b - c 3. d"},
		{"2026 was a year", "2026 was a year"},
		{"[x](https://e)", `\[x\](https://e)`},
		{"back\\slash `tick` ~~s~~ ||sp||", "back\\\\slash \\`tick\\` \\~\\~s\\~\\~ \\|\\|sp\\|\\|"},
	}
	for _, tt := range tests {
		if got := escape(tt.in); got != tt.want {
			t.Errorf("escape(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
