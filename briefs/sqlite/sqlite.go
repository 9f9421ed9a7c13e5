// Package sqlite keeps briefbot's briefings, people index and chat state in one SQLite file,
// through database/sql and hand-written SQL (driver modernc.org/sqlite, pure Go).
package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/briefbot/briefbot/briefs"
	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

var (
	_ briefs.Store     = (*Store)(nil)
	_ briefs.BulkSaver = (*Store)(nil)
)

// Store is briefs.Store on SQLite. Other files of this package add subscriptions and the delivery
// outbox to the same type, using db and withTx.
type Store struct {
	db  *sql.DB
	now func() time.Time

	writeMu sync.Mutex // held for each write transaction (withTx)

	mu    sync.Mutex
	stmts map[string]*sql.Stmt             // prepared statements by query text
	warm  map[string]bool                  // queries first used inside a transaction, to prepare after it
	inTx  map[*sql.Tx]map[string]*sql.Stmt // statements bound to each open withTx transaction

	chain   *chainCache // the chain as the last Relink left it; nil when unknown
	appends int         // Relinks that only appended (for tests)
}

// Open opens (creating if needed) the database at path and applies pending migrations. path may be
// ":memory:" for a private in-memory database.
func Open(ctx context.Context, path string) (*Store, error) {
	q := url.Values{}
	// a larger cache and rarer checkpoints: hot pages (people, FTS structure) are written back once
	// journal_mode is not among the per-connection pragmas: WAL is a property of the file, set
	// once below, and asking for it on every new connection could fail at once with SQLITE_BUSY
	// while another connection writes (the busy handler does not cover it).
	for _, p := range []string{"busy_timeout(10000)", "foreign_keys(1)", "synchronous(NORMAL)",
		"cache_size(-16000)", "wal_autocheckpoint(8000)",
		"temp_store(MEMORY)", "mmap_size(268435456)"} { // statement journals and sorts in memory, not in temp files
		q.Add("_pragma", p)
	}
	q.Set("_txlock", "immediate") // writers queue on busy_timeout instead of failing on upgrade
	dsn := "file:" + path + "?" + q.Encode()
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	if path == ":memory:" {
		db.SetMaxOpenConns(1) // every connection would be a different empty database
	} else {
		db.SetMaxOpenConns(4)
	}
	db.SetMaxIdleConns(4)
	db.SetConnMaxIdleTime(0)
	s := &Store{db: db, now: time.Now, stmts: map[string]*sql.Stmt{}, warm: map[string]bool{},
		inTx: map[*sql.Tx]map[string]*sql.Stmt{}}
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	if path != ":memory:" {
		if _, err := db.ExecContext(ctx, `PRAGMA journal_mode=WAL`); err != nil {
			db.Close()
			return nil, fmt.Errorf("sqlite: open %s: WAL mode: %w", path, err)
		}
	}
	if err := s.migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}

// Close closes prepared statements and the database.
func (s *Store) Close() error {
	s.mu.Lock()
	for _, st := range s.stmts {
		st.Close()
	}
	s.stmts = map[string]*sql.Stmt{}
	s.mu.Unlock()
	if err := s.db.Close(); err != nil {
		return fmt.Errorf("sqlite: close: %w", err)
	}
	return nil
}

// withTx runs fn in a write transaction (BEGIN IMMEDIATE), committing if fn returns nil.
func (s *Store) withTx(ctx context.Context, fn func(*sql.Tx) error) error {
	// One write transaction at a time in this process: SQLite has one writer anyway, and a
	// BEGIN IMMEDIATE racing another can fail at once with SQLITE_BUSY instead of waiting.
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	tx, err := s.beginWrite(ctx)
	if err != nil {
		return err
	}
	s.mu.Lock()
	s.inTx[tx] = map[string]*sql.Stmt{}
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		delete(s.inTx, tx)
		s.mu.Unlock()
	}()
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	s.prepareWarm(ctx)
	return nil
}

// stmt returns the cached prepared statement for query, preparing it on first use. It must not be
// called inside a transaction: preparing needs a connection of its own (the only one, in memory).
func (s *Store) stmt(ctx context.Context, query string) (*sql.Stmt, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if st, ok := s.stmts[query]; ok {
		return st, nil
	}
	st, err := s.db.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	s.stmts[query] = st
	return st, nil
}

