package briefs

// Rejection is an input that could not be read as a briefing, and why.
type Rejection struct {
	Origin string // the file path or URL
	Reason string // plain words: "no title", "file is larger than 1 MiB"
}

// Batch is what one read of a source produced: the briefings it found and what it refused.
type Batch struct {
	Briefings []Briefing
	Rejected  []Rejection
}
