package folder

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/briefbot/briefbot/briefs"
)

// Options tune a folder Source.
type Options struct {
	Logger *slog.Logger // nil means slog.Default()
}

// Source is a folder of briefing files polled by the scheduler. Each Poll returns the briefings
// from files that are new or changed since the previous Poll; the first Poll returns them all.
type Source struct {
	dir    string
	logger *slog.Logger

	mu   sync.Mutex
	seen map[string]fileState // by path: what the last poll saw
}

// fileState is what tells a changed file from an unchanged one.
type fileState struct {
	size    int64
	modTime time.Time
	hash    [sha256.Size]byte
}

// Source fits scheduler.Source; the scheduler package is not imported, so sources stay independent of it.
var _ interface {
	Name() string
	Poll(context.Context) (briefs.Batch, error)
} = (*Source)(nil)

// New returns a Source reading the briefing files under dir.
func New(dir string, opts Options) *Source {
	logger := opts.Logger
	if logger == nil {
		logger = slog.Default()
	}
	return &Source{dir: dir, logger: logger, seen: make(map[string]fileState)}
}

// Name gives the source in its configuration form.
func (s *Source) Name() string { return "dir:" + s.dir }

// Poll reads the files that are new or changed (by size, modification time and content hash)
// since the last Poll. A file that cannot be read or parsed is a Rejection, reported again only
// when it changes. Poll fails when the folder itself cannot be read.
func (s *Source) Poll(ctx context.Context) (briefs.Batch, error) {
	s.mu.Lock()
	defer s.mu.Unlock()

	var batch briefs.Batch
	files, rejected, err := listFiles(s.dir)
	if err != nil {
		return batch, err
	}
	batch.Rejected = rejected
	present := make(map[string]bool, len(files))
	for _, f := range files {
		if err := ctx.Err(); err != nil {
			return batch, fmt.Errorf("folder: poll %s: %w", s.dir, err)
		}
		present[f.path] = true
		old, known := s.seen[f.path]
		if known && old.size == f.info.Size() && old.modTime.Equal(f.info.ModTime()) {
			continue
		}
		data, err := readFile(f.path, f.info)
		if errors.Is(err, errTooLarge) {
			s.seen[f.path] = fileState{size: f.info.Size(), modTime: f.info.ModTime()}
		}
		if err != nil {
			// Other read errors are not remembered: such a file is tried again next time.
			batch.Rejected = append(batch.Rejected, briefs.Rejection{Origin: f.path, Reason: reason(err)})
			continue
		}
		st := fileState{size: f.info.Size(), modTime: f.info.ModTime(), hash: sha256.Sum256(data)}
		s.seen[f.path] = st
		if known && old.hash == st.hash {
			continue // touched, not changed
		}
		b, err := briefs.Parse(f.path, data, f.info.ModTime())
		if err != nil {
			batch.Rejected = append(batch.Rejected, briefs.Rejection{Origin: f.path, Reason: reason(err)})
			continue
		}
		batch.Briefings = append(batch.Briefings, b)
	}
	for p := range s.seen {
		if !present[p] {
			delete(s.seen, p)
		}
	}
	s.logger.Debug("folder polled", slog.String("dir", s.dir),
		slog.Int("briefings", len(batch.Briefings)), slog.Int("rejected", len(batch.Rejected)))
	return batch, nil
}
