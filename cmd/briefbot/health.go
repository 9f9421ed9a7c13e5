package main

import (
	"context"
	"fmt"

	"github.com/briefbot/briefbot/config"
	"github.com/briefbot/briefbot/ops"
)

func init() {
	register(subcommand{name: "health", order: 90, run: runHealth,
		summary: "Exit 0 if the running briefbot's admin server answers /healthz (container health check)"})
}

func runHealth(ctx context.Context, a *app, args []string) error {
	fs := newFlags("health", a.stderr)
	if _, err := parseFlags(fs, args); err != nil {
		return err
	}
	cfg, err := config.Load("", a.getenv)
	if err != nil {
		return &exitError{code: 2, err: err}
	}
	if cfg.HTTPAddr == "off" {
		return usageErrorf("health: the admin server is off (BRIEFBOT_HTTP_ADDR=off)")
	}
	if err := ops.Probe(ctx, cfg.HTTPAddr); err != nil {
		return err
	}
	fmt.Fprintln(a.stdout, "ok")
	return nil
}
