// Package scheduler owns time: polling sources, planning digests and draining the delivery queue.
package scheduler

import (
	"context"

	"github.com/briefbot/briefbot/bot"
)

// Sender posts to one chat platform. Adapters return *bot.DeliveryError for rate limits and
// permanent failures; any other error is retried with backoff.
type Sender interface {
	// Platform names the platform this sender posts to ("telegram", "discord", "console").
	Platform() string
	// Send posts r to the chat and returns the platform's message id. nonce is unique per
	// delivery, so a platform that supports it can drop a repeated send.
	Send(ctx context.Context, chatID string, r bot.Reply, nonce string) (messageID string, err error)
	// Edit replaces the message messageID in the chat with r (a corrected briefing).
	Edit(ctx context.Context, chatID, messageID string, r bot.Reply) error
}
