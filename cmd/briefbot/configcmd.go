package main

import (
	"context"
	"fmt"

	"github.com/briefbot/briefbot/config"
)

func init() {
	register(subcommand{name: "config", order: 80, run: runConfig,
		summary: "config check: validate the configuration and print it with secrets masked"})
}

func runConfig(_ context.Context, a *app, args []string) error {
	fs := newFlags("config", a.stderr)
	path := fs.String("config", "", "TOML config file (default $BRIEFBOT_CONFIG)")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "Usage: briefbot config check [--config FILE]")
		fs.PrintDefaults()
	}
	rest, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(rest) != 1 || rest[0] != "check" {
		fs.Usage()
		return usageErrorf("config: the only subcommand is check")
	}
	cfg, err := config.Load(*path, a.getenv)
	if err != nil {
		// Every problem at once, each naming its key; secret values are never echoed.
		return &exitError{code: 2, err: err}
	}
	if err := cfg.Print(a.stdout); err != nil {
		return fmt.Errorf("config: %w", err)
	}
	fmt.Fprintln(a.stdout, "# configuration is valid")
	return nil
}
