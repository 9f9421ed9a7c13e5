package telegram

import (
	"context"
	"encoding/json"
	"errors"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/config"
)

func newSender(t *testing.T, f *fakeAPI) *Bot {
	t.Helper()
	b, err := New(f.cfg(), nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestSendRendersHTMLWithKeyboardAndReturnsFirstID(t *testing.T) {
	f := newFakeAPI(t)
	b := newSender(t, f)
	if b.Platform() != "telegram" {
		t.Errorf("Platform = %q", b.Platform())
	}
	r := bot.Reply{Title: "A & <B>", URL: "https://e.org/b", Buttons: []bot.Button{{Label: "Next", Data: "next:2"}},
		Blocks: []bot.Block{{Text: strings.Repeat("Long sentence here. ", 400)}}}
	id, err := b.Send(context.Background(), "-1001234", r, "n1")
	if err != nil {
		t.Fatal(err)
	}
	sends := f.callsOf("sendMessage")
	if len(sends) != 3 || id != "100" {
		t.Fatalf("sent %d messages, id %q; want 3 and the first id 100", len(sends), id)
	}
	for i, c := range sends {
		if c.Params.Get("chat_id") != "-1001234" || c.Params.Get("parse_mode") != "HTML" {
			t.Errorf("part %d params %v", i, c.Params)
		}
		if c.Params.Get("disable_web_page_preview") != "true" {
			t.Errorf("part %d: a split reply should not preview links", i)
		}
		hasKB := c.Params.Get("reply_markup") != ""
		if hasKB != (i == len(sends)-1) {
			t.Errorf("part %d keyboard = %v; want it on the last part only", i, hasKB)
		}
	}
	if !strings.HasPrefix(sends[0].Params.Get("text"), `<b><a href="https://e.org/b">A &amp; &lt;B&gt;</a></b>`) {
		t.Errorf("first part = %.80q", sends[0].Params.Get("text"))
	}
	var kb struct {
		InlineKeyboard [][]struct {
			Text         string `json:"text"`
			CallbackData string `json:"callback_data"`
		} `json:"inline_keyboard"`
	}
	if err := json.Unmarshal([]byte(sends[2].Params.Get("reply_markup")), &kb); err != nil ||
		kb.InlineKeyboard[0][0].CallbackData != "next:2" {
		t.Errorf("keyboard %s (%v)", sends[2].Params.Get("reply_markup"), err)
	}
}

func TestSendPreviewsOnlyOnePageReplies(t *testing.T) {
	f := newFakeAPI(t)
	b := newSender(t, f)
	one := bot.Reply{Title: "One", URL: "https://e.org/1", Blocks: []bot.Block{{Text: "Read it", URL: "https://e.org/1"}}}
	digest := bot.Reply{Title: "Digest", Blocks: []bot.Block{{Text: "A", URL: "https://e.org/a"}, {Text: "B", URL: "https://e.org/b"}}}
	for _, r := range []bot.Reply{one, digest} {
		if _, err := b.Send(context.Background(), "5", r, ""); err != nil {
			t.Fatal(err)
		}
	}
	sends := f.callsOf("sendMessage")
	if got := sends[0].Params.Get("disable_web_page_preview"); got != "" {
		t.Errorf("disable_web_page_preview = %q for a reply about one page", got)
	}
	if got := sends[1].Params.Get("disable_web_page_preview"); got != "true" {
		t.Errorf("disable_web_page_preview = %q for a digest of several pages", got)
	}
}

func TestSendMapsErrors(t *testing.T) {
	tests := []struct {
		name   string
		status int
		body   string
		check  func(t *testing.T, err error)
	}{
		{"429 retry_after", 429, `{"ok":false,"error_code":429,"description":"Too Many Requests: retry after 7","parameters":{"retry_after":7}}`,
			func(t *testing.T, err error) {
				de := asDelivery(t, err)
				if de.RetryAfter != 7*time.Second || de.Permanent {
					t.Errorf("got %+v", de)
				}
			}},
		{"403 blocked", 403, `{"ok":false,"error_code":403,"description":"Forbidden: bot was blocked by the user"}`,
			func(t *testing.T, err error) {
				de := asDelivery(t, err)
				if !de.Permanent || !strings.Contains(de.Reason, "blocked") {
					t.Errorf("got %+v", de)
				}
			}},
		{"400 chat not found", 400, `{"ok":false,"error_code":400,"description":"Bad Request: chat not found"}`,
			func(t *testing.T, err error) {
				if de := asDelivery(t, err); !de.Permanent {
					t.Errorf("got %+v", de)
				}
			}},
		{"400 migrated", 400, `{"ok":false,"error_code":400,"description":"Bad Request: group chat was upgraded to a supergroup chat","parameters":{"migrate_to_chat_id":-1009876543210}}`,
			func(t *testing.T, err error) {
				de := asDelivery(t, err)
				if de.MovedTo != "-1009876543210" || de.Permanent {
					t.Errorf("got %+v", de)
				}
			}},
		{"500 transient", 500, `{"ok":false,"error_code":500,"description":"Internal Server Error"}`, transient},
		{"502 from a proxy, not JSON", 502, `<html>Bad Gateway</html>`, transient},
		{"bad JSON result", 200, `{"ok":true,"result":{"message_id":"not a number"`, transient},
		{"other 400 is not permanent", 400, `{"ok":false,"error_code":400,"description":"Bad Request: can't parse entities"}`, transient},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeAPI(t)
			f.on("sendMessage", func(call) (int, string) { return tt.status, tt.body })
			_, err := newSender(t, f).Send(context.Background(), "77", bot.Reply{Title: "x"}, "")
			if err == nil {
				t.Fatal("no error")
			}
			if strings.Contains(err.Error(), testToken) {
				t.Fatalf("token in error: %v", err)
			}
			tt.check(t, err)
		})
	}
}

