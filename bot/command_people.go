package bot

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/briefbot/briefbot/briefs"
)

// peopleWindow is how far back /people looks from the newest briefing.
const peopleWindow = 30 * 24 * time.Hour

func init() {
	register(command{
		spec:    CommandSpec{Name: "people", Description: "Who the briefings mention most lately"},
		order:   20,
		aliases: []string{"top"},
		run:     func(r *Router, ctx context.Context, c call) (Reply, error) { return r.people(ctx) },
	})
	register(command{
		spec: CommandSpec{Name: "who", Description: "A person: role, earlier roles, recent mentions",
			Args: []ArgSpec{{Name: "name", Description: "a name or surname", Required: true, Autocomplete: true}}},
		order:    21,
		aliases:  []string{"whois", "person"},
		needsArg: "Who? Give a name, like /who Rubio or /who Marco Rubio.",
		run:      func(r *Router, ctx context.Context, c call) (Reply, error) { return r.who(ctx, c.args) },
	})
	registerPress("p", func(r *Router, ctx context.Context, req Request, arg string) (Reply, error) {
		id, err := strconv.ParseInt(arg, 10, 64)
		if err != nil || id <= 0 {
			return userError("That button has expired. Send /people to start again."), nil
		}
		return r.profile(ctx, id)
	})
	registerPress("w", func(r *Router, ctx context.Context, req Request, arg string) (Reply, error) {
		if arg = cleanArgs(arg); arg == "" {
			return userError("That button has expired. Send /people to start again."), nil
		}
		return r.who(ctx, arg)
	})
}

func (r *Router) people(ctx context.Context) (Reply, error) {
	newest, err := r.latest(ctx)
	if err != nil {
		return Reply{}, err
	}
	end := newest.Published
	if end.IsZero() {
		end = r.opts.Now()
	}
	top, err := r.st.TopPeople(ctx, end.Add(-peopleWindow), 10)
	if err != nil {
		return Reply{}, fmt.Errorf("bot: top people: %w", err)
	}
	if len(top) == 0 {
		return Reply{Blocks: []Block{{Text: "No one is mentioned in the briefings of the last 30 days."}}}, nil
	}
	rep := Reply{Title: "Most mentioned lately", Subtitle: "30 days to " + formatDate(end)}
	for i, p := range top {
		text := p.Name
		if p.Role != "" {
			text += " — " + p.Role
		}
		text += " · " + plural(p.Briefings, "briefing")
		rep.Blocks = append(rep.Blocks, Block{Text: fmt.Sprintf("%d. %s", i+1, text)})
		if i < 5 {
			rep.Buttons = append(rep.Buttons, Button{Label: buttonLabel(p.Name), Data: personData(p.ID)})
		}
	}
	return rep, nil
}

// who answers /who name: one person, a list of candidates, or suggestions of close names.
func (r *Router) who(ctx context.Context, name string) (Reply, error) {
	if !looksLikeName(name) {
		return userError(fmt.Sprintf("“%s” doesn't look like a name. Try /who Rubio.", name)), nil
	}
	found, err := r.st.FindPeople(ctx, name, 8)
	if err != nil && !errors.Is(err, briefs.ErrNotFound) {
		return Reply{}, fmt.Errorf("bot: finding people %q: %w", name, err)
	}
	key := briefs.PersonKey(name)
	var plausible []briefs.Person
	for _, p := range found {
		if p.Key == key {
			return r.profile(ctx, p.ID)
		}
		if nameCovers(p.Name, name) {
			plausible = append(plausible, p)
		}
	}
	switch len(plausible) {
	case 0:
		return r.unknownPerson(ctx, name)
	case 1:
		return r.profile(ctx, plausible[0].ID)
	}
	rep := Reply{Title: fmt.Sprintf("Several people match “%s”", name), Subtitle: "Which one?"}
	for _, p := range plausible {
		text := p.Name
		if p.Role != "" {
			text += " — " + p.Role
		}
		rep.Blocks = append(rep.Blocks, Block{Text: text + " · " + plural(p.Briefings, "briefing")})
		rep.Buttons = append(rep.Buttons, Button{Label: buttonLabel(p.Name), Data: personData(p.ID)})
	}
	return rep, nil
}

