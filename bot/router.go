package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/briefbot/briefbot/briefs"
)

// MaxArgRunes bounds a command's argument; longer input is refused before it reaches the store.
const MaxArgRunes = 200

// Options are a Router's dependencies besides the store; all are optional.
type Options struct {
	Now     func() time.Time // the clock; time.Now when nil
	BotName string           // this bot's username, when the request does not carry it
	Logger  *slog.Logger     // where internal errors go; slog.Default() when nil
	// Subscriptions, when set, switches on the subscription commands (bot/subscribe.go).
	Subscriptions briefs.SubscriptionStore
}

// Router answers commands and button presses from any platform, reading from one store.
type Router struct {
	st    briefs.Store
	opts  Options
	log   *slog.Logger
	names nameCache
}

// NewRouter returns a router over st.
func NewRouter(st briefs.Store, opts Options) *Router {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	return &Router{st: st, opts: opts, log: opts.Logger}
}

// call is one parsed command on its way to a handler.
type call struct {
	req  Request
	name string // the command, lower-case, without slash or @bot
	args string // trimmed, cleaned argument text
}

// Commands lists the commands this router answers, in help order.
func (r *Router) Commands() []CommandSpec {
	var specs []CommandSpec
	for _, c := range enabledCommands(r) {
		specs = append(specs, c.spec)
	}
	return specs
}

// Handle answers one request. It never returns internal error text: failures the user can act
// on become friendly replies marked Error, anything else is logged and apologised for.
func (r *Router) Handle(ctx context.Context, req Request) (rep Reply) {
	start := r.opts.Now()
	what := "press"
	defer func() {
		if p := recover(); p != nil {
			r.log.Error("bot: handler panicked", slog.String("chat", req.Chat.String()),
				slog.String("command", what), slog.Any("panic", p))
			rep = apology()
		}
	}()
	var err error
	if req.Press {
		rep, err = r.press(ctx, req)
	} else {
		var c call
		var ok bool
		c, rep, ok = r.parse(req)
		if !ok {
			return rep
		}
		what = c.name
		rep, err = r.dispatch(ctx, c)
	}
	if err != nil {
		rep = r.failure(req, what, err)
	}
	r.log.Debug("bot: answered", slog.String("chat", req.Chat.String()), slog.String("command", what),
		slog.Bool("error", rep.Error), slog.Duration("took", r.opts.Now().Sub(start)))
	return rep
}

// parse reads req.Text into a call; when ok is false, rep is the answer already.
func (r *Router) parse(req Request) (c call, rep Reply, ok bool) {
	text := strings.TrimSpace(strings.ToValidUTF8(req.Text, ""))
	if text == "" {
		return c, Reply{Silent: true}, false
	}
	if !strings.HasPrefix(text, "/") {
		return c, userError("Commands start with a slash, like /latest or /who Rubio. Send /help for the list."), false
	}
	head, rest, _ := strings.Cut(text[1:], " ")
	if i := strings.IndexFunc(head, unicode.IsSpace); i >= 0 { // a newline or tab after the command
		head, rest = head[:i], head[i:]+" "+rest
	}
	name, target, addressed := strings.Cut(head, "@")
	if addressed {
		own := req.BotName
		if own == "" {
			own = r.opts.BotName
		}
		if own != "" && !strings.EqualFold(target, own) {
			return c, Reply{Silent: true}, false
		}
	}
	c = call{req: req, name: strings.ToLower(name), args: cleanArgs(rest)}
	if utf8.RuneCountInString(c.args) > MaxArgRunes {
		return c, userError(fmt.Sprintf("That is too long: please keep what follows /%s under %d characters.",
			sanitizeName(c.name), MaxArgRunes)), false
	}
	return c, Reply{}, true
}

// cleanArgs drops control and invisible formatting characters and collapses whitespace.
func cleanArgs(s string) string {
	s = strings.Map(func(r rune) rune {
		switch {
		case r == '\n' || r == '\t' || r == '\r':
			return ' '
		case unicode.IsControl(r), unicode.Is(unicode.Cf, r):
			return -1
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}

// sanitizeName keeps an unknown command name short and harmless for echoing back.
func sanitizeName(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_' {
			return r
		}
		return -1
	}, s)
	if utf8.RuneCountInString(s) > 32 {
		s = string([]rune(s)[:32]) + "…"
	}
	return s
}

func (r *Router) dispatch(ctx context.Context, c call) (Reply, error) {
	for _, cmd := range enabledCommands(r) {
		if cmd.spec.Name == c.name || contains(cmd.aliases, c.name) {
			if cmd.needsArg != "" && c.args == "" {
				return userError(cmd.needsArg), nil
			}
			return cmd.run(r, ctx, c)
		}
	}
	if c.name == "" {
		return userError("Send /help to see what I can do."), nil
	}
	return userError(fmt.Sprintf("I don't know /%s. Send /help to see what I can do.", sanitizeName(c.name))), nil
}

// failure turns an error into a reply: kinds the user can act on are shown, the rest logged.
func (r *Router) failure(req Request, what string, err error) Reply {
	if msg, ok := briefs.UserMessage(err); ok {
		return userError(msg)
	}
	if errors.Is(err, briefs.ErrNotFound) {
		return userError("I couldn't find that.")
	}
	if errors.Is(err, briefs.ErrInvalid) {
		return userError("I couldn't understand that. Send /help for examples.")
	}
	r.log.Error("bot: command failed", slog.String("chat", req.Chat.String()),
		slog.String("command", what), slog.Any("err", err))
	return apology()
}

func apology() Reply {
	return Reply{Blocks: []Block{{Text: "Sorry, something went wrong on my side. Please try again in a moment."}}, Error: true}
}

func userError(msg string) Reply {
	return Reply{Blocks: []Block{{Text: msg}}, Error: true}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// nameCache holds every person's folded name for "did you mean" suggestions. It is reloaded
// only when the number of briefings changed, so a suggestion costs one COUNT between ingests.
type nameCache struct {
	mu     sync.Mutex
	count  int
	loaded bool
	names  []cachedName
}

type cachedName struct {
	display string
	folded  string
	tokens  []string
}

func (n *nameCache) get(ctx context.Context, st briefs.Store) ([]cachedName, error) {
	count, err := st.CountBriefings(ctx)
	if err != nil {
		return nil, fmt.Errorf("bot: counting briefings: %w", err)
	}
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.loaded && n.count == count {
		return n.names, nil
	}
	raw, err := st.PeopleNames(ctx)
	if err != nil {
		return nil, fmt.Errorf("bot: loading people names: %w", err)
	}
	names := make([]cachedName, 0, len(raw))
	for _, d := range raw {
		f := briefs.FoldName(d)
		names = append(names, cachedName{display: d, folded: f, tokens: strings.Fields(f)})
	}
	n.names, n.count, n.loaded = names, count, true
	return names, nil
}
