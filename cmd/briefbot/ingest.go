package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/briefbot/briefbot/briefs"
	"github.com/briefbot/briefbot/briefs/folder"
	"github.com/briefbot/briefbot/briefs/samples"
)

func init() {
	register(subcommand{name: "ingest", order: 10, run: runIngest,
		summary: "Read briefing files and folders (or --sample) into the database"})
}

func runIngest(ctx context.Context, a *app, args []string) error {
	fs := newFlags("ingest", a.stderr)
	db := dbFlag(fs)
	sample := fs.Bool("sample", false, "ingest the embedded sample briefings instead of files")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "Usage: briefbot ingest [--db DSN] PATH...   (files or folders of .txt/.md briefings)")
		fmt.Fprintln(fs.Output(), "       briefbot ingest [--db DSN] --sample")
		fs.PrintDefaults()
	}
	paths, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if *sample == (len(paths) > 0) {
		fs.Usage()
		return usageErrorf("ingest: give files or folders to read, or --sample, not both")
	}
	var batch briefs.Batch
	if *sample {
		batch.Briefings, err = samples.All(time.Time{}) // fixed dates: re-ingesting is unchanged
		if err != nil {
			return fmt.Errorf("ingest: reading the samples: %w", err)
		}
	} else if batch, err = folder.Read(paths...); err != nil {
		printRejections(a.stdout, batch.Rejected)
		return err
	}
	if len(batch.Briefings) == 0 && len(batch.Rejected) == 0 {
		return errors.New("ingest: no briefing files (.txt, .md, .markdown) found")
	}
	st, dsn, err := a.open(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	rep, err := briefs.Ingest(ctx, st, batch)
	printReport(a.stdout, dsn, rep)
	if err != nil {
		return err
	}
	if rep.Stored() == 0 {
		return errors.New("ingest: no briefing could be read")
	}
	return nil
}

// printReport writes the counts, then each rejection and chain warning on its own line.
func printReport(w io.Writer, dsn string, rep briefs.Report) {
	fmt.Fprintf(w, "%s: added %d, updated %d, unchanged %d, rejected %d\n",
		dsn, rep.Added, rep.Updated, rep.Unchanged, len(rep.Rejected))
	printRejections(w, rep.Rejected)
	for _, warn := range rep.Warnings {
		fmt.Fprintf(w, "chain warning: %s\n", warn)
	}
}

func printRejections(w io.Writer, rejected []briefs.Rejection) {
	for _, r := range rejected {
		fmt.Fprintf(w, "rejected %s: %s\n", r.Origin, r.Reason)
	}
}
