package main

import (
	"context"
	"flag"
	"fmt"
	"strings"

	"github.com/briefbot/briefbot/briefs"
	"github.com/briefbot/briefbot/briefs/sqlite"
	"github.com/briefbot/briefbot/config"
)

// openStore opens the store a DSN names: a SQLite file path for now; postgres:// URLs will
// open the PostgreSQL store once it exists.
func openStore(ctx context.Context, dsn string) (briefs.Store, error) {
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		return nil, fmt.Errorf("PostgreSQL databases are not supported yet; use a SQLite file path")
	}
	st, err := sqlite.Open(ctx, dsn)
	if err != nil {
		return nil, fmt.Errorf("opening database %s: %w", dsn, err)
	}
	return st, nil
}

// dbFlag adds the --db flag to fs.
func dbFlag(fs *flag.FlagSet) *string {
	return fs.String("db", "", "database: a SQLite file path (default $BRIEFBOT_DB, else ./briefbot.db)")
}

// dsn resolves the database: the --db flag, else the configuration (BRIEFBOT_DB), else its default.
func (a *app) dsn(flagValue string) (string, error) {
	if flagValue != "" {
		return flagValue, nil
	}
	cfg, err := config.Load("", a.getenv)
	if err != nil {
		return "", &exitError{code: 2, err: fmt.Errorf("configuration: %w", err)}
	}
	return cfg.DB, nil
}

// open resolves and opens the database for a subcommand.
func (a *app) open(ctx context.Context, flagValue string) (briefs.Store, string, error) {
	dsn, err := a.dsn(flagValue)
	if err != nil {
		return nil, "", err
	}
	st, err := openStore(ctx, dsn)
	return st, dsn, err
}
