package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"text/tabwriter"
	"time"

	"github.com/briefbot/briefbot/briefs"
	"github.com/briefbot/briefbot/briefs/feed"
	"github.com/briefbot/briefbot/briefs/fetch"
	"github.com/briefbot/briefbot/briefs/folder"
	"github.com/briefbot/briefbot/briefs/web"
	"github.com/briefbot/briefbot/config"
	"github.com/briefbot/briefbot/scheduler"
)

func init() {
	register(subcommand{name: "sources", order: 52, run: runSources,
		summary: "List the configured sources and how their polls went"})
}

// buildSources turns the configured sources into pollable ones; one fetch client is shared.
func buildSources(cfg config.Config, log *slog.Logger) ([]scheduler.Source, error) {
	f := fetch.New(fetch.Options{})
	var out []scheduler.Source
	for _, s := range cfg.Sources {
		switch s.Kind {
		case "dir":
			out = append(out, folder.New(s.Loc, folder.Options{Logger: log}))
		case "feed":
			out = append(out, feed.New(s.Loc, f, feed.Options{Logger: log}))
		case "web":
			depth := cfg.WebDepth
			if depth == 0 {
				depth = -1 // web.Options reads 0 as "the default"; a configured 0 means no back-fill
			}
			out = append(out, web.New(s.Loc, f, web.Options{Depth: depth, Logger: log}))
		default:
			return nil, fmt.Errorf("source %s: unknown kind %q (want dir, feed or web)", s, s.Kind)
		}
	}
	return out, nil
}

func runSources(ctx context.Context, a *app, args []string) error {
	cfg, st, err := a.openForDelivery(ctx, "sources", args)
	if err != nil {
		return err
	}
	defer st.Close()
	states, err := st.SourceStates(ctx)
	if err != nil {
		return err
	}
	printSources(a.stdout, cfg, states, a.now())
	return nil
}

// printSources lists each configured source with its last poll, last error and next run, then
// any source polled before but no longer configured.
func printSources(w io.Writer, cfg config.Config, states []briefs.SourceState, now time.Time) {
	if len(cfg.Sources) == 0 {
		fmt.Fprintln(w, "No sources configured. Set BRIEFBOT_SOURCES, e.g. dir:/srv/briefings,feed:https://example.org/rss")
	}
	byName := map[string]briefs.SourceState{}
	for _, s := range states {
		byName[s.Name] = s
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	if len(cfg.Sources) > 0 {
		fmt.Fprintf(tw, "SOURCE\tLAST POLL\tNEXT RUN\tFAILURES\tLAST ERROR\n")
	}
	for _, src := range cfg.Sources {
		name := src.String()
		s, ok := byName[name]
		delete(byName, name)
		if !ok {
			fmt.Fprintf(tw, "%s\tnever\t-\t0\t\n", name)
			continue
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%s\n", name, when(s.LastPoll, now), when(s.NextRun, now), s.Failures, s.LastError)
	}
	tw.Flush()
	for name := range byName {
		fmt.Fprintf(w, "(no longer configured: %s)\n", name)
	}
	fmt.Fprintf(w, "Poll schedule: %s\n", cfg.Poll)
}

// when prints a time in UTC with how far it is from now.
func when(t, now time.Time) string {
	if t.IsZero() {
		return "never"
	}
	d := t.Sub(now).Round(time.Second)
	rel := "in " + d.String()
	if d <= 0 {
		rel = (-d).String() + " ago"
	}
	return t.UTC().Format("2006-01-02 15:04:05 UTC") + " (" + rel + ")"
}

// deliveryStore is what run, sources and subscriptions need: the whole SQLite store.
type deliveryStore interface {
	briefs.Store
	scheduler.Store
}

// openForDelivery loads the configuration (with --db and --config flags) and opens a store
// that keeps subscriptions and the outbox.
func (a *app) openForDelivery(ctx context.Context, name string, args []string) (config.Config, deliveryStore, error) {
	fs := newFlags(name, a.stderr)
	db := dbFlag(fs)
	cfgPath := fs.String("config", "", "a TOML configuration file (default $BRIEFBOT_CONFIG)")
	rest, err := parseFlags(fs, args)
	if err != nil {
		return config.Config{}, nil, err
	}
	if len(rest) > 0 {
		return config.Config{}, nil, usageErrorf("%s: unexpected argument %q", name, rest[0])
	}
	cfg, err := config.Load(*cfgPath, a.getenv)
	if err != nil {
		return cfg, nil, &exitError{code: 2, err: fmt.Errorf("configuration: %w", err)}
	}
	if *db != "" {
		cfg.DB = *db
	}
	st, err := openStore(ctx, cfg.DB)
	if err != nil {
		return cfg, nil, err
	}
	ds, ok := st.(deliveryStore)
	if !ok {
		st.Close()
		return cfg, nil, errors.New("this database cannot keep subscriptions and deliveries")
	}
	return cfg, ds, nil
}
