package discord

import (
	"context"
	"testing"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/bot/discord/discordtest"
)

func TestSlowCommandIsDeferredThenEdited(t *testing.T) {
	captureStdLog(t)
	srv := discordtest.New(t, testToken)
	release := make(chan struct{})
	slow := &recorder{answer: func(ctx context.Context, req bot.Request) bot.Reply {
		<-release
		return echo(ctx, req)
	}}
	b, _ := newTestBot(t, srv, slow, Options{Commands: testSpecs, DeferAfter: 1})
	run(t, srv, b)

	id := interact(t, srv, discordtest.SlashCommand("latest").InGuild(guild, channel, user, anybody))
	if cb := waitCallback(t, srv, id); cb.Type != 5 {
		t.Fatalf("first response type %d, want 5 (deferred)", cb.Type)
	}
	close(release)
	srv.Wait(t, "the edit of @original", func() bool { return len(srv.Edits(id)) > 0 })
	e := srv.Edits(id)[0].Body
	if len(e.Embeds) != 1 || e.Embeds[0].Description != "/latest" || len(e.Buttons()) != 1 {
		t.Errorf("edit = %+v", e)
	}

	// A slow button press defers as an update (type 6), then edits the message.
	press := interact(t, srv, discordtest.ButtonPress("bb:nav:1:1", "444").InDM(dm, user))
	if cb := waitCallback(t, srv, press); cb.Type != 6 {
		t.Fatalf("press response type %d, want 6 (deferred update)", cb.Type)
	}
	srv.Wait(t, "the edit after the press", func() bool { return len(srv.Edits(press)) > 0 })
}

func TestSlowErrorsStayPrivate(t *testing.T) {
	captureStdLog(t)
	srv := discordtest.New(t, testToken)
	release := make(chan struct{})
	slow := &recorder{answer: func(ctx context.Context, req bot.Request) bot.Reply {
		<-release
		return errorReply("You need Manage Channels for that.")
	}}
	b, _ := newTestBot(t, srv, slow, Options{Commands: testSpecs, DeferAfter: 1})
	run(t, srv, b)

	id := interact(t, srv, discordtest.SlashCommand("subscribe").InGuild(guild, channel, user, anybody))
	press := interact(t, srv, discordtest.ButtonPress("bb:nav:1:1", "444").InGuild(guild, channel, user, anybody))
	waitCallback(t, srv, id)
	waitCallback(t, srv, press)
	close(release)
	srv.Wait(t, "ephemeral follow-ups", func() bool {
		return len(srv.Followups(id)) == 1 && len(srv.Followups(press)) == 1 && srv.Deleted(id)
	})
	for _, f := range append(srv.Followups(id), srv.Followups(press)...) {
		if f.Body.Flags&64 == 0 {
			t.Errorf("follow-up %+v is public", f)
		}
	}
	if len(srv.Edits(id)) != 0 || len(srv.Edits(press)) != 0 || srv.Deleted(press) {
		t.Error("an error replaced or removed a public message")
	}
}
