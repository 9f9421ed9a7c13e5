package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// LeaderOptions tune leader election. Zero values take the defaults, which bound a takeover
// after a leader dies to about 5 s (process gone) or about 25 s (host or network gone).
type LeaderOptions struct {
	Retry time.Duration // how often a process standing by tries to take the lock; default 5 s
	Check time.Duration // how often the leader checks its connection; default 5 s
	// CheckTimeout bounds one check; a check that fails or times out ends leadership.
	// Default 5 s.
	CheckTimeout time.Duration
}

func (o *LeaderOptions) defaults() {
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	def(&o.Retry, 5*time.Second)
	def(&o.Check, 5*time.Second)
	def(&o.CheckTimeout, 5*time.Second)
}

// Elector elects one leader among the processes sharing the store's schema: the leader holds a
// session-level advisory lock on a connection of its own. A process that dies closes its
// connection, and PostgreSQL releases the lock at once.
type Elector struct {
	s    *Store
	opts LeaderOptions
}

// Elector returns an elector over the store's schema.
func (s *Store) Elector(opts LeaderOptions) *Elector {
	opts.defaults()
	return &Elector{s: s, opts: opts}
}

// Lead is scheduler.Elector with the default options: it campaigns until ctx ends and runs
// whileLeading while this process holds the schema's leader lock.
func (s *Store) Lead(ctx context.Context, whileLeading func(context.Context), standingBy func(error)) error {
	return s.Elector(LeaderOptions{}).Lead(ctx, whileLeading, standingBy)
}

// errStandingBy means another session holds the leader lock.
var errStandingBy = errors.New("another process leads")

// Lead campaigns until ctx ends, then returns nil. Each time it wins it runs whileLeading with
// a context that ends when ctx does or the lock's connection fails a check (the cause says
// so); once whileLeading returns it unlocks, waits two retry intervals and campaigns again.
// standingBy (optional) hears of each change between waiting behind a leader (nil) and being
// unable to campaign (the error).
func (e *Elector) Lead(ctx context.Context, whileLeading func(context.Context), standingBy func(error)) error {
	var last error // what standingBy last heard; errStandingBy stands for nil
	tell := func(err error) {
		if standingBy == nil || (last != nil && err.Error() == last.Error()) {
			return
		}
		last = err
		if errors.Is(err, errStandingBy) {
			err = nil
		}
		standingBy(err)
	}
	for {
		conn, err := e.tryLock(ctx)
		switch {
		case ctx.Err() != nil:
			if conn != nil {
				e.unlock(conn)
			}
			return nil
		case err != nil:
			tell(err)
		default:
			last = nil
			e.lead(ctx, conn, whileLeading)
			e.unlock(conn)
			// Give the others a turn before campaigning again: a leader whose connection failed
			// should not win its own lock straight back.
			if sleepCtx(ctx, 2*e.opts.Retry) != nil {
				return nil
			}
			continue
		}
		if sleepCtx(ctx, e.opts.Retry) != nil {
			return nil
		}
	}
}

// tryLock tries to take the leader lock on a pooled connection. On success the connection
// leaves the pool for good (the pool may open another), so the lock lives exactly as long as it.
func (e *Elector) tryLock(ctx context.Context) (*pgx.Conn, error) {
	pc, err := e.s.pool.Acquire(ctx)
	if err != nil {
		return nil, fmt.Errorf("postgres: campaigning for leadership: %w", err)
	}
	var schema *string
	var won bool
	err = pc.QueryRow(ctx, `SELECT current_schema()`).Scan(&schema)
	if err == nil && schema == nil {
		err = errors.New("no schema of the search_path exists")
	}
	if err == nil {
		err = pc.QueryRow(ctx, `SELECT pg_try_advisory_lock($1)`, lockKey(*schema, "leader")).Scan(&won)
	}
	if err != nil || !won {
		// A session that may hold the lock must not go back to the pool.
		if err != nil {
			closeConn(pc.Hijack(), e.opts.CheckTimeout)
			return nil, fmt.Errorf("postgres: campaigning for leadership: %w", err)
		}
		pc.Release()
		return nil, errStandingBy
	}
	conn := pc.Hijack()
	// Let the server notice a vanished leader host within about 20 s instead of the kernel's
	// defaults (hours), and drop its lock. Best effort, one by one: a Unix socket ignores them
	// and an older server may not know one.
	for _, set := range []string{`SET tcp_keepalives_idle = 10`, `SET tcp_keepalives_interval = 3`,
		`SET tcp_keepalives_count = 3`, `SET tcp_user_timeout = 20000`} {
		_, _ = conn.Exec(ctx, set)
	}
	return conn, nil
}

