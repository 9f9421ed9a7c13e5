// Package telegram connects briefbot to the Telegram Bot API. It only translates: updates become
// bot.Requests, bot.Replies become HTML messages with inline keyboards. No tgbotapi type leaves it.
package telegram

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/config"
)

// Platform is the name this adapter gives its chats in briefs.ChatRef.
const Platform = "telegram"

// Handler turns a request into a reply; *bot.Router implements it.
type Handler interface {
	Handle(ctx context.Context, r bot.Request) bot.Reply
}

var _ Handler = (*bot.Router)(nil)

// Options are the optional collaborators of a Bot.
type Options struct {
	Logger      *slog.Logger                               // default: slog.Default()
	Commands    []bot.CommandSpec                          // published with setMyCommands; usually (*bot.Router).Commands()
	HTTPClient  *http.Client                               // default: no client Timeout (calls carry deadlines); any Timeout must exceed PollTimeout+15s
	Now         func() time.Time                           // default time.Now
	PollTimeout time.Duration                              // long-poll timeout; default 40s, clamped to 1s..50s
	PollIdle    time.Duration                              // pause after an empty poll that returned early; default 1s
	Wait        func(context.Context, time.Duration) error // sleeps for backoff; tests replace it
}

// Bot is one Telegram bot: it receives updates (long polling or webhook) and sends messages.
type Bot struct {
	token    string
	endpoint string
	cfg      config.Telegram
	h        Handler
	log      *slog.Logger
	commands []bot.CommandSpec
	client   *http.Client
	now      func() time.Time
	wait     func(context.Context, time.Duration) error
	pollTO   time.Duration
	idle     time.Duration
	seen     *recentIDs
	sent     progressLog

	mu   sync.RWMutex
	self string // the bot's username, known after getMe
}

// callTimeout bounds every API call except long polls.
const callTimeout = 30 * time.Second

// maxResponse bounds how much of an API response is read.
const maxResponse = 8 << 20

var secretToken = regexp.MustCompile(`^[A-Za-z0-9_-]{1,256}$`)

// New checks cfg and returns a Bot; it makes no network call. h may be nil for a send-only Bot.
func New(cfg config.Telegram, h Handler, opts Options) (*Bot, error) {
	token := cfg.Token.Reveal()
	if token == "" {
		return nil, errors.New("telegram: no bot token configured")
	}
	if strings.ContainsAny(token, "/?#% \t\r\n") {
		return nil, errors.New("telegram: the bot token holds characters a token cannot have")
	}
	endpoint := cfg.APIURL
	if endpoint == "" {
		endpoint = tgbotapi.APIEndpoint
	}
	if strings.Count(endpoint, "%s") != 2 || strings.Count(endpoint, "%") != 2 {
		return nil, fmt.Errorf("telegram: API URL %q must hold two %%s, as in http://HOST:PORT/bot%%s/%%s", endpoint)
	}
	if u, err := url.Parse(fmt.Sprintf(endpoint, "t", "m")); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("telegram: API URL %q is not an http(s) URL", endpoint)
	}
	if cfg.WebhookURL != "" {
		u, err := url.Parse(cfg.WebhookURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return nil, fmt.Errorf("telegram: webhook URL %q is not an absolute http(s) URL", cfg.WebhookURL)
		}
		if !secretToken.MatchString(cfg.WebhookSecret.Reveal()) {
			return nil, errors.New("telegram: webhook mode needs a webhook secret of 1-256 characters A-Z a-z 0-9 _ -")
		}
	}
	b := &Bot{
		token: token, endpoint: endpoint, cfg: cfg, h: h,
		log: opts.Logger, commands: opts.Commands, client: opts.HTTPClient, now: opts.Now, wait: opts.Wait,
		pollTO: opts.PollTimeout, idle: opts.PollIdle, seen: newRecentIDs(4096),
	}
	if b.log == nil {
		b.log = slog.Default()
	}
	if b.client == nil {
		b.client = &http.Client{}
	}
	if b.now == nil {
		b.now = time.Now
	}
	if b.wait == nil {
		b.wait = sleep
	}
	if b.pollTO <= 0 {
		b.pollTO = 40 * time.Second
	}
	b.pollTO = min(max(b.pollTO, time.Second), 50*time.Second)
	if b.idle <= 0 {
		b.idle = time.Second
	}
	return b, nil
}

