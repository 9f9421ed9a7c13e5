package main

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/bot/console"
	"github.com/briefbot/briefbot/briefs"
)

func init() {
	register(subcommand{name: "ask", order: 20, run: runAsk,
		summary: "Answer one chat command, e.g. briefbot ask '/who Rubio'"})
}

func runAsk(ctx context.Context, a *app, args []string) error {
	fs := newFlags("ask", a.stderr)
	db := dbFlag(fs)
	chat := fs.String("chat", "cli", "the console chat id whose reading position /next and /prev move")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "Usage: briefbot ask [--db DSN] [--chat ID] '/command [arguments]'")
		fs.PrintDefaults()
	}
	words, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	text := strings.TrimSpace(strings.Join(words, " "))
	if text == "" {
		fs.Usage()
		return usageErrorf("ask: give one command, like: briefbot ask '/who Rubio'")
	}
	if strings.TrimSpace(*chat) == "" {
		return usageErrorf("ask: --chat must not be empty")
	}
	st, _, err := a.open(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	ref := briefs.ChatRef{Platform: "console", ID: *chat}
	rep := newRouter(a, st).Handle(ctx, bot.Request{Chat: ref, User: *chat, Text: text, CanManage: true})
	fmt.Fprint(a.stdout, console.Render(rep))
	if rep.Error {
		// The reply already says what went wrong; exit 2 without repeating it.
		return &exitError{code: 2, err: errors.New("the command could not be answered"), quiet: true}
	}
	return nil
}

// newRouter builds the router every console-facing subcommand uses. A store that also keeps
// subscriptions switches the subscription commands on.
func newRouter(a *app, st briefs.Store) *bot.Router {
	opts := bot.Options{Now: a.now, Logger: a.logger()}
	if subs, ok := st.(briefs.SubscriptionStore); ok {
		opts.Subscriptions = subs
	}
	return bot.NewRouter(st, opts)
}
