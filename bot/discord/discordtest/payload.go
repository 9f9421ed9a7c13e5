package discordtest

import "strconv"

// Payload is an INTERACTION_CREATE body under construction; Interact fills id and token.
type Payload map[string]any

// Option is one slash-command option as Discord sends it.
type Option struct {
	Name    string
	Value   any
	Focused bool
}

// SlashCommand is a chat command invocation (type 2) with string options.
func SlashCommand(name string, opts ...Option) Payload {
	return Payload{"type": 2, "data": commandData(name, opts)}
}

// Autocomplete is an autocomplete request (type 4); mark the option being typed Focused.
func Autocomplete(name string, opts ...Option) Payload {
	return Payload{"type": 4, "data": commandData(name, opts)}
}

func commandData(name string, opts []Option) map[string]any {
	options := []map[string]any{}
	for _, o := range opts {
		m := map[string]any{"name": o.Name, "type": 3, "value": o.Value}
		if o.Focused {
			m["focused"] = true
		}
		options = append(options, m)
	}
	return map[string]any{"id": "700000000000000001", "name": name, "type": 1, "options": options}
}

// ButtonPress is a button click (type 3) on message messageID.
func ButtonPress(customID, messageID string) Payload {
	return Payload{"type": 3,
		"data":    map[string]any{"custom_id": customID, "component_type": 2},
		"message": map[string]any{"id": messageID, "content": "", "embeds": []any{}}}
}

// InGuild places the interaction in a guild channel, by a member with the given permission bits.
func (p Payload) InGuild(guildID, channelID, userID string, permissions int64) Payload {
	p["guild_id"] = guildID
	p["channel_id"] = channelID
	p["member"] = map[string]any{
		"user":        map[string]any{"id": userID, "username": "user" + userID},
		"permissions": strconv.FormatInt(permissions, 10),
		"roles":       []string{},
	}
	return p
}

// InDM places the interaction in a direct-message channel with the user.
func (p Payload) InDM(channelID, userID string) Payload {
	p["channel_id"] = channelID
	p["user"] = map[string]any{"id": userID, "username": "user" + userID}
	return p
}
