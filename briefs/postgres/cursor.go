package postgres

import (
	"context"
	"fmt"

	"github.com/briefbot/briefbot/briefs"
	"github.com/jackc/pgx/v5/pgconn"
)

// Cursor returns the briefing a chat is reading, 0 when it has none.
func (s *Store) Cursor(ctx context.Context, chat briefs.ChatRef) (int64, error) {
	var id int64
	err := s.pool.QueryRow(ctx, `SELECT briefing_id FROM chat_cursors WHERE platform = $1 AND chat_id = $2`,
		clean(chat.Platform), clean(chat.ID)).Scan(&id)
	if err != nil && !isNoRows(err) {
		return 0, fmt.Errorf("postgres: cursor of %s: %w", chat, err)
	}
	return id, nil
}

// SetCursor records the briefing a chat is reading; briefingID 0 forgets it.
func (s *Store) SetCursor(ctx context.Context, chat briefs.ChatRef, briefingID int64) error {
	if chat.Platform == "" || chat.ID == "" {
		return briefs.Errorf(briefs.ErrInvalid, "a chat needs a platform and an ID")
	}
	var err error
	if briefingID == 0 {
		_, err = s.pool.Exec(ctx, `DELETE FROM chat_cursors WHERE platform = $1 AND chat_id = $2`,
			clean(chat.Platform), clean(chat.ID))
	} else {
		// one statement: the briefing must exist, and a briefing deleted meanwhile fails the foreign key
		var tag pgconn.CommandTag
		tag, err = s.pool.Exec(ctx, `INSERT INTO chat_cursors (platform, chat_id, briefing_id, updated_at)
			SELECT $1, $2, id, $4 FROM briefings WHERE id = $3
			ON CONFLICT (platform, chat_id) DO UPDATE SET briefing_id = excluded.briefing_id, updated_at = excluded.updated_at`,
			clean(chat.Platform), clean(chat.ID), briefingID, s.now().UnixNano())
		if err == nil && tag.RowsAffected() == 0 {
			return notFound("there is no briefing %d", briefingID)
		}
	}
	if err != nil {
		return fmt.Errorf("postgres: set cursor of %s: %w", chat, err)
	}
	return nil
}