// txStmt returns the cached statement for query bound to tx, binding it once per withTx
// transaction. A query not cached yet is prepared on tx's connection (another connection may not
// be free) and cached after the transaction.
func (s *Store) txStmt(ctx context.Context, tx *sql.Tx, query string) (*sql.Stmt, error) {
	s.mu.Lock()
	bound := s.inTx[tx]
	if st, ok := bound[query]; ok {
		s.mu.Unlock()
		return st, nil
	}
	st, ok := s.stmts[query]
	if !ok {
		s.warm[query] = true
	}
	s.mu.Unlock()
	var err error
	if ok {
		st = tx.StmtContext(ctx, st)
	} else if st, err = tx.PrepareContext(ctx, query); err != nil {
		return nil, err
	}
	if bound != nil {
		s.mu.Lock()
		bound[query] = st
		s.mu.Unlock()
	}
	return st, nil
}

// prepareWarm caches the statements transactions used for the first time.
func (s *Store) prepareWarm(ctx context.Context) {
	s.mu.Lock()
	queries := make([]string, 0, len(s.warm))
	for q := range s.warm {
		queries = append(queries, q)
	}
	clear(s.warm)
	s.mu.Unlock()
	for _, q := range queries {
		s.stmt(ctx, q) // on failure the query is simply prepared again next time
	}
}

// exec runs a cached statement in tx.
func (s *Store) exec(ctx context.Context, tx *sql.Tx, query string, args ...any) (sql.Result, error) {
	st, err := s.txStmt(ctx, tx, query)
	if err != nil {
		return nil, err
	}
	return st.ExecContext(ctx, args...)
}

// queryRow runs a cached single-row query in tx, or outside any transaction when tx is nil.
func (s *Store) queryRow(ctx context.Context, tx *sql.Tx, query string, args ...any) *sql.Row {
	var st *sql.Stmt
	var err error
	if tx != nil {
		st, err = s.txStmt(ctx, tx, query)
	} else {
		st, err = s.stmt(ctx, query)
	}
	if err != nil {
		// let Row.Scan report the error
		if tx != nil {
			return tx.QueryRowContext(ctx, query, args...)
		}
		return s.db.QueryRowContext(ctx, query, args...)
	}
	return st.QueryRowContext(ctx, args...)
}

// query runs a cached query in tx, or outside any transaction when tx is nil.
func (s *Store) query(ctx context.Context, tx *sql.Tx, query string, args ...any) (*sql.Rows, error) {
	var st *sql.Stmt
	var err error
	if tx != nil {
		st, err = s.txStmt(ctx, tx, query)
	} else {
		st, err = s.stmt(ctx, query)
	}
	if err != nil {
		return nil, err
	}
	return st.QueryContext(ctx, args...)
}

// unixDate stores a briefing date: Unix seconds, 0 when undated.
func unixDate(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.Unix()
}

// dateFromUnix reads a date stored by unixDate.
func dateFromUnix(s int64) time.Time {
	if s == 0 {
		return time.Time{}
	}
	return time.Unix(s, 0).UTC()
}

func notFound(format string, args ...any) error {
	return briefs.Errorf(briefs.ErrNotFound, format, args...)
}

func isNoRows(err error) bool { return errors.Is(err, sql.ErrNoRows) }

// beginWrite starts a write transaction, retrying while another process holds the write lock
// (SQLITE_BUSY can come back at once rather than after busy_timeout), for up to busyWait.
func (s *Store) beginWrite(ctx context.Context) (*sql.Tx, error) {
	deadline := time.Now().Add(busyWait)
	for pause := time.Millisecond; ; pause = min(2*pause, 100*time.Millisecond) {
		tx, err := s.db.BeginTx(ctx, nil)
		if err == nil || !isBusy(err) || time.Now().After(deadline) {
			return tx, err
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(pause):
		}
	}
}

// busyWait bounds how long a write waits for another process's write lock, like busy_timeout.
const busyWait = 10 * time.Second

func isBusy(err error) bool {
	return strings.Contains(err.Error(), "SQLITE_BUSY") || strings.Contains(err.Error(), "database is locked")
}
