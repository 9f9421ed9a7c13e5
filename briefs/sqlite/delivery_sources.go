package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/briefbot/briefbot/briefs"
)

var _ briefs.SourceStates = (*Store)(nil)

const sourceStateColumns = `name, first_poll, last_poll, last_error, failures, next_run`

// SourceState returns what is remembered about polling the source name.
func (s *Store) SourceState(ctx context.Context, name string) (briefs.SourceState, error) {
	st, err := scanSourceState(s.db.QueryRowContext(ctx, `SELECT `+sourceStateColumns+` FROM source_state WHERE name = ?`, name))
	if errors.Is(err, sql.ErrNoRows) {
		return st, briefs.Errorf(briefs.ErrNotFound, "source %q was never polled", name)
	}
	if err != nil {
		return st, fmt.Errorf("store: reading source state: %w", err)
	}
	return st, nil
}

// SaveSourceState stores st; a source's first poll, once set, is kept.
func (s *Store) SaveSourceState(ctx context.Context, st briefs.SourceState) error {
	return s.execOne(ctx, "saving source state", `
		INSERT INTO source_state (name, first_poll, last_poll, last_error, failures, next_run) VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT (name) DO UPDATE SET
			first_poll = CASE WHEN source_state.first_poll > 0 THEN source_state.first_poll ELSE excluded.first_poll END,
			last_poll = excluded.last_poll, last_error = excluded.last_error, failures = excluded.failures,
			next_run = excluded.next_run`,
		st.Name, nanos(st.FirstPoll), nanos(st.LastPoll), clipText(st.LastError), st.Failures, nanos(st.NextRun))
}

// SourceStates lists every source ever polled, by name.
func (s *Store) SourceStates(ctx context.Context) ([]briefs.SourceState, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+sourceStateColumns+` FROM source_state ORDER BY name`)
	if err != nil {
		return nil, fmt.Errorf("store: listing source states: %w", err)
	}
	defer rows.Close()
	var out []briefs.SourceState
	for rows.Next() {
		st, err := scanSourceState(rows)
		if err != nil {
			return nil, fmt.Errorf("store: listing source states: %w", err)
		}
		out = append(out, st)
	}
	return out, rows.Err()
}

func scanSourceState(r rowScanner) (briefs.SourceState, error) {
	var st briefs.SourceState
	err := r.Scan(&st.Name, nanoScanner{&st.FirstPoll}, nanoScanner{&st.LastPoll}, &st.LastError, &st.Failures, nanoScanner{&st.NextRun})
	return st, err
}
