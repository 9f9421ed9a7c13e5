package discord

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/bot/discord/discordtest"
	"github.com/briefbot/briefbot/briefs"
	"github.com/briefbot/briefbot/briefs/samples"
	"github.com/briefbot/briefbot/briefs/sqlite"
)

var sampleNow = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

// sampleRouter is the real router over a real SQLite store holding the sample briefings.
func sampleRouter(t *testing.T) (*bot.Router, *sqlite.Store, []briefs.Briefing) {
	t.Helper()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "briefbot.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	list, err := samples.All(sampleNow)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := briefs.Ingest(ctx, st, briefs.Batch{Briefings: list}); err != nil {
		t.Fatal(err)
	}
	r := bot.NewRouter(st, bot.Options{Now: func() time.Time { return sampleNow }, BotName: "BriefBot",
		Logger: slog.New(slog.DiscardHandler), Subscriptions: st})
	return r, st, list
}

func TestRouterOverDiscord(t *testing.T) {
	captureStdLog(t)
	srv := discordtest.New(t, testToken)
	router, st, list := sampleRouter(t)
	newest, older := list[len(list)-1], list[len(list)-2]
	b, _ := newTestBot(t, srv, router, Options{Commands: router.Commands(), Names: NameSuggester(st, nil)})
	run(t, srv, b)
	ctx := context.Background()

	reg := srv.Registrations()[0].Commands
	names := map[string]discordtest.Command{}
	for _, c := range reg {
		names[c.Name] = c
	}
	for _, want := range []string{"who", "latest", "next", "prev", "read", "search", "subscribe", "unsubscribe", "help"} {
		if _, ok := names[want]; !ok {
			t.Errorf("/%s not registered (got %d commands)", want, len(reg))
		}
	}
	if who := names["who"]; len(who.Options) == 0 || !who.Options[0].Autocomplete {
		t.Errorf("/who options = %+v, want an autocompleted name", who.Options)
	}

	t.Run("who", func(t *testing.T) {
		cb := waitCallback(t, srv, interact(t, srv, discordtest.SlashCommand("who",
			discordtest.Option{Name: names["who"].Options[0].Name, Value: "Wiśniewski"}).InGuild(guild, channel, user, anybody)))
		if cb.Type != 4 || cb.Data.Flags&64 != 0 || !strings.Contains(cb.Data.Embeds[0].Title, "Wiśniewski") {
			t.Errorf("/who Wiśniewski = %+v", cb)
		}
		ac := waitCallback(t, srv, interact(t, srv, discordtest.Autocomplete("who",
			discordtest.Option{Name: names["who"].Options[0].Name, Value: "wisn", Focused: true}).InDM(dm, user)))
		if len(ac.Data.Choices) == 0 || ac.Data.Choices[0].Name != "Tomasz Wiśniewski" {
			t.Errorf("autocomplete for wisn = %+v", ac.Data.Choices)
		}
	})

	t.Run("latest then the buttons", func(t *testing.T) {
		cb := waitCallback(t, srv, interact(t, srv, discordtest.SlashCommand("latest").InGuild(guild, channel, user, anybody)))
		if cb.Type != 4 || cb.Data.Embeds[0].Title != newest.Title {
			t.Fatalf("/latest = %+v, want %q", cb.Data.Embeds, newest.Title)
		}
		prev := button(t, cb.Data, "Prev")
		cb = waitCallback(t, srv, interact(t, srv, discordtest.ButtonPress(prev, "500").InGuild(guild, channel, user, anybody)))
		if cb.Type != 7 || cb.Data.Embeds[0].Title != older.Title {
			t.Fatalf("Prev press = type %d %+v, want the message updated to %q", cb.Type, cb.Data.Embeds, older.Title)
		}
		next := button(t, cb.Data, "Next")
		cb = waitCallback(t, srv, interact(t, srv, discordtest.ButtonPress(next, "500").InDM(dm, user)))
		if cb.Type != 7 || cb.Data.Embeds[0].Title != newest.Title {
			t.Errorf("Next press = type %d %+v, want the message updated back to %q", cb.Type, cb.Data.Embeds, newest.Title)
		}
		stale := waitCallback(t, srv, interact(t, srv, discordtest.ButtonPress("bb:zz:1", "500").InDM(dm, user)))
		if stale.Type != 4 || stale.Data.Flags&64 == 0 {
			t.Errorf("unknown router button = %+v, want an ephemeral note", stale)
		}
	})

	t.Run("subscribe needs Manage Channels", func(t *testing.T) {
		denied := waitCallback(t, srv, interact(t, srv, discordtest.SlashCommand("subscribe").InGuild(guild, channel, user, anybody)))
		if denied.Data.Flags&64 == 0 {
			t.Errorf("/subscribe without permission = %+v, want an ephemeral refusal", denied)
		}
		chat := briefs.ChatRef{Platform: "discord", ID: channel}
		if _, err := st.Subscription(ctx, chat); !errors.Is(err, briefs.ErrNotFound) {
			t.Fatalf("after a refused /subscribe: %v, want no subscription", err)
		}
		ok := waitCallback(t, srv, interact(t, srv, discordtest.SlashCommand("subscribe",
			discordtest.Option{Name: "schedule", Value: "daily 08:00 UTC"}).InGuild(guild, channel, user, manage)))
		if ok.Data.Flags&64 != 0 {
			t.Errorf("/subscribe with Manage Channels = %+v", ok)
		}
		if sub, err := st.Subscription(ctx, chat); err != nil || sub.Mode != briefs.Digest {
			t.Errorf("after /subscribe daily 08:00 with Manage Channels: %+v, %v; want a digest", sub, err)
		}
		refused := waitCallback(t, srv, interact(t, srv, discordtest.SlashCommand("unsubscribe").InGuild(guild, channel, user, anybody)))
		if refused.Data.Flags&64 == 0 {
			t.Errorf("/unsubscribe without permission = %+v, want an ephemeral refusal", refused)
		}
		if _, err := st.Subscription(ctx, chat); err != nil {
			t.Errorf("a refused /unsubscribe removed the subscription: %v", err)
		}
		waitCallback(t, srv, interact(t, srv, discordtest.SlashCommand("subscribe").InDM(dm, user)))
		if _, err := st.Subscription(ctx, briefs.ChatRef{Platform: "discord", ID: dm}); err != nil {
			t.Errorf("/subscribe in a DM: %v", err)
		}
	})

	t.Run("delivery", func(t *testing.T) {
		rep := router.Handle(ctx, bot.Request{Chat: briefs.ChatRef{Platform: "discord", ID: channel}, Text: "/latest"})
		rep.Blocks = append(rep.Blocks, bot.Block{Text: "@everyone look <@&1>"})
		const deliveryChannel = "555555555555555555"
		id, err := b.Send(ctx, deliveryChannel, rep, "outbox-17")
		if err != nil {
			t.Fatal(err)
		}
		if again, err := b.Send(ctx, deliveryChannel, rep, "outbox-17"); err != nil || again != id {
			t.Errorf("retried Send = %q, %v; want the same message %q", again, err, id)
		}
		msgs := srv.Messages(deliveryChannel)
		if len(msgs) != 1 || msgs[0].Body.AllowedMentions == nil || len(msgs[0].Body.AllowedMentions.Parse) != 0 ||
			msgs[0].Body.NonceString() == "" || !msgs[0].Body.EnforceNonce || msgs[0].Body.Embeds[0].Title != newest.Title {
			t.Fatalf("delivered %+v, want one briefing with no mentions and an enforced nonce", msgs)
		}
		if d := msgs[0].Body.Embeds[0].Description; strings.Contains(d, "@everyone") || strings.Contains(d, " <@&1>") {
			t.Errorf("a live mention reached Discord: %q", d)
		}
		srv.Fail(discordtest.Fault{Method: http.MethodPost, Path: "/channels/", Status: 429,
			Body: `{"message":"You are being rate limited.","retry_after":1.25,"global":false}`})
		_, err = b.Send(ctx, deliveryChannel, rep, "outbox-18")
		var de *bot.DeliveryError
		if !errors.As(err, &de) || de.RetryAfter != 1250*time.Millisecond {
			t.Errorf("Send under a 429 = %v, want RetryAfter 1.25s", err)
		}
	})
}

// button returns the custom_id of the button whose label contains label.
func button(t *testing.T, m discordtest.MessageBody, label string) string {
	t.Helper()
	for _, b := range m.Buttons() {
		if strings.Contains(b.Label, label) {
			return b.CustomID
		}
	}
	t.Fatalf("no %q button among %+v", label, m.Buttons())
	return ""
}
