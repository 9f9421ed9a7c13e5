package telegram

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func newWebhookBot(t *testing.T, f *fakeAPI, h Handler) *Bot {
	t.Helper()
	cfg := f.cfg()
	cfg.WebhookURL = "https://bots.example.org/telegram/hook"
	cfg.WebhookSecret = "s3cret_Value-1"
	b, err := New(cfg, h, Options{})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestWebhookRegistersAndServesOnlyTheSecretHolder(t *testing.T) {
	f := newFakeAPI(t)
	rec := newRecorder(nil)
	b := newWebhookBot(t, f, rec)
	if b.WebhookPath() != "/telegram/hook" {
		t.Errorf("WebhookPath = %q", b.WebhookPath())
	}
	srv := httptest.NewServer(b.WebhookHandler())
	t.Cleanup(srv.Close)
	post := func(secret, body string) int {
		t.Helper()
		req, _ := http.NewRequest(http.MethodPost, srv.URL, strings.NewReader(body))
		if secret != "" {
			req.Header.Set(secretHeader, secret)
		}
		resp, err := srv.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	update := `{"update_id":500,` + strings.TrimPrefix(message(7, "private", 7, "/latest"), "{")

	if b.Ready(context.Background()) == nil {
		t.Error("Ready before Run")
	}
	// Before Run has learnt the bot's name, Telegram is told to come back later.
	if got := post("s3cret_Value-1", update); got != http.StatusServiceUnavailable {
		t.Errorf("before Run: %d, want 503", got)
	}
	startBot(t, b)
	reg := f.waitCalls("setWebhook", 1)[0].Params
	if reg.Get("url") != "https://bots.example.org/telegram/hook" || reg.Get("secret_token") != "s3cret_Value-1" ||
		!strings.Contains(reg.Get("allowed_updates"), "callback_query") {
		t.Errorf("setWebhook params %v", reg)
	}
	if b.Username() != "BriefBot" || b.Ready(context.Background()) != nil { // registration follows getMe
		t.Fatalf("Username = %q, not ready", b.Username())
	}
	if len(f.callsOf("getUpdates")) != 0 || len(f.callsOf("deleteWebhook")) != 0 {
		t.Error("webhook mode must not poll or delete the webhook")
	}

	tests := []struct {
		name, secret, body string
		want               int
	}{
		{"no secret", "", update, http.StatusUnauthorized},
		{"wrong secret", "s3cret_Value-2", update, http.StatusUnauthorized},
		{"prefix of the secret", "s3cret", update, http.StatusUnauthorized},
		{"bad JSON", "s3cret_Value-1", `{"update_id":`, http.StatusBadRequest},
		{"good", "s3cret_Value-1", update, http.StatusOK},
		{"redelivered", "s3cret_Value-1", update, http.StatusOK},
	}
	for _, tt := range tests {
		if got := post(tt.secret, tt.body); got != tt.want {
			t.Errorf("%s: status %d, want %d", tt.name, got, tt.want)
		}
	}
	resp, err := srv.Client().Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("GET: %d", resp.StatusCode)
	}
	if reqs := rec.requests(); len(reqs) != 1 || reqs[0].Text != "/latest" {
		t.Errorf("handled %+v; want the one authorised update, once", reqs)
	}
	if len(f.callsOf("sendMessage")) != 1 {
		t.Errorf("%d replies", len(f.callsOf("sendMessage")))
	}
}

func TestWebhookRejectsHugeBodies(t *testing.T) {
	f := newFakeAPI(t)
	b := newWebhookBot(t, f, newRecorder(nil))
	startBot(t, b)
	f.waitCalls("setWebhook", 1)
	huge := `{"update_id":1,"message":{"text":"` + strings.Repeat("a", 2<<20) + `"}}`
	req := httptest.NewRequest(http.MethodPost, "/telegram/hook", strings.NewReader(huge))
	req.Header.Set(secretHeader, "s3cret_Value-1")
	w := httptest.NewRecorder()
	b.WebhookHandler().ServeHTTP(w, req)
	if w.Code != http.StatusRequestEntityTooLarge {
		t.Errorf("status %d, want 413", w.Code)
	}
}

func TestWebhookRegistrationRefusedIsAnError(t *testing.T) {
	f := newFakeAPI(t)
	f.on("setWebhook", func(call) (int, string) {
		return 400, `{"ok":false,"error_code":400,"description":"Bad Request: bad webhook: HTTPS url must be provided for webhook"}`
	})
	b := newWebhookBot(t, f, newRecorder(nil))
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	err := b.Run(ctx)
	if err == nil || !strings.Contains(err.Error(), "HTTPS url") {
		t.Fatalf("Run = %v", err)
	}
	if b, _ := json.Marshal(err.Error()); strings.Contains(string(b), testToken) {
		t.Fatal("token in error")
	}
}
