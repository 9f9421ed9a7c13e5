package discordtest

import (
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"
)

// Registrations returns every bulk overwrite of commands, in order.
func (s *Server) Registrations() []Registration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Registration(nil), s.registrations...)
}

// Callbacks returns the interaction responses for an interaction, in order.
func (s *Server) Callbacks(interactionID string) []Callback {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Callback
	for _, c := range s.callbacks {
		if c.InteractionID == interactionID {
			out = append(out, c)
		}
	}
	return out
}

// Edits returns the edits of @original for an interaction, in order.
func (s *Server) Edits(interactionID string) []WebhookCall {
	return s.webhookCalls(s.edits, interactionID)
}

// Followups returns the follow-up messages for an interaction, in order.
func (s *Server) Followups(interactionID string) []WebhookCall {
	return s.webhookCalls(s.followups, interactionID)
}

func (s *Server) webhookCalls(calls []WebhookCall, id string) []WebhookCall {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []WebhookCall
	for _, c := range calls {
		if c.InteractionID == id {
			out = append(out, c)
		}
	}
	return out
}

// Deleted reports whether the original response to an interaction was deleted.
func (s *Server) Deleted(interactionID string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.deletes[interactionID] > 0
}

// Messages returns copies of the messages posted to a channel, oldest first.
func (s *Server) Messages(channel string) []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Message
	for _, m := range s.messages[channel] {
		out = append(out, *m)
	}
	return out
}

// Unauthorized counts requests refused for a wrong or missing bot token.
func (s *Server) Unauthorized() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.unauthorized
}

var nameRe = regexp.MustCompile(`^[-_\p{Ll}\p{N}]{1,32}$`)

func validateCommands(cmds []Command) string {
	if len(cmds) > 100 {
		return "more than 100 commands"
	}
	seen := map[string]bool{}
	for _, c := range cmds {
		if !nameRe.MatchString(c.Name) || seen[c.Name] {
			return fmt.Sprintf("bad or repeated command name %q", c.Name)
		}
		seen[c.Name] = true
		if n := utf8.RuneCountInString(c.Description); n < 1 || n > 100 {
			return fmt.Sprintf("command %q: description length %d", c.Name, n)
		}
		if len(c.Options) > 25 {
			return fmt.Sprintf("command %q: more than 25 options", c.Name)
		}
		optional := false
		for _, o := range c.Options {
			if !nameRe.MatchString(o.Name) {
				return fmt.Sprintf("command %q: bad option name %q", c.Name, o.Name)
			}
			if n := utf8.RuneCountInString(o.Description); n < 1 || n > 100 {
				return fmt.Sprintf("option %q: description length %d", o.Name, n)
			}
			if o.Required && optional {
				return fmt.Sprintf("command %q: required option %q after an optional one", c.Name, o.Name)
			}
			optional = optional || !o.Required
			if o.Autocomplete && o.Type != 3 && o.Type != 4 && o.Type != 10 {
				return fmt.Sprintf("option %q: autocomplete on type %d", o.Name, o.Type)
			}
		}
	}
	return ""
}

// validateMessage applies Discord's limits; "" means the body is acceptable.
func validateMessage(m MessageBody) string {
	n := utf8.RuneCountInString
	if n(m.Content) > 2000 {
		return "content longer than 2000"
	}
	if len(m.Nonce) > 0 && n(m.NonceString()) > 25 {
		return "nonce longer than 25"
	}
	if len(m.Embeds) > 10 {
		return "more than 10 embeds"
	}
	total := 0
	for i, e := range m.Embeds {
		footer := ""
		if e.Footer != nil {
			footer = e.Footer.Text
		}
		switch {
		case n(e.Title) > 256:
			return fmt.Sprintf("embed %d: title longer than 256", i)
		case n(e.Description) > 4096:
			return fmt.Sprintf("embed %d: description longer than 4096", i)
		case n(footer) > 2048:
			return fmt.Sprintf("embed %d: footer longer than 2048", i)
		case len(e.Fields) > 25:
			return fmt.Sprintf("embed %d: more than 25 fields", i)
		case e.Title == "" && e.Description == "" && footer == "" && len(e.Fields) == 0:
			return fmt.Sprintf("embed %d: empty", i)
		case e.URL != "" && !strings.HasPrefix(e.URL, "http://") && !strings.HasPrefix(e.URL, "https://"):
			return fmt.Sprintf("embed %d: url scheme", i)
		}
		total += n(e.Title) + n(e.Description) + n(footer)
		for _, f := range e.Fields {
			if n(f.Name) > 256 || n(f.Value) > 1024 {
				return fmt.Sprintf("embed %d: field too long", i)
			}
			total += n(f.Name) + n(f.Value)
		}
	}
	if total > 6000 {
		return "embeds longer than 6000 in all"
	}
	if len(m.Components) > 5 {
		return "more than 5 action rows"
	}
	for _, r := range m.Components {
		if r.Type != 1 || len(r.Components) < 1 || len(r.Components) > 5 {
			return "bad action row"
		}
		for _, c := range r.Components {
			if c.Type != 2 || c.Label == "" || n(c.Label) > 80 || c.CustomID == "" || len(c.CustomID) > 100 {
				return fmt.Sprintf("bad button %q", c.CustomID)
			}
		}
	}
	if len(m.Choices) > 25 {
		return "more than 25 choices"
	}
	for _, c := range m.Choices {
		v, _ := c.Value.(string)
		if n(c.Name) < 1 || n(c.Name) > 100 || n(v) > 100 {
			return fmt.Sprintf("bad choice %q", c.Name)
		}
	}
	return ""
}

// CheckMessage decodes a JSON message body and applies Discord's limits to it, as the fake
// does for every message it receives.
func CheckMessage(raw []byte) (MessageBody, error) {
	var m MessageBody
	if err := json.Unmarshal(raw, &m); err != nil {
		return m, err
	}
	if problem := validateMessage(m); problem != "" {
		return m, errors.New(problem)
	}
	return m, nil
}
