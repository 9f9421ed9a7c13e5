// Package discordtest is a fake Discord for tests: an httptest REST API (gateway discovery,
// command registration, interaction callbacks, webhook edits, channel messages with
// enforce_nonce, fault injection) and a websocket gateway (HELLO, IDENTIFY/RESUME, heartbeat
// ACKs, INTERACTION_CREATE dispatch). It listens on loopback only.
package discordtest

import "encoding/json"

// Embed is a message embed as the fake received it.
type Embed struct {
	Title       string  `json:"title"`
	URL         string  `json:"url"`
	Description string  `json:"description"`
	Color       int     `json:"color"`
	Footer      *Footer `json:"footer"`
	Fields      []Field `json:"fields"`
}

// Footer is an embed footer.
type Footer struct {
	Text string `json:"text"`
}

// Field is an embed field.
type Field struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// Row is an action row of components.
type Row struct {
	Type       int         `json:"type"`
	Components []Component `json:"components"`
}

// Component is one button (or other component) in a row.
type Component struct {
	Type     int    `json:"type"`
	Style    int    `json:"style"`
	Label    string `json:"label"`
	CustomID string `json:"custom_id"`
}

// AllowedMentions is what the sender allowed to ping; nil when absent from the payload.
type AllowedMentions struct {
	Parse []string `json:"parse"`
}

// MessageBody is the JSON body of a message create, edit or interaction response.
type MessageBody struct {
	Content         string           `json:"content"`
	Embeds          []Embed          `json:"embeds"`
	Components      []Row            `json:"components"`
	AllowedMentions *AllowedMentions `json:"allowed_mentions"`
	Flags           int              `json:"flags"`
	Nonce           json.RawMessage  `json:"nonce"`
	EnforceNonce    bool             `json:"enforce_nonce"`
	Choices         []Choice         `json:"choices"`
}

// NonceString returns the nonce as sent, without JSON quotes.
func (m MessageBody) NonceString() string {
	var s string
	if json.Unmarshal(m.Nonce, &s) == nil {
		return s
	}
	return string(m.Nonce)
}

// Buttons lists every button's custom_id, in order.
func (m MessageBody) Buttons() []Component {
	var out []Component
	for _, r := range m.Components {
		out = append(out, r.Components...)
	}
	return out
}

// Choice is one autocomplete choice.
type Choice struct {
	Name  string `json:"name"`
	Value any    `json:"value"`
}

// Message is a message stored in a channel.
type Message struct {
	ID        string
	ChannelID string
	Body      MessageBody
	Edits     int
}

// Callback is an interaction response (POST /interactions/{id}/{token}/callback).
type Callback struct {
	InteractionID string
	Type          int
	Data          MessageBody
	Late          bool // it arrived after Discord's 3-second window
}

// WebhookCall is an edit of @original or a follow-up for an interaction.
type WebhookCall struct {
	InteractionID string
	Body          MessageBody
}

// Command is a registered application command.
type Command struct {
	Name        string          `json:"name"`
	Description string          `json:"description"`
	Type        int             `json:"type"`
	Options     []CommandOption `json:"options"`
}

// CommandOption is an option of a registered command.
type CommandOption struct {
	Name         string `json:"name"`
	Description  string `json:"description"`
	Type         int    `json:"type"`
	Required     bool   `json:"required"`
	Autocomplete bool   `json:"autocomplete"`
}

// Registration is one bulk overwrite of commands.
type Registration struct {
	GuildID  string // "" for global commands
	Commands []Command
}

// Identify is what a client sent to open a gateway session.
type Identify struct {
	Token   string  `json:"token"`
	Intents int     `json:"intents"`
	Shard   *[2]int `json:"shard"`
}
