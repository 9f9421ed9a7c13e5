package postgres

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/briefbot/briefbot/briefs"
)

// candidate is one process campaigning: its own store (pool) on the shared schema.
type candidate struct {
	name   string
	store  *Store
	cancel context.CancelFunc
	done   chan struct{}

	mu       sync.Mutex
	leading  bool
	terms    int     // times it began leading
	causes   []error // why each term ended
	standbys int
}

func (c *candidate) isLeading() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.leading
}

func (c *candidate) snapshot() (terms int, causes []error, standbys int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.terms, append([]error(nil), c.causes...), c.standbys
}

// campaign starts an elector for a new store on dsn; at most one candidate may lead at a time,
// which every start of a term checks through leaders.
func campaign(t *testing.T, name, dsn string, opts LeaderOptions, leaders *leaderCount) *candidate {
	t.Helper()
	st, err := Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	c := &candidate{name: name, store: st, cancel: cancel, done: make(chan struct{})}
	go func() {
		defer close(c.done)
		err := st.Elector(opts).Lead(ctx, func(lctx context.Context) {
			leaders.enter(t, name)
			c.mu.Lock()
			c.leading, c.terms = true, c.terms+1
			c.mu.Unlock()
			<-lctx.Done()
			c.mu.Lock()
			c.leading, c.causes = false, append(c.causes, context.Cause(lctx))
			c.mu.Unlock()
			leaders.leave()
		}, func(err error) {
			if err != nil {
				t.Logf("%s cannot campaign: %v", name, err)
			}
			c.mu.Lock()
			c.standbys++
			c.mu.Unlock()
		})
		if err != nil {
			t.Errorf("%s: Lead: %v", name, err)
		}
	}()
	t.Cleanup(func() {
		c.stop(t)
		st.Close()
	})
	return c
}

// stop ends the candidate's campaign and waits for it.
func (c *candidate) stop(t *testing.T) {
	c.cancel()
	select {
	case <-c.done:
	case <-time.After(15 * time.Second):
		t.Errorf("%s: Lead did not return", c.name)
	}
}

// leaderCount fails the test when two candidates lead at once.
type leaderCount struct {
	mu      sync.Mutex
	current string
}

func (l *leaderCount) enter(t *testing.T, name string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.current != "" {
		t.Errorf("%s leads while %s still does", name, l.current)
	}
	l.current = name
}

func (l *leaderCount) leave() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.current = ""
}

// eventually polls cond until it holds or the deadline passes, and says how long it took.
func electionEventually(t *testing.T, what string, within time.Duration, cond func() bool) time.Duration {
	t.Helper()
	start := time.Now()
	for !cond() {
		if time.Since(start) > within {
			t.Fatalf("timed out after %v waiting for %s", within, what)
		}
		time.Sleep(5 * time.Millisecond)
	}
	return time.Since(start)
}

