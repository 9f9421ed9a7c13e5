package telegram

import (
	"html"
	"regexp"
	"strings"
	"testing"

	"github.com/briefbot/briefbot/bot"
)

func TestRenderEscapesEveryDynamicString(t *testing.T) {
	tests := []struct {
		name  string
		reply bot.Reply
		want  string
	}{
		{"hostile title", bot.Reply{Title: `<b>Bold</b> & *stars* <script>`},
			`<b>&lt;b&gt;Bold&lt;/b&gt; &amp; *stars* &lt;script&gt;</b>`},
		{"quotes in a link attribute", bot.Reply{Title: "T", URL: `https://e.org/?q="x"><i>`},
			`<b><a href="https://e.org/?q=&quot;x&quot;&gt;&lt;i&gt;">T</a></b>`},
		{"javascript link dropped", bot.Reply{Title: "T", URL: "javascript:alert(1)"}, `<b>T</b>`},
		{"relative link dropped", bot.Reply{Title: "T", URL: "/briefs/1"}, `<b>T</b>`},
		{"subtitle and blocks", bot.Reply{Title: "Rubio & <Co>", Subtitle: "2025-01-02 <x>",
			Blocks: []bot.Block{{Heading: "Roles <1>", Text: "a < b", URL: "https://e.org/a&b"}}},
			"<b>Rubio &amp; &lt;Co&gt;</b>\n<i>2025-01-02 &lt;x&gt;</i>\n\n<b>Roles &lt;1&gt;</b>\n" +
				`<a href="https://e.org/a&amp;b">a &lt; b</a>`},
		{"control characters and bad UTF-8 dropped", bot.Reply{Title: "a\x00b\x1bc\xff"}, "<b>abc\uFFFD</b>"},
		{"heading only", bot.Reply{Blocks: []bot.Block{{Heading: "Sources"}}}, "<b>Sources</b>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			parts := render(tt.reply)
			if len(parts) != 1 || parts[0] != tt.want {
				t.Fatalf("render = %q\nwant     %q", parts, tt.want)
			}
			checkHTML(t, parts[0])
		})
	}
}

func TestRenderEmptyReplyHasNoParts(t *testing.T) {
	if parts := render(bot.Reply{Blocks: []bot.Block{{Text: "  \n "}}}); len(parts) != 0 {
		t.Fatalf("render = %q, want nothing", parts)
	}
}

// allowedTag is the markup render writes; anything else in the output came from the input.
var allowedTag = regexp.MustCompile(`</?(b|i|a)( href="[^"<>]*")?>`)

// checkHTML fails unless s is made of render's own balanced tags around escaped text.
func checkHTML(t *testing.T, s string) {
	t.Helper()
	var stack []string
	rest := s
	for {
		i := strings.IndexByte(rest, '<')
		if i < 0 {
			break
		}
		loc := allowedTag.FindStringIndex(rest[i:])
		if loc == nil || loc[0] != 0 {
			t.Fatalf("unexpected markup at %q", rest[i:min(len(rest), i+40)])
		}
		tag := rest[i : i+loc[1]]
		name := strings.Trim(strings.Fields(tag)[0], "</>")
		if strings.HasPrefix(tag, "</") {
			if len(stack) == 0 || stack[len(stack)-1] != name {
				t.Fatalf("unbalanced %s in %q", tag, s)
			}
			stack = stack[:len(stack)-1]
		} else {
			stack = append(stack, name)
		}
		rest = rest[i+loc[1]:]
	}
	if len(stack) > 0 {
		t.Fatalf("unclosed %v in %q", stack, s)
	}
	if strings.ContainsAny(allowedTag.ReplaceAllString(s, ""), "<>") {
		t.Fatalf("bare < or > left in %q", s)
	}
}

// visible is what Telegram shows of an HTML part.
func visible(s string) string { return html.UnescapeString(allowedTag.ReplaceAllString(s, "")) }

func TestRenderSplitsLongRepliesBelowTheLimit(t *testing.T) {
	sentence := "The minister said <talks> & *progress* continue in Geneva. "
	long := strings.Repeat(sentence, 400)     // ~24k characters, many sentences
	emoji := strings.Repeat("🇺🇦 flag ", 1500) // astral runes: 2 UTF-16 units each
	word := strings.Repeat("x", 9000)         // one unbroken word
	reply := bot.Reply{
		Title:   "Long <one>",
		URL:     "https://e.org/long",
		Buttons: []bot.Button{{Label: "Next", Data: "next:1"}},
		Blocks: []bot.Block{
			{Heading: "Executive Summary", Text: "Short & sweet."},
			{Heading: "Analysis", Text: long},
			{Text: emoji},
			{Text: word, URL: "https://e.org/w"},
		},
	}
	parts := render(reply)
	if len(parts) < 8 {
		t.Fatalf("got %d parts, want the text spread over many", len(parts))
	}
	var all strings.Builder
	for i, p := range parts {
		checkHTML(t, p)
		v := visible(p)
		if n := units(v); n > partLimit || n == 0 {
			t.Fatalf("part %d has %d UTF-16 units, want 1..%d", i, n, partLimit)
		}
		all.WriteString(v + " ")
	}
	// Nothing lost or reordered (the unbroken word is cut, so compare without spaces).
	want := strings.Join(strings.Fields(visibleReply(reply)), "")
	got := strings.Join(strings.Fields(all.String()), "")
	if got != want {
		t.Fatalf("text changed by splitting: got %d bytes, want %d", len(got), len(want))
	}
	// Sentences are kept whole where they can be: each part of the analysis ends a sentence.
	for i, p := range parts {
		v := visible(p)
		if strings.Contains(v, "Geneva") && !strings.Contains(v, "flag") && !strings.HasSuffix(v, "Geneva.") {
			t.Errorf("part %d does not end at a sentence: …%q", i, v[max(0, len(v)-30):])
		}
	}
}

func visibleReply(r bot.Reply) string {
	s := r.Title + " " + r.Subtitle
	for _, b := range r.Blocks {
		s += " " + b.Heading + " " + b.Text
	}
	return s
}

func TestKeyboardDropsInvalidCallbackData(t *testing.T) {
	ok64 := strings.Repeat("a", 64)
	kb, dropped := keyboard([]bot.Button{
		{Label: "Prev", Data: "prev:12"},
		{Label: "Max", Data: ok64},
		{Label: "Too long", Data: ok64 + "b"},
		{Label: "Four bytes each", Data: strings.Repeat("🇺", 17)}, // 68 bytes
		{Label: "Empty", Data: ""},
		{Label: "Bad UTF-8", Data: "\xff\xfe"},
		{Label: "", Data: "next:1"},
		{Label: "Next", Data: "next:12"},
	})
	if kb == nil {
		t.Fatal("no keyboard")
	}
	var got []string
	for _, row := range kb.InlineKeyboard {
		if len(row) > 3 {
			t.Errorf("row of %d buttons", len(row))
		}
		for _, b := range row {
			if b.CallbackData == nil || len(*b.CallbackData) > 64 {
				t.Errorf("button %q has bad data", b.Text)
			}
			got = append(got, b.Text)
		}
	}
	if strings.Join(got, ",") != "Prev,Max,Next" {
		t.Errorf("buttons = %v", got)
	}
	if len(dropped) != 5 {
		t.Errorf("dropped = %q, want 5", dropped)
	}
	if kb, _ := keyboard([]bot.Button{{Label: "x", Data: ok64 + "z"}}); kb != nil {
		t.Error("keyboard of only invalid buttons should be nil")
	}
}
