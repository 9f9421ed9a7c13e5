package discord

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/bot/discord/discordtest"
	"github.com/briefbot/briefbot/config"
	"github.com/briefbot/briefbot/scheduler"
)

var _ scheduler.Sender = (*Bot)(nil)

const testToken = "MTk4NjIyNDgzNDcxOTI1MjQ4.Cl2FMQ.ZnCjm1XVW7vRze4b7Cq4se7kKWs"

// logBuffer is a goroutine-safe log sink that can be waited on.
type logBuffer struct {
	mu      sync.Mutex
	buf     bytes.Buffer
	changed chan struct{}
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.changed != nil {
		close(l.changed)
		l.changed = nil
	}
	return l.buf.Write(p)
}

// waitFor blocks until the log holds s, failing the test after 15 seconds.
func (l *logBuffer) waitFor(t *testing.T, s string) {
	t.Helper()
	deadline := time.NewTimer(15 * time.Second)
	defer deadline.Stop()
	for {
		l.mu.Lock()
		if strings.Contains(l.buf.String(), s) {
			l.mu.Unlock()
			return
		}
		if l.changed == nil {
			l.changed = make(chan struct{})
		}
		ch := l.changed
		l.mu.Unlock()
		select {
		case <-ch:
		case <-deadline.C:
			t.Fatalf("timed out waiting for %q in the log:\n%s", s, l.String())
		}
	}
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

type handlerFunc func(ctx context.Context, req bot.Request) bot.Reply

func (f handlerFunc) Handle(ctx context.Context, req bot.Request) bot.Reply { return f(ctx, req) }

// newTestBot builds a Bot against the fake; logs go to the returned buffer.
func newTestBot(t *testing.T, srv *discordtest.Server, h Handler, opts Options) (*Bot, *logBuffer) {
	t.Helper()
	logs := &logBuffer{}
	opts.Logger = slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	b, err := New(config.Discord{Token: config.Secret(testToken), APIURL: srv.URL, ShardCount: 1}, h, opts)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	t.Cleanup(func() {
		if strings.Contains(logs.String(), testToken) {
			t.Errorf("the bot token appears in the logs:\n%s", logs.String())
		}
	})
	return b, logs
}

func noHandler() Handler {
	return handlerFunc(func(context.Context, bot.Request) bot.Reply { return bot.Reply{Silent: true} })
}
