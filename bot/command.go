package bot

import (
	"context"
	"fmt"
	"slices"
	"strings"
)

// command is one slash command. A new command is one file with one register call in its init.
type command struct {
	spec     CommandSpec
	order    int                  // place in /help and Commands(); ties keep registration order
	aliases  []string             // other names it answers to, lower-case
	needsArg string               // the reply when the argument is missing; "" when none is needed
	enabled  func(r *Router) bool // nil means always; false hides the command entirely
	run      func(r *Router, ctx context.Context, c call) (Reply, error)
}

// pressHandler answers a button whose Data is "prefix:arg".
type pressHandler func(r *Router, ctx context.Context, req Request, arg string) (Reply, error)

var (
	registry []command
	presses  = map[string]pressHandler{}
)

// register adds a command; call it from an init function.
func register(c command) { registry = append(registry, c) }

// registerPress adds the handler for buttons whose Data starts with prefix and a colon.
func registerPress(prefix string, h pressHandler) { presses[prefix] = h }

func enabledCommands(r *Router) []command {
	var out []command
	for _, c := range registry {
		if c.enabled == nil || c.enabled(r) {
			out = append(out, c)
		}
	}
	slices.SortStableFunc(out, func(a, b command) int { return a.order - b.order })
	return out
}

func (r *Router) press(ctx context.Context, req Request) (Reply, error) {
	prefix, arg, _ := strings.Cut(strings.TrimSpace(req.Text), ":")
	h, ok := presses[prefix]
	if !ok || len(req.Text) > 64 {
		return userError("That button has expired. Send /latest to start again."), nil
	}
	return h(r, ctx, req, arg)
}

func init() {
	register(command{
		spec:  CommandSpec{Name: "start", Description: "Welcome and what I can do"},
		order: 0,
		run: func(r *Router, ctx context.Context, c call) (Reply, error) {
			rep := r.help()
			rep.Title = "Welcome to briefbot"
			rep.Blocks = append([]Block{{Text: "I keep the chain of geopolitical briefings and who they mention. " +
				"Start with /latest, then walk the chain with /prev and /next."}}, rep.Blocks...)
			return rep, nil
		},
	})
	register(command{
		spec:  CommandSpec{Name: "help", Description: "List the commands"},
		order: 1,
		run:   func(r *Router, ctx context.Context, c call) (Reply, error) { return r.help(), nil },
	})
}

// help lists every enabled command with its argument and description.
func (r *Router) help() Reply {
	rep := Reply{Title: "Commands"}
	for _, c := range enabledCommands(r) {
		usage := "/" + c.spec.Name
		for _, a := range c.spec.Args {
			if a.Required {
				usage += fmt.Sprintf(" <%s>", a.Name)
			} else {
				usage += fmt.Sprintf(" [%s]", a.Name)
			}
		}
		rep.Blocks = append(rep.Blocks, Block{Heading: usage, Text: c.spec.Description})
	}
	return rep
}
