package telegram

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/scheduler"
)

var _ scheduler.Sender = (*Bot)(nil)

// Platform names the platform this sender posts to.
func (b *Bot) Platform() string { return Platform }

// Send posts r to the chat (a numeric chat id or an @channel username) as HTML, split into
// several messages when long, and returns the first message's id. Within one process a retry with
// the same nonce resumes after the parts already sent instead of repeating them.
func (b *Bot) Send(ctx context.Context, chatID string, r bot.Reply, nonce string) (string, error) {
	target, err := parseChat(chatID)
	if err != nil {
		return "", err
	}
	if r.Silent {
		return "", nil
	}
	first, err := b.sendParts(ctx, target, r, b.sent.resume(nonce))
	if err != nil {
		return "", b.deliveryError(err)
	}
	return strconv.Itoa(first), nil
}

// Edit replaces the text and keyboard of message messageID. Only that one message can change:
// a text too long for it is cut at the part limit and ends with "…".
func (b *Bot) Edit(ctx context.Context, chatID, messageID string, r bot.Reply) error {
	target, err := parseChat(chatID)
	if err != nil {
		return err
	}
	id, err := strconv.Atoi(messageID)
	if err != nil || id <= 0 {
		return &bot.DeliveryError{Permanent: true, Reason: "invalid message id", Err: err}
	}
	parts := render(r)
	if r.Silent || len(parts) == 0 {
		return nil
	}
	text := parts[0]
	if len(parts) > 1 {
		text += "\n…"
	}
	kb, _ := keyboard(r.Buttons)
	if err := b.editText(ctx, target, id, text, kb); err != nil {
		var apiErr *tgbotapi.Error
		if errors.As(err, &apiErr) && apiErr.Code == http.StatusBadRequest && containsAny(apiErr.Message, editGone) {
			return &bot.DeliveryError{Permanent: true, Reason: apiErr.Message, Err: err}
		}
		return b.deliveryError(err)
	}
	return nil
}

// editGone are 400 answers meaning that message can never be edited (deleted, too old).
var editGone = []string{"message to edit not found", "message can't be edited", "message_id_invalid"}

func containsAny(s string, subs []string) bool {
	low := strings.ToLower(s)
	for _, p := range subs {
		if strings.Contains(low, p) {
			return true
		}
	}
	return false
}

// chatTarget is where a message goes: a numeric id or a public @username, and in a forum
// supergroup the topic (message thread) a command came from.
type chatTarget struct {
	id       int64
	username string
	thread   int
}

func parseChat(chatID string) (chatTarget, error) {
	if strings.HasPrefix(chatID, "@") && len(chatID) > 1 {
		return chatTarget{username: chatID}, nil
	}
	id, err := strconv.ParseInt(chatID, 10, 64)
	if err != nil || id == 0 {
		return chatTarget{}, &bot.DeliveryError{Permanent: true, Reason: "invalid chat id " + strconv.Quote(chatID), Err: err}
	}
	return chatTarget{id: id}, nil
}

// sendParts renders r and sends it; see sendRendered.
func (b *Bot) sendParts(ctx context.Context, to chatTarget, r bot.Reply, progress *sendProgress) (int, error) {
	parts := render(r)
	if len(parts) == 0 {
		return 0, errors.New("telegram: the reply has no text to send")
	}
	kb, dropped := keyboard(r.Buttons)
	if len(dropped) > 0 {
		b.log.Warn("telegram: buttons left out: callback data must be 1-64 bytes", slog.Any("labels", dropped))
	}
	// A reply with several links (a digest) would get a preview of the first one only: turn
	// previews off unless the reply is one message about one page.
	noPreview := len(parts) > 1 || distinctLinks(parts[0]) > 1
	return b.sendRendered(ctx, to, parts, kb, noPreview, progress)
}

var linkHref = regexp.MustCompile(`<a href="([^"]*)">`)

// distinctLinks counts the different link targets in rendered HTML.
func distinctLinks(html string) int {
	seen := map[string]bool{}
	for _, m := range linkHref.FindAllStringSubmatch(html, -1) {
		seen[m[1]] = true
	}
	return len(seen)
}

// sendRendered sends HTML parts in order, the keyboard on the last, skipping the parts that
// progress says were already sent. It returns the first part's message id.
func (b *Bot) sendRendered(ctx context.Context, to chatTarget, parts []string, kb *tgbotapi.InlineKeyboardMarkup,
	noPreview bool, progress *sendProgress) (int, error) {
	progress.mu.Lock()
	defer progress.mu.Unlock()
	for i := progress.sent; i < len(parts); i++ {
		var markup *tgbotapi.InlineKeyboardMarkup
		if i == len(parts)-1 {
			markup = kb
		}
		id, err := b.sendMessage(ctx, to, parts[i], markup, noPreview)
		if err != nil {
			return 0, err
		}
		if i == 0 {
			progress.first = id
		}
		progress.sent = i + 1
	}
	return progress.first, nil
}

