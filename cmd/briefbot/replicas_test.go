package main_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/briefbot/briefbot/bot/discord/discordtest"
	"github.com/briefbot/briefbot/briefs"
	"github.com/briefbot/briefbot/briefs/postgres"
	"github.com/briefbot/briefbot/scheduler"
)

const (
	replicaChats   = 2000
	replicaRate    = 100 // Discord requests a second, per replica
	replicaWorkers = 4   // delivery workers per replica (the default)
	discordToken   = "replica-test-token"
	replyLatency   = 30 * time.Millisecond // how long Discord's answer to a post takes to arrive
)

// TestReplicasFailOver runs three `briefbot run` processes on one PostgreSQL schema against a
// fake Discord, fans one new briefing out to 2,000 channels, SIGKILLs the leader mid-fan-out and
// checks: a standby leads within 30 s, every channel gets the briefing exactly once (Discord's
// enforced nonces drop the repeats of sends the dead replica had in flight), and at most one
// send per worker of the dead replica is attempted twice.
func TestReplicasFailOver(t *testing.T) {
	base := os.Getenv("BRIEFBOT_TEST_POSTGRES")
	if base == "" {
		t.Skip("BRIEFBOT_TEST_POSTGRES not set: set it to a PostgreSQL URL " +
			"(e.g. postgres://postgres@127.0.0.1:5432/test?sslmode=disable) to run the replica test")
	}
	if runtime.GOOS == "windows" {
		t.Skip("needs SIGKILL and SIGTERM")
	}
	ctx := context.Background()
	testStart := time.Now()
	dsn := replicaSchema(t, base)
	bin := buildBriefbot(t)

	fake := discordtest.New(t, discordToken)
	counter := newSendCounter(t, fake.URL)
	st, err := postgres.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	channels := subscribeChannels(t, st, replicaChats)

	src := t.TempDir()
	env := map[string]string{
		"BRIEFBOT_SOURCES":          "dir:" + src,
		"BRIEFBOT_POLL":             "@every 1s",
		"BRIEFBOT_HTTP_ADDR":        "off",
		"BRIEFBOT_SHUTDOWN_TIMEOUT": "2s",
		"BRIEFBOT_LOG_FORMAT":       "text",
		"BRIEFBOT_LOG_LEVEL":        "info",
		"BRIEFBOT_DISCORD_TOKEN":    discordToken,
		"BRIEFBOT_DISCORD_API_URL":  counter.URL,
		"BRIEFBOT_DISCORD_RATE":     strconv.Itoa(replicaRate),
		"BRIEFBOT_WORKERS":          strconv.Itoa(replicaWorkers),
	}
	// replica-1 starts alone and leads, so the other two start as standbys.
	replicas := []*replica{startReplica(t, bin, "replica-1", dsn, env)}
	replicas[0].waitLog(t, "scheduler: leading", 30*time.Second)
	for _, name := range []string{"replica-2", "replica-3"} {
		r := startReplica(t, bin, name, dsn, env)
		replicas = append(replicas, r)
	}
	for _, r := range replicas[1:] {
		r.waitLog(t, "scheduler: standing by", 30*time.Second)
	}
	// The leader's first poll of the empty folder marks the source as seen (no flood of old
	// files); a file added after it is news.
	waitUntil(t, "the source's first poll", 30*time.Second, func() bool {
		s, err := st.SourceState(ctx, "dir:"+src)
		return err == nil && !s.FirstPoll.IsZero()
	})
	dropBriefing(t, src)
	waitUntil(t, "300 channels to get the briefing", 30*time.Second, func() bool { return counter.sent() >= 300 })

	leader, err := st.Leader(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if leader.Application != "replica-1" {
		t.Fatalf("pg_locks shows %q leading, want replica-1 (the only one that logged leading)", leader.Application)
	}
	for _, r := range replicas[1:] {
		if strings.Contains(r.log.String(), `msg="scheduler: leading"`) {
			t.Fatalf("%s logged leading while replica-1 led", r.name)
		}
	}
	sentBefore := counter.sent()
	if err := replicas[0].cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	killedAt := time.Now()
	replicas[0].wait(t, 10*time.Second)
	t.Logf("killed replica-1 (the leader) after %d of %d channels got the briefing", sentBefore, replicaChats)

	// A standby takes over: pg_locks names it, and it logs that it leads.
	var next postgres.LeaderSession
	waitUntil(t, "a new leader in pg_locks", 30*time.Second, func() bool {
		l, err := st.Leader(ctx)
		next = l
		return err == nil && l.Application != "replica-1"
	})
	takeover := time.Since(killedAt)
	var newLeader *replica
	for _, r := range replicas[1:] {
		if r.name == next.Application {
			newLeader = r
		}
	}
	if newLeader == nil {
		t.Fatalf("pg_locks shows %q leading, not a live replica", next.Application)
	}
	newLeader.waitLog(t, "scheduler: leading", 30*time.Second-time.Since(killedAt))
	t.Logf("%s leads %v after the kill", newLeader.name, takeover.Round(10*time.Millisecond))
	if takeover > 30*time.Second {
		t.Errorf("takeover took %v, want under 30 s", takeover)
	}

	// The survivors drain the queue. What replica-1 had claimed stays leased to it (DefaultLease);
	// rather than wait that long, the test ends those leases, as their expiry would.
	waitUntil(t, "the survivors to drain the queue", 45*time.Second, func() bool {
		c, err := st.DeliveryCounts(ctx)
		return err == nil && c[briefs.Queued] == 0 && leasedSince(t, dsn, killedAt) == 0
	})
	orphans := expireLeases(t, dsn, killedAt)
	t.Logf("replica-1 died holding %d claimed deliveries (at most the prefetch plus the workers: %d)",
		orphans, 16+replicaWorkers)
	if orphans > 16+replicaWorkers {
		t.Errorf("replica-1 held %d claims", orphans)
	}
	waitUntil(t, "every delivery to be sent", 30*time.Second, func() bool {
		c, err := st.DeliveryCounts(ctx)
		return err == nil && c[briefs.Sent] == replicaChats
	})
	elapsed := time.Since(testStart)

	lost, delivered := 0, 0
	for _, ch := range channels {
		switch n := len(fake.Messages(ch)); {
		case n == 0:
			lost++
		case n > 1:
			delivered += n - 1
		}
	}
	attempts := counter.duplicateAttempts()
	t.Logf("%d channels: %d lost, %d duplicate messages delivered, %d sends attempted twice (dropped by nonce); "+
		"takeover %v; test %v", replicaChats, lost, delivered, attempts, takeover.Round(10*time.Millisecond), elapsed.Round(time.Second))
	if lost > 0 || delivered > 0 {
		t.Errorf("%d channels got nothing, %d duplicate messages", lost, delivered)
	}
	if attempts > replicaWorkers {
		t.Errorf("%d sends attempted twice; at most one per worker of the dead replica (%d)", attempts, replicaWorkers)
	}
	for _, r := range replicas[1:] {
		if r != newLeader && strings.Contains(r.log.String(), `msg="scheduler: leading"`) {
			t.Errorf("%s logged leading too; %s leads", r.name, newLeader.name)
		}
	}
	for _, r := range replicas[1:] {
		r.stop(t)
		if strings.Contains(r.log.String(), discordToken) {
			t.Errorf("%s printed the bot token", r.name)
		}
	}
}

// replicaSchema creates a schema dropped when the test ends and returns base with its
// search_path set to it.
func replicaSchema(t *testing.T, base string) string {
	t.Helper()
	var b [6]byte
	rand.Read(b[:])
	schema := "bb_replicas_" + hex.EncodeToString(b[:])
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, base)
	if err != nil {
		t.Fatalf("connecting to %s: %v", postgres.MaskDSN(base), err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "CREATE SCHEMA "+schema); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		conn, err := pgx.Connect(context.Background(), base)
		if err != nil {
			t.Errorf("dropping schema %s: %v", schema, err)
			return
		}
		defer conn.Close(context.Background())
		if _, err := conn.Exec(context.Background(), "DROP SCHEMA "+schema+" CASCADE"); err != nil {
			t.Errorf("dropping schema %s: %v", schema, err)
		}
	})
	return withParam(t, base, "search_path", schema)
}

