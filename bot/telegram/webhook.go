package telegram

import (
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// secretHeader carries the webhook secret Telegram was given in setWebhook.
const secretHeader = "X-Telegram-Bot-Api-Secret-Token"

// maxUpdateBody bounds one webhook request body.
const maxUpdateBody = 1 << 20

// WebhookPath is the path of the configured webhook URL ("/" if none): where to mount
// WebhookHandler on the server that Telegram reaches.
func (b *Bot) WebhookPath() string {
	u, err := url.Parse(b.cfg.WebhookURL)
	if err != nil || u.Path == "" {
		return "/"
	}
	return u.Path
}

// WebhookHandler receives updates Telegram posts in webhook mode. It accepts only requests that
// carry the configured secret (401 otherwise), so any replica behind a load balancer can serve
// the bot. It answers 503 until Run has learnt the bot's username, so Telegram retries.
func (b *Bot) WebhookHandler() http.Handler {
	secret := []byte(b.cfg.WebhookSecret.Reveal())
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost {
			w.Header().Set("Allow", http.MethodPost)
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		got := []byte(r.Header.Get(secretHeader))
		if len(secret) == 0 || subtle.ConstantTimeCompare(got, secret) != 1 {
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
		if b.h == nil || b.Username() == "" {
			http.Error(w, "not ready", http.StatusServiceUnavailable)
			return
		}
		raw, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxUpdateBody))
		if err != nil {
			http.Error(w, "update too large", http.StatusRequestEntityTooLarge)
			return
		}
		u, err := decodeUpdate(raw)
		if err != nil {
			http.Error(w, "bad update", http.StatusBadRequest)
			return
		}
		if b.seen.add(u.UpdateID) {
			b.handleUpdate(r.Context(), u)
		}
		w.WriteHeader(http.StatusOK)
	})
}

// registerWebhook tells Telegram to post updates to the webhook URL with the secret, retrying
// transient failures; a refusal (bad URL, bad token) is returned.
func (b *Bot) registerWebhook(ctx context.Context) error {
	allowed, _ := json.Marshal(allowedUpdates)
	params := tgbotapi.Params{
		"url":             b.cfg.WebhookURL,
		"secret_token":    b.cfg.WebhookSecret.Reveal(),
		"allowed_updates": string(allowed),
	}
	for attempt := 0; ; attempt++ {
		// secret_token is newer than the library's WebhookConfig, so the request is built here.
		err := b.call(ctx, callTimeout, func(api *tgbotapi.BotAPI) error {
			_, err := api.MakeRequest("setWebhook", params)
			return err
		})
		if err == nil {
			b.log.Info("telegram: webhook registered", slog.String("path", b.WebhookPath()))
			return nil
		}
		var apiErr *tgbotapi.Error
		if errors.As(err, &apiErr) && apiErr.Code >= 400 && apiErr.Code < 500 && apiErr.Code != http.StatusTooManyRequests {
			return fmt.Errorf("telegram: setWebhook refused: %w", err)
		}
		d := backoff(attempt, err)
		b.log.Warn("telegram: setWebhook failed", slog.String("error", err.Error()), slog.Duration("retry_in", d))
		if b.wait(ctx, d) != nil {
			return ctx.Err()
		}
	}
}

// Ready reports whether the bot has reached Telegram (getMe answered), for a readiness probe.
func (b *Bot) Ready(context.Context) error {
	if b.Username() == "" {
		return errors.New("telegram: not connected yet")
	}
	return nil
}
