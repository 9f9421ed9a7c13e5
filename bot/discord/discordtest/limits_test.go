package discordtest

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestCheckMessageEnforcesDiscordLimits(t *testing.T) {
	embed := func(title, desc string) Embed { return Embed{Title: title, Description: desc} }
	many := func(n int) []Embed {
		out := make([]Embed, n)
		for i := range out {
			out[i] = embed("t", "d")
		}
		return out
	}
	button := func(label, id string) []Row {
		return []Row{{Type: 1, Components: []Component{{Type: 2, Style: 2, Label: label, CustomID: id}}}}
	}
	tests := []struct {
		name string
		m    MessageBody
		ok   bool
	}{
		{"fine", MessageBody{Embeds: []Embed{embed("T", "D")}, Components: button("Next", "bb:n:1")}, true},
		{"content 2001", MessageBody{Content: strings.Repeat("é", 2001)}, false},
		{"title 257", MessageBody{Embeds: []Embed{embed(strings.Repeat("a", 257), "")}}, false},
		{"description 4097", MessageBody{Embeds: []Embed{embed("", strings.Repeat("a", 4097))}}, false},
		{"11 embeds", MessageBody{Embeds: many(11)}, false},
		{"6001 in all", MessageBody{Embeds: []Embed{embed("", strings.Repeat("a", 4000)), embed("", strings.Repeat("a", 2001))}}, false},
		{"empty embed", MessageBody{Embeds: []Embed{{}}}, false},
		{"custom_id 101", MessageBody{Components: button("x", strings.Repeat("i", 101))}, false},
		{"label 81", MessageBody{Components: button(strings.Repeat("l", 81), "id")}, false},
		{"nonce 26", MessageBody{Nonce: json.RawMessage(`"` + strings.Repeat("n", 26) + `"`)}, false},
		{"26 choices", MessageBody{Choices: make([]Choice, 26)}, false},
	}
	for _, tt := range tests {
		raw, _ := json.Marshal(tt.m)
		if _, err := CheckMessage(raw); (err == nil) != tt.ok {
			t.Errorf("%s: CheckMessage err = %v, want ok %v", tt.name, err, tt.ok)
		}
	}
}
