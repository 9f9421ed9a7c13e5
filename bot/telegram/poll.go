package telegram

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// allowedUpdates are the update kinds briefbot reads.
var allowedUpdates = []string{"message", "callback_query"}

// poll long-polls getUpdates until ctx ends. It is its own loop rather than the library's
// GetUpdatesChan, which logs request URLs (holding the token) and ignores retry_after.
func (b *Bot) poll(ctx context.Context) error {
	// A webhook left set by an earlier run makes getUpdates fail with 409.
	if err := b.call(ctx, callTimeout, func(api *tgbotapi.BotAPI) error {
		_, err := api.Request(tgbotapi.DeleteWebhookConfig{})
		return err
	}); err != nil && ctx.Err() == nil {
		b.log.Warn("telegram: deleteWebhook failed", slog.String("error", err.Error()))
	}
	offset, failures := 0, 0
	defer func() { b.confirm(ctx, offset) }()
	for ctx.Err() == nil {
		started := b.now()
		updates, err := b.getUpdates(ctx, offset)
		if ctx.Err() != nil {
			return nil
		}
		if err != nil {
			d := backoff(failures, err)
			failures++
			b.log.Warn("telegram: getUpdates failed", slog.String("error", err.Error()),
				slog.Duration("retry_in", d))
			if b.wait(ctx, d) != nil {
				return nil
			}
			continue
		}
		failures = 0
		for _, u := range updates {
			if ctx.Err() != nil {
				break // the rest stay unconfirmed: Telegram sends them again after a restart
			}
			// The next offset follows the last update received, not the largest id ever seen:
			// Telegram may restart ids after a quiet week.
			offset = u.UpdateID + 1
			if b.seen.add(u.UpdateID) {
				b.handleUpdate(ctx, u)
			}
		}
		// A server that answers an empty poll at once (an emulator, a proxy) would make this
		// loop spin; pause before asking again.
		if len(updates) == 0 && b.now().Sub(started) < b.pollTO/2 {
			if b.wait(ctx, b.idle) != nil {
				return nil
			}
		}
	}
	return nil
}

// getUpdates long-polls once. It decodes each update on its own: one the library cannot read
// is logged and skipped (its id still advances the offset) instead of failing every poll after.
func (b *Bot) getUpdates(ctx context.Context, offset int) ([]incoming, error) {
	params := tgbotapi.Params{}
	params.AddNonZero("offset", offset)
	params.AddNonZero("timeout", int(b.pollTO/time.Second))
	if err := params.AddInterface("allowed_updates", allowedUpdates); err != nil {
		return nil, err
	}
	var resp *tgbotapi.APIResponse
	err := b.call(ctx, b.pollTO+15*time.Second, func(api *tgbotapi.BotAPI) (err error) {
		resp, err = api.MakeRequest("getUpdates", params)
		return err
	})
	if err != nil {
		return nil, err
	}
	var raws []json.RawMessage
	if err := json.Unmarshal(resp.Result, &raws); err != nil {
		return nil, fmt.Errorf("telegram: reading updates: %w", err)
	}
	out := make([]incoming, 0, len(raws))
	for _, raw := range raws {
		u, err := decodeUpdate(raw)
		if err != nil {
			var id struct {
				UpdateID int `json:"update_id"`
			}
			if json.Unmarshal(raw, &id) != nil || id.UpdateID == 0 {
				return nil, fmt.Errorf("telegram: reading updates: %w", err)
			}
			b.log.Warn("telegram: skipping an update that cannot be read",
				slog.Int("update_id", id.UpdateID), slog.String("error", err.Error()))
			u = incoming{Update: tgbotapi.Update{UpdateID: id.UpdateID}}
		}
		out = append(out, u)
	}
	return out, nil
}

// confirm tells Telegram, on the way out, which updates were handled: otherwise the last batch
// is delivered again after a restart, since only a later getUpdates confirms it.
func (b *Bot) confirm(ctx context.Context, offset int) {
	if offset == 0 {
		return
	}
	ctx = context.WithoutCancel(ctx)
	err := b.call(ctx, 5*time.Second, func(api *tgbotapi.BotAPI) error {
		_, err := api.GetUpdates(tgbotapi.UpdateConfig{Offset: offset, Limit: 1, AllowedUpdates: allowedUpdates})
		return err
	})
	if err != nil {
		b.log.Warn("telegram: confirming handled updates failed", slog.String("error", err.Error()))
	}
}

// backoff is the wait before retry number attempt (0-based) after err: the server's
// retry_after when it gave one, else doubling from 1s up to a minute.
func backoff(attempt int, err error) time.Duration {
	var apiErr *tgbotapi.Error
	if errors.As(err, &apiErr) {
		if apiErr.RetryAfter > 0 {
			return time.Duration(apiErr.RetryAfter) * time.Second
		}
		if apiErr.Code == http.StatusTooManyRequests {
			return 5 * time.Second
		}
	}
	d := time.Second << min(attempt, 6)
	return min(d, time.Minute)
}
