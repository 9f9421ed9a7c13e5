package briefs_test

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/briefbot/briefbot/briefs"
	"github.com/briefbot/briefbot/briefs/briefgen"
	"github.com/briefbot/briefbot/briefs/sqlite"
)

// BenchmarkIngest measures the whole ingest of 10,000 generated briefings: parsing the texts,
// extracting people and saving them into a fresh SQLite store, then one relink. Run it with
// -benchtime 1x; it reports briefings/s.
func BenchmarkIngest(b *testing.B) {
	const n = 10000
	gen := briefgen.New(1)
	texts := make([][]byte, n)
	for i := range texts {
		texts[i] = gen.Text(i)
	}
	modTime := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	ctx := context.Background()
	b.ResetTimer()
	for b.Loop() {
		b.StopTimer()
		st, err := sqlite.Open(ctx, filepath.Join(b.TempDir(), fmt.Sprintf("bench-%d.db", time.Now().UnixNano())))
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		start := time.Now()
		var batch briefs.Batch
		for i, text := range texts {
			br, err := briefs.Parse(fmt.Sprintf("gen-%05d.txt", i), text, modTime)
			if err != nil {
				batch.Rejected = append(batch.Rejected, briefs.Rejection{Origin: fmt.Sprint(i), Reason: err.Error()})
				continue
			}
			batch.Briefings = append(batch.Briefings, br)
		}
		rep, err := briefs.Ingest(ctx, st, batch)
		elapsed := time.Since(start)
		b.StopTimer()
		if err != nil {
			b.Fatal(err)
		}
		if rep.Added != n {
			b.Fatalf("added %d of %d; rejected %d (first: %+v)", rep.Added, n, len(rep.Rejected), rep.Rejected[:min(1, len(rep.Rejected))])
		}
		b.ReportMetric(float64(n)/elapsed.Seconds(), "briefings/s")
		st.Close()
		b.StartTimer()
	}
}

// BenchmarkParseExtract measures the store-free half of an ingest on the same 10,000 texts:
// parsing and people extraction only, to tell it apart from the store's share.
func BenchmarkParseExtract(b *testing.B) {
	const n = 10000
	gen := briefgen.New(1)
	texts := make([][]byte, n)
	for i := range texts {
		texts[i] = gen.Text(i)
	}
	modTime := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	b.ResetTimer()
	for b.Loop() {
		start := time.Now()
		mentions := 0
		for i, text := range texts {
			br, err := briefs.Parse(fmt.Sprintf("gen-%05d.txt", i), text, modTime)
			if err != nil {
				b.Fatal(err)
			}
			mentions += len(briefs.ExtractPeople(br))
		}
		if mentions == 0 {
			b.Fatal("no people extracted")
		}
		b.ReportMetric(float64(n)/time.Since(start).Seconds(), "briefings/s")
	}
}
