package telegram

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/briefbot/briefbot/bot"
)

// message builds the body of a message update (without update_id).
func message(chatID int64, chatType string, fromID int64, text string, extra ...map[string]any) string {
	m := map[string]any{"message_id": 1, "date": 1700000000, "text": text,
		"chat": map[string]any{"id": chatID, "type": chatType}}
	if fromID != 0 {
		m["from"] = map[string]any{"id": fromID, "is_bot": false, "first_name": "U"}
	}
	for _, e := range extra {
		for k, v := range e {
			m[k] = v
		}
	}
	raw, _ := json.Marshal(map[string]any{"message": m})
	return string(raw)
}

func newPollingBot(t *testing.T, f *fakeAPI, h Handler, opts Options) *Bot {
	t.Helper()
	if opts.PollTimeout == 0 {
		opts.PollTimeout = 30 * time.Second
	}
	b, err := New(f.cfg(), h, opts)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestRunAnswersCommandsInPrivateAndGroups(t *testing.T) {
	f := newFakeAPI(t)
	f.ignoreOffset = true
	rec := newRecorder(nil)
	cmds := []bot.CommandSpec{{Name: "who", Description: "Who is someone"}, {Name: "Bad Name!", Description: "x"},
		{Name: "latest", Description: "The latest briefing"}}
	f.queue(10, message(7, "private", 7, "/start"))
	f.queue(11, message(-100, "supergroup", 8, "/who@BriefBot Rubio"))
	f.queue(12, message(-100, "supergroup", 8, "/who@OtherBot Rubio"))
	f.queue(13, message(-100, "group", 8, "hello everyone"))
	f.queue(14, message(7, "private", 7, "hello"))
	f.queue(15, message(-100, "channel", 0, "/latest"))
	startBot(t, newPollingBot(t, f, rec, Options{Commands: cmds}))
	f.waitCalls("sendMessage", 3)
	// The same update again (a server that ignores offset) and one new one.
	f.queue(11, message(-100, "supergroup", 8, "/who@BriefBot Rubio"))
	f.queue(16, message(-100, "group", 9, "/latest@briefbot"))
	f.waitCalls("sendMessage", 4)
	polls := f.waitCalls("getUpdates", 3)

	reqs := rec.requests()
	var texts []string
	for _, r := range reqs {
		texts = append(texts, r.Text)
		if r.BotName != "BriefBot" || r.Chat.Platform != "telegram" || r.Press {
			t.Errorf("request %+v", r)
		}
		if r.CanManage != (r.Chat.ID == "7") {
			t.Errorf("%q in chat %s: CanManage = %v", r.Text, r.Chat.ID, r.CanManage)
		}
	}
	if got := strings.Join(texts, " | "); got != "/start | /who@BriefBot Rubio | hello | /latest@briefbot" {
		t.Fatalf("handled %q", got)
	}
	if reqs[1].Chat.ID != "-100" || reqs[1].User != "8" {
		t.Errorf("group request %+v", reqs[1])
	}
	if len(f.callsOf("getChatMember")) != 0 {
		t.Error("getChatMember asked for a command that changes nothing")
	}
	last := polls[len(polls)-1].Params
	if last.Get("timeout") != "30" || !strings.Contains(last.Get("allowed_updates"), "callback_query") {
		t.Errorf("getUpdates params %v", last)
	}
	if got := polls[1].Params.Get("offset"); got != "16" {
		t.Errorf("offset after updates 10..15 = %q, want 16", got)
	}
	set := f.waitCalls("setMyCommands", 1)[0].Params.Get("commands")
	if !strings.Contains(set, `"command":"who"`) || !strings.Contains(set, `"command":"latest"`) || strings.Contains(set, "Bad") {
		t.Errorf("setMyCommands commands = %s", set)
	}
	if len(f.callsOf("deleteWebhook")) != 1 {
		t.Error("polling mode should clear a stale webhook first")
	}
}

func TestRunSurvivesSetMyCommandsFailure(t *testing.T) {
	f := newFakeAPI(t)
	f.on("setMyCommands", func(call) (int, string) {
		return 400, `{"ok":false,"error_code":400,"description":"Bad Request: BOT_COMMAND_INVALID"}`
	})
	var logs syncBuffer
	rec := newRecorder(nil)
	startBot(t, newPollingBot(t, f, rec, Options{Logger: testLogger(&logs),
		Commands: []bot.CommandSpec{{Name: "who", Description: "Who"}}}))
	f.queue(1, message(7, "private", 7, "/who X"))
	<-rec.calls
	if !strings.Contains(logs.String(), "setMyCommands failed") {
		t.Errorf("failure not logged: %s", logs.String())
	}
}

func TestPollBacksOffAndHonoursRetryAfter(t *testing.T) {
	f := newFakeAPI(t)
	answers := []struct {
		status int
		body   string
	}{
		{429, `{"ok":false,"error_code":429,"description":"Too Many Requests: retry after 3","parameters":{"retry_after":3}}`},
		{500, `{"ok":false,"error_code":500,"description":"Internal Server Error"}`},
		{502, `<html>bad gateway</html>`},
		{200, `{"ok":true,"result":[{"update_id":"broken"`},
		{200, `{"ok":true,"result":[{"update_id":5,"message":{"message_id":1,"date":1,"text":"/latest","chat":{"id":7,"type":"private"}}}]}`},
		{409, `{"ok":false,"error_code":409,"description":"Conflict: terminated by other getUpdates request"}`},
	}
	f.on("getUpdates", func(c call) (int, string) {
		n := len(f.callsOf("getUpdates")) - 1
		if n < len(answers) {
			return answers[n].status, answers[n].body
		}
		return 0, "" // then the normal long poll
	})
	var logs syncBuffer
	w := newWaits()
	rec := newRecorder(nil)
	startBot(t, newPollingBot(t, f, rec, Options{Wait: w.wait, Logger: testLogger(&logs)}))
	for i, want := range []time.Duration{3 * time.Second, 2 * time.Second, 4 * time.Second, 8 * time.Second, time.Second} {
		if got := w.next(t); got != want {
			t.Errorf("wait %d = %s, want %s", i, got, want)
		}
	}
	if r := <-rec.calls; r.Text != "/latest" {
		t.Errorf("handled %q", r.Text)
	}
	f.waitCalls("getUpdates", 7)
	if strings.Contains(logs.String(), testToken) {
		t.Fatal("token in logs")
	}
}

func TestPollPausesWhenAnEmptyAnswerComesAtOnce(t *testing.T) {
	f := newFakeAPI(t)
	f.on("getUpdates", func(call) (int, string) { return 200, `{"ok":true,"result":[]}` })
	w := newWaits()
	startBot(t, newPollingBot(t, f, newRecorder(nil), Options{Wait: w.wait, PollIdle: 250 * time.Millisecond}))
	for range 2 {
		if d := w.next(t); d != 250*time.Millisecond {
			t.Fatalf("wait = %s, want the idle pause", d)
		}
	}
}

func TestRunRejectedTokenIsAnError(t *testing.T) {
	f := newFakeAPI(t)
	cfg := f.cfg()
	cfg.Token = "999:wrong-token"
	b, err := New(cfg, newRecorder(nil), Options{})
	if err != nil {
		t.Fatal(err)
	}
	err = b.Run(t.Context())
	if err == nil || !strings.Contains(err.Error(), "rejected") || strings.Contains(err.Error(), "wrong-token") {
		t.Fatalf("Run = %v", err)
	}
}

func TestNewValidatesConfig(t *testing.T) {
	f := newFakeAPI(t)
	tests := []struct {
		name   string
		change func(c *cfgT)
	}{
		{"no token", func(c *cfgT) { c.Token = "" }},
		{"token with a slash", func(c *cfgT) { c.Token = "1:a/b" }},
		{"API URL without placeholders", func(c *cfgT) { c.APIURL = "http://127.0.0.1:1/bot" }},
		{"API URL not http", func(c *cfgT) { c.APIURL = "ftp://h/bot%s/%s" }},
		{"webhook without secret", func(c *cfgT) { c.WebhookURL = "https://e.org/tg" }},
		{"webhook secret with bad characters", func(c *cfgT) { c.WebhookURL = "https://e.org/tg"; c.WebhookSecret = "a b" }},
		{"webhook URL relative", func(c *cfgT) { c.WebhookURL = "/tg"; c.WebhookSecret = "s" }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := f.cfg()
			tt.change(&c)
			_, err := New(c, nil, Options{})
			if err == nil {
				t.Fatal("accepted")
			}
			if strings.Contains(err.Error(), testToken) {
				t.Fatalf("token in error %v", err)
			}
		})
	}
}

func TestStopConfirmsHandledUpdates(t *testing.T) {
	f := newFakeAPI(t)
	release := make(chan struct{})
	rec := newRecorder(func(bot.Request) bot.Reply {
		<-release
		return bot.Reply{Title: "ok"}
	})
	f.queue(41, message(7, "private", 7, "/latest"))
	f.queue(42, message(7, "private", 7, "/help"))
	b := newPollingBot(t, f, rec, Options{})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- b.Run(ctx) }()
	<-rec.calls // handling update 41
	cancel()
	close(release)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	polls := f.callsOf("getUpdates")
	last := polls[len(polls)-1].Params
	if len(polls) != 2 || last.Get("offset") != "42" || last.Get("timeout") != "" {
		t.Fatalf("getUpdates calls %d, last %v; want a final short call confirming 41 but not 42", len(polls), last)
	}
	if reqs := rec.requests(); len(reqs) != 1 {
		t.Errorf("handled %d updates after the stop; want only the one in progress", len(reqs))
	}
}
