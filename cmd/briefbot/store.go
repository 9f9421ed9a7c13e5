package main

import (
	"context"
	"flag"
	"fmt"

	"github.com/briefbot/briefbot/briefs"
	"github.com/briefbot/briefbot/briefs/postgres"
	"github.com/briefbot/briefbot/briefs/sqlite"
	"github.com/briefbot/briefbot/config"
)

// Both stores keep everything briefbot needs, subscriptions and the outbox included.
var (
	_ deliveryStore = (*sqlite.Store)(nil)
	_ deliveryStore = (*postgres.Store)(nil)
)

// openStore opens the store a DSN names: a postgres:// URL opens PostgreSQL, anything else is
// a SQLite file path.
func openStore(ctx context.Context, dsn string) (briefs.Store, error) {
	if config.IsPostgres(dsn) {
		st, err := postgres.Open(ctx, dsn)
		if err != nil {
			// postgres errors carry the DSN masked; never print the raw one.
			return nil, fmt.Errorf("opening PostgreSQL database: %w", err)
		}
		return st, nil
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

// open resolves and opens the database for a subcommand. It also returns the database's name
// for messages, with any password masked.
func (a *app) open(ctx context.Context, flagValue string) (briefs.Store, string, error) {
	dsn, err := a.dsn(flagValue)
	if err != nil {
		return nil, "", err
	}
	st, err := openStore(ctx, dsn)
	return st, config.MaskDSN(dsn), err
}
