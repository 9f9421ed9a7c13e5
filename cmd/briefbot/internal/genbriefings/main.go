// Command genbriefings writes generated briefing files into a folder, for measuring
// `briefbot ingest` on many files: go run ./cmd/briefbot/internal/genbriefings -n 10000 DIR
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/briefbot/briefbot/briefs/briefgen"
)

func main() {
	n := flag.Int("n", 10000, "how many briefings to write")
	seed := flag.Int64("seed", 1, "generator seed")
	flag.Parse()
	if flag.NArg() != 1 || *n < 1 {
		fmt.Fprintln(os.Stderr, "usage: genbriefings [-n 10000] [-seed 1] DIR")
		os.Exit(2)
	}
	if err := write(flag.Arg(0), *n, *seed); err != nil {
		fmt.Fprintln(os.Stderr, "genbriefings:", err)
		os.Exit(1)
	}
}

func write(dir string, n int, seed int64) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	gen := briefgen.New(seed)
	for i := 0; i < n; i++ {
		name := filepath.Join(dir, fmt.Sprintf("briefing-%05d.txt", i))
		if err := os.WriteFile(name, gen.Text(i), 0o644); err != nil {
			return err
		}
	}
	return nil
}
