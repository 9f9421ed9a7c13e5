// Package postgres keeps briefbot's briefings, people index, chat state and delivery outbox in a
// PostgreSQL database, so that several `briefbot run` replicas can share one store. It speaks
// pgx/v5 through a connection pool and hand-written SQL; its schema mirrors briefs/sqlite's.
package postgres

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/briefbot/briefbot/briefs"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
)

var (
	_ briefs.Store             = (*Store)(nil)
	_ briefs.Outbox            = (*Store)(nil)
	_ briefs.SubscriptionStore = (*Store)(nil)
	_ briefs.SourceStates      = (*Store)(nil)
)

// Store is briefs.Store, briefs.Outbox, briefs.SubscriptionStore and briefs.SourceStates on
// PostgreSQL. Its tables live in the first schema of the connection's search_path.
type Store struct {
	pool *pgxpool.Pool
	now  func() time.Time

	// advisory lock keys, derived from the schema so two schemas never wait on each other
	writeLock    int64 // serialises writes to briefings and people across replicas
	announceLock int64 // one Announce at a time
}

// Open connects to the database dsn names (a postgres:// URL or key=value string), applies
// pending migrations and returns the store. Errors never show the DSN's password.
func Open(ctx context.Context, dsn string) (*Store, error) {
	masked := MaskDSN(dsn)
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		return nil, redact(fmt.Errorf("postgres: open %s: %w", masked, err), dsn)
	}
	if _, ok := cfg.ConnConfig.RuntimeParams["application_name"]; !ok {
		cfg.ConnConfig.RuntimeParams["application_name"] = "briefbot"
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, redact(fmt.Errorf("postgres: open %s: %w", masked, err), dsn)
	}
	var schema *string
	if err := pool.QueryRow(ctx, `SELECT current_schema()`).Scan(&schema); err != nil {
		pool.Close()
		return nil, redact(fmt.Errorf("postgres: open %s: %w", masked, err), dsn)
	}
	if schema == nil {
		pool.Close()
		return nil, fmt.Errorf("postgres: open %s: no schema of the search_path exists", masked)
	}
	s := &Store{pool: pool, now: time.Now,
		writeLock: lockKey(*schema, "write"), announceLock: lockKey(*schema, "announce")}
	if err := s.migrate(ctx, lockKey(*schema, "migrate")); err != nil {
		pool.Close()
		return nil, redact(err, dsn)
	}
	return s, nil
}

// Close closes the pool.
func (s *Store) Close() error {
	s.pool.Close()
	return nil
}

// lockKey names one of the store's advisory locks in schema.
func lockKey(schema, what string) int64 {
	h := fnv.New64a()
	h.Write([]byte("briefbot\x00" + schema + "\x00" + what))
	return int64(h.Sum64())
}

// querier is what both the pool and a transaction offer.
type querier interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// withTx runs fn in a transaction, committing if fn returns nil.
func (s *Store) withTx(ctx context.Context, fn func(pgx.Tx) error) error {
	return pgx.BeginFunc(ctx, s.pool, fn)
}

// lock takes one of the store's advisory locks until tx ends.
func lock(ctx context.Context, tx pgx.Tx, key int64) error {
	_, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, key)
	return err
}

// clean makes s storable as PostgreSQL text, which holds neither NUL bytes nor invalid UTF-8.
func clean(s string) string {
	if utf8.ValidString(s) && strings.IndexByte(s, 0) < 0 {
		return s
	}
	return strings.ReplaceAll(strings.ToValidUTF8(s, "\uFFFD"), "\x00", "")
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

// nanos stores a time as Unix nanoseconds; the zero time is 0.
func nanos(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixNano()
}

// fromNanos reads a time stored by nanos.
func fromNanos(n int64) time.Time {
	if n == 0 {
		return time.Time{}
	}
	return time.Unix(0, n).UTC()
}

func notFound(format string, args ...any) error {
	return briefs.Errorf(briefs.ErrNotFound, format, args...)
}

func isNoRows(err error) bool { return errors.Is(err, pgx.ErrNoRows) }

// pgCode returns the SQLSTATE of a PostgreSQL error, "" for other errors.
func pgCode(err error) string {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code
	}
	return ""
}

// clampLimit keeps a caller's limit within 1..max, using max for 0 or less.
func clampLimit(limit, max int) int {
	if limit <= 0 || limit > max {
		return max
	}
	return limit
}
