package telegram

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/briefbot/briefbot/bot"
)

func TestSubscribeInGroupsOnlyForAdministrators(t *testing.T) {
	f := newFakeAPI(t)
	f.members = map[string]string{"1": "administrator", "2": "member", "3": "creator", "5": "restricted"}
	const anonymousAdminBot, channelBot = 1087968824, 136817688
	f.queue(1, message(-100, "supergroup", 1, "/subscribe"))
	f.queue(2, message(-100, "supergroup", 2, "/subscribe@BriefBot digest 08:00"))
	f.queue(3, message(-100, "group", 3, "/unsubscribe"))
	f.queue(4, message(-100, "supergroup", 4, "/subscribe")) // getChatMember fails: not allowed
	f.queue(5, message(-100, "supergroup", 5, "/SUBSCRIBE"))
	// An anonymous administrator posts as the group itself.
	f.queue(6, message(-100, "supergroup", anonymousAdminBot, "/subscribe",
		map[string]any{"sender_chat": map[string]any{"id": -100, "type": "supergroup"}}))
	// A linked channel posting into the group is not the group.
	f.queue(7, message(-100, "supergroup", channelBot, "/subscribe",
		map[string]any{"sender_chat": map[string]any{"id": -200, "type": "channel"}}))
	f.queue(8, message(42, "private", 42, "/subscribe"))
	f.queue(9, message(-100, "supergroup", 2, "/who Rubio"))
	rec := newRecorder(nil)
	startBot(t, newPollingBot(t, f, rec, Options{}))
	f.waitCalls("sendMessage", 9)

	want := map[string]bool{"1": true, "2": false, "3": true, "4": false, "5": false, "-100": true, "-200": false, "42": true}
	reqs := rec.requests()
	if len(reqs) != 9 {
		t.Fatalf("%d requests", len(reqs))
	}
	for _, r := range reqs[:8] {
		if r.CanManage != want[r.User] {
			t.Errorf("%q from %s: CanManage = %v, want %v", r.Text, r.User, r.CanManage, want[r.User])
		}
	}
	if reqs[8].CanManage {
		t.Error("/who in a group should not carry CanManage")
	}
	asked := map[string]bool{}
	for _, c := range f.callsOf("getChatMember") {
		if c.Params.Get("chat_id") != "-100" {
			t.Errorf("getChatMember %v", c.Params)
		}
		asked[c.Params.Get("user_id")] = true
	}
	if len(asked) != 6 || asked["1087968824"] || asked["42"] || !asked["136817688"] {
		t.Errorf("getChatMember asked for %v; want the 6 group senders that are not the group itself", asked)
	}
}

// press builds a callback_query update body.
func press(id string, chatID int64, chatType string, messageID int, data string) string {
	raw, _ := json.Marshal(map[string]any{"callback_query": map[string]any{
		"id": id, "from": map[string]any{"id": 7, "is_bot": false, "first_name": "U"}, "chat_instance": "ci", "data": data,
		"message": map[string]any{"message_id": messageID, "date": 1, "chat": map[string]any{"id": chatID, "type": chatType}},
	}})
	return string(raw)
}

func TestButtonPressEditsTheMessageInPlace(t *testing.T) {
	f := newFakeAPI(t)
	rec := newRecorder(func(r bot.Request) bot.Reply {
		return bot.Reply{Title: "Briefing <3> & co", Blocks: []bot.Block{{Text: "Body"}},
			Buttons: []bot.Button{{Label: "Prev", Data: "prev:3"}, {Label: "Next", Data: "next:3"}}}
	})
	f.queue(1, press("cb-1", -100, "supergroup", 55, "next:2"))
	startBot(t, newPollingBot(t, f, rec, Options{}))
	ans := f.waitCalls("answerCallbackQuery", 1)[0]
	if ans.Params.Get("callback_query_id") != "cb-1" {
		t.Errorf("answer %v", ans.Params)
	}
	r := <-rec.calls
	if !r.Press || r.Text != "next:2" || r.Chat.ID != "-100" || r.User != "7" || r.BotName != "BriefBot" || r.CanManage {
		t.Errorf("request %+v", r)
	}
	edits := f.callsOf("editMessageText")
	if len(edits) != 1 || len(f.callsOf("sendMessage")) != 0 {
		t.Fatalf("%d edits, %d sends; want one edit in place", len(edits), len(f.callsOf("sendMessage")))
	}
	p := edits[0].Params
	if p.Get("chat_id") != "-100" || p.Get("message_id") != "55" || p.Get("parse_mode") != "HTML" ||
		p.Get("text") != "<b>Briefing &lt;3&gt; &amp; co</b>\n\nBody" || !strings.Contains(p.Get("reply_markup"), `"prev:3"`) {
		t.Errorf("edit params %v", p)
	}
}

func TestLongReplyToAPressContinuesInNewMessages(t *testing.T) {
	f := newFakeAPI(t)
	rec := newRecorder(func(bot.Request) bot.Reply {
		return bot.Reply{Title: "Long", Blocks: []bot.Block{{Text: strings.Repeat("A sentence of text. ", 500)}},
			Buttons: []bot.Button{{Label: "Next", Data: "next:9"}}}
	})
	f.queue(1, press("cb", 7, "private", 60, "next:8"))
	startBot(t, newPollingBot(t, f, rec, Options{}))
	f.waitCalls("answerCallbackQuery", 1)
	edits, sends := f.callsOf("editMessageText"), f.callsOf("sendMessage")
	if len(edits) != 1 || len(sends) != 2 {
		t.Fatalf("%d edits and %d sends; want 1 and 2", len(edits), len(sends))
	}
	if edits[0].Params.Get("reply_markup") != "" || sends[0].Params.Get("reply_markup") != "" ||
		!strings.Contains(sends[1].Params.Get("reply_markup"), "next:9") {
		t.Error("the keyboard should move to the last message")
	}
}

