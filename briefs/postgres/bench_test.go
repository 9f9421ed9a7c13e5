package postgres

import (
	"context"
	cryptorand "crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/briefbot/briefbot/briefs"
	"github.com/briefbot/briefbot/briefs/briefgen"
	"github.com/briefbot/briefbot/briefs/storetest"
	"github.com/jackc/pgx/v5"
)

// The benchmarks mirror briefs/sqlite's: the same generator, dataset, queries and metrics.

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

const bigN = 100_000

var big struct {
	once   sync.Once
	dsn    string // the server's, to drop the schema
	schema string // dropped at the end unless kept
	keep   bool
	inDSN  string // with search_path set to the schema
	err    error
	took   time.Duration
}

// bigStore opens the 100,000-briefing schema, building it on first use in this process. With
// BRIEFBOT_BENCH_SCHEMA set, the dataset lives in that schema and is kept: a later run finds it
// complete and skips the build.
func bigStore(b *testing.B) *Store {
	dsn := testDSN(b)
	big.once.Do(func() {
		start := time.Now()
		big.dsn, big.schema = dsn, os.Getenv("BRIEFBOT_BENCH_SCHEMA")
		if big.schema != "" {
			big.keep = true
		} else {
			var r [6]byte
			cryptorand.Read(r[:])
			big.schema = "bb_bench_" + hex.EncodeToString(r[:])
		}
		big.inDSN = withParam(b, dsn, "search_path", big.schema)
		if big.keep && complete(big.inDSN) {
			return
		}
		conn, err := pgx.Connect(context.Background(), dsn)
		if err != nil {
			big.err = err
			return
		}
		_, big.err = conn.Exec(context.Background(), "DROP SCHEMA IF EXISTS "+pgx.Identifier{big.schema}.Sanitize()+
			" CASCADE; CREATE SCHEMA "+pgx.Identifier{big.schema}.Sanitize())
		conn.Close(context.Background())
		if big.err != nil {
			return
		}
		big.err = buildBig(big.inDSN)
		big.took = time.Since(start)
	})
	if big.err != nil {
		b.Fatal(big.err)
	}
	b.Logf("100k schema built in %v (once per process)", big.took)
	s, err := Open(context.Background(), big.inDSN)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	return s
}

// complete reports whether dsn's schema already holds the whole chained dataset.
func complete(dsn string) bool {
	s, err := Open(context.Background(), dsn)
	if err != nil {
		return false
	}
	defer s.Close()
	var n, chained int
	err = s.pool.QueryRow(context.Background(), `SELECT count(*), count(*) FILTER (WHERE seq > 0) FROM briefings`).Scan(&n, &chained)
	return err == nil && n == bigN && chained == bigN
}

// buildBig saves bigN briefings with SaveBriefings in chunks, generated on all cores, with one
// Relink at the end, then updates the planner's statistics.
func buildBig(dsn string) error {
	ctx := context.Background()
	s, err := Open(ctx, dsn)
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
	if _, err = s.Relink(ctx); err != nil {
		return err
	}
	_, err = s.pool.Exec(ctx, "ANALYZE")
	return err
}

func TestMain(m *testing.M) {
	code := m.Run()
	if big.schema != "" && !big.keep {
		if conn, err := pgx.Connect(context.Background(), big.dsn); err == nil {
			conn.Exec(context.Background(), "DROP SCHEMA "+big.schema+" CASCADE")
			conn.Close(context.Background())
		}
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
