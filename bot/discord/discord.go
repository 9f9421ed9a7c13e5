// Package discord connects briefbot to Discord: slash commands and button presses in, embeds
// out, and a Sender that pushes briefings to subscribed channels. No discordgo type leaves it.
package discord

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/gorilla/websocket"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/config"
)

// Handler answers one request; *bot.Router is the one briefbot uses.
type Handler interface {
	Handle(ctx context.Context, req bot.Request) bot.Reply
}

// Options are the Bot's collaborators; all are optional.
type Options struct {
	Logger   *slog.Logger
	Commands []bot.CommandSpec // the router's commands, registered as slash commands
	// Names suggests person names starting with prefix, for /who autocompletion.
	Names      func(ctx context.Context, prefix string) []string
	HTTPClient *http.Client // its Transport and Timeout are used for REST calls
	Now        func() time.Time
	// DeferAfter is how long a command may run before the bot defers its answer, so Discord's
	// 3-second window is never missed; default 1.5s.
	DeferAfter time.Duration
	// CommandTimeout bounds one command's handling; default 30s.
	CommandTimeout time.Duration
}

// Bot is one Discord connection: the gateway for interactions and REST for everything sent.
type Bot struct {
	cfg   config.Discord
	h     Handler
	opts  Options
	log   *slog.Logger
	s     *discordgo.Session
	specs map[string]bot.CommandSpec

	mu        sync.Mutex
	running   bool
	closing   bool
	name      string          // the bot's username, from READY
	connected bool            // the gateway is up: READY or RESUMED seen since the last disconnect
	base      context.Context // parent of command contexts; outlives Run's ctx so answers finish
	wg        sync.WaitGroup  // in-flight interactions

	retryBase time.Duration // first wait between command registration attempts
}

const registerAttempts = 3

// New checks the settings and prepares the session; nothing is dialled until Run or Send.
func New(cfg config.Discord, h Handler, opts Options) (*Bot, error) {
	token := strings.TrimSpace(cfg.Token.Reveal())
	token = strings.TrimPrefix(token, "Bot ")
	if token == "" {
		return nil, errors.New("discord: no bot token configured")
	}
	if h == nil {
		return nil, errors.New("discord: no handler")
	}
	if cfg.ShardCount < 1 {
		cfg.ShardCount = 1
	}
	if cfg.ShardID < 0 || cfg.ShardID >= cfg.ShardCount {
		return nil, fmt.Errorf("discord: shard id %d is outside 0..%d", cfg.ShardID, cfg.ShardCount-1)
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.DeferAfter <= 0 {
		opts.DeferAfter = 1500 * time.Millisecond
	}
	if opts.CommandTimeout <= 0 {
		opts.CommandTimeout = 30 * time.Second
	}
	var base http.RoundTripper
	timeout := 20 * time.Second
	if opts.HTTPClient != nil {
		base = opts.HTTPClient.Transport
		if opts.HTTPClient.Timeout > 0 {
			timeout = opts.HTTPClient.Timeout
		}
	}
	rt, err := newRewriteTransport(cfg.APIURL, base)
	if err != nil {
		return nil, err
	}

	s, err := discordgo.New("Bot " + token)
	if err != nil {
		return nil, fmt.Errorf("discord: creating the session: %w", err)
	}
	s.Client = &http.Client{Transport: rt, Timeout: timeout}
	s.Dialer = &websocket.Dialer{Proxy: http.ProxyFromEnvironment, HandshakeTimeout: 30 * time.Second}
	s.ShouldRetryOnRateLimit = false // the delivery engine's limiter must see every 429
	s.ShouldReconnectOnError = true
	s.MaxRestRetries = 1
	s.StateEnabled = false
	s.LogLevel = discordgo.LogError // higher levels print the identify payload, token included
	s.Identify.Intents = discordgo.IntentsGuilds
	s.ShardID, s.ShardCount = cfg.ShardID, cfg.ShardCount

	b := &Bot{cfg: cfg, h: h, opts: opts, log: opts.Logger, s: s, specs: map[string]bot.CommandSpec{}, retryBase: time.Second}
	for _, c := range opts.Commands {
		b.specs[c.Name] = c
	}
	return b, nil
}

// Run opens the gateway, registers the slash commands and answers interactions until ctx is
// cancelled; then it lets answers in flight finish and closes the gateway.
func (b *Bot) Run(ctx context.Context) error {
	b.mu.Lock()
	if b.running {
		b.mu.Unlock()
		return errors.New("discord: already running")
	}
	b.running, b.closing = true, false
	b.base = context.WithoutCancel(ctx)
	b.mu.Unlock()
	defer func() {
		b.mu.Lock()
		b.running = false
		b.mu.Unlock()
	}()

	removers := []func(){
		b.s.AddHandler(b.onInteraction),
		b.s.AddHandler(b.onReady),
		b.s.AddHandler(func(_ *discordgo.Session, _ *discordgo.Resumed) {
			b.setConnected(true)
			b.log.Info("discord: gateway session resumed")
		}),
		b.s.AddHandler(func(_ *discordgo.Session, _ *discordgo.Disconnect) {
			b.setConnected(false)
			b.log.Info("discord: gateway disconnected")
		}),
	}
	defer func() {
		for _, remove := range removers {
			remove()
		}
	}()

	if err := b.s.Open(); err != nil {
		return fmt.Errorf("discord: opening the gateway: %w", b.safe(err))
	}
	if b.cfg.ShardID == 0 { // commands belong to the application: one shard registers them
		b.registerCommands(ctx)
	}
	b.log.Info("discord: connected", "shard", b.cfg.ShardID, "shards", b.cfg.ShardCount)
	<-ctx.Done()

	b.mu.Lock()
	b.closing = true
	b.mu.Unlock()
	b.wg.Wait()
	b.setConnected(false)
	if cerr := b.s.Close(); cerr != nil {
		b.log.Warn("discord: closing the gateway", "err", b.safe(cerr).Error())
	}
	return nil
}

func (b *Bot) onReady(_ *discordgo.Session, r *discordgo.Ready) {
	if r == nil || r.User == nil {
		return
	}
	b.mu.Lock()
	b.name = r.User.Username
	b.connected = true
	b.mu.Unlock()
}

func (b *Bot) setConnected(up bool) {
	b.mu.Lock()
	b.connected = up
	b.mu.Unlock()
}

// Ready reports whether the gateway session is up, for the readiness probe.
func (b *Bot) Ready(context.Context) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if !b.connected {
		return errors.New("discord: gateway not connected")
	}
	return nil
}

// track counts an interaction in flight, or says no once Run is shutting down.
func (b *Bot) track() bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closing || !b.running {
		return false
	}
	b.wg.Add(1)
	return true
}

func (b *Bot) botName() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.name
}

func (b *Bot) baseContext() context.Context {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.base == nil {
		return context.Background()
	}
	return b.base
}

// applicationID is the application the gateway session belongs to.
func (b *Bot) applicationID() string {
	b.s.State.RLock()
	defer b.s.State.RUnlock()
	r := b.s.State.Ready
	if r.Application != nil && r.Application.ID != "" {
		return r.Application.ID
	}
	if r.User != nil {
		return r.User.ID
	}
	return ""
}