// lockHolders lists the backend pids holding the schema's leader lock, read through store s.
func lockHolders(t *testing.T, s *Store) []int32 {
	t.Helper()
	ctx := context.Background()
	var schema string
	if err := s.pool.QueryRow(ctx, `SELECT current_schema()`).Scan(&schema); err != nil {
		t.Fatal(err)
	}
	key := uint64(lockKey(schema, "leader"))
	rows, err := s.pool.Query(ctx, `SELECT pid FROM pg_locks
		WHERE locktype = 'advisory' AND granted AND classid = $1 AND objid = $2 AND objsubid = 1`,
		int64(key>>32), int64(key&0xffffffff))
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var pids []int32
	for rows.Next() {
		var pid int32
		if err := rows.Scan(&pid); err != nil {
			t.Fatal(err)
		}
		pids = append(pids, pid)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return pids
}

var fastElection = LeaderOptions{Retry: 50 * time.Millisecond, Check: 50 * time.Millisecond, CheckTimeout: 2 * time.Second}

// TestOneLeaderAmongTwo: of two electors on one schema exactly one leads, the other stands by
// and keeps trying, and the lock is held by one session.
func TestOneLeaderAmongTwo(t *testing.T) {
	dsn := withParam(t, freshSchema(t), "application_name", "replica-a")
	var leaders leaderCount
	observer, err := Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer observer.Close()
	if _, err := observer.Leader(context.Background()); !errors.Is(err, briefs.ErrNotFound) {
		t.Errorf("Leader before anyone campaigned: %v, want not found", err)
	}
	a := campaign(t, "a", dsn, fastElection, &leaders)
	b := campaign(t, "b", withParam(t, dsn, "application_name", "replica-b"), fastElection, &leaders)
	electionEventually(t, "a leader", 10*time.Second, func() bool { return a.isLeading() || b.isLeading() })
	leader, other := a, b
	if b.isLeading() {
		leader, other = b, a
	}
	electionEventually(t, "the other to stand by", 10*time.Second, func() bool { _, _, n := other.snapshot(); return n > 0 })
	// Twenty retry intervals: the standby tries again and again and never wins.
	deadline := time.Now().Add(20 * fastElection.Retry)
	for time.Now().Before(deadline) {
		if other.isLeading() || !leader.isLeading() {
			t.Fatalf("leadership moved with nobody stepping down: %s leading %v, %s leading %v",
				leader.name, leader.isLeading(), other.name, other.isLeading())
		}
		time.Sleep(5 * time.Millisecond)
	}
	pids := lockHolders(t, a.store)
	if len(pids) != 1 {
		t.Errorf("leader lock held by sessions %v, want one", pids)
	}
	l, err := observer.Leader(context.Background())
	if err != nil || l.Application != "replica-"+leader.name || len(pids) == 0 || l.PID != int(pids[0]) {
		t.Errorf("Leader() = %+v, %v; want replica-%s on pid %v", l, err, leader.name, pids)
	}
}

// TestLeaderCancelledHandsOver: when the leader's context ends it unlocks, and the standby
// leads within about one retry interval.
func TestLeaderCancelledHandsOver(t *testing.T) {
	dsn := freshSchema(t)
	var leaders leaderCount
	a := campaign(t, "a", dsn, fastElection, &leaders)
	electionEventually(t, "a to lead", 10*time.Second, a.isLeading)
	b := campaign(t, "b", dsn, fastElection, &leaders)
	electionEventually(t, "b to stand by", 10*time.Second, func() bool { _, _, n := b.snapshot(); return n > 0 })
	start := time.Now()
	a.stop(t)
	took := electionEventually(t, "b to lead", 10*time.Second, b.isLeading)
	t.Logf("b led %v after a was cancelled (retry interval %v)", time.Since(start).Round(time.Millisecond), fastElection.Retry)
	if took > 2*time.Second {
		t.Errorf("takeover took %v with a retry interval of %v", took, fastElection.Retry)
	}
	if _, causes, _ := a.snapshot(); len(causes) != 1 || causes[0] != context.Canceled {
		t.Errorf("a's term ended with %v, want context.Canceled", causes)
	}
}

// TestLeaderConnectionKilledStepsDown: terminating the leader's backend (what a restarted or
// failed-over server does) makes the leader step down at its next check; the standby takes
// over. The old leader waits longer than the standby's retry interval before campaigning again,
// so the standby wins.
func TestLeaderConnectionKilledStepsDown(t *testing.T) {
	dsn := freshSchema(t)
	var leaders leaderCount
	slow := fastElection
	slow.Retry = 5 * time.Second // a's campaign after stepping down comes long after b's
	a := campaign(t, "a", dsn, slow, &leaders)
	electionEventually(t, "a to lead", 10*time.Second, a.isLeading)
	b := campaign(t, "b", dsn, fastElection, &leaders)
	electionEventually(t, "b to stand by", 10*time.Second, func() bool { _, _, n := b.snapshot(); return n > 0 })
	l, err := b.store.Leader(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	pids := []int32{int32(l.PID)}
	var killed bool
	if err := b.store.pool.QueryRow(context.Background(), `SELECT pg_terminate_backend($1)`, l.PID).Scan(&killed); err != nil || !killed {
		t.Fatalf("terminating the leader's backend: %v, %v", killed, err)
	}
	electionEventually(t, "a to step down", 10*time.Second, func() bool { return !a.isLeading() })
	electionEventually(t, "b to lead", 10*time.Second, b.isLeading)
	_, causes, _ := a.snapshot()
	if len(causes) != 1 || !strings.Contains(causes[0].Error(), "leader lock's connection failed") {
		t.Errorf("a's term ended with %v, want a failed connection", causes)
	}
	if now := lockHolders(t, b.store); len(now) != 1 || now[0] == pids[0] {
		t.Errorf("leader lock held by %v after killing %d", now, pids[0])
	}
}
