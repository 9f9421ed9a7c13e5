package discord

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/briefbot/briefbot/bot/discord/discordtest"
	"github.com/briefbot/briefbot/config"
)

func TestOnlyShardZeroRegistersCommands(t *testing.T) {
	captureStdLog(t)
	srv := discordtest.New(t, testToken)
	logs := &logBuffer{}
	b, err := New(config.Discord{Token: config.Secret(testToken), APIURL: srv.URL, ShardID: 1, ShardCount: 2},
		noHandler(), Options{Commands: testSpecs, Logger: newLogger(logs)})
	if err != nil {
		t.Fatal(err)
	}
	run(t, srv, b)
	if ids := srv.Identifies(); len(ids) != 1 || ids[0].Shard == nil || *ids[0].Shard != [2]int{1, 2} {
		t.Errorf("identify = %+v, want shard [1 2]", ids)
	}
	logs.waitFor(t, "discord: connected") // logged after the registration step
	if n := len(srv.Registrations()); n != 0 {
		t.Errorf("shard 1 registered commands %d times", n)
	}
}

func TestRegistrationRetriesThenServesAnyway(t *testing.T) {
	captureStdLog(t)
	t.Run("transient failures are retried", func(t *testing.T) {
		srv := discordtest.New(t, testToken)
		b, _ := newTestBot(t, srv, noHandler(), Options{Commands: testSpecs})
		b.retryBase = time.Millisecond
		for range 2 {
			srv.Fail(discordtest.Fault{Method: http.MethodPut, Path: "/commands", Status: 500, Body: `{"message":"oops","code":0}`})
		}
		run(t, srv, b) // waits for the registration, which needs the third attempt
	})
	t.Run("a refused registration is logged and the bot still answers", func(t *testing.T) {
		srv := discordtest.New(t, testToken)
		b, logs := newTestBot(t, srv, &recorder{answer: echo}, Options{Commands: testSpecs})
		srv.Fail(discordtest.Fault{Method: http.MethodPut, Path: "/commands", Status: 400, Body: `{"message":"Invalid Form Body","code":50035}`})
		ctx, cancel := context.WithCancel(context.Background())
		errc := make(chan error, 1)
		go func() { errc <- b.Run(ctx) }()
		logs.waitFor(t, "discord: connected") // logged once registration has given up
		if !strings.Contains(logs.String(), "slash commands not registered") || len(srv.Registrations()) != 0 {
			t.Errorf("registrations %d; logs:\n%s", len(srv.Registrations()), logs.String())
		}
		if cb := waitCallback(t, srv, interact(t, srv, discordtest.SlashCommand("latest").InDM(dm, user))); cb.Type != 4 {
			t.Errorf("callback %+v", cb)
		}
		cancel()
		if err := <-errc; err != nil {
			t.Errorf("Run: %v", err)
		}
	})
}
