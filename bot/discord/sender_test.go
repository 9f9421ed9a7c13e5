package discord

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/bot/discord/discordtest"
)

const channel = "123456789012345678"

func briefing() bot.Reply {
	return bot.Reply{
		Title: "Ceasefire talks resume", URL: "https://example.org/b/1", Subtitle: "2026-11-27",
		Blocks: []bot.Block{
			{Heading: "Executive Summary", Text: "Talks resume. @everyone should read <@1234> and **this**."},
		},
		Buttons: []bot.Button{{Label: "Prev", Data: "nav:1:-1"}},
	}
}

func TestSendPostsOnceWithNonceAndNoMentions(t *testing.T) {
	srv := discordtest.New(t, testToken)
	b, _ := newTestBot(t, srv, noHandler(), Options{})
	ctx := context.Background()

	id, err := b.Send(ctx, channel, briefing(), "delivery-42-for-chat-discord:123456789012345678")
	if err != nil {
		t.Fatalf("Send: %v", err)
	}
	again, err := b.Send(ctx, channel, briefing(), "delivery-42-for-chat-discord:123456789012345678")
	if err != nil {
		t.Fatalf("retried Send: %v", err)
	}
	if again != id {
		t.Errorf("retried Send returned message %s, want the first one %s", again, id)
	}
	msgs := srv.Messages(channel)
	if len(msgs) != 1 {
		t.Fatalf("channel holds %d messages, want 1", len(msgs))
	}
	m := msgs[0].Body
	if m.AllowedMentions == nil || m.AllowedMentions.Parse == nil || len(m.AllowedMentions.Parse) != 0 {
		t.Errorf("allowed_mentions = %+v, want parse: []", m.AllowedMentions)
	}
	if n := m.NonceString(); n == "" || len(n) > 25 || !m.EnforceNonce {
		t.Errorf("nonce %q enforce %v, want a nonce of at most 25 characters, enforced", n, m.EnforceNonce)
	}
	if len(m.Embeds) != 1 || m.Embeds[0].Title != "Ceasefire talks resume" || m.Embeds[0].Footer == nil {
		t.Fatalf("embeds = %+v", m.Embeds)
	}
	if d := m.Embeds[0].Description; strings.Contains(d, "@everyone") || strings.Contains(d, "<@1234>") {
		t.Errorf("description keeps a live mention: %q", d)
	}
	if bs := m.Buttons(); len(bs) != 1 || bs[0].CustomID != "bb:nav:1:-1" {
		t.Errorf("buttons = %+v", bs)
	}

	if _, err := b.Send(ctx, channel, briefing(), "delivery-43"); err != nil {
		t.Fatalf("Send of another delivery: %v", err)
	}
	if n := len(srv.Messages(channel)); n != 2 {
		t.Errorf("a second delivery with its own nonce posted %d messages in all, want 2", n)
	}
}

