package e2e

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/briefbot/briefbot/briefs/samples"
)

// newBriefing is a briefing dropped into the watched folder while briefbot runs; its title holds
// markup characters that must reach the chat as text.
const newBriefing = `Talks <resume> & *progress* reported in Geneva

Executive Summary

Negotiators met in Geneva to resume talks on Arctic shipping lanes. Danish Prime Minister Mette Frederiksen said progress was slow but real.

Analysis

The talks follow the agreement on joint Arctic surveillance. Officials expect a second round within a month.

Sources

https://example.org/geneva/arctic-talks

Previous

%s
`

// TestTelegramDeliveryThroughRun builds cmd/briefbot, runs "briefbot run" against the emulator
// with a watched folder, subscribes a chat through the bot and drops a new briefing into the
// folder: it must arrive in that chat once, as escaped HTML.
func TestTelegramDeliveryThroughRun(t *testing.T) {
	base := emulatorURL(t)
	if testing.Short() {
		t.Skip("builds and runs the briefbot binary")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "briefbot")
	build := exec.Command("go", "build", "-o", bin, "github.com/briefbot/briefbot/cmd/briefbot")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	src := filepath.Join(dir, "src")
	if err := os.Mkdir(src, 0o755); err != nil {
		t.Fatal(err)
	}

	token := uniqueToken()
	cmd := exec.Command(bin, "run")
	cmd.Env = append(cleanEnv(),
		"BRIEFBOT_DB="+filepath.Join(dir, "briefbot.db"),
		"BRIEFBOT_SOURCES=dir:"+src,
		"BRIEFBOT_POLL=@every 1s",
		"BRIEFBOT_HTTP_ADDR=off",
		"BRIEFBOT_LOG_LEVEL=debug",
		"BRIEFBOT_TELEGRAM_TOKEN="+token,
		"BRIEFBOT_TELEGRAM_API_URL="+base+"/bot%s/%s",
	)
	var logs logBuffer
	cmd.Stdout, cmd.Stderr = &logs, &logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	defer func() {
		// Stop it as a service manager would; it must exit cleanly.
		_ = cmd.Process.Signal(syscall.SIGTERM)
		select {
		case err := <-exited:
			if err != nil {
				t.Errorf("briefbot run after SIGTERM: %v", err)
			}
		case <-time.After(20 * time.Second):
			_ = cmd.Process.Kill()
			t.Errorf("briefbot run did not stop within 20s of SIGTERM")
			<-exited
		}
		if strings.Contains(logs.String(), token) || strings.Contains(logs.String(), "E2E-secret") {
			t.Error("the bot token appears in briefbot's output")
		}
		if t.Failed() {
			t.Logf("briefbot output:\n%s", logs.String())
		}
	}()

	chatID := time.Now().UnixNano()%1_000_000 + 2_000_000
	eve := &user{t: t, base: base, token: token, id: chatID, chatID: chatID, chatType: "private"}
	eve.say("/subscribe")
	if text := eve.await(1)[0].Message.Text; !strings.Contains(text, "Subscribed") {
		t.Fatalf("/subscribe reply %q", text)
	}

	all, err := samples.All(time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	// Write beside the folder, then rename in, so the poller never reads half a file.
	tmp := filepath.Join(dir, "new.txt")
	if err := os.WriteFile(tmp, []byte(fmt.Sprintf(newBriefing, all[len(all)-1].Title)), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, filepath.Join(src, "08-geneva-talks.txt")); err != nil {
		t.Fatal(err)
	}

	const want = "Talks &lt;resume&gt; &amp; *progress* reported in Geneva"
	got := eve.await(1)
	if !strings.Contains(got[0].Message.Text, want) || got[0].Message.ParseMode != "HTML" {
		t.Fatalf("delivered %q (%s); want the new briefing titled %q", got[0].Message.Text, got[0].Message.ParseMode, want)
	}
	// Once: ask the bot something after a few more polls of the folder; only its answer may
	// follow the delivery.
	waitForPolls(t, &logs, 3)
	eve.say("/help")
	rest := eve.await(1)
	for _, m := range append(got[1:], rest...) {
		if strings.Contains(m.Message.Text, "reported in Geneva") {
			t.Errorf("the new briefing arrived more than once: %q", m.Message.Text)
		}
	}
	if last := rest[len(rest)-1].Message.Text; !strings.Contains(last, "/subscribe") {
		t.Errorf("/help reply %q", last)
	}
}

// waitForPolls waits until briefbot's debug log shows n more completed source polls.
func waitForPolls(t *testing.T, logs *logBuffer, n int) {
	t.Helper()
	count := func() int { return strings.Count(logs.String(), `msg="poll: done"`) }
	start := count()
	u := &user{t: t}
	u.poll(func() bool { return count() >= start+n }, fmt.Sprintf("%d more folder polls", n))
}

// cleanEnv is the test's environment without briefbot settings, so only this test's apply.
func cleanEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "BRIEFBOT_") {
			env = append(env, kv)
		}
	}
	return env
}
