package bot

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/briefbot/briefbot/briefs"
)

func init() {
	register(command{
		spec:  CommandSpec{Name: "latest", Description: "The newest briefing"},
		order: 10,
		run: func(r *Router, ctx context.Context, c call) (Reply, error) {
			b, err := r.latest(ctx)
			if err != nil {
				return Reply{}, err
			}
			return r.open(ctx, c.req.Chat, b, false)
		},
	})
	register(command{
		spec:  CommandSpec{Name: "next", Description: "The next briefing in the chain (newer)"},
		order: 11,
		run:   func(r *Router, ctx context.Context, c call) (Reply, error) { return r.step(ctx, c.req.Chat, +1) },
	})
	register(command{
		spec:    CommandSpec{Name: "prev", Description: "The previous briefing in the chain (older)"},
		order:   12,
		aliases: []string{"previous", "back"},
		run:     func(r *Router, ctx context.Context, c call) (Reply, error) { return r.step(ctx, c.req.Chat, -1) },
	})
	register(command{
		spec: CommandSpec{Name: "read", Description: "Open a briefing by words of its title",
			Args: []ArgSpec{{Name: "title", Description: "words from the title", Required: true}}},
		order:    13,
		aliases:  []string{"open"},
		needsArg: "Which briefing? Give words from its title, like /read Taiwan Strait.",
		run:      func(r *Router, ctx context.Context, c call) (Reply, error) { return r.read(ctx, c) },
	})
	register(command{
		spec: CommandSpec{Name: "search", Description: "Search all briefings",
			Args: []ArgSpec{{Name: "words", Description: "what to look for", Required: true}}},
		order:    14,
		aliases:  []string{"find"},
		needsArg: "What should I look for? For example /search ceasefire Gaza.",
		run:      func(r *Router, ctx context.Context, c call) (Reply, error) { return r.search(ctx, c) },
	})
	open := func(full bool) pressHandler {
		return func(r *Router, ctx context.Context, req Request, arg string) (Reply, error) {
			id, err := strconv.ParseInt(arg, 10, 64)
			if err != nil || id <= 0 {
				return userError("That button has expired. Send /latest to start again."), nil
			}
			b, err := r.st.Briefing(ctx, id)
			if errors.Is(err, briefs.ErrNotFound) {
				return userError("That briefing is no longer available. Send /latest for the newest."), nil
			} else if err != nil {
				return Reply{}, err
			}
			return r.open(ctx, req.Chat, b, full)
		}
	}
	registerPress("b", open(true))
	registerPress(prevPress, open(false))
	registerPress(nextPress, open(false))
}

// Button Data prefixes for walking the chain; both open the briefing they name.
const (
	prevPress = "<"
	nextPress = ">"
)

func (r *Router) latest(ctx context.Context) (briefs.Briefing, error) {
	b, err := r.st.Latest(ctx)
	if errors.Is(err, briefs.ErrNotFound) {
		return b, briefs.Errorf(briefs.ErrNotFound, "I don't have any briefings yet.")
	}
	return b, err
}

// open shows b (the summary, or everything when full) and makes it the chat's cursor.
func (r *Router) open(ctx context.Context, chat briefs.ChatRef, b briefs.Briefing, full bool) (Reply, error) {
	if err := r.st.SetCursor(ctx, chat, b.ID); err != nil {
		return Reply{}, fmt.Errorf("bot: setting cursor of %s: %w", chat, err)
	}
	prev, err := r.neighbour(ctx, b.ID, -1)
	if err != nil {
		return Reply{}, err
	}
	next, err := r.neighbour(ctx, b.ID, +1)
	if err != nil {
		return Reply{}, err
	}
	return briefingReply(b, prev, next, full), nil
}

// neighbour returns the ID next to id in the chain, 0 at an end.
func (r *Router) neighbour(ctx context.Context, id int64, dir int) (int64, error) {
	b, err := r.st.Neighbour(ctx, id, dir)
	if errors.Is(err, briefs.ErrNotFound) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("bot: neighbour %d of %d: %w", dir, id, err)
	}
	return b.ID, nil
}