func asDelivery(t *testing.T, err error) *bot.DeliveryError {
	t.Helper()
	var de *bot.DeliveryError
	if !errors.As(err, &de) {
		t.Fatalf("%v is not a *bot.DeliveryError", err)
	}
	return de
}

func transient(t *testing.T, err error) {
	t.Helper()
	var de *bot.DeliveryError
	if errors.As(err, &de) {
		t.Errorf("want a plain (transient) error, got %+v", de)
	}
}

func TestSendRetryWithSameNonceResumes(t *testing.T) {
	f := newFakeAPI(t)
	fail := true
	f.on("sendMessage", func(c call) (int, string) {
		if fail && len(f.callsOf("sendMessage")) == 2 {
			return 500, `{"ok":false,"error_code":500,"description":"Internal Server Error"}`
		}
		return 0, ""
	})
	b := newSender(t, f)
	r := bot.Reply{Title: "T", Blocks: []bot.Block{{Text: strings.Repeat("Some words here. ", 300)}}}
	if _, err := b.Send(context.Background(), "9", r, "nonce-1"); err == nil {
		t.Fatal("first attempt should fail on part 2")
	}
	fail = false
	id, err := b.Send(context.Background(), "9", r, "nonce-1")
	if err != nil || id != "100" {
		t.Fatalf("retry: id %q err %v; want the first part's id 100", id, err)
	}
	if n := len(f.callsOf("sendMessage")); n != 3 {
		t.Fatalf("%d sendMessage calls; want 1 ok + 1 failed + 1 resumed", n)
	}
	// Sent in full: a third attempt sends nothing more.
	if id, err := b.Send(context.Background(), "9", r, "nonce-1"); err != nil || id != "100" || len(f.callsOf("sendMessage")) != 3 {
		t.Fatalf("repeat after success sent again (id %q, err %v)", id, err)
	}
}

