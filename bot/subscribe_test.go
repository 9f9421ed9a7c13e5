package bot

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/briefbot/briefbot/briefs"
	"github.com/briefbot/briefbot/briefs/sqlite"
)

// subRouter is a router with subscriptions over a real SQLite store; testNow is Mon 2 Mar 09:00 UTC.
func subRouter(t *testing.T) (*Router, *sqlite.Store) {
	t.Helper()
	st := emptyStore(t).(*sqlite.Store)
	var logs bytes.Buffer
	r := NewRouter(st, Options{Now: func() time.Time { return testNow }, BotName: "BriefBot",
		Logger: slog.New(slog.NewTextHandler(&logs, nil)), Subscriptions: st})
	return r, st
}

func ask(r *Router, chat briefs.ChatRef, text string, manage bool) Reply {
	return r.Handle(context.Background(), Request{Chat: chat, Text: text, CanManage: manage})
}

func TestSubscribeCommands(t *testing.T) {
	r, st := subRouter(t)
	group := briefs.ChatRef{Platform: "telegram", ID: "-100"}
	tests := []struct {
		text   string
		manage bool
		want   []string
		error  bool
	}{
		{"/subscriptions", true, []string{"no subscription"}, false},
		{"/subscribe daily 08:00 Europe/Berlin", false, []string{"Only the chat's admins"}, true},
		{"/unsubscribe", false, []string{"Only the chat's admins"}, true},
		{"/subscribe daily 08:00 Europe/Berlin topics: Ukraine", true,
			[]string{"daily at 08:00 (Europe/Berlin)", "topics: Ukraine", "Tue 3 Mar 08:00 CET"}, false},
		// Anyone may look: the next digest in the chat's own zone.
		{"/subscriptions", false, []string{"daily at 08:00 (Europe/Berlin)", "Tue 3 Mar 08:00 CET"}, false},
		{`/subscribe cron "0 8 * * 1-5" America/New_York`, true, []string{`"0 8 * * 1-5" (America/New_York)`, "Mon 2 Mar 08:00 EST"}, false},
		{"/subscribe weekly mon 09:00", true, []string{"weekly on Monday at 09:00 (UTC)", "Mon 9 Mar 09:00 UTC"}, false},
		{"/subscribe", true, []string{"each new briefing as it arrives"}, false},
		{"/unsubscribe", true, []string{"Unsubscribed"}, false},
		{"/unsubscribe", true, []string{"no subscription"}, false},
	}
	for _, tt := range tests {
		rep := ask(r, group, tt.text, tt.manage)
		text := flat(rep)
		for _, w := range tt.want {
			if !strings.Contains(text, w) {
				t.Errorf("%s (manage %v): reply %q lacks %q", tt.text, tt.manage, text, w)
			}
		}
		if rep.Error != tt.error {
			t.Errorf("%s: Error = %v, want %v", tt.text, rep.Error, tt.error)
		}
	}
	if _, err := st.Subscription(context.Background(), group); err == nil {
		t.Error("subscription still stored after /unsubscribe")
	}
}

func TestSubscribeRefusesBadSpecs(t *testing.T) {
	r, st := subRouter(t)
	for _, text := range []string{
		"/subscribe daily 08:00 Mars/Olympus",
		"/subscribe daily 24:00",
		`/subscribe cron "CRON_TZ="`,
		`/subscribe cron "TZ="`,
		`/subscribe cron "0 8 * *"`,
		"/subscribe fortnightly",
		"/subscribe " + strings.Repeat("x", 300),
	} {
		rep := ask(r, me, text, true)
		if !rep.Error || strings.Contains(flat(rep), "went wrong") {
			t.Errorf("%s: reply %q, want a clear refusal", text, flat(rep))
		}
	}
	if subs, _ := st.Subscriptions(context.Background()); len(subs) != 0 {
		t.Errorf("bad specs stored: %+v", subs)
	}
}

func TestSubscriptionsShowsPause(t *testing.T) {
	r, st := subRouter(t)
	ask(r, me, "/subscribe", true)
	sub, _ := st.Subscription(context.Background(), me)
	if err := st.PauseSubscription(context.Background(), sub.ID, "bot was blocked by the user", testNow); err != nil {
		t.Fatal(err)
	}
	if text := flat(ask(r, me, "/subscriptions", false)); !strings.Contains(text, "Paused") || !strings.Contains(text, "blocked") {
		t.Errorf("reply %q does not say why it is paused", text)
	}
	ask(r, me, "/subscribe", true) // resumes
	if text := flat(ask(r, me, "/subscriptions", false)); strings.Contains(text, "Paused") {
		t.Errorf("still paused after /subscribe: %q", text)
	}
}

func TestNextDigestNote(t *testing.T) {
	r, _ := subRouter(t)
	if note := r.NextDigestNote(context.Background(), me); note != "" {
		t.Errorf("note without subscription: %q", note)
	}
	ask(r, me, "/subscribe daily 18:30 Asia/Tokyo", true)
	if note := r.NextDigestNote(context.Background(), me); note != "The next digest is due Mon 2 Mar 18:30 JST." {
		t.Errorf("note %q", note)
	}
}

func TestSubscriptionCommandsHiddenWithoutStore(t *testing.T) {
	r := testRouter(emptyStore(t), &bytes.Buffer{})
	for _, c := range r.Commands() {
		if strings.HasPrefix(c.Name, "subscri") || c.Name == "unsubscribe" {
			t.Errorf("command %s offered without a subscription store", c.Name)
		}
	}
	if rep := ask(r, me, "/subscribe", true); !rep.Error {
		t.Errorf("/subscribe without store answered %q", flat(rep))
	}
}