// step moves the chat's cursor one briefing along the chain. A chat without a cursor starts
// at the oldest briefing going forward and at the newest going back.
func (r *Router) step(ctx context.Context, chat briefs.ChatRef, dir int) (Reply, error) {
	cur, err := r.cursor(ctx, chat)
	if err != nil {
		return Reply{}, err
	}
	if cur.ID == 0 {
		var b briefs.Briefing
		if dir > 0 {
			b, err = r.oldest(ctx)
		} else {
			b, err = r.latest(ctx)
		}
		if err != nil {
			return Reply{}, err
		}
		return r.open(ctx, chat, b, false)
	}
	b, err := r.st.Neighbour(ctx, cur.ID, dir)
	if errors.Is(err, briefs.ErrNotFound) {
		rep := chainEnd(cur, dir)
		if dir > 0 {
			if note := r.NextDigestNote(ctx, chat); note != "" {
				rep.Blocks = append(rep.Blocks, Block{Text: note})
			}
		}
		return rep, nil
	}
	if err != nil {
		return Reply{}, fmt.Errorf("bot: stepping %d from %d: %w", dir, cur.ID, err)
	}
	return r.open(ctx, chat, b, false)
}

// cursor returns the briefing the chat is reading; ID 0 when it has none or it is gone.
func (r *Router) cursor(ctx context.Context, chat briefs.ChatRef) (briefs.Briefing, error) {
	id, err := r.st.Cursor(ctx, chat)
	if err != nil || id == 0 {
		return briefs.Briefing{}, err
	}
	b, err := r.st.Briefing(ctx, id)
	if errors.Is(err, briefs.ErrNotFound) {
		return briefs.Briefing{}, nil
	}
	return b, err
}

// oldest finds the first briefing of the chain: the first stored, then back along the links.
func (r *Router) oldest(ctx context.Context) (briefs.Briefing, error) {
	first, err := r.st.BriefingsSince(ctx, time.Time{}, 1)
	if err != nil {
		return briefs.Briefing{}, fmt.Errorf("bot: finding the first briefing: %w", err)
	}
	if len(first) == 0 {
		return r.latest(ctx)
	}
	b := first[0]
	for range 10000 {
		p, err := r.st.Neighbour(ctx, b.ID, -1)
		if errors.Is(err, briefs.ErrNotFound) {
			break
		}
		if err != nil {
			return b, fmt.Errorf("bot: walking back from %d: %w", b.ID, err)
		}
		b = p
	}
	return b, nil
}

func (r *Router) read(ctx context.Context, c call) (Reply, error) {
	found, err := r.st.FindByTitle(ctx, c.args, 6)
	if err != nil {
		return Reply{}, fmt.Errorf("bot: finding title %q: %w", c.args, err)
	}
	switch {
	case len(found) == 0:
		return userError(fmt.Sprintf("No briefing title has all of “%s”. Try /search %s.", c.args, c.args)), nil
	case len(found) == 1 || briefs.FoldName(found[0].Title) == briefs.FoldName(c.args):
		return r.open(ctx, c.req.Chat, found[0], true)
	}
	rep := Reply{Title: "Several briefings match", Subtitle: "“" + c.args + "”"}
	for i, b := range found {
		if i == 5 {
			rep.Blocks = append(rep.Blocks, Block{Text: "… and more: add words to narrow it down."})
			break
		}
		rep.Blocks = append(rep.Blocks, Block{Heading: b.Title, Text: dateLine(b)})
		rep.Buttons = append(rep.Buttons, Button{Label: buttonLabel(b.Title), Data: openData(b.ID)})
	}
	return rep, nil
}

func (r *Router) search(ctx context.Context, c call) (Reply, error) {
	hits, err := r.st.Search(ctx, c.args, 5)
	if err != nil {
		return Reply{}, fmt.Errorf("bot: searching %q: %w", c.args, err)
	}
	if len(hits) == 0 {
		return Reply{Blocks: []Block{{Text: fmt.Sprintf("Nothing found for “%s”.", c.args)}}}, nil
	}
	rep := Reply{Title: "Search results", Subtitle: "“" + c.args + "”"}
	for _, h := range hits {
		text := h.Snippet
		if d := dateLine(h.Briefing); d != "" {
			text = d + " — " + text
		}
		rep.Blocks = append(rep.Blocks, Block{Heading: h.Briefing.Title, Text: text, URL: h.Briefing.URL})
		rep.Buttons = append(rep.Buttons, Button{Label: buttonLabel(h.Briefing.Title), Data: openData(h.Briefing.ID)})
	}
	return rep, nil
}
