package briefs

import "testing"

// BenchmarkExtractPeople measures extraction on the example briefing (about 4 KB of text, twelve
// people). Ingest must reach 1,000 briefings/s on two cores, so this should stay well below 300 µs.
func BenchmarkExtractPeople(b *testing.B) {
	br := exampleBriefing(b)
	b.SetBytes(int64(len(br.Title) + len(br.Summary) + len(br.Analysis)))
	b.ReportAllocs()
	for b.Loop() {
		if len(ExtractPeople(br)) == 0 {
			b.Fatal("no people extracted")
		}
	}
}
