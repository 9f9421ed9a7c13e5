package telegram

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/config"
)

// testToken looks like a real token so that scrubbing is tested on the real shape.
const testToken = "123456789:AAE-SecretTokenValue_xyz"

type cfgT = config.Telegram

// call is one request the fake received.
type call struct {
	Method string
	Params url.Values
}

// fakeAPI is a small Telegram Bot API: enough methods for the adapter, with per-method overrides
// for the error answers (429, 403, migrate, 5xx, bad JSON).
type fakeAPI struct {
	t   *testing.T
	srv *httptest.Server

	mu           sync.Mutex
	calls        []call
	changed      chan struct{} // closed and replaced on every call or queued update
	override     map[string]func(call) (int, string)
	updates      []string          // raw update objects, each with its update_id
	members      map[string]string // user id -> status for getChatMember
	ignoreOffset bool              // answer every queued update once, whatever the offset (like the emulator)
	nextMsgID    int
}

func newFakeAPI(t *testing.T) *fakeAPI {
	f := &fakeAPI{t: t, changed: make(chan struct{}), override: map[string]func(call) (int, string){},
		members: map[string]string{}, nextMsgID: 100}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	return f
}

// endpoint is the API URL in the library's form.
func (f *fakeAPI) endpoint() string { return f.srv.URL + "/bot%s/%s" }

func (f *fakeAPI) cfg() config.Telegram {
	return config.Telegram{Token: testToken, APIURL: f.endpoint()}
}

// on replaces the answer to one method.
func (f *fakeAPI) on(method string, fn func(call) (int, string)) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.override[method] = fn
}

// queue adds an update for getUpdates; raw is the update object without update_id.
func (f *fakeAPI) queue(id int, raw string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.updates = append(f.updates, fmt.Sprintf(`{"update_id":%d,%s`, id, strings.TrimPrefix(raw, "{")))
	f.signal()
}

func (f *fakeAPI) signal() {
	close(f.changed)
	f.changed = make(chan struct{})
}

func (f *fakeAPI) serve(w http.ResponseWriter, r *http.Request) {
	token, method, ok := strings.Cut(strings.TrimPrefix(r.URL.Path, "/bot"), "/")
	if !ok || token != testToken {
		writeJSON(w, 401, `{"ok":false,"error_code":401,"description":"Unauthorized"}`)
		return
	}
	if err := r.ParseForm(); err != nil {
		writeJSON(w, 400, `{"ok":false,"error_code":400,"description":"Bad Request: bad form"}`)
		return
	}
	c := call{Method: method, Params: r.PostForm}
	f.mu.Lock()
	f.calls = append(f.calls, c)
	f.signal()
	fn := f.override[method]
	f.mu.Unlock()
	if fn != nil {
		if status, body := fn(c); status != 0 {
			writeJSON(w, status, body)
			return
		}
	}
	switch method {
	case "getMe":
		writeJSON(w, 200, `{"ok":true,"result":{"id":42,"is_bot":true,"first_name":"Brief","username":"BriefBot"}}`)
	case "getUpdates":
		f.serveUpdates(w, r, c)
	case "sendMessage", "editMessageText":
		f.mu.Lock()
		id := f.nextMsgID
		if method == "sendMessage" {
			f.nextMsgID++
		} else {
			id, _ = strconv.Atoi(c.Params.Get("message_id"))
		}
		f.mu.Unlock()
		chat, _ := strconv.ParseInt(c.Params.Get("chat_id"), 10, 64)
		msg, _ := json.Marshal(map[string]any{"message_id": id, "date": 1700000000,
			"chat": map[string]any{"id": chat, "type": "private"}, "text": c.Params.Get("text")})
		writeJSON(w, 200, `{"ok":true,"result":`+string(msg)+`}`)
	case "getChatMember":
		f.mu.Lock()
		status, found := f.members[c.Params.Get("user_id")]
		f.mu.Unlock()
		if !found {
			writeJSON(w, 400, `{"ok":false,"error_code":400,"description":"Bad Request: user not found"}`)
			return
		}
		writeJSON(w, 200, fmt.Sprintf(`{"ok":true,"result":{"status":%q,"user":{"id":%s,"is_bot":false,"first_name":"U"}}}`,
			status, c.Params.Get("user_id")))
	case "answerCallbackQuery", "setMyCommands", "deleteWebhook", "setWebhook":
		writeJSON(w, 200, `{"ok":true,"result":true}`)
	default:
		writeJSON(w, 404, `{"ok":false,"error_code":404,"description":"Not Found"}`)
	}
}

