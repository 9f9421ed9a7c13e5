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

// newBriefing is a briefing dropped into the watched folder while briefbot runs: its title, then
// the title of the briefing before it.
const newBriefing = `%s

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
	first := fmt.Sprintf(newBriefing, "Talks <resume> & *progress* reported in Geneva", all[len(all)-1].Title)
	drop(t, dir, src, "08-geneva-talks.txt", first)
	const want = "Talks &lt;resume&gt; &amp; *progress* reported in Geneva"
	got := eve.awaitText(want)
	if m := got[len(got)-1]; m.Message.ParseMode != "HTML" {
		t.Errorf("delivered with parse mode %q", m.Message.ParseMode)
	}
	// Once: a second new briefing is read by a later poll of the folder; by the time it has
	// arrived, a repeated delivery of the first would have too.
	second := fmt.Sprintf(newBriefing, "Second round of Geneva talks ends", "Talks <resume> & *progress* reported in Geneva")
	drop(t, dir, src, "09-geneva-second-round.txt", second)
	got = append(got, eve.awaitText("Second round of Geneva talks ends")...)
	n := 0
	for _, m := range got {
		if strings.Contains(m.Message.Text, want+"</") { // the title, not a mention
			n++
		}
	}
	if n != 1 {
		t.Errorf("the first new briefing arrived %d times; want once", n)
	}
}

// drop writes a briefing beside the folder and renames it in, so the poller never reads half a file.
func drop(t *testing.T, dir, src, name, text string) {
	t.Helper()
	tmp := filepath.Join(dir, name)
	if err := os.WriteFile(tmp, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, filepath.Join(src, name)); err != nil {
		t.Fatal(err)
	}
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