// Run receives updates until ctx is cancelled: by long polling, or in webhook mode by
// registering the webhook and leaving the receiving to WebhookHandler.
func (b *Bot) Run(ctx context.Context) error {
	if b.h == nil {
		return errors.New("telegram: Run needs a handler")
	}
	if err := b.identify(ctx); err != nil {
		if ctx.Err() != nil {
			return nil
		}
		return err
	}
	b.publishCommands(ctx)
	if b.cfg.WebhookURL != "" {
		if err := b.registerWebhook(ctx); err != nil {
			if ctx.Err() != nil {
				return nil
			}
			return err
		}
		<-ctx.Done()
		return nil
	}
	return b.poll(ctx)
}

// Username is the bot's username from getMe; "" until Run has asked.
func (b *Bot) Username() string {
	b.mu.RLock()
	defer b.mu.RUnlock()
	return b.self
}

// identify asks getMe for the bot's username, retrying transient failures.
func (b *Bot) identify(ctx context.Context) error {
	for attempt := 0; ; attempt++ {
		var me tgbotapi.User
		err := b.call(ctx, callTimeout, func(api *tgbotapi.BotAPI) (err error) {
			me, err = api.GetMe()
			return err
		})
		if err == nil {
			if me.UserName == "" {
				return errors.New("telegram: getMe returned no username")
			}
			b.mu.Lock()
			b.self = me.UserName
			b.mu.Unlock()
			b.log.Info("telegram: connected", slog.String("bot", me.UserName))
			return nil
		}
		var apiErr *tgbotapi.Error
		if errors.As(err, &apiErr) && (apiErr.Code == http.StatusUnauthorized || apiErr.Code == http.StatusNotFound) {
			return fmt.Errorf("telegram: the bot token was rejected: %w", err)
		}
		d := backoff(attempt, err)
		b.log.Warn("telegram: getMe failed", slog.String("error", err.Error()), slog.Duration("retry_in", d))
		if b.wait(ctx, d) != nil {
			return ctx.Err()
		}
	}
}

// publishCommands sets the command menu; a failure is logged, not fatal.
func (b *Bot) publishCommands(ctx context.Context) {
	var cmds []tgbotapi.BotCommand
	for _, c := range b.commands {
		name := strings.ToLower(strings.TrimPrefix(c.Name, "/"))
		desc := strings.TrimSpace(c.Description)
		if !commandName.MatchString(name) || desc == "" {
			b.log.Warn("telegram: command left out of the menu", slog.String("command", c.Name))
			continue
		}
		if r := []rune(desc); len(r) > 256 {
			desc = string(r[:255]) + "…"
		}
		cmds = append(cmds, tgbotapi.BotCommand{Command: name, Description: desc})
	}
	if len(cmds) == 0 {
		return
	}
	err := b.call(ctx, callTimeout, func(api *tgbotapi.BotAPI) error {
		_, err := api.Request(tgbotapi.NewSetMyCommands(cmds...))
		return err
	})
	if err != nil {
		b.log.Warn("telegram: setMyCommands failed", slog.String("error", err.Error()))
	}
}

var commandName = regexp.MustCompile(`^[a-z0-9_]{1,32}$`)

// call runs fn against an API client bound to ctx (with timeout) and scrubs the token from errors.
func (b *Bot) call(ctx context.Context, timeout time.Duration, fn func(*tgbotapi.BotAPI) error) error {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	api := &tgbotapi.BotAPI{Token: b.token, Client: boundClient{ctx: ctx, c: b.client}}
	api.SetAPIEndpoint(b.endpoint)
	err := redact(fn(api), b.token)
	var apiErr *tgbotapi.Error
	if errors.As(err, &apiErr) && apiErr.Message == "" {
		// Some servers (proxies, emulators) answer without a description: say so, not "".
		apiErr.Message = fmt.Sprintf("API error without a description (code %d)", apiErr.Code)
	}
	return err
}

// boundClient gives each request the call's context and caps the response size; the library's
// own requests carry no context.
type boundClient struct {
	ctx context.Context
	c   *http.Client
}

func (d boundClient) Do(r *http.Request) (*http.Response, error) {
	resp, err := d.c.Do(r.WithContext(d.ctx))
	if err != nil {
		return nil, err
	}
	resp.Body = limitedBody{io.LimitReader(resp.Body, maxResponse), resp.Body}
	return resp, nil
}

type limitedBody struct {
	io.Reader
	io.Closer
}

// sleep waits d or until ctx ends.
func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