// lead runs whileLeading until ctx ends or conn fails a check.
func (e *Elector) lead(ctx context.Context, conn *pgx.Conn, whileLeading func(context.Context)) {
	lctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	done := make(chan struct{})
	go func() {
		defer close(done)
		whileLeading(lctx)
	}()
	tick := time.NewTicker(e.opts.Check)
	defer tick.Stop()
	for {
		select {
		case <-done:
			return
		case <-ctx.Done():
			cancel(ctx.Err())
			<-done
			return
		case <-tick.C:
			cctx, stop := context.WithTimeout(ctx, e.opts.CheckTimeout)
			err := conn.Ping(cctx)
			stop()
			if err != nil && ctx.Err() == nil {
				cancel(fmt.Errorf("postgres: the leader lock's connection failed: %w", err))
				<-done
				return
			}
		}
	}
}

// unlock releases the lock by closing its connection; the explicit unlock first makes the
// release immediate for whoever tries next.
func (e *Elector) unlock(conn *pgx.Conn) {
	ctx, cancel := context.WithTimeout(context.Background(), e.opts.CheckTimeout)
	defer cancel()
	if !conn.IsClosed() {
		_, _ = conn.Exec(ctx, `SELECT pg_advisory_unlock_all()`)
	}
	_ = conn.Close(ctx)
}

// closeConn closes a connection taken out of the pool, waiting at most d for the server.
func closeConn(conn *pgx.Conn, d time.Duration) {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	_ = conn.Close(ctx)
}

// sleepCtx waits d or until ctx ends (returning its error).
func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// LeaderSession describes the database session holding the schema's leader lock.
type LeaderSession struct {
	PID         int    // the backend's process id
	Application string // its application_name (set application_name=… in each replica's URL)
	Since       time.Time
}

// Leader returns the session that holds the leader lock of the store's schema, or an
// ErrNotFound error when no process leads.
func (s *Store) Leader(ctx context.Context) (LeaderSession, error) {
	var schema *string
	if err := s.pool.QueryRow(ctx, `SELECT current_schema()`).Scan(&schema); err != nil {
		return LeaderSession{}, fmt.Errorf("postgres: finding the leader: %w", err)
	}
	if schema == nil {
		return LeaderSession{}, errors.New("postgres: finding the leader: no schema of the search_path exists")
	}
	// A bigint advisory key shows in pg_locks split into its high and low 32 bits.
	key := uint64(lockKey(*schema, "leader"))
	var l LeaderSession
	err := s.pool.QueryRow(ctx, `
		SELECT l.pid, coalesce(a.application_name, ''), coalesce(a.backend_start, 'epoch')
		FROM pg_locks l LEFT JOIN pg_stat_activity a ON a.pid = l.pid
		WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
			AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
			AND l.classid = $1 AND l.objid = $2`,
		uint32(key>>32), uint32(key)).Scan(&l.PID, &l.Application, &l.Since)
	if isNoRows(err) {
		return l, notFound("no process leads schema %s", *schema)
	}
	if err != nil {
		return l, fmt.Errorf("postgres: finding the leader: %w", err)
	}
	return l, nil
}
