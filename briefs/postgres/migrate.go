package postgres

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"slices"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"
)

//go:embed migrations/*.sql
var migrations embed.FS

type migration struct {
	version int
	name    string
}

// migrate applies each migrations/NNN_*.sql not yet recorded in schema_migrations, in numeric
// order, each in its own transaction holding an advisory lock: replicas starting together wait
// for each other and each migration runs once.
func (s *Store) migrate(ctx context.Context, key int64) error {
	files, err := migrationFiles(migrations)
	if err != nil {
		return err
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
				m.version).Scan(&done); err != nil || done {
				return err
			}
			body, err := fs.ReadFile(migrations, "migrations/"+m.name)
			if err != nil {
				return err
			}
			// no arguments: the simple protocol runs every statement of the file
			if _, err := tx.Exec(ctx, string(body)); err != nil {
				return err
			}
			_, err = tx.Exec(ctx, `INSERT INTO schema_migrations (version, name) VALUES ($1, $2)`, m.version, m.name)
			return err
		})
		if err != nil {
			return fmt.Errorf("postgres: migration %s: %w", m.name, err)
		}
	}
	return nil
}

// migrationFiles lists NNN_name.sql files by version; two files with one number are an error.
func migrationFiles(fsys fs.FS) ([]migration, error) {
	entries, err := fs.ReadDir(fsys, "migrations")
	if err != nil {
		return nil, fmt.Errorf("postgres: read migrations: %w", err)
	}
	var out []migration
	for _, e := range entries {
		name := e.Name()
		num, _, ok := strings.Cut(name, "_")
		if e.IsDir() || !ok || !strings.HasSuffix(name, ".sql") {
			continue
		}
		v, err := strconv.Atoi(num)
		if err != nil {
			return nil, fmt.Errorf("postgres: migration %s: name must start with a number", name)
		}
		out = append(out, migration{v, name})
	}
	slices.SortFunc(out, func(a, b migration) int { return a.version - b.version })
	for i := 1; i < len(out); i++ {
		if out[i].version == out[i-1].version {
			return nil, fmt.Errorf("postgres: migrations %s and %s share a number", out[i-1].name, out[i].name)
		}
	}
	return out, nil
}
