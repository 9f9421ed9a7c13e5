package telegram

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/briefs"
)

// manageCommands change a chat's subscriptions: in groups only administrators may use them.
var manageCommands = map[string]bool{"subscribe": true, "unsubscribe": true}

// maxIncoming bounds the text of a message passed to the handler.
const maxIncoming = 4096

// incoming is an update with what the library's types do not read: the forum topic.
type incoming struct {
	tgbotapi.Update
	thread int // message_thread_id of a forum-topic message, or of the pressed message
}

type topicFields struct {
	ThreadID int  `json:"message_thread_id"`
	IsTopic  bool `json:"is_topic_message"`
}

// decodeUpdate reads one update as Telegram sends it.
func decodeUpdate(raw []byte) (incoming, error) {
	var in incoming
	if err := json.Unmarshal(raw, &in.Update); err != nil {
		return in, err
	}
	var topic struct {
		Message       *topicFields `json:"message"`
		CallbackQuery *struct {
			Message *topicFields `json:"message"`
		} `json:"callback_query"`
	}
	if json.Unmarshal(raw, &topic) == nil {
		t := topic.Message
		if topic.CallbackQuery != nil {
			t = topic.CallbackQuery.Message
		}
		// Only forum topics: in other supergroups a thread id names a reply chain, not a topic.
		if t != nil && t.IsTopic {
			in.thread = t.ThreadID
		}
	}
	return in, nil
}

// handleUpdate answers one update; errors are logged, never returned, so one bad update cannot
// stop the loop.
func (b *Bot) handleUpdate(ctx context.Context, u incoming) {
	switch {
	case u.Message != nil:
		b.handleMessage(ctx, u.Message, u.thread)
	case u.CallbackQuery != nil:
		b.handleCallback(ctx, u.CallbackQuery, u.thread)
	}
}

func (b *Bot) handleMessage(ctx context.Context, m *tgbotapi.Message, thread int) {
	if m.Chat == nil || m.Text == "" || len(m.Text) > maxIncoming*4 || !utf8.ValidString(m.Text) {
		return
	}
	private := m.Chat.Type == "private"
	if !private && m.Chat.Type != "group" && m.Chat.Type != "supergroup" {
		return // channels: briefbot posts there but takes no commands
	}
	name, target, isCommand := parseCommand(m.Text)
	self := b.Username()
	if target != "" && !strings.EqualFold(target, self) {
		return // "/cmd@OtherBot": meant for another bot in the group
	}
	if !isCommand && !private {
		return // chatter in a group is not for us
	}
	req := bot.Request{
		Chat:    briefs.ChatRef{Platform: Platform, ID: strconv.FormatInt(m.Chat.ID, 10)},
		User:    senderID(m.From, m.SenderChat),
		Text:    m.Text,
		BotName: self,
	}
	req.CanManage = private || (manageCommands[name] && b.isChatAdmin(ctx, m.Chat, m.From, m.SenderChat))
	reply := b.h.Handle(ctx, req)
	if reply.Silent {
		return
	}
	if err := b.replyTo(ctx, chatTarget{id: m.Chat.ID, thread: thread}, reply); err != nil {
		b.log.Warn("telegram: reply failed", slog.String("chat", req.Chat.ID), slog.String("error", err.Error()))
	}
}

// maxReplyWait is the longest rate-limit wait a command reply sits out before it is dropped.
const maxReplyWait = 30 * time.Second

// replyTo sends a command's reply, waiting out one rate limit (429 retry_after) if it is short;
// parts already sent are not sent again.
func (b *Bot) replyTo(ctx context.Context, to chatTarget, r bot.Reply) error {
	progress := &sendProgress{}
	_, err := b.sendParts(ctx, to, r, progress)
	var apiErr *tgbotapi.Error
	if err == nil || !errors.As(err, &apiErr) || apiErr.RetryAfter <= 0 {
		return err
	}
	d := time.Duration(apiErr.RetryAfter) * time.Second
	if d > maxReplyWait {
		return err
	}
	if b.wait(ctx, d) != nil {
		return err
	}
	_, err = b.sendParts(ctx, to, r, progress)
	return err
}

