package main

import (
	"errors"
	"flag"
	"io"
)

// newFlags returns a flag set that reports to stderr and returns errors instead of exiting.
func newFlags(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("briefbot "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	return fs
}

// parseFlags parses flags placed before, between or after the positional arguments, and
// returns the positional ones. "--" ends the flags. A parse error is a usage error.
func parseFlags(fs *flag.FlagSet, args []string) ([]string, error) {
	var rest, after []string
	for i, a := range args {
		if a == "--" {
			args, after = args[:i], args[i+1:]
			break
		}
	}
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, err // the flag set printed its usage; app.run turns this into success
			}
			return nil, usageErrorf("%v", err)
		}
		args = fs.Args()
		if len(args) == 0 {
			return append(rest, after...), nil
		}
		rest = append(rest, args[0])
		args = args[1:]
	}
}
