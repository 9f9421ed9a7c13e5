package ops

import (
	"net"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/briefbot/briefbot/config"
)

// No Docker engine runs where the tests run, so this checks that the Dockerfile still agrees
// with the code: the package it builds exists and is a main package, the port it exposes and
// publishes is the admin server's, and its health check is a command the binary has.
func TestDockerfileMatchesCode(t *testing.T) {
	root := filepath.Join("..")
	data, err := os.ReadFile(filepath.Join(root, "Dockerfile"))
	if err != nil {
		t.Fatal(err)
	}
	df := string(data)

	build := regexp.MustCompile(`CGO_ENABLED=0 go build [^\n]*-o \S+ (\./\S+)`).FindStringSubmatch(df)
	if build == nil {
		t.Fatal("Dockerfile does not build a static binary with CGO_ENABLED=0 go build")
	}
	main, err := os.ReadFile(filepath.Join(root, build[1], "main.go"))
	if err != nil || !strings.Contains(string(main), "package main") {
		t.Fatalf("Dockerfile builds %s, which is not a main package: %v", build[1], err)
	}

	_, defaultPort, _ := net.SplitHostPort(config.Default().HTTPAddr)
	if !strings.Contains(df, "EXPOSE "+defaultPort+"\n") {
		t.Errorf("Dockerfile must EXPOSE the admin port %s", defaultPort)
	}
	if !strings.Contains(df, "BRIEFBOT_HTTP_ADDR=0.0.0.0:"+defaultPort) {
		t.Errorf("Dockerfile must bind the admin server on all interfaces at port %s", defaultPort)
	}
	if !regexp.MustCompile(`(?m)^USER \d+`).MatchString(df) || strings.Contains(df, "USER root") {
		t.Error("Dockerfile must run as a non-root user")
	}
	if !strings.Contains(df, `HEALTHCHECK`) || !strings.Contains(df, `"briefbot", "health"`) &&
		!strings.Contains(df, `/usr/local/bin/briefbot", "health"`) {
		t.Error("Dockerfile must have a HEALTHCHECK running `briefbot health`")
	}
	health, err := os.ReadFile(filepath.Join(root, build[1], "health.go"))
	if err != nil || !strings.Contains(string(health), "/healthz") {
		t.Errorf("the binary has no `health` command probing /healthz: %v", err)
	}
	compose, err := os.ReadFile(filepath.Join(root, "compose.yaml"))
	if err != nil || !strings.Contains(string(compose), "postgres") || !strings.Contains(string(compose), "BRIEFBOT_DB") {
		t.Errorf("compose.yaml must show briefbot on PostgreSQL: %v", err)
	}
}
