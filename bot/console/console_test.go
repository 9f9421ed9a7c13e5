package console

import (
	"bytes"
	"context"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/briefs"
	"github.com/briefbot/briefbot/scheduler"
)

var _ scheduler.Sender = (*Sender)(nil)

func TestRender(t *testing.T) {
	tests := []struct {
		name string
		in   bot.Reply
		want string
	}{
		{"silent", bot.Reply{Silent: true, Title: "x"}, ""},
		{"plain", bot.Reply{Blocks: []bot.Block{{Text: "Hello."}}}, "Hello.\n"},
		{"briefing", bot.Reply{
			Title: "Talks", URL: "https://ex.org/t", Subtitle: "Thu 13 Feb 2025",
			Blocks:  []bot.Block{{Heading: "Executive Summary", Text: "Sum."}, {Text: "Read", URL: "https://ex.org/t"}},
			Buttons: []bot.Button{{Label: "◀ Prev", Data: "<:1"}, {Label: "Next ▶", Data: ">:3"}},
		}, "Talks\nhttps://ex.org/t\nThu 13 Feb 2025\n\nExecutive Summary\nSum.\n\nRead https://ex.org/t\n\n[Prev: /prev] [Next: /next]\n"},
		{"list and numbered buttons", bot.Reply{
			Title:   "Several",
			Blocks:  []bot.Block{{Text: "A"}, {Text: "B"}},
			Buttons: []bot.Button{{Label: "A", Data: "b:1"}, {Label: "Marco Rubio", Data: "w:Marco Rubio"}},
		}, "Several\n\nA\nB\n\n[1: A] [Marco Rubio: /who Marco Rubio]\n"},
		{"markup stays literal", bot.Reply{Blocks: []bot.Block{{Text: "<b>&amp;</b>"}}}, "<b>&amp;</b>\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Render(tt.in); got != tt.want {
				t.Errorf("Render() =\n%q\nwant\n%q", got, tt.want)
			}
		})
	}
}

// echo answers with what it was asked and offers one button.
type echo struct{ got []bot.Request }

func (e *echo) Handle(_ context.Context, req bot.Request) bot.Reply {
	e.got = append(e.got, req)
	if req.Text == "/quiet" {
		return bot.Reply{Silent: true}
	}
	return bot.Reply{Blocks: []bot.Block{{Text: "got " + req.Text}}, Buttons: []bot.Button{{Label: "Open", Data: "b:7"}}}
}

func TestRunLoop(t *testing.T) {
	h := &echo{}
	var out bytes.Buffer
	in := strings.NewReader("/latest\n\nwho rubio\n1\n9\n/quiet\n/quit\n/never\n")
	chat := briefs.ChatRef{Platform: "console", ID: "me"}
	if err := Run(context.Background(), in, &out, h, chat); err != nil {
		t.Fatal(err)
	}
	var texts []string
	for _, r := range h.got {
		if r.Chat != chat {
			t.Errorf("chat = %v", r.Chat)
		}
		texts = append(texts, r.Text)
		if r.Text == "b:7" && !r.Press {
			t.Errorf("button number not sent as a press")
		}
	}
	if got := strings.Join(texts, "|"); got != "/latest|/who rubio|b:7|/quiet" {
		t.Errorf("requests = %q", got)
	}
	for _, want := range []string{"got /latest", "got /who rubio", "[1: Open]", "There is no button 9"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
}

func TestRunEndsAtEOFAndOnCancel(t *testing.T) {
	if err := Run(context.Background(), strings.NewReader("/help"), io.Discard, &echo{}, briefs.ChatRef{}); err != nil {
		t.Fatalf("EOF: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	pr, pw := io.Pipe()
	defer pw.Close()
	if err := Run(ctx, pr, io.Discard, &echo{}, briefs.ChatRef{}); err != nil {
		t.Fatalf("cancelled: %v", err)
	}
}

func TestRunLineTooLong(t *testing.T) {
	long := strings.Repeat("x", maxLine+10) + "\n"
	err := Run(context.Background(), strings.NewReader(long), io.Discard, &echo{}, briefs.ChatRef{})
	if err == nil || !strings.Contains(err.Error(), "longer than") {
		t.Fatalf("err = %v", err)
	}
}

func TestSender(t *testing.T) {
	var out bytes.Buffer
	s := NewSender(&out)
	ctx := context.Background()
	if s.Platform() != "console" {
		t.Fatal(s.Platform())
	}
	r := bot.Reply{Title: "New briefing"}
	id1, err := s.Send(ctx, "me", r, "n1")
	if err != nil {
		t.Fatal(err)
	}
	id2, _ := s.Send(ctx, "me", r, "n2")
	again, _ := s.Send(ctx, "me", r, "n1")
	if id1 != "1" || id2 != "2" || again != "1" {
		t.Errorf("ids = %s %s %s, want 1 2 1", id1, id2, again)
	}
	if err := s.Edit(ctx, "me", id1, bot.Reply{Title: "Fixed"}); err != nil {
		t.Fatal(err)
	}
	want := "── message 1 to console:me ──\nNew briefing\n\n── message 2 to console:me ──\nNew briefing\n\n── (corrected) message 1 to console:me ──\nFixed\n\n"
	if out.String() != want {
		t.Errorf("output =\n%q\nwant\n%q", out.String(), want)
	}
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := s.Send(cctx, "me", r, "n3"); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled send err = %v", err)
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("closed") }

func TestSenderWriteError(t *testing.T) {
	s := NewSender(failWriter{})
	if _, err := s.Send(context.Background(), "me", bot.Reply{Title: "x"}, ""); err == nil {
		t.Fatal("want an error from a failing writer")
	}
	if err := s.Edit(context.Background(), "me", "1", bot.Reply{Title: "x"}); err == nil {
		t.Fatal("want an error from a failing edit")
	}
}
