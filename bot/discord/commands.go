package discord

import (
	"log/slog"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"github.com/bwmarrin/discordgo"

	"github.com/briefbot/briefbot/bot"
)

// Discord's limits for application commands.
const (
	maxCommands      = 100
	maxOptions       = 25
	maxDescriptionLn = 100
	maxChoices       = 25
	maxChoiceLen     = 100
	maxArgRunes      = 200 // longer option values are cut before they reach the router
)

var commandName = regexp.MustCompile(`^[a-z0-9_-]{1,32}$`)

// appCommands turns the router's command specs into one bulk overwrite, skipping (and logging)
// any spec Discord would reject so one bad spec cannot fail the whole registration.
func appCommands(specs []bot.CommandSpec, log *slog.Logger) []*discordgo.ApplicationCommand {
	cmds := make([]*discordgo.ApplicationCommand, 0, len(specs))
	for _, spec := range specs {
		if !commandName.MatchString(spec.Name) {
			log.Warn("discord: skipping a command Discord would reject", "command", spec.Name)
			continue
		}
		if len(cmds) == maxCommands {
			log.Warn("discord: more commands than Discord allows", "dropped", spec.Name)
			break
		}
		cmd := &discordgo.ApplicationCommand{
			Type:        discordgo.ChatApplicationCommand,
			Name:        spec.Name,
			Description: describe(spec.Description, spec.Name),
			Options:     []*discordgo.ApplicationCommandOption{},
		}
		for _, a := range sortedArgs(spec.Args) {
			if !commandName.MatchString(a.Name) || len(cmd.Options) == maxOptions {
				log.Warn("discord: skipping a command option", "command", spec.Name, "option", a.Name)
				continue
			}
			cmd.Options = append(cmd.Options, &discordgo.ApplicationCommandOption{
				Type:         discordgo.ApplicationCommandOptionString,
				Name:         a.Name,
				Description:  describe(a.Description, a.Name),
				Required:     a.Required,
				Autocomplete: a.Autocomplete,
			})
		}
		cmds = append(cmds, cmd)
	}
	return cmds
}

// sortedArgs puts required options first, as Discord demands, keeping their order otherwise.
func sortedArgs(args []bot.ArgSpec) []bot.ArgSpec {
	out := append([]bot.ArgSpec(nil), args...)
	sort.SliceStable(out, func(i, j int) bool { return out[i].Required && !out[j].Required })
	return out
}

// describe returns a description Discord accepts: 1 to 100 characters.
func describe(d, fallback string) string {
	d = strings.TrimSpace(d)
	if d == "" {
		d = fallback
	}
	if r := []rune(d); len(r) > maxDescriptionLn {
		d = string(r[:maxDescriptionLn-1]) + "…"
	}
	return d
}

// commandText rebuilds the command as the router reads typed text: "/who Marco Rubio".
// Options follow the spec's order; ok is false for a payload no registered command could send.
func commandText(data discordgo.ApplicationCommandInteractionData, specs map[string]bot.CommandSpec) (string, bool) {
	if !commandName.MatchString(data.Name) {
		return "", false
	}
	values := map[string]string{}
	var order []string
	for _, o := range data.Options {
		if o == nil || !commandName.MatchString(o.Name) {
			return "", false
		}
		v, ok := optionText(o.Value)
		if !ok {
			return "", false
		}
		if _, seen := values[o.Name]; !seen {
			order = append(order, o.Name)
		}
		values[o.Name] = v
	}
	if spec, ok := specs[data.Name]; ok {
		order = order[:0]
		for _, a := range spec.Args {
			if _, ok := values[a.Name]; ok {
				order = append(order, a.Name)
			}
		}
	}
	parts := []string{"/" + data.Name}
	for _, name := range order {
		if v := values[name]; v != "" {
			parts = append(parts, v)
		}
	}
	return strings.Join(parts, " "), true
}

// optionText renders an option value as typed text; nested or unknown types are refused.
func optionText(v any) (string, bool) {
	switch v := v.(type) {
	case nil:
		return "", true
	case string:
		return cleanArg(v), true
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64), true
	case bool:
		return strconv.FormatBool(v), true
	}
	return "", false
}

// cleanArg folds control characters and newlines to spaces and caps the length, so an option
// cannot smuggle a second line or a megabyte into the router.
func cleanArg(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == '\u2028' || r == '\u2029' {
			return ' '
		}
		return r
	}, s)
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > maxArgRunes {
		s = string(r[:maxArgRunes])
	}
	return s
}

// focusedPrefix returns what the user has typed so far in the option being autocompleted.
func focusedPrefix(opts []*discordgo.ApplicationCommandInteractionDataOption) string {
	for _, o := range opts {
		if o != nil && o.Focused {
			if s, ok := o.Value.(string); ok {
				return cleanArg(s)
			}
			return ""
		}
	}
	return ""
}

// choices turns suggested names into at most 25 autocomplete choices Discord accepts.
func choices(names []string) []*discordgo.ApplicationCommandOptionChoice {
	out := []*discordgo.ApplicationCommandOptionChoice{}
	seen := map[string]bool{}
	for _, n := range names {
		n = strings.TrimSpace(n)
		if n == "" || len([]rune(n)) > maxChoiceLen || seen[n] {
			continue
		}
		seen[n] = true
		out = append(out, &discordgo.ApplicationCommandOptionChoice{Name: n, Value: n})
		if len(out) == maxChoices {
			break
		}
	}
	return out
}