func (b *Bot) handleCallback(ctx context.Context, q *tgbotapi.CallbackQuery, thread int) {
	answer := func(text string) {
		err := b.call(ctx, callTimeout, func(api *tgbotapi.BotAPI) error {
			_, err := api.Request(tgbotapi.NewCallback(q.ID, text))
			return err
		})
		if err != nil {
			b.log.Debug("telegram: answerCallbackQuery failed", slog.String("error", err.Error()))
		}
	}
	// A bad client can send any data; and an inline-mode or very old message has no chat.
	if q.Message == nil || q.Message.Chat == nil || !validData(q.Data) {
		answer("This button no longer works.")
		return
	}
	chat := q.Message.Chat
	private := chat.Type == "private"
	name, _, _ := parseCommand(q.Data)
	req := bot.Request{
		Chat:    briefs.ChatRef{Platform: Platform, ID: strconv.FormatInt(chat.ID, 10)},
		User:    senderID(q.From, nil),
		Text:    q.Data,
		Press:   true,
		BotName: b.Username(),
	}
	req.CanManage = private || (manageCommands[name] && b.isChatAdmin(ctx, chat, q.From, nil))
	reply := b.h.Handle(ctx, req)
	if reply.Silent {
		answer("")
		return
	}
	if reply.Error {
		answer(toastText(reply))
		return
	}
	parts := render(reply)
	if len(parts) == 0 {
		answer("")
		return
	}
	kb, _ := keyboard(reply.Buttons)
	to := chatTarget{id: chat.ID, thread: thread}
	// The pressed message shows the first part; a longer reply continues in new messages
	// and the keyboard moves to the last of them.
	first := kb
	if len(parts) > 1 {
		first = nil
	}
	if err := b.editText(ctx, to, q.Message.MessageID, parts[0], first); err != nil {
		b.log.Warn("telegram: editMessageText failed", slog.String("chat", req.Chat.ID), slog.String("error", err.Error()))
	}
	if len(parts) > 1 {
		if _, err := b.sendRendered(ctx, to, parts[1:], kb, true, &sendProgress{}); err != nil {
			b.log.Warn("telegram: sending the rest of a reply failed", slog.String("chat", req.Chat.ID), slog.String("error", err.Error()))
		}
	}
	answer("")
}

// parseCommand reads "/name@target args": name is lower-cased; isCommand is false for other text.
func parseCommand(text string) (name, target string, isCommand bool) {
	if !strings.HasPrefix(text, "/") {
		return "", "", false
	}
	word := text[1:]
	if i := strings.IndexAny(word, " \t\n"); i >= 0 {
		word = word[:i]
	}
	name, target, _ = strings.Cut(word, "@")
	return strings.ToLower(name), target, name != ""
}

// isChatAdmin reports whether the sender may manage the group: an anonymous administrator
// posting as the group itself, or a member whose status is creator or administrator. Any error
// (the member lookup failed, the API does not offer it) means no.
func (b *Bot) isChatAdmin(ctx context.Context, chat *tgbotapi.Chat, from *tgbotapi.User, senderChat *tgbotapi.Chat) bool {
	if senderChat != nil && senderChat.ID == chat.ID {
		return true
	}
	if from == nil {
		return false
	}
	var member tgbotapi.ChatMember
	err := b.call(ctx, callTimeout, func(api *tgbotapi.BotAPI) (err error) {
		member, err = api.GetChatMember(tgbotapi.GetChatMemberConfig{ChatConfigWithUser: tgbotapi.ChatConfigWithUser{
			ChatID: chat.ID, UserID: from.ID}})
		return err
	})
	if err != nil {
		b.log.Warn("telegram: getChatMember failed; treating the sender as not an administrator",
			slog.Int64("chat", chat.ID), slog.String("error", err.Error()))
		return false
	}
	return member.IsCreator() || member.IsAdministrator()
}

func senderID(from *tgbotapi.User, senderChat *tgbotapi.Chat) string {
	switch {
	case senderChat != nil:
		return strconv.FormatInt(senderChat.ID, 10)
	case from != nil:
		return strconv.FormatInt(from.ID, 10)
	}
	return ""
}

// toastText is the short text a callback answer can show (at most 200 characters).
func toastText(r bot.Reply) string {
	t := clean(r.Title)
	for _, bl := range r.Blocks {
		if t != "" {
			break
		}
		t = clean(bl.Text)
	}
	if rs := []rune(t); len(rs) > 200 {
		t = string(rs[:199]) + "…"
	}
	return t
}
