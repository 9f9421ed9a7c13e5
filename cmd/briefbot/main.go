// Command briefbot ingests geopolitical briefings, answers chat commands about them and
// delivers new ones to subscribed chats. main only wires; run is the testable entry point.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"runtime/debug"
	"slices"
	"syscall"
	"time"
)

// version is set at build time with -ldflags "-X main.version=v1.2.3".
var version = "dev"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	var quiet *exitError
	if err != nil && !(errors.As(err, &quiet) && quiet.quiet) {
		fmt.Fprintln(os.Stderr, "briefbot:", err)
	}
	os.Exit(exitCode(err))
}

// run executes one briefbot command line (without the program name).
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	a := &app{stdin: stdin, stdout: stdout, stderr: stderr, getenv: os.Getenv, now: time.Now}
	return a.run(ctx, args)
}

// app is what every subcommand gets: the standard streams, the environment and the clock.
type app struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	getenv         func(string) string
	now            func() time.Time
}

// subcommand is one verb of the command line. Add one with a single register call in an init
// function of its own file.
type subcommand struct {
	name    string
	summary string // one line for `briefbot help`
	order   int    // place in `briefbot help`
	run     func(ctx context.Context, a *app, args []string) error
}

var subcommands = map[string]subcommand{}

func register(s subcommand) { subcommands[s.name] = s }

func (a *app) run(ctx context.Context, args []string) error {
	if len(args) == 0 {
		a.usage(a.stderr)
		return usageErrorf("no command given")
	}
	name := args[0]
	switch name {
	case "help", "-h", "--help", "-help":
		a.usage(a.stdout)
		return nil
	case "version", "--version", "-version":
		fmt.Fprintln(a.stdout, "briefbot", versionString())
		return nil
	}
	sc, ok := subcommands[name]
	if !ok {
		a.usage(a.stderr)
		return usageErrorf("unknown command %q", name)
	}
	if err := sc.run(ctx, a, args[1:]); !errors.Is(err, flag.ErrHelp) {
		return err
	}
	return nil
}

func (a *app) usage(w io.Writer) {
	fmt.Fprintln(w, "Usage: briefbot <command> [flags] [args]")
	fmt.Fprintln(w, "\nCommands:")
	var list []subcommand
	for _, s := range subcommands {
		list = append(list, s)
	}
	slices.SortFunc(list, func(x, y subcommand) int {
		if x.order != y.order {
			return x.order - y.order
		}
		return compareStrings(x.name, y.name)
	})
	for _, s := range list {
		fmt.Fprintf(w, "  %-14s %s\n", s.name, s.summary)
	}
	fmt.Fprintf(w, "  %-14s %s\n", "version", "Print the version")
	fmt.Fprintf(w, "  %-14s %s\n", "help", "Show this help")
	fmt.Fprintln(w, "\nThe database is --db, else BRIEFBOT_DB, else ./briefbot.db. See docs/commands.md.")
}

func compareStrings(x, y string) int {
	switch {
	case x < y:
		return -1
	case x > y:
		return 1
	}
	return 0
}

func versionString() string {
	v := version
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, s := range info.Settings {
			if s.Key == "vcs.revision" && len(s.Value) >= 12 {
				v += " (" + s.Value[:12] + ")"
			}
		}
	}
	return v
}

// logger is where subcommands log: warnings and errors to stderr, so replies stay clean.
func (a *app) logger() *slog.Logger {
	return slog.New(slog.NewTextHandler(a.stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
}

// exitError carries the process exit code for an error.
type exitError struct {
	code  int
	err   error
	quiet bool // the user has been told already: main prints nothing more
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

// usageErrorf reports a bad command line: exit status 2.
func usageErrorf(format string, args ...any) error {
	return &exitError{code: 2, err: fmt.Errorf(format, args...)}
}

// exitCode is 0 for success, the code of an *exitError, else 1.
func exitCode(err error) int {
	if err == nil {
		return 0
	}
	var e *exitError
	if errors.As(err, &e) {
		return e.code
	}
	return 1
}
