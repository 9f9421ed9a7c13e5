package main

import (
	"context"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/briefbot/briefbot/briefs/sqlite"
)

// syncBuffer is an output the test reads while briefbot writes it.
type syncBuffer struct {
	mu sync.Mutex
	sb strings.Builder
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.sb.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.sb.String()
}

// freeAddr returns a loopback address nobody listens on (taken and released).
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// httpGet fetches url, expecting status want, and returns the body; 0 tolerates any status.
func httpGet(t *testing.T, url string, want int) string {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if want != 0 && resp.StatusCode != want {
		t.Fatalf("GET %s: %d, want %d: %s", url, resp.StatusCode, want, b)
	}
	return string(b)
}

func envOf(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

// eventually waits for cond, failing after 20 s; polled, never a fixed sleep for an outcome.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

type liveRun struct {
	in       *io.PipeWriter
	out, err *syncBuffer
	done     chan error
}

func startRun(t *testing.T, env map[string]string) *liveRun {
	t.Helper()
	r, w := io.Pipe()
	lr := &liveRun{in: w, out: &syncBuffer{}, err: &syncBuffer{}, done: make(chan error, 1)}
	a := &app{stdin: r, stdout: lr.out, stderr: lr.err, getenv: envOf(env), now: time.Now}
	go func() { lr.done <- a.run(context.Background(), []string{"run"}) }()
	return lr
}

func (lr *liveRun) say(t *testing.T, line string) {
	t.Helper()
	if _, err := io.WriteString(lr.in, line+"\n"); err != nil {
		t.Fatal(err)
	}
}

func (lr *liveRun) quit(t *testing.T) {
	t.Helper()
	lr.in.Close()
	select {
	case err := <-lr.done:
		if err != nil {
			t.Fatalf("run: %v\nstderr:\n%s", err, lr.err.String())
		}
	case <-time.After(20 * time.Second):
		t.Fatal("run did not stop after its input ended")
	}
}

// TestRunOnTheConsole runs `briefbot run` with no platform on a fresh database: the samples are
// added without being announced, commands are answered, a subscription made on the console gets
// the next briefing dropped into the source folder, and survives a restart.
func TestRunOnTheConsole(t *testing.T) {
	db := tempDB(t)
	dir := t.TempDir()
	admin := freeAddr(t)
	env := map[string]string{"BRIEFBOT_DB": db, "BRIEFBOT_SOURCES": "dir:" + dir, "BRIEFBOT_POLL": "@every 1s",
		"BRIEFBOT_LOG_LEVEL": "debug", "BRIEFBOT_HTTP_ADDR": admin}
	lr := startRun(t, env)
	lr.say(t, "/latest")
	eventually(t, "the latest sample briefing", func() bool { return strings.Contains(lr.out.String(), "Arctic") })
	lr.say(t, "/subscribe")
	eventually(t, "the subscription reply", func() bool { return strings.Contains(lr.out.String(), "Subscribed") })
	// Wait for the folder's first (seeding) poll before dropping a new briefing in.
	st, err := sqlite.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	eventually(t, "the first poll", func() bool {
		s, err := st.SourceState(context.Background(), "dir:"+dir)
		return err == nil && !s.FirstPoll.IsZero()
	})
	if strings.Contains(lr.out.String(), "── message") {
		t.Fatalf("samples were delivered as news:\n%s", lr.out.String())
	}
	brief := "Iceland Hosts Arctic Council Emergency Session\n\nExecutive Summary\n\nIceland called an emergency session of the Arctic Council after a research station lost power.\n\nAnalysis\n\nThe session will be held in Reykjavik.\n"
	if err := os.WriteFile(filepath.Join(dir, "iceland.txt"), []byte(brief), 0o644); err != nil {
		t.Fatal(err)
	}
	eventually(t, "the new briefing delivered", func() bool {
		out := lr.out.String()
		return strings.Contains(out, "── message") && strings.Contains(out, "Iceland Hosts Arctic Council")
	})
	// The admin server tells an operator the same story.
	if body := httpGet(t, "http://"+admin+"/healthz", 200); strings.TrimSpace(body) != "ok" {
		t.Errorf("/healthz: %q", body)
	}
	httpGet(t, "http://"+admin+"/readyz", 200)
	eventually(t, "the delivery counted", func() bool {
		return strings.Contains(httpGet(t, "http://"+admin+"/metrics", 200), `briefbot_deliveries_total{outcome="sent",platform="console"} 1`)
	})
	metrics := httpGet(t, "http://"+admin+"/metrics", 200)
	for _, want := range []string{`briefbot_briefings_ingested_total{outcome="added"} 1`,
		`briefbot_source_polls_total{result="ok",source="dir:` + dir + `"}`,
		`briefbot_command_duration_seconds_count{command="subscribe"} 1`, `briefbot_deliveries_queued 0`} {
		if !strings.Contains(metrics, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
	lr.say(t, "/subscriptions")
	eventually(t, "the subscription listed", func() bool { return strings.Contains(lr.out.String(), "each new briefing as it arrives") })
	lr.quit(t)
	if n := strings.Count(lr.out.String(), "── message"); n != 1 {
		t.Errorf("%d deliveries printed, want 1:\n%s", n, lr.out.String())
	}

	// A restart keeps the subscription and sends nothing twice.
	again := startRun(t, env)
	again.say(t, "/subscribe daily 08:00 Europe/Berlin")
	eventually(t, "the changed subscription", func() bool { return strings.Contains(again.out.String(), "daily at 08:00 (Europe/Berlin)") })
	again.quit(t)
	if strings.Contains(again.out.String(), "── message") {
		t.Errorf("a restart delivered again:\n%s", again.out.String())
	}

	var out, errb strings.Builder
	a := &app{stdin: strings.NewReader(""), stdout: &out, stderr: &errb, getenv: envOf(env), now: time.Now}
	if err := a.run(context.Background(), []string{"subscriptions"}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"console:console", "daily at 08:00 (Europe/Berlin)", "CET", "sent 1"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("briefbot subscriptions lacks %q:\n%s", want, out.String())
		}
	}
	out.Reset()
	if err := a.run(context.Background(), []string{"sources"}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"dir:" + dir, "LAST POLL", "ago", "@every 1s"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("briefbot sources lacks %q:\n%s", want, out.String())
		}
	}
}

func TestRunRefusesBadConfiguration(t *testing.T) {
	for name, env := range map[string]map[string]string{
		"bad poll":   {"BRIEFBOT_POLL": "CRON_TZ="},
		"bad source": {"BRIEFBOT_SOURCES": "ftp:/nowhere"},
		"bad rate":   {"BRIEFBOT_TELEGRAM_RATE": "-3"},
	} {
		t.Run(name, func(t *testing.T) {
			env["BRIEFBOT_DB"] = tempDB(t)
			var out, errb strings.Builder
			a := &app{stdin: strings.NewReader(""), stdout: &out, stderr: &errb, getenv: envOf(env), now: time.Now}
			err := a.run(context.Background(), []string{"run"})
			if exitCode(err) != 2 {
				t.Errorf("exit code %d (%v), want 2 for a configuration error", exitCode(err), err)
			}
		})
	}
}
