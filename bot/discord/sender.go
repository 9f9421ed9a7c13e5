package discord

import (
	"context"
	"crypto/sha256"
	"encoding/base32"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/briefbot/briefbot/bot"
)

// Discord error codes that mean the bot can no longer post to a channel.
const (
	codeUnknownChannel     = 10003
	codeMissingAccess      = 50001
	codeMissingPermissions = 50013
	maxNonce               = 25
	defaultRetryAfter      = time.Second
)

var snowflake = regexp.MustCompile(`^[0-9]{1,20}$`)

// outgoing is a channel message; discordgo's MessageSend has no nonce fields.
type outgoing struct {
	Embeds          []*discordgo.MessageEmbed         `json:"embeds"`
	Components      []discordgo.MessageComponent      `json:"components"`
	AllowedMentions *discordgo.MessageAllowedMentions `json:"allowed_mentions"`
	Nonce           string                            `json:"nonce,omitempty"`
	EnforceNonce    bool                              `json:"enforce_nonce,omitempty"`
}

// Platform names the platform for the delivery engine.
func (b *Bot) Platform() string { return platform }

// Send posts r to a channel. The nonce, enforced by Discord, makes a retry after a crash return
// the message already posted instead of posting twice; no text can mention anyone.
func (b *Bot) Send(ctx context.Context, chatID string, r bot.Reply, nonce string) (string, error) {
	if !snowflake.MatchString(chatID) {
		return "", &bot.DeliveryError{Permanent: true, Reason: "not a Discord channel id"}
	}
	m := render(r)
	body := outgoing{Embeds: m.Embeds, Components: m.Components, AllowedMentions: noMentions()}
	if nonce != "" {
		body.Nonce, body.EnforceNonce = discordNonce(nonce), true
	}
	ctx, info := withResponseInfo(ctx)
	endpoint := discordgo.EndpointChannelMessages(chatID)
	resp, err := b.s.RequestWithBucketID(http.MethodPost, endpoint, body, endpoint, discordgo.WithContext(ctx))
	if err != nil {
		return "", b.deliveryError("sending a message", err, info)
	}
	var msg struct {
		ID string `json:"id"`
	}
	if err := json.Unmarshal(resp, &msg); err != nil || msg.ID == "" {
		return "", fmt.Errorf("discord: sending a message: the reply has no message id")
	}
	return msg.ID, nil
}

// Edit replaces a message the bot posted with r.
func (b *Bot) Edit(ctx context.Context, chatID, messageID string, r bot.Reply) error {
	if !snowflake.MatchString(chatID) || !snowflake.MatchString(messageID) {
		return &bot.DeliveryError{Permanent: true, Reason: "not a Discord channel or message id"}
	}
	m := render(r)
	edit := discordgo.NewMessageEdit(chatID, messageID)
	edit.Embeds, edit.Components, edit.AllowedMentions = &m.Embeds, &m.Components, noMentions()
	ctx, info := withResponseInfo(ctx)
	if _, err := b.s.ChannelMessageEditComplex(edit, discordgo.WithContext(ctx)); err != nil {
		return b.deliveryError("editing a message", err, info)
	}
	return nil
}

// discordNonce derives Discord's nonce (at most 25 characters) from a delivery nonce of any
// length; equal deliveries give equal nonces.
func discordNonce(nonce string) string {
	sum := sha256.Sum256([]byte(nonce))
	s := base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(sum[:])
	return strings.ToLower(s[:maxNonce])
}

// deliveryError maps a failed REST call onto what the delivery engine acts on: a rate limit
// with its wait, a permanent loss of the channel, or (anything else) a transient error.
func (b *Bot) deliveryError(what string, err error, info *responseInfo) error {
	status, header := info.get()
	safe := b.safe(err)
	var rl *discordgo.RateLimitError
	if errors.As(err, &rl) || status == http.StatusTooManyRequests {
		wait := time.Duration(0)
		if rl != nil && rl.TooManyRequests != nil {
			wait = rl.RetryAfter
		}
		if wait <= 0 {
			wait = parseRetryAfter(header)
		}
		if wait <= 0 {
			wait = defaultRetryAfter
		}
		return &bot.DeliveryError{RetryAfter: wait, Reason: "rate limited by Discord", Err: safe}
	}
	var re *discordgo.RESTError
	if errors.As(err, &re) {
		code, text := 0, ""
		if re.Message != nil {
			code, text = re.Message.Code, b.safe(errors.New(re.Message.Message)).Error()
		}
		switch {
		case code == codeMissingAccess:
			return &bot.DeliveryError{Permanent: true, Reason: "the bot has no access to the channel", Err: safe}
		case code == codeUnknownChannel:
			return &bot.DeliveryError{Permanent: true, Reason: "the channel no longer exists", Err: safe}
		case code == codeMissingPermissions:
			return &bot.DeliveryError{Permanent: true, Reason: "the bot lacks permission to post there", Err: safe}
		case re.Response != nil && re.Response.StatusCode == http.StatusForbidden:
			return &bot.DeliveryError{Permanent: true, Reason: "forbidden: " + text, Err: safe}
		}
	}
	return fmt.Errorf("discord: %s: %w", what, safe)
}

// parseRetryAfter reads a Retry-After header in seconds (Discord sends decimals).
func parseRetryAfter(h string) time.Duration {
	f, err := strconv.ParseFloat(strings.TrimSpace(h), 64)
	if err != nil || f <= 0 || f > 24*3600 {
		return 0
	}
	return time.Duration(f * float64(time.Second))
}
