package main

import (
	"context"
	"fmt"
	"io"
	"sort"
	"text/tabwriter"
	"time"

	"github.com/briefbot/briefbot/briefs"
)

func init() {
	register(subcommand{name: "subscriptions", order: 53, run: runSubscriptions,
		summary: "List subscribed chats, their next digests, pauses and the delivery queue"})
}

func runSubscriptions(ctx context.Context, a *app, args []string) error {
	_, st, err := a.openForDelivery(ctx, "subscriptions", args)
	if err != nil {
		return err
	}
	defer st.Close()
	subs, err := st.Subscriptions(ctx)
	if err != nil {
		return err
	}
	counts, err := st.DeliveryCounts(ctx)
	if err != nil {
		return err
	}
	printSubscriptions(a.stdout, subs, counts, a.now())
	return nil
}

func printSubscriptions(w io.Writer, subs []briefs.Subscription, counts map[briefs.DeliveryState]int, now time.Time) {
	if len(subs) == 0 {
		fmt.Fprintln(w, "No chat is subscribed. A chat subscribes with /subscribe.")
	} else {
		tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
		fmt.Fprintf(tw, "CHAT\tGETS\tNEXT DIGEST\tSTATUS\n")
		for _, s := range subs {
			next := "-"
			if at := briefs.NextDigest(s, now); !at.IsZero() {
				loc, err := briefs.LoadZone(s.Zone)
				if err != nil {
					loc = time.UTC
				}
				next = at.In(loc).Format("Mon 2 Jan 15:04 MST")
			}
			status := "active"
			if !s.PausedAt.IsZero() {
				status = "paused since " + s.PausedAt.UTC().Format("2006-01-02 15:04 UTC") + ": " + s.PauseReason
				next = "-"
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", s.Chat, s.Describe(), next, status)
		}
		tw.Flush()
	}
	states := make([]string, 0, len(counts))
	for st := range counts {
		states = append(states, string(st))
	}
	sort.Strings(states)
	fmt.Fprint(w, "Deliveries:")
	if len(states) == 0 {
		fmt.Fprint(w, " none yet")
	}
	for _, st := range states {
		fmt.Fprintf(w, " %s %d", st, counts[briefs.DeliveryState(st)])
	}
	fmt.Fprintln(w)
}
