package e2e

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"
)

// emulatorEnv names the emulator's base URL; .ci/telegram-emulator.sh exports it.
const emulatorEnv = "BRIEFBOT_TEST_TELEGRAM_EMULATOR"

// emulatorURL returns the emulator's base URL, skipping the test when none is configured and
// failing it when one is configured but does not answer.
func emulatorURL(t *testing.T) string {
	t.Helper()
	base := strings.TrimRight(os.Getenv(emulatorEnv), "/")
	if base == "" {
		t.Skip(emulatorEnv + " is not set: run `source .ci/telegram-emulator.sh` (npm telegram-test-api) to run the Telegram end-to-end test")
	}
	resp, err := http.Post(base+"/botprobe/getMe", "application/json", nil)
	if err != nil {
		t.Fatalf("%s=%s does not answer: %v", emulatorEnv, base, err)
	}
	resp.Body.Close()
	return base
}

// user is one person typing into one chat of the emulator, through its client routes
// (/sendMessage, /sendCallback, /getUpdates, /getUpdatesHistory), which are not Bot API calls.
type user struct {
	t        *testing.T
	base     string
	token    string
	id       int64
	chatID   int64
	chatType string
	seen     []botMessage // every bot message this chat received, in order
}

// botMessage is what the emulator stored for one bot message: the raw sendMessage parameters.
type botMessage struct {
	MessageID int `json:"messageId"`
	Message   struct {
		ChatID      string `json:"chat_id"`
		Text        string `json:"text"`
		ParseMode   string `json:"parse_mode"`
		ReplyMarkup *struct {
			InlineKeyboard [][]struct {
				Text         string `json:"text"`
				CallbackData string `json:"callback_data"`
			} `json:"inline_keyboard"`
		} `json:"reply_markup"`
	} `json:"message"`
}

// button returns the callback data of the button whose label contains label.
func (m botMessage) button(label string) (string, bool) {
	if m.Message.ReplyMarkup == nil {
		return "", false
	}
	for _, row := range m.Message.ReplyMarkup.InlineKeyboard {
		for _, b := range row {
			if strings.Contains(b.Text, label) {
				return b.CallbackData, true
			}
		}
	}
	return "", false
}

func (u *user) post(path string, body any, out any) {
	u.t.Helper()
	raw, _ := json.Marshal(body)
	resp, err := http.Post(u.base+path, "application/json", bytes.NewReader(raw))
	if err != nil {
		u.t.Fatalf("emulator %s: %v", path, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		u.t.Fatalf("emulator %s: status %d", path, resp.StatusCode)
	}
	if out != nil {
		if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
			u.t.Fatalf("emulator %s: %v", path, err)
		}
	}
}

func (u *user) chat() map[string]any {
	return map[string]any{"id": u.chatID, "type": u.chatType, "title": "E2E", "first_name": "Eve"}
}

func (u *user) from() map[string]any {
	return map[string]any{"id": u.id, "is_bot": false, "first_name": "Eve", "username": "eve"}
}

// say types text into the chat.
func (u *user) say(text string) {
	u.t.Helper()
	u.post("/sendMessage", map[string]any{"botToken": u.token, "from": u.from(), "chat": u.chat(),
		"date": time.Now().Unix(), "text": text}, nil)
}

// press presses a button under the bot message with id messageID.
func (u *user) press(messageID int, data string) {
	u.t.Helper()
	u.post("/sendCallback", map[string]any{"botToken": u.token, "from": u.from(), "data": data,
		"message": map[string]any{"message_id": messageID, "chat": u.chat(), "date": time.Now().Unix()}}, nil)
}

// await waits until the chat has received n new bot messages and returns them.
func (u *user) await(n int) []botMessage {
	u.t.Helper()
	var got []botMessage
	u.poll(func() bool {
		var resp struct {
			Result []botMessage `json:"result"`
		}
		u.post("/getUpdates", map[string]any{"token": u.token, "chatId": u.chatID}, &resp)
		got = append(got, resp.Result...)
		return len(got) >= n
	}, fmt.Sprintf("%d bot messages (got %d)", n, len(got)))
	u.seen = append(u.seen, got...)
	return got
}

// awaitText waits until a bot message holding want arrives and returns the messages received
// up to and including it.
func (u *user) awaitText(want string) []botMessage {
	u.t.Helper()
	var got []botMessage
	u.poll(func() bool {
		var resp struct {
			Result []botMessage `json:"result"`
		}
		u.post("/getUpdates", map[string]any{"token": u.token, "chatId": u.chatID}, &resp)
		got = append(got, resp.Result...)
		for _, m := range got {
			if strings.Contains(m.Message.Text, want) {
				return true
			}
		}
		return false
	}, fmt.Sprintf("a message holding %q", want))
	u.seen = append(u.seen, got...)
	return got
}

// stored returns the emulator's current copy of bot message id (edits change it in place).
func (u *user) stored(id int) botMessage {
	u.t.Helper()
	var resp struct {
		Result []botMessage `json:"result"`
	}
	u.post("/getUpdatesHistory", map[string]any{"token": u.token}, &resp)
	for _, m := range resp.Result {
		if m.MessageID == id && m.Message.ChatID != "" {
			return m
		}
	}
	u.t.Fatalf("bot message %d not in the emulator's history", id)
	return botMessage{}
}

// awaitEdit waits until bot message id holds want.
func (u *user) awaitEdit(id int, want string) botMessage {
	u.t.Helper()
	var m botMessage
	u.poll(func() bool {
		m = u.stored(id)
		return strings.Contains(m.Message.Text, want)
	}, fmt.Sprintf("message %d to be edited to hold %q", id, want))
	return m
}

// poll checks cond every 20ms until it holds, failing after 20s. The emulator has no way to
// wait for a message, so the client asks again.
func (u *user) poll(cond func() bool, what string) {
	u.t.Helper()
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	deadline := time.After(20 * time.Second)
	for !cond() {
		select {
		case <-tick.C:
		case <-deadline:
			u.t.Fatalf("timed out waiting for %s", what)
		}
	}
}
