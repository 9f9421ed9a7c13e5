package discord

import (
	"context"
	"encoding/json"
	"log"
	"log/slog"
	"strings"
	"sync"
	"testing"

	"github.com/bwmarrin/discordgo"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/bot/discord/discordtest"
	"github.com/briefbot/briefbot/config"
)

const (
	guild   = "111111111111111111"
	user    = "222222222222222222"
	dm      = "333333333333333333"
	manage  = discordgo.PermissionManageChannels
	anybody = int64(discordgo.PermissionSendMessages | discordgo.PermissionViewChannel)
)

// captureStdLog collects what discordgo prints through the standard logger during a test.
func captureStdLog(t *testing.T) *logBuffer {
	buf := &logBuffer{}
	prev := log.Writer()
	log.SetOutput(buf)
	t.Cleanup(func() {
		log.SetOutput(prev)
		if strings.Contains(buf.String(), testToken) {
			t.Errorf("discordgo logged the token:\n%s", buf.String())
		}
	})
	return buf
}

// run starts b.Run and waits for the gateway session and the command registration; the
// returned stop cancels Run and checks it ended cleanly.
func run(t *testing.T, srv *discordtest.Server, b *Bot) (stop func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() { errc <- b.Run(ctx) }()
	srv.Wait(t, "READY and the command registration", func() bool {
		return srv.Ready() && (len(srv.Registrations()) > 0 || b.cfg.ShardID != 0)
	})
	var once sync.Once
	stop = func() {
		once.Do(func() {
			cancel()
			if err := <-errc; err != nil {
				t.Errorf("Run: %v", err)
			}
		})
	}
	t.Cleanup(stop)
	return stop
}

// recorder is a handler that remembers requests and answers from a function.
type recorder struct {
	mu     sync.Mutex
	reqs   []bot.Request
	answer func(ctx context.Context, req bot.Request) bot.Reply
}

func (r *recorder) Handle(ctx context.Context, req bot.Request) bot.Reply {
	r.mu.Lock()
	r.reqs = append(r.reqs, req)
	r.mu.Unlock()
	return r.answer(ctx, req)
}

func (r *recorder) requests() []bot.Request {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]bot.Request(nil), r.reqs...)
}

func echo(_ context.Context, req bot.Request) bot.Reply {
	return bot.Reply{Title: "echo", Blocks: []bot.Block{{Text: req.Text}},
		Buttons: []bot.Button{{Label: "Next", Data: "nav:1:1"}}}
}

func interact(t *testing.T, srv *discordtest.Server, p discordtest.Payload) string {
	t.Helper()
	id, err := srv.Interact(p)
	if err != nil {
		t.Fatalf("Interact: %v", err)
	}
	return id
}

func waitCallback(t *testing.T, srv *discordtest.Server, id string) discordtest.Callback {
	t.Helper()
	srv.Wait(t, "the interaction response", func() bool { return len(srv.Callbacks(id)) > 0 })
	cb := srv.Callbacks(id)
	if len(cb) != 1 || cb[0].Late {
		t.Fatalf("callbacks %+v: want exactly one, in time", cb)
	}
	return cb[0]
}

func TestRunIdentifiesRegistersAndStops(t *testing.T) {
	stdlog := captureStdLog(t)
	srv := discordtest.New(t, testToken)
	logs := &logBuffer{}
	b, err := New(config.Discord{Token: config.Secret(testToken), APIURL: srv.URL, GuildID: guild, ShardID: 0, ShardCount: 2},
		noHandler(), Options{Commands: testSpecs, Logger: newLogger(logs)})
	if err != nil {
		t.Fatal(err)
	}
	stop := run(t, srv, b)
	regs := srv.Registrations()
	if len(regs) != 1 || regs[0].GuildID != guild || len(regs[0].Commands) != 3 {
		t.Fatalf("registrations = %+v, want one guild overwrite of 3 commands", regs)
	}
	ids := srv.Identifies()
	if len(ids) != 1 || ids[0].Intents != int(discordgo.IntentsGuilds) || ids[0].Shard == nil || *ids[0].Shard != [2]int{0, 2} {
		t.Errorf("identify = %+v, want guilds intent only and shard [0 2]", ids)
	}
	srv.Wait(t, "a heartbeat", func() bool { return srv.Heartbeats() > 0 })
	stop()
	if srv.Ready() {
		t.Error("the gateway session is still open after Run returned")
	}
	for _, l := range []string{logs.String(), stdlog.String()} {
		if strings.Contains(l, testToken) {
			t.Errorf("token in logs: %s", l)
		}
	}
}