func TestSendRejectsBadChatID(t *testing.T) {
	b := newSender(t, newFakeAPI(t))
	_, err := b.Send(context.Background(), "not-a-chat", bot.Reply{Title: "x"}, "")
	if de := asDelivery(t, err); !de.Permanent {
		t.Errorf("got %+v", de)
	}
}

func TestEditUsesEditMessageText(t *testing.T) {
	f := newFakeAPI(t)
	b := newSender(t, f)
	r := bot.Reply{Title: "Fixed <title>", Buttons: []bot.Button{{Label: "Prev", Data: "prev:3"}},
		Blocks: []bot.Block{{Text: strings.Repeat("Corrected text. ", 400)}}}
	if err := b.Edit(context.Background(), "-100", "55", r); err != nil {
		t.Fatal(err)
	}
	c := f.waitCalls("editMessageText", 1)[0]
	if c.Params.Get("message_id") != "55" || c.Params.Get("chat_id") != "-100" || c.Params.Get("parse_mode") != "HTML" {
		t.Errorf("params %v", c.Params)
	}
	text := c.Params.Get("text")
	if !strings.HasPrefix(text, "<b>Fixed &lt;title&gt;</b>") || !strings.HasSuffix(text, "…") || units(visible(text)) > 4096 {
		t.Errorf("edited text %.60q…%q", text, text[len(text)-10:])
	}
	if c.Params.Get("reply_markup") == "" {
		t.Error("edit dropped the keyboard")
	}
	f.on("editMessageText", func(call) (int, string) {
		return 400, `{"ok":false,"error_code":400,"description":"Bad Request: message is not modified: specified new message content and reply markup are exactly the same"}`
	})
	if err := b.Edit(context.Background(), "-100", "55", r); err != nil {
		t.Errorf("not modified should count as done: %v", err)
	}
	f.on("editMessageText", func(call) (int, string) {
		return 400, `{"ok":false,"error_code":400,"description":"Bad Request: message to edit not found"}`
	})
	if de := asDelivery(t, b.Edit(context.Background(), "-100", "55", r)); !de.Permanent {
		t.Errorf("a deleted message: %+v, want permanent", de)
	}
	if err := b.Edit(context.Background(), "-100", "x", r); err == nil {
		t.Error("bad message id accepted")
	}
}

// TestTokenNeverInErrorsOrLogs makes the transport fail (the library then returns a *url.Error
// quoting the request URL, token included) and checks what reaches errors and logs.
func TestTokenNeverInErrorsOrLogs(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		conn, _, err := w.(http.Hijacker).Hijack()
		if err == nil {
			conn.Close() // drop the connection: the client sees EOF
		}
	})}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })

	var logs syncBuffer
	w := newWaits()
	cfg := config.Telegram{Token: testToken, APIURL: "http://" + ln.Addr().String() + "/bot%s/%s"}
	b, err := New(cfg, newRecorder(nil), Options{Logger: testLogger(&logs), Wait: w.wait})
	if err != nil {
		t.Fatal(err)
	}
	_, sendErr := b.Send(context.Background(), "1", bot.Reply{Title: "x"}, "")
	if sendErr == nil || !strings.Contains(sendErr.Error(), "<token>") {
		t.Fatalf("send error %v; want a transport error with the token scrubbed", sendErr)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- b.Run(ctx) }()
	// getMe keeps failing: take three backoffs (1s, 2s, 4s), then stop.
	for i, want := range []time.Duration{time.Second, 2 * time.Second, 4 * time.Second} {
		if d := w.next(t); d != want {
			t.Errorf("backoff %d = %s, want %s", i, d, want)
		}
	}
	cancel()
	<-done
	out := logs.String()
	for _, s := range []string{sendErr.Error(), out} {
		if strings.Contains(s, testToken) || strings.Contains(s, "SecretTokenValue") {
			t.Fatalf("token leaked: %s", s)
		}
	}
	if !strings.Contains(out, "getMe failed") || !strings.Contains(out, "<token>") {
		t.Fatalf("expected scrubbed getMe failures in the log, got:\n%s", out)
	}
}
