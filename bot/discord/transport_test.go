package discord

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/briefbot/briefbot/bot/discord/discordtest"
	"github.com/briefbot/briefbot/config"
)

func TestRewriteTransport(t *testing.T) {
	var got []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = append(got, r.Host+" "+r.URL.Path)
		w.Header().Set("Retry-After", "3")
		w.WriteHeader(http.StatusTeapot)
	}))
	defer srv.Close()

	rt, err := newRewriteTransport(srv.URL+"/proxy/", nil)
	if err != nil {
		t.Fatal(err)
	}
	client := &http.Client{Transport: rt}
	ctx, info := withResponseInfo(context.Background())
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, "https://discord.com/api/v9/gateway", nil)
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if len(got) != 1 || got[0] != srv.Listener.Addr().String()+" /proxy/api/v9/gateway" {
		t.Errorf("the server saw %q", got)
	}
	if status, ra := info.get(); status != http.StatusTeapot || ra != "3" {
		t.Errorf("recorded status %d, Retry-After %q", status, ra)
	}
	if req.URL.Host != "discord.com" {
		t.Errorf("the caller's request was modified: %s", req.URL)
	}

	// Other hosts pass through untouched: the rewrite is for discord.com only.
	other, _ := http.NewRequest(http.MethodGet, srv.URL+"/elsewhere", nil)
	resp, err = client.Do(other)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if got[1] != srv.Listener.Addr().String()+" /elsewhere" {
		t.Errorf("a non-Discord request went to %q", got[1])
	}
}

func TestNewRefusesBadSettings(t *testing.T) {
	h := noHandler()
	for name, cfg := range map[string]config.Discord{
		"no token":       {},
		"blank token":    {Token: "  "},
		"bad api url":    {Token: testToken, APIURL: "ftp://x"},
		"relative url":   {Token: testToken, APIURL: "/api"},
		"shard too high": {Token: testToken, ShardID: 2, ShardCount: 2},
	} {
		if _, err := New(cfg, h, Options{}); err == nil {
			t.Errorf("%s: New succeeded", name)
		}
	}
	if _, err := New(config.Discord{Token: testToken}, nil, Options{}); err == nil {
		t.Error("New without a handler succeeded")
	}
	b, err := New(config.Discord{Token: "Bot " + testToken}, h, Options{})
	if err != nil || b.s.Token != "Bot "+testToken {
		t.Errorf("a token given with its Bot prefix: %v", err)
	}
}

func TestTwoBotsDoNotShareEndpoints(t *testing.T) {
	fakeA, fakeB := discordtest.New(t, testToken), discordtest.New(t, testToken)
	a, _ := newTestBot(t, fakeA, noHandler(), Options{})
	b, _ := newTestBot(t, fakeB, noHandler(), Options{})
	ctx := context.Background()
	if _, err := a.Send(ctx, channel, briefing(), "a"); err != nil {
		t.Fatal(err)
	}
	if _, err := b.Send(ctx, channel, briefing(), "b"); err != nil {
		t.Fatal(err)
	}
	if len(fakeA.Messages(channel)) != 1 || len(fakeB.Messages(channel)) != 1 {
		t.Errorf("messages: %d in A, %d in B; want one each", len(fakeA.Messages(channel)), len(fakeB.Messages(channel)))
	}
}
