package postgres

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"strings"
	"testing"

	"github.com/briefbot/briefbot/briefs"
	"github.com/briefbot/briefbot/briefs/sqlmigrate"
	"github.com/briefbot/briefbot/briefs/storetest"
	"github.com/jackc/pgx/v5"
)

// testDSN returns the test server's DSN or skips the test.
func testDSN(t testing.TB) string {
	t.Helper()
	dsn := os.Getenv("BRIEFBOT_TEST_POSTGRES")
	if dsn == "" {
		t.Skip("BRIEFBOT_TEST_POSTGRES not set: set it to a PostgreSQL URL " +
			"(e.g. postgres://postgres@127.0.0.1:5432/test?sslmode=disable) to run the PostgreSQL tests")
	}
	return dsn
}

// freshSchema creates an empty schema dropped when the test ends and returns a DSN whose
// search_path is that schema, so tests and packages running at once never share tables.
func freshSchema(t testing.TB) string {
	t.Helper()
	dsn := testDSN(t)
	ctx := context.Background()
	var b [6]byte
	rand.Read(b[:])
	schema := "bb_test_" + hex.EncodeToString(b[:])
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatalf("connecting to %s: %v", MaskDSN(dsn), err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "CREATE SCHEMA "+schema); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		conn, err := pgx.Connect(context.Background(), dsn)
		if err != nil {
			t.Errorf("dropping schema %s: %v", schema, err)
			return
		}
		defer conn.Close(context.Background())
		if _, err := conn.Exec(context.Background(), "DROP SCHEMA "+schema+" CASCADE"); err != nil {
			t.Errorf("dropping schema %s: %v", schema, err)
		}
	})
	return withParam(t, dsn, "search_path", schema)
}

// withParam sets one query parameter of a URL DSN.
func withParam(t testing.TB, dsn, key, value string) string {
	t.Helper()
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatalf("BRIEFBOT_TEST_POSTGRES must be a URL: %v", err)
	}
	q := u.Query()
	q.Set(key, value)
	u.RawQuery = q.Encode()
	return u.String()
}

// openTest opens a store in a fresh schema, closed when the test ends.
func openTest(t testing.TB) *Store {
	t.Helper()
	s, err := Open(context.Background(), freshSchema(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestStoreContract(t *testing.T) {
	storetest.Run(t, func(t *testing.T) briefs.Store { return openTest(t) })
}

func TestMigrationsAppliedOnceByConcurrentReplicas(t *testing.T) {
	ctx := context.Background()
	dsn := freshSchema(t)
	const replicas = 4
	errs := make(chan error, replicas)
	stores := make(chan *Store, replicas)
	for range replicas {
		go func() {
			s, err := Open(ctx, dsn)
			errs <- err
			stores <- s
		}()
	}
	for range replicas {
		if err := <-errs; err != nil {
			t.Errorf("replica open: %v", err)
		}
		if s := <-stores; s != nil {
			defer s.Close()
		}
	}
	s, err := Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	files, _ := sqlmigrate.List(migrations)
	var n, v int
	if err := s.pool.QueryRow(ctx, `SELECT count(*), max(version) FROM schema_migrations`).Scan(&n, &v); err != nil {
		t.Fatal(err)
	}
	if n != len(files) || v != files[len(files)-1].Version {
		t.Errorf("%d migrations recorded up to %d, want %d up to %d", n, v, len(files), files[len(files)-1].Version)
	}
}

func TestOpenNeedsAnExistingSchema(t *testing.T) {
	dsn := withParam(t, testDSN(t), "search_path", "bb_no_such_schema")
	if s, err := Open(context.Background(), dsn); err == nil {
		s.Close()
		t.Fatal("Open succeeded with no schema to create tables in")
	} else if !strings.Contains(err.Error(), "no schema") {
		t.Errorf("error %v does not say the schema is missing", err)
	}
}
