package console

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"sync"

	"github.com/briefbot/briefbot/bot"
)

// Sender posts deliveries to a writer, for running briefbot without a chat platform.
// It fits scheduler.Sender.
type Sender struct {
	mu     sync.Mutex
	w      io.Writer
	last   int
	nonces map[string]string // nonce -> message id, so a repeated delivery is written once
}

// NewSender returns a sender writing to w.
func NewSender(w io.Writer) *Sender {
	return &Sender{w: w, nonces: map[string]string{}}
}

// Platform is "console".
func (s *Sender) Platform() string { return "console" }

// Send writes r under a header naming the chat and returns an increasing message id.
func (s *Sender) Send(ctx context.Context, chatID string, r bot.Reply, nonce string) (string, error) {
	if err := ctx.Err(); err != nil {
		return "", err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if id, ok := s.nonces[nonce]; ok && nonce != "" {
		return id, nil
	}
	s.last++
	id := strconv.Itoa(s.last)
	if _, err := fmt.Fprintf(s.w, "── message %s to console:%s ──\n%s", id, chatID, Render(r)); err != nil {
		return "", fmt.Errorf("console: writing message: %w", err)
	}
	if nonce != "" {
		s.nonces[nonce] = id
	}
	return id, nil
}

// Edit writes r again, marked as a correction of message messageID.
func (s *Sender) Edit(ctx context.Context, chatID, messageID string, r bot.Reply) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, err := fmt.Fprintf(s.w, "── (corrected) message %s to console:%s ──\n%s", messageID, chatID, Render(r)); err != nil {
		return fmt.Errorf("console: writing correction: %w", err)
	}
	return nil
}
