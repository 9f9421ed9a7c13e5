package main

import (
	"bufio"
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/briefbot/briefbot/bot/console"
	"github.com/briefbot/briefbot/briefs"
	"github.com/briefbot/briefbot/briefs/samples"
)

func init() {
	register(subcommand{name: "chat", order: 30, run: runChat,
		summary: "Chat with briefbot in the terminal"})
}

func runChat(ctx context.Context, a *app, args []string) error {
	fs := newFlags("chat", a.stderr)
	db := dbFlag(fs)
	chat := fs.String("chat", "console", "the console chat id (keeps its own reading position)")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "Usage: briefbot chat [--db DSN] [--chat ID]")
		fs.PrintDefaults()
	}
	rest, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		fs.Usage()
		return usageErrorf("chat: unexpected argument %q", rest[0])
	}
	st, dsn, err := a.open(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	in := bufio.NewReader(a.stdin)
	n, err := st.CountBriefings(ctx)
	if err != nil {
		return fmt.Errorf("chat: counting briefings: %w", err)
	}
	if n == 0 {
		if err := a.offerSamples(ctx, in, st, dsn); err != nil {
			return err
		}
	}
	return console.Run(ctx, in, a.stdout, newRouter(a, st), briefs.ChatRef{Platform: "console", ID: *chat})
}

// offerSamples asks whether to fill an empty store with the embedded sample briefings.
func (a *app) offerSamples(ctx context.Context, in *bufio.Reader, st briefs.Store, dsn string) error {
	fmt.Fprintf(a.stdout, "%s has no briefings yet. Ingest the sample briefings? [y/N] ", dsn)
	answer, _ := in.ReadString('\n')
	if ans := strings.ToLower(strings.TrimSpace(answer)); ans != "y" && ans != "yes" {
		fmt.Fprintln(a.stdout, "Starting with an empty store; add briefings with: briefbot ingest PATH")
		return nil
	}
	list, err := samples.All(time.Time{})
	if err != nil {
		return fmt.Errorf("chat: reading the samples: %w", err)
	}
	rep, err := briefs.Ingest(ctx, st, briefs.Batch{Briefings: list})
	if err != nil {
		return fmt.Errorf("chat: ingesting the samples: %w", err)
	}
	printReport(a.stdout, dsn, rep)
	return nil
}