func TestSendMapsErrors(t *testing.T) {
	tests := []struct {
		name       string
		fault      *discordtest.Fault
		forbid     int
		retryAfter time.Duration
		permanent  bool
	}{
		{name: "429 with retry_after in the body", retryAfter: 2500 * time.Millisecond,
			fault: &discordtest.Fault{Status: 429, Body: `{"message":"You are being rate limited.","retry_after":2.5,"global":false}`}},
		{name: "429 with only a Retry-After header", retryAfter: 7 * time.Second,
			fault: &discordtest.Fault{Status: 429, Body: `not json`, Header: http.Header{"Retry-After": {"7"}}}},
		{name: "missing access", forbid: 50001, permanent: true},
		{name: "missing permissions", forbid: 50013, permanent: true},
		{name: "unknown channel", forbid: 10003, permanent: true},
		{name: "other 403", permanent: true,
			fault: &discordtest.Fault{Status: 403, Body: `{"message":"Cannot send messages to this user","code":50007}`}},
		{name: "server error", fault: &discordtest.Fault{Status: 500, Body: `{"message":"500: Internal Server Error","code":0}`}},
		{name: "bad gateway twice", fault: &discordtest.Fault{Status: 502, Body: `bad gateway`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := discordtest.New(t, testToken)
			b, _ := newTestBot(t, srv, noHandler(), Options{})
			if tt.fault != nil {
				tt.fault.Method, tt.fault.Path = http.MethodPost, "/channels/"
				srv.Fail(*tt.fault)
				if tt.fault.Status == 502 { // discordgo retries a 502 once by itself
					srv.Fail(*tt.fault)
				}
			}
			if tt.forbid != 0 {
				srv.Forbid(channel, tt.forbid)
			}
			_, err := b.Send(context.Background(), channel, briefing(), "n1")
			if err == nil {
				t.Fatal("Send succeeded, want an error")
			}
			if strings.Contains(err.Error(), testToken) {
				t.Errorf("error text holds the token: %v", err)
			}
			var de *bot.DeliveryError
			isDE := errors.As(err, &de)
			switch {
			case tt.retryAfter > 0:
				if !isDE || de.RetryAfter != tt.retryAfter {
					t.Errorf("err = %v, want RetryAfter %s", err, tt.retryAfter)
				}
			case tt.permanent:
				if !isDE || !de.Permanent || de.Reason == "" {
					t.Errorf("err = %v, want a permanent DeliveryError with a reason", err)
				}
			default:
				if isDE {
					t.Errorf("err = %#v, want a plain (transient) error", de)
				}
			}
			if n := len(srv.Messages(channel)); n != 0 {
				t.Errorf("%d messages posted despite the failure", n)
			}
		})
	}
}

func TestSendRefusesBadChannelIDs(t *testing.T) {
	srv := discordtest.New(t, testToken)
	b, _ := newTestBot(t, srv, noHandler(), Options{})
	for _, id := range []string{"", "general", "../../users/@me", "12345678901234567890123"} {
		_, err := b.Send(context.Background(), id, briefing(), "n")
		var de *bot.DeliveryError
		if !errors.As(err, &de) || !de.Permanent {
			t.Errorf("Send to %q: err = %v, want permanent", id, err)
		}
	}
}

func TestEditReplacesEmbeds(t *testing.T) {
	srv := discordtest.New(t, testToken)
	b, _ := newTestBot(t, srv, noHandler(), Options{})
	ctx := context.Background()
	id, err := b.Send(ctx, channel, briefing(), "n1")
	if err != nil {
		t.Fatal(err)
	}
	corrected := briefing()
	corrected.Title = "Ceasefire talks resume (corrected)"
	if err := b.Edit(ctx, channel, id, corrected); err != nil {
		t.Fatalf("Edit: %v", err)
	}
	m := srv.Messages(channel)[0]
	if m.Edits != 1 || m.Body.Embeds[0].Title != corrected.Title {
		t.Errorf("after Edit: edits %d, title %q", m.Edits, m.Body.Embeds[0].Title)
	}
	if err := b.Edit(ctx, channel, "999", corrected); err == nil {
		t.Error("Edit of an unknown message succeeded")
	}
}

func TestWrongTokenIsRefusedWithoutLeakingIt(t *testing.T) {
	srv := discordtest.New(t, "some-other-token")
	b, logs := newTestBot(t, srv, noHandler(), Options{})
	_, err := b.Send(context.Background(), channel, briefing(), "n1")
	if err == nil || srv.Unauthorized() != 1 {
		t.Fatalf("err = %v, unauthorized = %d; want one refused request", err, srv.Unauthorized())
	}
	if strings.Contains(err.Error(), testToken) || strings.Contains(logs.String(), testToken) {
		t.Errorf("the token leaked: %v", err)
	}
	for e := err; e != nil; e = errors.Unwrap(e) {
		if strings.Contains(e.Error(), testToken) {
			t.Errorf("wrapped error %T holds the token", e)
		}
	}
}

func TestDiscordNonce(t *testing.T) {
	a, b := discordNonce("delivery-1"), discordNonce("delivery-2")
	if a == b || len(a) != 25 || discordNonce("delivery-1") != a {
		t.Errorf("nonces %q %q: want distinct, stable, 25 characters", a, b)
	}
	if long := discordNonce(strings.Repeat("x", 1000)); len(long) != 25 {
		t.Errorf("nonce of a long id has %d characters", len(long))
	}
}