func TestBadPressesAreAnsweredNotHandled(t *testing.T) {
	f := newFakeAPI(t)
	rec := newRecorder(func(bot.Request) bot.Reply { return bot.Reply{Error: true, Title: "That briefing is gone."} })
	f.queue(1, press("too-long", 7, "private", 1, strings.Repeat("x", 65)))
	f.queue(2, press("no-data", 7, "private", 1, ""))
	noMessage, _ := json.Marshal(map[string]any{"callback_query": map[string]any{"id": "inline", "data": "next:1",
		"from": map[string]any{"id": 7}, "inline_message_id": "abc"}})
	f.queue(3, string(noMessage))
	f.queue(4, press("error-reply", 7, "private", 1, "next:1"))
	startBot(t, newPollingBot(t, f, rec, Options{}))
	answers := f.waitCalls("answerCallbackQuery", 4)
	if got := rec.requests(); len(got) != 1 || got[0].Text != "next:1" {
		t.Fatalf("handler saw %+v; want only the valid press", got)
	}
	for _, a := range answers[:3] {
		if a.Params.Get("text") == "" {
			t.Errorf("answer to %s has no text", a.Params.Get("callback_query_id"))
		}
	}
	if a := answers[3].Params; a.Get("callback_query_id") != "error-reply" || a.Get("text") != "That briefing is gone." {
		t.Errorf("error reply answer %v", a)
	}
	if len(f.callsOf("editMessageText")) != 0 {
		t.Error("an error reply must not replace the briefing")
	}
}

func TestParseCommand(t *testing.T) {
	tests := []struct {
		text, name, target string
		ok                 bool
	}{
		{"/who Rubio", "who", "", true},
		{"/Who@BriefBot Marco Rubio", "who", "BriefBot", true},
		{"/latest@OtherBot", "latest", "OtherBot", true},
		{"/next\nmore", "next", "", true},
		{"hello /who", "", "", false},
		{"/", "", "", false},
		{"/@BriefBot", "", "BriefBot", false},
	}
	for _, tt := range tests {
		name, target, ok := parseCommand(tt.text)
		if name != tt.name || target != tt.target || ok != tt.ok {
			t.Errorf("parseCommand(%q) = %q %q %v", tt.text, name, target, ok)
		}
	}
}

func TestReplyWaitsOutAShortRateLimit(t *testing.T) {
	f := newFakeAPI(t)
	f.on("sendMessage", func(call) (int, string) {
		if len(f.callsOf("sendMessage")) == 1 {
			return 429, `{"ok":false,"error_code":429,"description":"Too Many Requests: retry after 2","parameters":{"retry_after":2}}`
		}
		return 0, ""
	})
	f.queue(1, message(7, "private", 7, "/latest"))
	f.queue(2, message(7, "private", 7, "/help"))
	w := newWaits()
	startBot(t, newPollingBot(t, f, newRecorder(nil), Options{Wait: w.wait}))
	if d := w.next(t); d != 2*time.Second {
		t.Fatalf("waited %s, want retry_after 2s", d)
	}
	sends := f.waitCalls("sendMessage", 3)
	if len(sends) != 3 {
		t.Fatalf("%d sends; want the limited one, its retry and the next reply", len(sends))
	}
}

func TestRepliesStayInTheirForumTopic(t *testing.T) {
	f := newFakeAPI(t)
	topic := map[string]any{"message_thread_id": 77, "is_topic_message": true}
	replyThread := map[string]any{"message_thread_id": 12} // a reply chain in a plain supergroup
	f.queue(1, message(-100, "supergroup", 1, "/latest", topic))
	f.queue(2, message(-100, "supergroup", 1, "/latest", replyThread))
	startBot(t, newPollingBot(t, f, newRecorder(nil), Options{}))
	sends := f.waitCalls("sendMessage", 2)
	if got := sends[0].Params.Get("message_thread_id"); got != "77" {
		t.Errorf("reply in a forum topic went to thread %q, want 77", got)
	}
	if got := sends[1].Params.Get("message_thread_id"); got != "" {
		t.Errorf("reply outside forums carries message_thread_id %q", got)
	}
}

func TestAnUnreadableUpdateIsSkipped(t *testing.T) {
	f := newFakeAPI(t)
	f.queue(1, `{"message":{"message_id":"not a number","chat":{"id":7,"type":"private"},"text":"/who"}}`)
	f.queue(2, message(7, "private", 7, "/latest"))
	var logs syncBuffer
	rec := newRecorder(nil)
	startBot(t, newPollingBot(t, f, rec, Options{Logger: testLogger(&logs)}))
	if r := <-rec.calls; r.Text != "/latest" {
		t.Fatalf("handled %q", r.Text)
	}
	polls := f.waitCalls("getUpdates", 2)
	if got := polls[1].Params.Get("offset"); got != "3" {
		t.Errorf("offset after the batch = %q, want 3 (past the unreadable update)", got)
	}
	if !strings.Contains(logs.String(), "skipping an update") {
		t.Errorf("skip not logged: %s", logs.String())
	}
}
