package scheduler

import (
	"context"
	"fmt"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/briefbot/briefbot/briefs"
	"github.com/briefbot/briefbot/scheduler/schedulertest"
)

// TestCrashMidFanOut builds testdata/crashbot (the real queue and workers on SQLite), SIGKILLs
// it in the middle of a fan-out to a local fake platform, starts it again, and checks that every
// delivery was sent, with at most one duplicate per worker that was in flight at the kill.
func TestCrashMidFanOut(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs a subprocess")
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go tool on PATH")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "crashbot")
	build := exec.Command(goTool, "build", "-o", bin, "./testdata/crashbot")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("building crashbot: %v\n%s", err, out)
	}
	const chats, workers = 1500, 4
	db := filepath.Join(dir, "b.db")
	st := openStoreAt(t, db)
	fanOut(t, st, "fake", chatIDs(chats), time.Now())
	st.Close()

	platform := schedulertest.NewPlatform(0, 0, 0, nil)
	defer platform.Close()
	start := func() *exec.Cmd {
		cmd := exec.Command(bin, "-db", db, "-url", platform.Server.URL, "-workers", fmt.Sprint(workers), "-lease", "2s", "-rate", "600")
		var stderr strings.Builder
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() {
			if cmd.ProcessState == nil {
				cmd.Process.Kill()
				cmd.Wait()
			}
		})
		return cmd
	}
	first := start()
	deadline := time.Now().Add(30 * time.Second)
	for platform.DeliveredCount() < chats/3 {
		if time.Now().After(deadline) {
			t.Fatalf("only %d sends before the deadline", platform.DeliveredCount())
		}
		time.Sleep(5 * time.Millisecond)
	}
	if err := first.Process.Kill(); err != nil { // SIGKILL: no shutdown, no bookkeeping
		t.Fatal(err)
	}
	first.Wait()
	atKill := len(platform.Delivered())
	if atKill >= chats {
		t.Fatalf("the fan-out finished (%d) before the kill; nothing was tested", atKill)
	}

	second := start()
	done := make(chan error, 1)
	go func() { done <- second.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("restarted crashbot: %v", err)
		}
	case <-time.After(60 * time.Second):
		t.Fatal("restarted crashbot did not drain the queue")
	}

	st = openStoreAt(t, db)
	c, err := st.DeliveryCounts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if c[briefs.Sent] != chats || len(c) != 1 {
		t.Errorf("outbox after restart: %v, want all %d sent", c, chats)
	}
	delivered := platform.Delivered()
	dups := 0
	for _, n := range delivered {
		dups += n - 1
	}
	if len(delivered) != chats {
		t.Errorf("platform received %d distinct deliveries, want %d (lost %d)", len(delivered), chats, chats-len(delivered))
	}
	if dups > workers {
		t.Errorf("%d duplicates, want at most one per worker in flight (%d)", dups, workers)
	}
	t.Logf("killed after %d of %d sends; %d duplicates after restart", atKill, chats, dups)
}
