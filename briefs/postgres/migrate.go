package postgres

import (
	"context"
	"embed"
	"fmt"
	"io/fs"

	"github.com/jackc/pgx/v5"

	"github.com/briefbot/briefbot/briefs/sqlmigrate"
)

//go:embed migrations/*.sql
var migrations embed.FS

// migrate applies each migrations/NNN_*.sql not yet recorded in schema_migrations, in numeric
// order, each in its own transaction holding an advisory lock: replicas starting together wait
// for each other and each migration runs once.
func (s *Store) migrate(ctx context.Context, key int64) error {
	files, err := sqlmigrate.List(migrations)
	if err != nil {
		return fmt.Errorf("postgres: %w", err)
	}
	for _, m := range files {
		err := s.withTx(ctx, func(tx pgx.Tx) error {
			if err := lock(ctx, tx, key); err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
				version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())`); err != nil {
				return err
			}
			var done bool
			if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM schema_migrations WHERE version = $1)`,
				m.Version).Scan(&done); err != nil || done {
				return err
			}
			body, err := fs.ReadFile(migrations, "migrations/"+m.Name)
			if err != nil {
				return err
			}
			// no arguments: the simple protocol runs every statement of the file
			if _, err := tx.Exec(ctx, string(body)); err != nil {
				return err
			}
			_, err = tx.Exec(ctx, `INSERT INTO schema_migrations (version, name) VALUES ($1, $2)`, m.Version, m.Name)
			return err
		})
		if err != nil {
			return fmt.Errorf("postgres: migration %s: %w", m.Name, err)
		}
	}
	return nil
}
