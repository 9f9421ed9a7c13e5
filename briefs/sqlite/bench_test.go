package sqlite

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/briefbot/briefbot/briefs"
	"github.com/briefbot/briefbot/briefs/briefgen"
	"github.com/briefbot/briefbot/briefs/storetest"
)

// generated is one briefgen briefing with the people the extractor finds in it.
type generated struct {
	b  briefs.Briefing
	ms []briefs.Mention
}

// generate makes briefings first..first+n-1 of seed 1 with their mentions, on every core.
func generate(first, n int) []generated {
	g := briefgen.New(1)
	out := make([]generated, n)
	var wg sync.WaitGroup
	workers := runtime.GOMAXPROCS(0)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < n; i += workers {
				b := g.Briefing(first + i)
				out[i] = generated{b, briefs.ExtractPeople(b)}
			}
		}()
	}
	wg.Wait()
	return out
}

// BenchmarkSaveBriefing measures ingest: SaveBriefing per briefing and one Relink per 100, into a
// store that grows from empty.
func BenchmarkSaveBriefing(b *testing.B) {
	ctx := context.Background()
	s, err := Open(ctx, filepath.Join(b.TempDir(), "bench.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	data := generate(0, b.N)
	mentions := 0
	for _, d := range data {
		mentions += len(d.ms)
	}
	b.ResetTimer()
	cpu := storetest.CPUTime()
	for i := range data {
		if _, err := s.SaveBriefing(ctx, &data[i].b, data[i].ms); err != nil {
			b.Fatal(err)
		}
		if i%100 == 99 || i == len(data)-1 {
			if _, err := s.Relink(ctx); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.StopTimer()
	used := storetest.CPUTime() - cpu
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "briefings/s")
	b.ReportMetric(float64(used.Microseconds())/float64(b.N), "cpu-µs/op")
	b.ReportMetric(float64(mentions)/float64(b.N), "mentions/op")
}

// BenchmarkSaveBriefings measures bulk ingest: SaveBriefings of 100 in one transaction, then Relink.
func BenchmarkSaveBriefings(b *testing.B) {
	ctx := context.Background()
	s, err := Open(ctx, filepath.Join(b.TempDir(), "bench.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	data := generate(0, b.N)
	b.ResetTimer()
	cpu := storetest.CPUTime()
	for first := 0; first < len(data); first += 100 {
		batch := data[first:min(first+100, len(data))]
		bs, ms := make([]*briefs.Briefing, len(batch)), make([][]briefs.Mention, len(batch))
		for i := range batch {
			bs[i], ms[i] = &batch[i].b, batch[i].ms
		}
		if _, err := s.SaveBriefings(ctx, bs, ms); err != nil {
			b.Fatal(err)
		}
		if _, err := s.Relink(ctx); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "briefings/s")
	b.ReportMetric(float64((storetest.CPUTime()-cpu).Microseconds())/float64(b.N), "cpu-µs/op")
}

const bigN = 100_000

var big struct {
	once sync.Once
	dir  string
	path string
	err  error
	took time.Duration
}

// bigStore opens the 100,000-briefing database, building it on first use in this process into a
// temporary file, or into $BRIEFBOT_BENCH_DB (kept, and reused when it exists).
func bigStore(b *testing.B) *Store {
	big.once.Do(func() {
		if p := os.Getenv("BRIEFBOT_BENCH_DB"); p != "" {
			big.path = p
			if _, err := os.Stat(p); err == nil {
				return
			}
			start := time.Now()
			big.err = buildBig(p)
			big.took = time.Since(start)
			return
		}
		start := time.Now()
		big.dir, big.err = os.MkdirTemp("", "briefbot-bench-")
		if big.err != nil {
			return
		}
		big.path = filepath.Join(big.dir, "big.db")
		big.err = buildBig(big.path)
		big.took = time.Since(start)
	})
	if big.err != nil {
		b.Fatal(big.err)
	}
	if big.took > 0 {
		b.Logf("100k database built in %v (once per process)", big.took)
	}
	s, err := Open(context.Background(), big.path)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	return s
}

// buildBig saves bigN briefings in chunks, generated on all cores, with one Relink at the end.
func buildBig(path string) error {
	ctx := context.Background()
	s, err := Open(ctx, path)
	if err != nil {
		return err
	}
	defer s.Close()
	const chunk = 1000
	for first := 0; first < bigN; first += chunk {
		data := generate(first, min(chunk, bigN-first))
		bs, ms := make([]*briefs.Briefing, len(data)), make([][]briefs.Mention, len(data))
		for i := range data {
			bs[i], ms[i] = &data[i].b, data[i].ms
		}
		if _, err := s.SaveBriefings(ctx, bs, ms); err != nil {
			return err
		}
	}
	_, err = s.Relink(ctx)
	return err
}

func TestMain(m *testing.M) {
	code := m.Run()
	if big.dir != "" {
		os.RemoveAll(big.dir)
	}
	os.Exit(code)
}

// BenchmarkWho100k is what /who does, on the 100k dataset (storetest.BenchWho).
func BenchmarkWho100k(b *testing.B) { storetest.BenchWho(b, bigStore(b)) }

// BenchmarkSearch100k runs searches from the corpus, on the 100k dataset (storetest.BenchSearch).
func BenchmarkSearch100k(b *testing.B) { storetest.BenchSearch(b, bigStore(b), bigN) }

// BenchmarkRelink100k measures a Relink after one new briefing joins the 100k chain.
func BenchmarkRelink100k(b *testing.B) {
	ctx := context.Background()
	s := bigStore(b)
	extra := generate(bigN, 1)[0]
	for i := 0; i < b.N; i++ {
		d := extra
		d.b.Summary = fmt.Sprintf("%s (revision %d)", d.b.Summary, i)
		if _, err := s.SaveBriefing(ctx, &d.b, d.ms); err != nil {
			b.Fatal(err)
		}
		if _, err := s.Relink(ctx); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkIngest100k is ingest at scale: SaveBriefing per briefing and one Relink per 100 into the
// 100,000-briefing database, continuing its chain. The first Relink after opening a store is a
// full one; it is not timed.
func BenchmarkIngest100k(b *testing.B) {
	ctx := context.Background()
	s := bigStore(b)
	n, err := s.CountBriefings(ctx)
	if err != nil {
		b.Fatal(err)
	}
	data := generate(n, b.N+1) // the database holds briefgen briefings 0..n-1
	if _, err := s.SaveBriefing(ctx, &data[0].b, data[0].ms); err != nil {
		b.Fatal(err)
	}
	if _, err := s.Relink(ctx); err != nil {
		b.Fatal(err)
	}
	data = data[1:]
	b.ResetTimer()
	cpu := storetest.CPUTime()
	for i := range data {
		if _, err := s.SaveBriefing(ctx, &data[i].b, data[i].ms); err != nil {
			b.Fatal(err)
		}
		if i%100 == 99 || i == len(data)-1 {
			if _, err := s.Relink(ctx); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "briefings/s")
	b.ReportMetric(float64((storetest.CPUTime()-cpu).Microseconds())/float64(b.N), "cpu-µs/op")
	b.ReportMetric(float64(s.appends-1), "append-relinks")
}
