package ops

import (
	"io"
	"log/slog"
)

// NewLogger builds the process logger: text on a terminal, JSON otherwise ("auto"), or as forced
// by format. level is debug, info, warn or error (config validates it).
func NewLogger(w io.Writer, format, level string, terminal bool) *slog.Logger {
	var lv slog.Level
	_ = lv.UnmarshalText([]byte(level))
	opts := &slog.HandlerOptions{Level: lv}
	if format == "text" || (format == "auto" && terminal) {
		return slog.New(slog.NewTextHandler(w, opts))
	}
	return slog.New(slog.NewJSONHandler(w, opts))
}
