#!/bin/sh
# Measures `briefbot ingest` on 10,000 generated briefing files: wall time and peak memory
# (Maximum resident set size from GNU time), then the in-process ingest benchmark.
# Usage: .ci/bench-ingest.sh [N]    (default 10000)
set -eu
n=${1:-10000}
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go build -o "$work/briefbot" ./cmd/briefbot
go run ./cmd/briefbot/internal/genbriefings -n "$n" "$work/files"
echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
/usr/bin/time -v "$work/briefbot" ingest --db "$work/bench.db" "$work/files" >"$work/out" 2>"$work/time" || {
	cat "$work/out" "$work/time"; exit 1; }
head -n 1 "$work/out"
grep -E 'Elapsed \(wall clock\)|Maximum resident set size' "$work/time"
go test -run '^$' -bench BenchmarkIngest -benchtime 1x ./briefs/
