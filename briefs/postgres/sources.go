package postgres

import (
	"context"
	"fmt"

	"github.com/briefbot/briefbot/briefs"
	"github.com/jackc/pgx/v5"
)

const sourceStateColumns = `name, first_poll, last_poll, last_error, failures, next_run`

// SourceState returns what is remembered about polling the source name.
func (s *Store) SourceState(ctx context.Context, name string) (briefs.SourceState, error) {
	st, err := scanSourceState(s.pool.QueryRow(ctx, `SELECT `+sourceStateColumns+` FROM source_state WHERE name = $1`, clean(name)))
	if isNoRows(err) {
		return st, briefs.Errorf(briefs.ErrNotFound, "source %q was never polled", name)
	}
	if err != nil {
		return st, fmt.Errorf("postgres: reading source state: %w", err)
	}
	return st, nil
}

// SaveSourceState stores st; a source's first poll, once set, is kept.
func (s *Store) SaveSourceState(ctx context.Context, st briefs.SourceState) error {
	_, err := s.pool.Exec(ctx, `
		INSERT INTO source_state AS s (name, first_poll, last_poll, last_error, failures, next_run)
		VALUES ($1, $2, $3, $4, $5, $6)
		ON CONFLICT (name) DO UPDATE SET
			first_poll = CASE WHEN s.first_poll > 0 THEN s.first_poll ELSE excluded.first_poll END,
			last_poll = excluded.last_poll, last_error = excluded.last_error, failures = excluded.failures,
			next_run = excluded.next_run`,
		clean(st.Name), nanos(st.FirstPoll), nanos(st.LastPoll), clipText(st.LastError), st.Failures, nanos(st.NextRun))
	if err != nil {
		return fmt.Errorf("postgres: saving source state: %w", err)
	}
	return nil
}

// SourceStates lists every source ever polled, by name.
func (s *Store) SourceStates(ctx context.Context) ([]briefs.SourceState, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+sourceStateColumns+` FROM source_state ORDER BY name`)
	if err != nil {
		return nil, fmt.Errorf("postgres: listing source states: %w", err)
	}
	defer rows.Close()
	var out []briefs.SourceState
	for rows.Next() {
		st, err := scanSourceState(rows)
		if err != nil {
			return nil, fmt.Errorf("postgres: listing source states: %w", err)
		}
		out = append(out, st)
	}
	return out, rows.Err()
}

func scanSourceState(r pgx.Row) (briefs.SourceState, error) {
	var st briefs.SourceState
	var first, last, next int64
	err := r.Scan(&st.Name, &first, &last, &st.LastError, &st.Failures, &next)
	st.FirstPoll, st.LastPoll, st.NextRun = fromNanos(first), fromNanos(last), fromNanos(next)
	return st, err
}
