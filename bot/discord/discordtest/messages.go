package discordtest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"time"
)

func (s *Server) callback(w http.ResponseWriter, id, token string, body []byte) {
	p, ok := s.interactions[token]
	if !ok || p.id != id {
		writeError(w, 404, 10062, "Unknown interaction")
		return
	}
	if p.responded {
		writeError(w, 400, 40060, "Interaction has already been acknowledged.")
		return
	}
	var cb struct {
		Type int         `json:"type"`
		Data MessageBody `json:"data"`
	}
	if err := json.Unmarshal(body, &cb); err != nil {
		writeError(w, 400, 50035, "Invalid Form Body")
		return
	}
	if problem := validateMessage(cb.Data); problem != "" {
		writeError(w, 400, 50035, "Invalid Form Body: "+problem)
		return
	}
	late := time.Since(p.sent) > 3*time.Second
	s.callbacks = append(s.callbacks, Callback{InteractionID: id, Type: cb.Type, Data: cb.Data, Late: late})
	if late {
		writeError(w, 404, 10062, "Unknown interaction")
		return
	}
	p.responded = true
	w.WriteHeader(http.StatusNoContent)
}

// webhook serves PATCH /webhooks/{app}/{token}/messages/@original and POST /webhooks/{app}/{token}.
func (s *Server) webhook(w http.ResponseWriter, method string, rest []string, body []byte) {
	p, ok := s.interactions[rest[0]]
	if !ok || !p.responded {
		writeError(w, 404, 10015, "Unknown Webhook")
		return
	}
	if method == http.MethodDelete && len(rest) == 3 && rest[1] == "messages" && rest[2] == "@original" {
		s.deletes[p.id]++
		w.WriteHeader(http.StatusNoContent)
		return
	}
	var m MessageBody
	if err := json.Unmarshal(body, &m); err != nil {
		writeError(w, 400, 50035, "Invalid Form Body")
		return
	}
	if problem := validateMessage(m); problem != "" {
		writeError(w, 400, 50035, "Invalid Form Body: "+problem)
		return
	}
	call := WebhookCall{InteractionID: p.id, Body: m}
	switch {
	case method == http.MethodPatch && len(rest) == 3 && rest[1] == "messages" && rest[2] == "@original":
		s.edits = append(s.edits, call)
	case method == http.MethodPost && len(rest) == 1:
		s.followups = append(s.followups, call)
	default:
		writeError(w, 404, 0, "404: Not Found")
		return
	}
	writeJSON(w, 200, map[string]any{"id": s.id(), "channel_id": "0"})
}

func (s *Server) post(w http.ResponseWriter, channel string, body []byte) {
	if code, ok := s.forbidden[channel]; ok {
		status := 403
		if code == 10003 {
			status = 404
		}
		writeError(w, status, code, fmt.Sprintf("error %d", code))
		return
	}
	var m MessageBody
	if err := json.Unmarshal(body, &m); err != nil {
		writeError(w, 400, 50035, "Invalid Form Body")
		return
	}
	if problem := validateMessage(m); problem != "" {
		writeError(w, 400, 50035, "Invalid Form Body: "+problem)
		return
	}
	key := channel + "\x00" + m.NonceString()
	if prev, ok := s.nonces[key]; ok && m.EnforceNonce {
		writeJSON(w, 200, map[string]any{"id": prev.ID, "channel_id": channel})
		return
	}
	msg := &Message{ID: s.id(), ChannelID: channel, Body: m}
	s.messages[channel] = append(s.messages[channel], msg)
	if m.EnforceNonce && len(m.Nonce) > 0 {
		s.nonces[key] = msg
	}
	writeJSON(w, 200, map[string]any{"id": msg.ID, "channel_id": channel})
}

func (s *Server) editMessage(w http.ResponseWriter, channel, id string, body []byte) {
	for _, msg := range s.messages[channel] {
		if msg.ID != id {
			continue
		}
		var m MessageBody
		if err := json.Unmarshal(body, &m); err != nil {
			writeError(w, 400, 50035, "Invalid Form Body")
			return
		}
		if problem := validateMessage(m); problem != "" {
			writeError(w, 400, 50035, "Invalid Form Body: "+problem)
			return
		}
		msg.Body.Embeds, msg.Body.Components, msg.Edits = m.Embeds, m.Components, msg.Edits+1
		writeJSON(w, 200, map[string]any{"id": msg.ID, "channel_id": channel})
		return
	}
	writeError(w, 404, 10008, "Unknown Message")
}
