package schedulertest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/briefbot/briefbot/bot"
)

// Sender posts to a fake Platform the way a real adapter posts to its API, and maps its answers
// to *bot.DeliveryError: 429 → RetryAfter, 400 with migrate_to → MovedTo, 403 → Permanent,
// anything else unexpected → a plain (transient) error.
type Sender struct {
	Name   string // the platform name it reports
	URL    string
	Client *http.Client
}

// Platform returns s.Name.
func (s *Sender) Platform() string { return s.Name }

// Send posts the reply's title and blocks as text.
func (s *Sender) Send(ctx context.Context, chatID string, r bot.Reply, nonce string) (string, error) {
	return s.call(ctx, "send", body{Chat: chatID, Text: Text(r), Nonce: nonce})
}

// Edit replaces message messageID.
func (s *Sender) Edit(ctx context.Context, chatID, messageID string, r bot.Reply) error {
	_, err := s.call(ctx, "edit", body{Chat: chatID, Text: Text(r), MessageID: messageID})
	return err
}

// Text flattens a reply for the fake platform.
func Text(r bot.Reply) string {
	parts := []string{r.Title}
	for _, b := range r.Blocks {
		parts = append(parts, strings.TrimSpace(b.Heading+" "+b.Text))
	}
	return strings.Join(parts, "\n")
}

func (s *Sender) call(ctx context.Context, op string, b body) (string, error) {
	data, _ := json.Marshal(b)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.URL+"/"+op, bytes.NewReader(data))
	if err != nil {
		return "", err
	}
	client := s.Client
	if client == nil {
		client = http.DefaultClient
	}
	resp, err := client.Do(req)
	if err != nil {
		return "", fmt.Errorf("fake platform: %w", err)
	}
	defer resp.Body.Close()
	var out struct {
		MessageID    string `json:"message_id"`
		RetryAfterMS int64  `json:"retry_after_ms"`
		MigrateTo    string `json:"migrate_to"`
	}
	_ = json.NewDecoder(resp.Body).Decode(&out)
	switch {
	case resp.StatusCode == http.StatusOK:
		return out.MessageID, nil
	case resp.StatusCode == http.StatusTooManyRequests:
		return "", &bot.DeliveryError{RetryAfter: max(time.Duration(out.RetryAfterMS)*time.Millisecond, time.Millisecond), Reason: "too many requests"}
	case resp.StatusCode == http.StatusBadRequest && out.MigrateTo != "":
		return "", &bot.DeliveryError{MovedTo: out.MigrateTo, Reason: "group upgraded"}
	case resp.StatusCode == http.StatusForbidden:
		return "", &bot.DeliveryError{Permanent: true, Reason: "bot was blocked by the user"}
	}
	return "", fmt.Errorf("fake platform: HTTP %d", resp.StatusCode)
}
