// Package e2e runs briefbot's Telegram adapter end to end against the telegram-test-api emulator:
// the real adapter, router and SQLite store with the sample briefings, driven as a user would.
package e2e

import (
	"context"
	"fmt"
	"html"
	"log/slog"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/bot/telegram"
	"github.com/briefbot/briefbot/briefs"
	"github.com/briefbot/briefbot/briefs/samples"
	"github.com/briefbot/briefbot/briefs/sqlite"
	"github.com/briefbot/briefbot/config"
)

// logBuffer collects the adapter's log to check that the token never appears in it.
type logBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// uniqueToken keeps runs against one emulator apart: it stores messages per token.
func uniqueToken() string {
	n := time.Now().UnixNano()
	return fmt.Sprintf("%d:E2E-secret-%d", n%1_000_000_000, n)
}

func TestTelegramEndToEnd(t *testing.T) {
	base := emulatorURL(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()

	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "briefbot.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	all, err := samples.All(time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := briefs.Ingest(ctx, st, briefs.Batch{Briefings: all}); err != nil {
		t.Fatal(err)
	}
	latest, beforeLatest := all[len(all)-1], all[len(all)-2]

	var logs logBuffer
	log := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	router := bot.NewRouter(st, bot.Options{Subscriptions: st, Logger: log})
	token := uniqueToken()
	tg, err := telegram.New(config.Telegram{Token: config.Secret(token), APIURL: base + "/bot%s/%s"}, router,
		telegram.Options{Logger: log, Commands: router.Commands(), PollIdle: 50 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- tg.Run(ctx) }()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Run: %v", err)
		}
		out := logs.String()
		if strings.Contains(out, token) || strings.Contains(out, "E2E-secret") {
			t.Errorf("the bot token appears in the log:\n%s", out)
		}
		// The emulator has no setMyCommands: the failure is logged and the bot carries on.
		if !strings.Contains(out, "setMyCommands failed") {
			t.Errorf("setMyCommands failure not logged:\n%s", out)
		}
	}()

	chatID := time.Now().UnixNano()%1_000_000 + 1000
	eve := &user{t: t, base: base, token: token, id: chatID, chatID: chatID, chatType: "private"}

	t.Run("start", func(t *testing.T) {
		eve.t = t
		eve.say("/start")
		m := eve.await(1)[0]
		if m.Message.ParseMode != "HTML" || !strings.Contains(m.Message.Text, "/latest") {
			t.Errorf("/start reply %q (%s)", m.Message.Text, m.Message.ParseMode)
		}
	})

	t.Run("who", func(t *testing.T) {
		eve.t = t
		eve.say("/who Wiśniewski")
		text := eve.await(1)[0].Message.Text
		if !strings.Contains(text, "Tomasz Wiśniewski") || !strings.Contains(strings.ToLower(text), "chief of the general staff") {
			t.Errorf("/who reply %q", text)
		}
	})

	var latestID int
	t.Run("latest with buttons", func(t *testing.T) {
		eve.t = t
		eve.say("/latest@TestNameBot")
		m := eve.await(1)[0]
		if !strings.Contains(m.Message.Text, html.EscapeString(latest.Title)) {
			t.Fatalf("/latest reply %.200q; want title %q", m.Message.Text, latest.Title)
		}
		if _, ok := m.button("Prev"); !ok {
			t.Fatalf("/latest has no Prev button: %+v", m.Message.ReplyMarkup)
		}
		latestID = m.MessageID
	})

	t.Run("prev and next presses edit in place", func(t *testing.T) {
		eve.t = t
		if latestID == 0 {
			t.Skip("no /latest message")
		}
		prev, _ := eve.stored(latestID).button("Prev")
		eve.press(latestID, prev)
		m := eve.awaitEdit(latestID, html.EscapeString(beforeLatest.Title))
		next, ok := m.button("Next")
		if !ok {
			t.Fatalf("the edited message has no Next button: %+v", m.Message.ReplyMarkup)
		}
		eve.press(latestID, next)
		eve.awaitEdit(latestID, html.EscapeString(latest.Title))
	})

	t.Run("other bot's command ignored", func(t *testing.T) {
		eve.t = t
		eve.say("/who@SomeOtherBot Rubio")
		eve.say("/help")
		m := eve.await(1)
		if len(m) != 1 || !strings.Contains(m[0].Message.Text, "/subscribe") {
			t.Errorf("replies %+v; want only the /help answer", m)
		}
	})

	t.Run("subscribe", func(t *testing.T) {
		eve.t = t
		eve.say("/subscribe")
		text := eve.await(1)[0].Message.Text
		if !strings.Contains(text, "Subscribed") {
			t.Fatalf("/subscribe reply %q", text)
		}
		sub, err := st.Subscription(ctx, briefs.ChatRef{Platform: "telegram", ID: fmt.Sprint(chatID)})
		if err != nil || sub.Mode != briefs.Instant {
			t.Fatalf("subscription %+v, %v", sub, err)
		}
	})

	t.Run("group member cannot subscribe", func(t *testing.T) {
		// The emulator has no getChatMember: the adapter must treat that as "not an admin".
		grp := &user{t: t, base: base, token: token, id: chatID + 1, chatID: -chatID, chatType: "group"}
		grp.say("/subscribe@TestNameBot")
		text := grp.await(1)[0].Message.Text
		if !strings.Contains(text, "admins") {
			t.Errorf("group /subscribe reply %q; want the admins-only answer", text)
		}
		if _, err := st.Subscription(ctx, briefs.ChatRef{Platform: "telegram", ID: fmt.Sprint(-chatID)}); err == nil {
			t.Error("a group member subscribed the group")
		}
	})
}
