package postgres

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestMaskDSN(t *testing.T) {
	tests := []struct{ in, want string }{
		{"postgres://bot:s3cr3t@db:5432/briefbot?sslmode=require", "postgres://bot:xxxxx@db:5432/briefbot?sslmode=require"},
		{"postgresql://bot@db/briefbot", "postgresql://bot@db/briefbot"},
		{"postgres://db/briefbot?user=bot&password=s3cr3t", "postgres://db/briefbot?password=xxxxx&user=bot"},
		{"host=db user=bot password=s3cr3t dbname=briefbot", "host=db user=bot password=xxxxx dbname=briefbot"},
		{"host=db password='s3 cr3t' dbname=briefbot", "host=db password=xxxxx dbname=briefbot"},
		{"postgres://bot:s3cr3t@db:notaport/briefbot", "postgres://…"},
	}
	for _, tt := range tests {
		if got := MaskDSN(tt.in); got != tt.want {
			t.Errorf("MaskDSN(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestOpenErrorsHideThePassword opens DSNs that fail before, during and after connecting;
// no error may show the password.
func TestOpenErrorsHideThePassword(t *testing.T) {
	const pw = "Hunter2-pa55word"
	dsns := []string{
		"postgres://bot:" + pw + "@127.0.0.1:1/briefbot?connect_timeout=2",              // nothing listens
		"postgres://bot:" + pw + "@127.0.0.1:notaport/briefbot",                         // unparseable
		"postgres://bot:" + pw + "@127.0.0.1:1/briefbot?sslmode=bogus",                  // bad setting
		"host=127.0.0.1 port=1 user=bot password=" + pw + " dbname=x connect_timeout=2", // key=value form
		"host=127.0.0.1 port=1 user=bot password='" + pw + "' sslmode=bogus",
	}
	for _, dsn := range dsns {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		s, err := Open(ctx, dsn)
		cancel()
		if err == nil {
			s.Close()
			t.Errorf("Open(%s) succeeded", MaskDSN(dsn))
			continue
		}
		if strings.Contains(err.Error(), pw) || strings.Contains(err.Error(), "pa55") {
			t.Errorf("error shows the password: %v", err)
		}
	}
	if strings.Contains(MaskDSN(dsns[0]), pw) {
		t.Error("MaskDSN keeps the password")
	}
}

func TestRedactKeepsWrappedError(t *testing.T) {
	inner := context.DeadlineExceeded
	err := redact(fmt.Errorf("postgres: open postgres://u:longpassword@h/db: %w", inner), "postgres://u:longpassword@h/db")
	if strings.Contains(err.Error(), "longpassword") {
		t.Errorf("redacted error %q shows the password", err)
	}
	if !errors.Is(err, inner) {
		t.Error("redaction lost the wrapped error")
	}
}