// profile shows a person: current role, earlier roles with dates, and recent mentions.
func (r *Router) profile(ctx context.Context, id int64) (Reply, error) {
	pr, err := r.st.Profile(ctx, id, 3)
	if errors.Is(err, briefs.ErrNotFound) {
		return userError("I no longer know that person. Send /people for who is mentioned lately."), nil
	}
	if err != nil {
		return Reply{}, fmt.Errorf("bot: profile %d: %w", id, err)
	}
	p := pr.Person
	rep := Reply{Title: p.Name, Subtitle: p.Role}
	// The current spell words the same office at its fullest ("NATO's secretary general" rather
	// than the latest "secretary general").
	if len(pr.Roles) > 0 && (rep.Subtitle == "" || sameRole(rep.Subtitle, pr.Roles[0].Role)) {
		rep.Subtitle = pr.Roles[0].Role
	}
	seen := "Mentioned in " + plural(p.Briefings, "briefing")
	if d := formatDate(p.LastSeen); d != "" {
		seen += ", most recently on " + d
	}
	rep.Blocks = append(rep.Blocks, Block{Text: seen + "."})
	shown := []string{rep.Subtitle}
	for _, s := range pr.Roles {
		// The current role is the subtitle; the same role worded with a qualifier
		// ("U.S. Secretary of State") is not an earlier one.
		if slices.ContainsFunc(shown, func(r string) bool { return sameRole(r, s.Role) }) {
			continue
		}
		blk := Block{Text: s.Role + spellDates(s)}
		if len(shown) == 1 {
			blk.Heading = "Earlier roles"
		}
		shown = append(shown, s.Role)
		rep.Blocks = append(rep.Blocks, blk)
	}
	for i, a := range pr.Recent {
		blk := Block{Heading: a.Briefing.Title, Text: a.Sentence}
		if d := formatDate(a.Briefing.Published); d != "" {
			blk.Heading += " (" + d + ")"
		}
		if i == 0 {
			rep.Blocks = append(rep.Blocks, Block{Heading: "Latest mentions"})
		}
		rep.Blocks = append(rep.Blocks, blk)
		rep.Buttons = append(rep.Buttons, Button{Label: buttonLabel(a.Briefing.Title), Data: openData(a.Briefing.ID)})
	}
	return rep, nil
}

// unknownPerson says the name is unknown, suggesting close names or, for an institution, /search.
func (r *Router) unknownPerson(ctx context.Context, name string) (Reply, error) {
	names, err := r.names.get(ctx, r.st)
	if err != nil {
		return Reply{}, err
	}
	close := suggestNames(names, name, 3)
	if len(close) == 0 {
		if looksLikeInstitution(name) {
			return userError(fmt.Sprintf("“%s” sounds like an institution, not a person. Try /search %s.", name, name)), nil
		}
		return userError(fmt.Sprintf("I don't know anyone called “%s” in the briefings.", name)), nil
	}
	rep := userError(fmt.Sprintf("I don't know anyone called “%s”. Did you mean %s?", name, orList(close)))
	for _, n := range close {
		if data := "w:" + n; len(data) <= 64 {
			rep.Buttons = append(rep.Buttons, Button{Label: buttonLabel(n), Data: data})
		}
	}
	return rep, nil
}

func spellDates(s briefs.RoleSpell) string {
	from, until := formatDate(s.Since), formatDate(s.Until)
	switch {
	case from == "":
		return ""
	case until == "" || until == from:
		return " (" + from + ")"
	}
	return " (" + from + " – " + until + ")"
}

func personData(id int64) string { return "p:" + strconv.FormatInt(id, 10) }

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return strconv.Itoa(n) + " " + word + "s"
}

// orList joins names as "A, B or C".
func orList(items []string) string {
	if len(items) == 1 {
		return items[0]
	}
	return strings.Join(items[:len(items)-1], ", ") + " or " + items[len(items)-1]
}
