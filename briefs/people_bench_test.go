package briefs

import (
	"syscall"
	"testing"
	"time"
)

// BenchmarkExtractPeople measures extraction on the example briefing (about 4 KB of text, twelve
// people). Ingest must reach 1,000 briefings/s on two cores, so this should stay well below 300 µs.
// Besides wall time it reports cpu-ns/op, the process CPU time per extraction, which stays
// meaningful when other work shares the machine.
func BenchmarkExtractPeople(b *testing.B) {
	br := exampleBriefing(b)
	b.SetBytes(int64(len(br.Title) + len(br.Summary) + len(br.Analysis)))
	b.ReportAllocs()
	cpu0 := processCPU()
	n := 0
	for b.Loop() {
		if len(ExtractPeople(br)) == 0 {
			b.Fatal("no people extracted")
		}
		n++
	}
	b.ReportMetric(float64(processCPU()-cpu0)/float64(n), "cpu-ns/op")
}

// processCPU returns user plus system CPU time used by this process so far.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