func TestCommandsButtonsAndPermissions(t *testing.T) {
	captureStdLog(t)
	srv := discordtest.New(t, testToken)
	h := &recorder{answer: echo}
	b, _ := newTestBot(t, srv, h, Options{Commands: testSpecs})
	run(t, srv, b)

	// A slash command in a guild, by a member without Manage Channels.
	id := interact(t, srv, discordtest.SlashCommand("who", discordtest.Option{Name: "name", Value: "Marco Rubio"}).
		InGuild(guild, channel, user, anybody))
	cb := waitCallback(t, srv, id)
	if cb.Type != 4 || cb.Data.Flags&64 != 0 || len(cb.Data.Embeds) != 1 || cb.Data.Embeds[0].Description != "/who Marco Rubio" {
		t.Errorf("callback = %+v, want a public embed echoing the command", cb)
	}
	if cb.Data.AllowedMentions == nil || len(cb.Data.AllowedMentions.Parse) != 0 {
		t.Errorf("allowed_mentions = %+v", cb.Data.AllowedMentions)
	}
	req := h.requests()[0]
	want := bot.Request{Chat: req.Chat, User: user, Text: "/who Marco Rubio", BotName: "BriefBot"}
	if req != want || req.Chat.Platform != "discord" || req.Chat.ID != channel || req.CanManage {
		t.Errorf("request = %+v, want %+v in discord:%s without CanManage", req, want, channel)
	}

	// Manage Channels, Administrator and a DM may manage; plain members may not.
	for _, tt := range []struct {
		p    discordtest.Payload
		want bool
	}{
		{discordtest.SlashCommand("subscribe").InGuild(guild, channel, user, manage), true},
		{discordtest.SlashCommand("subscribe").InGuild(guild, channel, user, discordgo.PermissionAdministrator), true},
		{discordtest.SlashCommand("subscribe").InGuild(guild, channel, user, anybody), false},
		{discordtest.SlashCommand("subscribe").InDM(dm, user), true},
	} {
		waitCallback(t, srv, interact(t, srv, tt.p))
		reqs := h.requests()
		if got := reqs[len(reqs)-1]; got.CanManage != tt.want || got.Text != "/subscribe" {
			t.Errorf("request %+v: CanManage want %v", got, tt.want)
		}
	}

	// A button press updates the message in place.
	id = interact(t, srv, discordtest.ButtonPress("bb:nav:1:1", "444").InGuild(guild, channel, user, anybody))
	cb = waitCallback(t, srv, id)
	reqs := h.requests()
	if last := reqs[len(reqs)-1]; !last.Press || last.Text != "nav:1:1" {
		t.Errorf("press request = %+v", last)
	}
	if cb.Type != 7 || len(cb.Data.Embeds) != 1 || len(cb.Data.Buttons()) != 1 {
		t.Errorf("press callback = %+v, want UPDATE_MESSAGE with the new embed and buttons", cb)
	}

	// Unknown buttons and unreadable commands get an ephemeral note; the handler never sees them.
	before := len(h.requests())
	for _, p := range []discordtest.Payload{
		discordtest.ButtonPress("someone-elses:button", "444").InGuild(guild, channel, user, anybody),
		discordtest.ButtonPress("bb:"+strings.Repeat("x", 200), "444").InGuild(guild, channel, user, anybody),
		discordtest.SlashCommand("who", discordtest.Option{Name: "name", Value: map[string]any{"$ne": 1}}).InGuild(guild, channel, user, anybody),
		discordtest.SlashCommand("who @everyone").InGuild(guild, channel, user, anybody),
		discordtest.SlashCommand("latest"), // no channel at all
	} {
		cb := waitCallback(t, srv, interact(t, srv, p))
		if cb.Type != 4 || cb.Data.Flags&64 == 0 || cb.Data.Embeds[0].Color != colorError {
			t.Errorf("callback = %+v, want an ephemeral error", cb)
		}
	}
	if n := len(h.requests()); n != before {
		t.Errorf("the handler saw %d malformed requests", n-before)
	}
}