func withParam(t *testing.T, dsn, key, value string) string {
	t.Helper()
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatalf("BRIEFBOT_TEST_POSTGRES must be a URL: %v", err)
	}
	q := u.Query()
	q.Set(key, value)
	u.RawQuery = q.Encode()
	return u.String()
}

// buildBriefbot builds the command once into a temporary folder.
func buildBriefbot(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "briefbot")
	goTool := filepath.Join(runtime.GOROOT(), "bin", "go")
	if _, err := os.Stat(goTool); err != nil {
		goTool = "go"
	}
	cmd := exec.Command(goTool, "build", "-o", bin, "github.com/briefbot/briefbot/cmd/briefbot")
	// As CI's static build does, so the build cache already holds every package.
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// subscribeChannels subscribes n Discord channels for instant deliveries.
func subscribeChannels(t *testing.T, st *postgres.Store, n int) []string {
	t.Helper()
	channels := make([]string, n)
	for i := range channels {
		channels[i] = strconv.FormatInt(1300000000000000000+int64(i), 10)
	}
	var wg sync.WaitGroup
	errs := make(chan error, 4)
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < n; i += 4 {
				sub := briefs.Subscription{Chat: briefs.ChatRef{Platform: "discord", ID: channels[i]},
					Mode: briefs.Instant, CreatedAt: time.Now()}
				if err := st.Subscribe(context.Background(), &sub); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	if err := <-errs; err != nil {
		t.Fatal(err)
	}
	return channels
}

// dropBriefing writes a new briefing into the source folder in one step (rename), so no poll
// reads half a file.
func dropBriefing(t *testing.T, dir string) {
	t.Helper()
	text := `Replicas Agree to Share the Baltic Watch

Executive Summary

Three navies agreed to share patrol duty over the Baltic cable routes, taking turns to lead the watch. Officials said a ship that leaves the line is replaced within the hour.

Analysis

The arrangement follows months of talks. Each navy keeps its own ships but reports to a common centre, which decides who leads each week.
`
	tmp := filepath.Join(t.TempDir(), "baltic-watch.txt")
	if err := os.WriteFile(tmp, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, filepath.Join(dir, "baltic-watch.txt")); err != nil {
		t.Fatal(err)
	}
}

// leasedSince counts deliveries claimed after at (their lease ends after at+5 min): the
// survivors' claims in flight.
func leasedSince(t *testing.T, dsn string, at time.Time) int {
	t.Helper()
	return leaseQuery(t, dsn, `SELECT count(*) FROM deliveries WHERE state = 'sending' AND sending_until >= $1`, at)
}

// expireLeases ends the leases of deliveries claimed before at, as their expiry would, and
// returns how many there were.
func expireLeases(t *testing.T, dsn string, at time.Time) int {
	t.Helper()
	return leaseQuery(t, dsn, `WITH expired AS (UPDATE deliveries SET sending_until = 1
		WHERE state = 'sending' AND sending_until < $1 RETURNING 1) SELECT count(*) FROM expired`, at)
}

// leaseQuery runs a counting query with at+lease (Unix nanoseconds, as the store keeps times).
func leaseQuery(t *testing.T, dsn, sql string, at time.Time) int {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var n int
	if err := conn.QueryRow(ctx, sql, at.Add(scheduler.DefaultLease).UnixNano()).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// waitUntil polls cond until it holds, failing the test after within.
func waitUntil(t *testing.T, what string, within time.Duration, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(within)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %v waiting for %s", within, what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// replica is one `briefbot run` process.
type replica struct {
	name string
	cmd  *exec.Cmd
	log  *lockedBuffer
	done chan error
}

func startReplica(t *testing.T, bin, name, dsn string, env map[string]string) *replica {
	t.Helper()
	r := &replica{name: name, log: &lockedBuffer{}, done: make(chan error, 1)}
	r.cmd = exec.Command(bin, "run")
	for _, kv := range os.Environ() { // nothing of the caller's own briefbot settings
		if !strings.HasPrefix(kv, "BRIEFBOT_") {
			r.cmd.Env = append(r.cmd.Env, kv)
		}
	}
	r.cmd.Env = append(r.cmd.Env, "BRIEFBOT_DB="+withParam(t, dsn, "application_name", name))
	for k, v := range env {
		r.cmd.Env = append(r.cmd.Env, k+"="+v)
	}
	r.cmd.Stdout, r.cmd.Stderr = r.log, r.log
	if err := r.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { r.done <- r.cmd.Wait() }()
	t.Cleanup(func() {
		r.cmd.Process.Kill()
		<-r.done
		r.done <- nil // wait and stop may look again
		if t.Failed() {
			t.Logf("%s log:\n%s", name, tail(r.log.String(), 40))
		}
	})
	return r
}

// waitLog waits for a log line containing msg.
func (r *replica) waitLog(t *testing.T, msg string, within time.Duration) {
	t.Helper()
	want := `msg="` + msg + `"`
	waitUntil(t, r.name+" to log "+msg, within, func() bool {
		select {
		case err := <-r.done:
			r.done <- err
			t.Fatalf("%s exited (%v):\n%s", r.name, err, tail(r.log.String(), 40))
		default:
		}
		return strings.Contains(r.log.String(), want)
	})
}

// wait waits for the process to end.
func (r *replica) wait(t *testing.T, within time.Duration) error {
	t.Helper()
	select {
	case err := <-r.done:
		r.done <- err
		return err
	case <-time.After(within):
		t.Fatalf("%s did not exit", r.name)
		return nil
	}
}

// stop ends the process with SIGTERM, as a deployment would, and expects a clean exit.
func (r *replica) stop(t *testing.T) {
	t.Helper()
	if err := r.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Errorf("%s: %v", r.name, err)
		return
	}
	if err := r.wait(t, 20*time.Second); err != nil {
		t.Errorf("%s exited with %v after SIGTERM:\n%s", r.name, err, tail(r.log.String(), 20))
	}
}

func tail(s string, lines int) string {
	all := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(all) > lines {
		all = all[len(all)-lines:]
	}
	return strings.Join(all, "\n")
}

// lockedBuffer is a log two goroutines (the process's stdout and stderr copiers) write.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// sendCounter sits in front of the fake Discord and counts message posts per channel and
// nonce, so the test sees repeats the fake silently answers from its nonce table.
type sendCounter struct {
	URL string

	mu    sync.Mutex
	posts map[string]int // channel+nonce → posts answered 200
}

var postPath = regexp.MustCompile(`^/api/v[0-9]+/channels/([0-9]+)/messages$`)

func newSendCounter(t *testing.T, target string) *sendCounter {
	t.Helper()
	u, err := url.Parse(target)
	if err != nil {
		t.Fatal(err)
	}
	c := &sendCounter{posts: map[string]int{}}
	proxy := httputil.NewSingleHostReverseProxy(u)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		m := postPath.FindStringSubmatch(r.URL.Path)
		if r.Method != http.MethodPost || m == nil {
			proxy.ServeHTTP(w, r)
			return
		}
		body, err := io.ReadAll(r.Body)
		if err != nil {
			http.Error(w, "unreadable body", http.StatusBadRequest)
			return
		}
		var msg struct {
			Nonce json.RawMessage `json:"nonce"`
		}
		_ = json.Unmarshal(body, &msg)
		r.Body = io.NopCloser(bytes.NewReader(body))
		rec := httptest.NewRecorder()
		proxy.ServeHTTP(rec, r)
		if rec.Code == http.StatusOK {
			c.mu.Lock()
			c.posts[m[1]+"\x00"+string(msg.Nonce)]++
			c.mu.Unlock()
		}
		// The answer travels back slowly, as over a real network: a replica killed now has
		// posted messages it never hears about, which its successor posts again.
		time.Sleep(replyLatency)
		for k, v := range rec.Header() {
			w.Header()[k] = v
		}
		w.WriteHeader(rec.Code)
		w.Write(rec.Body.Bytes())
	}))
	t.Cleanup(srv.Close)
	c.URL = srv.URL
	return c
}

// sent counts distinct sends answered 200.
func (c *sendCounter) sent() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.posts)
}

// duplicateAttempts counts posts answered 200 beyond the first for the same nonce.
func (c *sendCounter) duplicateAttempts() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := 0
	for _, k := range c.posts {
		n += k - 1
	}
	return n
}
