package sqlite

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/briefbot/briefbot/briefs"
)

// Cursor returns the briefing a chat is reading, 0 when it has none.
func (s *Store) Cursor(ctx context.Context, chat briefs.ChatRef) (int64, error) {
	var id int64
	err := s.queryRow(ctx, nil, `SELECT briefing_id FROM chat_cursors WHERE platform = ? AND chat_id = ?`,
		chat.Platform, chat.ID).Scan(&id)
	if err != nil && !isNoRows(err) {
		return 0, fmt.Errorf("sqlite: cursor of %s: %w", chat, err)
	}
	return id, nil
}

// SetCursor records the briefing a chat is reading; briefingID 0 forgets it.
func (s *Store) SetCursor(ctx context.Context, chat briefs.ChatRef, briefingID int64) error {
	if chat.Platform == "" || chat.ID == "" {
		return briefs.Errorf(briefs.ErrInvalid, "a chat needs a platform and an ID")
	}
	err := s.withTx(ctx, func(tx *sql.Tx) error {
		if briefingID == 0 {
			_, err := s.exec(ctx, tx, `DELETE FROM chat_cursors WHERE platform = ? AND chat_id = ?`, chat.Platform, chat.ID)
			return err
		}
		var n int
		if err := s.queryRow(ctx, tx, `SELECT count(*) FROM briefings WHERE id = ?`, briefingID).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return notFound("there is no briefing %d", briefingID)
		}
		_, err := s.exec(ctx, tx, `INSERT INTO chat_cursors (platform, chat_id, briefing_id, updated_at) VALUES (?, ?, ?, ?)
			ON CONFLICT (platform, chat_id) DO UPDATE SET briefing_id = excluded.briefing_id, updated_at = excluded.updated_at`,
			chat.Platform, chat.ID, briefingID, s.now().UnixNano())
		return err
	})
	if err != nil {
		return fmt.Errorf("sqlite: set cursor of %s: %w", chat, err)
	}
	return nil
}
