package bot

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/briefbot/briefbot/briefs"
)

// The subscription commands appear only when the router has a subscription store.
func init() {
	enabled := func(r *Router) bool { return r.opts.Subscriptions != nil }
	register(command{
		spec: CommandSpec{Name: "subscribe", Description: "Get new briefings here, as they come or as a digest",
			Args: []ArgSpec{{Name: "schedule", Description: "daily 08:00 Europe/Berlin · weekly mon 09:00 · topics: Ukraine"}}},
		order:   40,
		enabled: enabled,
		run:     func(r *Router, ctx context.Context, c call) (Reply, error) { return r.subscribe(ctx, c) },
	})
	register(command{
		spec:    CommandSpec{Name: "unsubscribe", Description: "Stop sending briefings here"},
		order:   41,
		enabled: enabled,
		run:     func(r *Router, ctx context.Context, c call) (Reply, error) { return r.unsubscribe(ctx, c) },
	})
	register(command{
		spec:    CommandSpec{Name: "subscriptions", Description: "This chat's subscription and its next digest"},
		order:   42,
		aliases: []string{"subscription"},
		enabled: enabled,
		run:     func(r *Router, ctx context.Context, c call) (Reply, error) { return r.subscriptions(ctx, c) },
	})
}

const notAllowed = "Only the chat's admins can change its subscription. Ask one of them, or message me privately."

func (r *Router) subscribe(ctx context.Context, c call) (Reply, error) {
	if !c.req.CanManage {
		return userError(notAllowed), nil
	}
	sub, err := briefs.ParseSubscription(c.req.Chat, c.args)
	if err != nil {
		return Reply{}, err
	}
	sub.CreatedAt = r.opts.Now()
	if err := r.opts.Subscriptions.Subscribe(ctx, &sub); err != nil {
		return Reply{}, err
	}
	rep := Reply{Title: "Subscribed", Blocks: []Block{{Text: "This chat gets " + sub.Describe() + "."}}}
	if line := r.digestLine(sub); line != "" {
		rep.Blocks = append(rep.Blocks, Block{Text: line})
	}
	rep.Blocks = append(rep.Blocks, Block{Text: "Change it with /subscribe again; stop with /unsubscribe."})
	return rep, nil
}

func (r *Router) unsubscribe(ctx context.Context, c call) (Reply, error) {
	if !c.req.CanManage {
		return userError(notAllowed), nil
	}
	err := r.opts.Subscriptions.Unsubscribe(ctx, c.req.Chat)
	if errors.Is(err, briefs.ErrNotFound) {
		return Reply{Blocks: []Block{{Text: "This chat has no subscription. Start one with /subscribe."}}}, nil
	}
	if err != nil {
		return Reply{}, err
	}
	return Reply{Title: "Unsubscribed", Blocks: []Block{{Text: "I will not send briefings here any more. /subscribe brings them back."}}}, nil
}

func (r *Router) subscriptions(ctx context.Context, c call) (Reply, error) {
	sub, err := r.opts.Subscriptions.Subscription(ctx, c.req.Chat)
	if errors.Is(err, briefs.ErrNotFound) {
		return Reply{Blocks: []Block{{Text: "This chat has no subscription. Try /subscribe, or /subscribe daily 08:00 Europe/Berlin for a digest."}}}, nil
	}
	if err != nil {
		return Reply{}, err
	}
	rep := Reply{Title: "This chat's subscription", Blocks: []Block{{Text: "It gets " + sub.Describe() + "."}}}
	if !sub.PausedAt.IsZero() {
		rep.Blocks = append(rep.Blocks, Block{Heading: "Paused",
			Text: fmt.Sprintf("since %s: %s. Send /subscribe to resume.", sub.PausedAt.UTC().Format("2 Jan 2006 15:04 MST"), sub.PauseReason)})
		return rep, nil
	}
	if line := r.digestLine(sub); line != "" {
		rep.Blocks = append(rep.Blocks, Block{Text: line})
	}
	return rep, nil
}

// digestLine says when sub's next digest is due, in the chat's zone; "" for instant ones.
func (r *Router) digestLine(sub briefs.Subscription) string {
	at := briefs.NextDigest(sub, r.opts.Now())
	if at.IsZero() || !sub.PausedAt.IsZero() {
		return ""
	}
	loc, err := briefs.LoadZone(sub.Zone)
	if err != nil {
		loc = time.UTC
	}
	return "The next digest is due " + at.In(loc).Format("Mon 2 Jan 15:04 MST") + "."
}

// NextDigestNote is the line /next adds at the end of the chain: when the chat's next digest is
// due, or "" when the chat has none (no store, no subscription, instant, paused).
func (r *Router) NextDigestNote(ctx context.Context, chat briefs.ChatRef) string {
	if r.opts.Subscriptions == nil {
		return ""
	}
	sub, err := r.opts.Subscriptions.Subscription(ctx, chat)
	if err != nil {
		return ""
	}
	return r.digestLine(sub)
}