// serveUpdates answers a long poll: the queued updates from offset on, or waits for one until the
// client gives up, like the real server.
func (f *fakeAPI) serveUpdates(w http.ResponseWriter, r *http.Request, c call) {
	offset, _ := strconv.Atoi(c.Params.Get("offset"))
	for {
		f.mu.Lock()
		var out []string
		kept := f.updates[:0]
		for _, u := range f.updates {
			var head struct {
				UpdateID int `json:"update_id"`
			}
			_ = json.Unmarshal([]byte(u), &head)
			if head.UpdateID >= offset || f.ignoreOffset {
				out = append(out, u)
				kept = append(kept, u)
			}
		}
		f.updates = kept
		if f.ignoreOffset {
			f.updates = nil
		}
		ch := f.changed
		f.mu.Unlock()
		if len(out) > 0 || c.Params.Get("timeout") == "" {
			writeJSON(w, 200, `{"ok":true,"result":[`+strings.Join(out, ",")+`]}`)
			return
		}
		select {
		case <-ch:
		case <-r.Context().Done():
			return
		}
	}
}

func writeJSON(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write([]byte(body))
}

// callsOf returns the calls of one method so far.
func (f *fakeAPI) callsOf(method string) []call {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []call
	for _, c := range f.calls {
		if c.Method == method {
			out = append(out, c)
		}
	}
	return out
}

// waitCalls waits until method has been called n times and returns those calls.
func (f *fakeAPI) waitCalls(method string, n int) []call {
	f.t.Helper()
	deadline := time.After(10 * time.Second)
	for {
		f.mu.Lock()
		ch := f.changed
		f.mu.Unlock()
		if got := f.callsOf(method); len(got) >= n {
			return got
		}
		select {
		case <-ch:
		case <-deadline:
			f.t.Fatalf("timed out waiting for %d %s calls; got %d", n, method, len(f.callsOf(method)))
		}
	}
}

// handlerFunc adapts a function to Handler and records requests.
type recorder struct {
	mu    sync.Mutex
	reqs  []bot.Request
	fn    func(bot.Request) bot.Reply
	calls chan bot.Request
}

func newRecorder(fn func(bot.Request) bot.Reply) *recorder {
	return &recorder{fn: fn, calls: make(chan bot.Request, 100)}
}

func (r *recorder) Handle(_ context.Context, req bot.Request) bot.Reply {
	r.mu.Lock()
	r.reqs = append(r.reqs, req)
	r.mu.Unlock()
	r.calls <- req
	if r.fn == nil {
		return bot.Reply{Title: "ok"}
	}
	return r.fn(req)
}

func (r *recorder) requests() []bot.Request {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]bot.Request(nil), r.reqs...)
}

// waits stands in for the Bot's sleep: each wait is handed to the test, which takes it with
// next, and returns at once; a wait nobody takes lasts until the Bot's context ends.
type waits struct{ ch chan time.Duration }

func newWaits() *waits { return &waits{ch: make(chan time.Duration)} }

func (w *waits) wait(ctx context.Context, d time.Duration) error {
	select {
	case w.ch <- d:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// next returns the next wait the Bot asks for.
func (w *waits) next(t *testing.T) time.Duration {
	t.Helper()
	select {
	case d := <-w.ch:
		return d
	case <-time.After(10 * time.Second):
		t.Fatal("timed out waiting for the bot to back off")
		return 0
	}
}

// syncBuffer is a log sink safe for the Bot's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func testLogger(buf *syncBuffer) *slog.Logger {
	return slog.New(slog.NewTextHandler(buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

// startBot runs b until the test ends and checks Run returned nil.
func startBot(t *testing.T, b *Bot) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- b.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("Run: %v", err)
			}
		case <-time.After(10 * time.Second):
			t.Error("Run did not return after cancel")
		}
	})
}
