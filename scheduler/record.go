package scheduler

import (
	"context"
	"runtime"
	"sync"

	"github.com/briefbot/briefbot/briefs"
)

// recorder group-commits successful sends: every worker waits for its own send to be recorded,
// so a crash repeats at most one send per worker, but the sends that finish together are
// written in one transaction instead of one each.
type recorder struct {
	outbox briefs.Outbox
	marks  chan pendingMark
	once   sync.Once
}

type pendingMark struct {
	mark briefs.SentMark
	done chan error
}

// maxGroup bounds one group commit.
const maxGroup = 256

func newRecorder(outbox briefs.Outbox) *recorder {
	return &recorder{outbox: outbox, marks: make(chan pendingMark, maxGroup)}
}

// markSent records m and returns once it is committed.
func (r *recorder) markSent(m briefs.SentMark) error {
	done := make(chan error, 1)
	r.marks <- pendingMark{mark: m, done: done}
	return <-done
}

// close ends run once every queued mark is written; call it after the last markSent returned.
func (r *recorder) close() { r.once.Do(func() { close(r.marks) }) }

func (r *recorder) run(ctx context.Context) {
	for first := range r.marks {
		group := r.drain([]pendingMark{first})
		// Let workers finishing at about the same time join the group: yield a few times
		// rather than wait on a clock, so no delay is added when nobody else is sending.
		for spin := 0; spin < 4 && len(group) < maxGroup; spin++ {
			runtime.Gosched()
			group = r.drain(group)
		}
		marks := make([]briefs.SentMark, len(group))
		for i, p := range group {
			marks[i] = p.mark
		}
		err := r.outbox.MarkSentMany(ctx, marks)
		for _, p := range group {
			p.done <- err
		}
	}
}

// drain adds the marks already waiting to group, without blocking.
func (r *recorder) drain(group []pendingMark) []pendingMark {
	for len(group) < maxGroup {
		select {
		case p, ok := <-r.marks:
			if !ok {
				return group
			}
			group = append(group, p)
		default:
			return group
		}
	}
	return group
}
