package discord

import (
	"log/slog"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"

	"github.com/briefbot/briefbot/bot"
)

var testSpecs = []bot.CommandSpec{
	{Name: "who", Description: "Who is this person", Args: []bot.ArgSpec{{Name: "name", Description: "A name", Required: true, Autocomplete: true}}},
	{Name: "latest", Description: "The newest briefing"},
	{Name: "search", Description: strings.Repeat("long ", 40), Args: []bot.ArgSpec{
		{Name: "limit", Description: ""}, {Name: "query", Description: "Words", Required: true}}},
	{Name: "Bad Name!", Description: "rejected by Discord"},
}

func TestAppCommands(t *testing.T) {
	cmds := appCommands(testSpecs, slog.New(slog.DiscardHandler))
	if len(cmds) != 3 {
		t.Fatalf("%d commands, want 3 (the bad name skipped)", len(cmds))
	}
	who := cmds[0]
	if who.Name != "who" || len(who.Options) != 1 || !who.Options[0].Autocomplete || !who.Options[0].Required ||
		who.Options[0].Type != discordgo.ApplicationCommandOptionString {
		t.Errorf("who = %+v %+v", who, who.Options)
	}
	search := cmds[2]
	if n := len([]rune(search.Description)); n > 100 {
		t.Errorf("description has %d runes", n)
	}
	if search.Options[0].Name != "query" || search.Options[1].Description != "limit" {
		t.Errorf("options %s, %s: want the required one first and a fallback description", search.Options[0].Name, search.Options[1].Description)
	}
	if cmds[1].Options == nil {
		t.Error("a command without options must send options: [] (nil)")
	}
}

func opt(name string, v any) *discordgo.ApplicationCommandInteractionDataOption {
	return &discordgo.ApplicationCommandInteractionDataOption{Name: name, Type: discordgo.ApplicationCommandOptionString, Value: v}
}

func TestCommandText(t *testing.T) {
	specs := map[string]bot.CommandSpec{}
	for _, s := range testSpecs {
		specs[s.Name] = s
	}
	tests := []struct {
		name string
		data discordgo.ApplicationCommandInteractionData
		want string
		ok   bool
	}{
		{"no options", discordgo.ApplicationCommandInteractionData{Name: "latest"}, "/latest", true},
		{"one option", discordgo.ApplicationCommandInteractionData{Name: "who", Options: []*discordgo.ApplicationCommandInteractionDataOption{opt("name", "Marco Rubio")}}, "/who Marco Rubio", true},
		{"spec order", discordgo.ApplicationCommandInteractionData{Name: "search", Options: []*discordgo.ApplicationCommandInteractionDataOption{opt("query", "gas"), opt("limit", float64(5))}}, "/search 5 gas", true},
		{"newlines folded", discordgo.ApplicationCommandInteractionData{Name: "who", Options: []*discordgo.ApplicationCommandInteractionDataOption{opt("name", "Rubio\n/subscribe\r\x00x")}}, "/who Rubio /subscribe x", true},
		{"huge value capped", discordgo.ApplicationCommandInteractionData{Name: "who", Options: []*discordgo.ApplicationCommandInteractionDataOption{opt("name", strings.Repeat("a", 7000))}}, "/who " + strings.Repeat("a", maxArgRunes), true},
		{"unknown command passes to the router", discordgo.ApplicationCommandInteractionData{Name: "nosuch"}, "/nosuch", true},
		{"hostile name", discordgo.ApplicationCommandInteractionData{Name: "who@OtherBot x"}, "", false},
		{"empty name", discordgo.ApplicationCommandInteractionData{}, "", false},
		{"object value", discordgo.ApplicationCommandInteractionData{Name: "who", Options: []*discordgo.ApplicationCommandInteractionDataOption{opt("name", map[string]any{"a": 1})}}, "", false},
		{"nil option", discordgo.ApplicationCommandInteractionData{Name: "who", Options: []*discordgo.ApplicationCommandInteractionDataOption{nil}}, "", false},
		{"bad option name", discordgo.ApplicationCommandInteractionData{Name: "who", Options: []*discordgo.ApplicationCommandInteractionDataOption{opt("Na me", "x")}}, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := commandText(tt.data, specs)
			if got != tt.want || ok != tt.ok {
				t.Errorf("commandText = %q, %v; want %q, %v", got, ok, tt.want, tt.ok)
			}
		})
	}
}

func TestChoices(t *testing.T) {
	var names []string
	for i := range 40 {
		names = append(names, "Person "+string(rune('A'+i)))
	}
	names = append([]string{"", "  ", strings.Repeat("x", 101), "Person A"}, names...)
	cs := choices(names)
	if len(cs) != maxChoices || cs[0].Name != "Person A" || cs[1].Name != "Person B" {
		t.Errorf("choices: %d, first %q %q", len(cs), cs[0].Name, cs[1].Name)
	}
	if cs := choices(nil); cs == nil || len(cs) != 0 {
		t.Errorf("no names: %v, want an empty, non-nil list", cs)
	}
}