func TestAutocompleteSuggestsNames(t *testing.T) {
	captureStdLog(t)
	srv := discordtest.New(t, testToken)
	var prefixes []string
	var mu sync.Mutex
	names := func(_ context.Context, prefix string) []string {
		mu.Lock()
		prefixes = append(prefixes, prefix)
		mu.Unlock()
		out := []string{"Marco Rubio"}
		for i := range 30 {
			out = append(out, "Ruben "+string(rune('A'+i)))
		}
		return out
	}
	b, _ := newTestBot(t, srv, noHandler(), Options{Commands: testSpecs, Names: names})
	run(t, srv, b)
	id := interact(t, srv, discordtest.Autocomplete("who", discordtest.Option{Name: "name", Value: "ru", Focused: true}).
		InGuild(guild, channel, user, anybody))
	cb := waitCallback(t, srv, id)
	if cb.Type != 8 || len(cb.Data.Choices) != 25 || cb.Data.Choices[0].Name != "Marco Rubio" {
		t.Errorf("autocomplete = %+v, want 25 choices starting with Marco Rubio", cb)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(prefixes) != 1 || prefixes[0] != "ru" {
		t.Errorf("Names called with %q", prefixes)
	}
}

func TestGatewayResumesAfterADrop(t *testing.T) {
	captureStdLog(t)
	srv := discordtest.New(t, testToken)
	b, _ := newTestBot(t, srv, &recorder{answer: echo}, Options{Commands: testSpecs})
	run(t, srv, b)
	srv.DropGateway()
	srv.Wait(t, "a RESUME", func() bool { return srv.Resumes() == 1 && srv.Ready() })
	id := interact(t, srv, discordtest.SlashCommand("latest").InDM(dm, user))
	if cb := waitCallback(t, srv, id); cb.Type != 4 {
		t.Errorf("after resuming: callback %+v", cb)
	}
	if n := len(srv.Identifies()); n != 1 {
		t.Errorf("%d IDENTIFYs, want 1 (the session resumed)", n)
	}
}

func newLogger(w *logBuffer) *slog.Logger {
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

func TestRunFailsOnAWrongTokenWithoutLeakingIt(t *testing.T) {
	stdlog := captureStdLog(t)
	srv := discordtest.New(t, "the-right-token")
	b, logs := newTestBot(t, srv, noHandler(), Options{Commands: testSpecs})
	err := b.Run(context.Background())
	if err == nil {
		t.Fatal("Run succeeded with a wrong token")
	}
	for _, s := range []string{err.Error(), logs.String(), stdlog.String()} {
		if strings.Contains(s, testToken) {
			t.Errorf("the token leaked: %s", s)
		}
	}
	if len(srv.Registrations()) != 0 {
		t.Error("commands were registered without a session")
	}
}

func TestFailedAnswersLogNoInteractionToken(t *testing.T) {
	captureStdLog(t)
	srv := discordtest.New(t, testToken)
	b, logs := newTestBot(t, srv, &recorder{answer: echo}, Options{Commands: testSpecs})
	run(t, srv, b)
	srv.Fail(discordtest.Fault{Method: "POST", Path: "/callback", HangUp: true})
	id := interact(t, srv, discordtest.SlashCommand("latest").InDM(dm, user))
	logs.waitFor(t, "discord: answering an interaction")
	if strings.Contains(logs.String(), "itoken-"+id) {
		t.Errorf("the interaction token is in the log:\n%s", logs.String())
	}
}

func TestMalformedInteractionsAreSurvived(t *testing.T) {
	captureStdLog(t)
	srv := discordtest.New(t, testToken)
	h := &recorder{answer: echo}
	b, _ := newTestBot(t, srv, h, Options{Commands: testSpecs})
	run(t, srv, b)
	for _, raw := range []string{
		`null`, `[]`, `"text"`, `{}`,
		`{"id":"1","token":"t","type":2}`,
		`{"id":"1","token":"t","type":2,"data":"not an object"}`,
		`{"id":"1","token":"t","type":3,"data":{"custom_id":5}}`,
		`{"id":"1","token":"t","type":2,"channel_id":"1","guild_id":"2","member":{"permissions":"lots"},"data":{"name":"who"}}`,
		`{"id":"1","token":"t","type":99,"channel_id":"1"}`,
		`{"id":"1","token":"t","type":2,"channel_id":"1","data":{"name":"who","options":[{"name":"name","type":3,"value":[1,2]}]}}`,
		`{"id":"1","token":"t","type":4,"channel_id":"1","data":{"name":"who","options":[{"name":"name","type":3,"focused":true,"value":7}]}}`,
	} {
		if err := srv.Dispatch("INTERACTION_CREATE", json.RawMessage(raw)); err != nil {
			t.Fatal(err)
		}
	}
	// Events are read in order: once a later command is answered, the bad ones have been handled.
	if cb := waitCallback(t, srv, interact(t, srv, discordtest.SlashCommand("latest").InDM(dm, user))); cb.Type != 4 {
		t.Errorf("after malformed events: %+v", cb)
	}
	if reqs := h.requests(); len(reqs) != 1 || reqs[0].Text != "/latest" {
		t.Errorf("the handler saw %+v, want only /latest", reqs)
	}
}

func TestReadyFollowsTheGateway(t *testing.T) {
	captureStdLog(t)
	srv := discordtest.New(t, testToken)
	b, _ := newTestBot(t, srv, &recorder{answer: echo}, Options{Commands: testSpecs})
	if err := b.Ready(context.Background()); err == nil {
		t.Fatal("ready before the gateway opened")
	}
	stop := run(t, srv, b)
	srv.Wait(t, "ready after READY", func() bool { return b.Ready(context.Background()) == nil })
	srv.DropGateway()
	srv.Wait(t, "ready again after RESUME", func() bool {
		return srv.Resumes() == 1 && b.Ready(context.Background()) == nil
	})
	stop()
	if err := b.Ready(context.Background()); err == nil {
		t.Error("ready after Run ended")
	}
}