// sendMessage sends one HTML message and returns its id. The parameters are built here because
// the library's MessageConfig predates forum topics (message_thread_id).
func (b *Bot) sendMessage(ctx context.Context, to chatTarget, text string, kb *tgbotapi.InlineKeyboardMarkup, noPreview bool) (int, error) {
	params := tgbotapi.Params{"text": text, "parse_mode": tgbotapi.ModeHTML}
	if err := params.AddFirstValid("chat_id", to.id, to.username); err != nil {
		return 0, err
	}
	params.AddNonZero("message_thread_id", to.thread)
	params.AddBool("disable_web_page_preview", noPreview)
	if kb != nil {
		if err := params.AddInterface("reply_markup", kb); err != nil {
			return 0, err
		}
	}
	var resp *tgbotapi.APIResponse
	err := b.call(ctx, callTimeout, func(api *tgbotapi.BotAPI) (err error) {
		resp, err = api.MakeRequest("sendMessage", params)
		return err
	})
	if err != nil {
		return 0, err
	}
	var sent struct {
		MessageID int `json:"message_id"`
	}
	if err := json.Unmarshal(resp.Result, &sent); err != nil {
		return 0, fmt.Errorf("telegram: reading the sent message: %w", err)
	}
	return sent.MessageID, nil
}

// editText replaces a message's text; "message is not modified" counts as done.
func (b *Bot) editText(ctx context.Context, to chatTarget, messageID int, text string, kb *tgbotapi.InlineKeyboardMarkup) error {
	edit := tgbotapi.EditMessageTextConfig{
		BaseEdit: tgbotapi.BaseEdit{ChatID: to.id, ChannelUsername: to.username, MessageID: messageID, ReplyMarkup: kb},
		Text:     text, ParseMode: tgbotapi.ModeHTML, DisableWebPagePreview: true,
	}
	// Request, not Send: the result is a Message, or true for inline messages.
	err := b.call(ctx, callTimeout, func(api *tgbotapi.BotAPI) error {
		_, err := api.Request(edit)
		return err
	})
	var apiErr *tgbotapi.Error
	if errors.As(err, &apiErr) && strings.Contains(apiErr.Message, "message is not modified") {
		return nil
	}
	return err
}

// permanentReasons are 400 answers that no retry will fix for this chat.
var permanentReasons = []string{"chat not found", "group chat was deactivated", "bot was kicked",
	"user is deactivated", "not enough rights", "have no rights to send", "chat_write_forbidden"}

// deliveryError maps an API error to what the delivery engine acts on. Transport errors and 5xx
// answers stay plain errors (transient); the token has already been scrubbed by call.
func (b *Bot) deliveryError(err error) error {
	var apiErr *tgbotapi.Error
	if !errors.As(err, &apiErr) {
		return fmt.Errorf("telegram: %w", err)
	}
	reason := apiErr.Message
	if reason == "" {
		reason = "error " + strconv.Itoa(apiErr.Code)
	}
	switch {
	case apiErr.RetryAfter > 0 || apiErr.Code == http.StatusTooManyRequests:
		d := time.Duration(apiErr.RetryAfter) * time.Second
		if d <= 0 {
			d = 5 * time.Second
		}
		return &bot.DeliveryError{RetryAfter: d, Reason: reason, Err: err}
	case apiErr.MigrateToChatID != 0:
		return &bot.DeliveryError{MovedTo: strconv.FormatInt(apiErr.MigrateToChatID, 10),
			Reason: "the group became a supergroup", Err: err}
	case apiErr.Code == http.StatusForbidden || apiErr.Code == http.StatusUnauthorized:
		return &bot.DeliveryError{Permanent: true, Reason: reason, Err: err}
	case apiErr.Code == http.StatusBadRequest && containsAny(reason, permanentReasons):
		return &bot.DeliveryError{Permanent: true, Reason: reason, Err: err}
	}
	return fmt.Errorf("telegram: %w", err)
}

// sendProgress is how far one delivery (by nonce) got.
type sendProgress struct {
	mu    sync.Mutex
	sent  int
	first int
}

// progressLog remembers the progress of recent nonces, bounded.
type progressLog struct {
	mu    sync.Mutex
	order []string
	byKey map[string]*sendProgress
}

const progressKept = 1024

// resume returns the progress kept for nonce, or a fresh one ("" is never kept).
func (l *progressLog) resume(nonce string) *sendProgress {
	if nonce == "" {
		return &sendProgress{}
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if p, ok := l.byKey[nonce]; ok {
		return p
	}
	if l.byKey == nil {
		l.byKey = make(map[string]*sendProgress)
	}
	if len(l.order) >= progressKept {
		delete(l.byKey, l.order[0])
		l.order = l.order[1:]
	}
	p := &sendProgress{}
	l.order = append(l.order, nonce)
	l.byKey[nonce] = p
	return p
}
