package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/briefbot/briefbot/briefs"
)

// Claim leases up to limit due deliveries for platform: queued ones whose time has come and
// claimed ones whose lease ran out (their worker died). An edit waits until the message it
// edits was sent. On PostgreSQL the same step is one UPDATE … WHERE id IN (SELECT … FOR UPDATE
// SKIP LOCKED) RETURNING; SQLite has one writer, so the transaction alone makes it safe.
func (s *Store) Claim(ctx context.Context, platform string, now time.Time, lease time.Duration, limit int) ([]briefs.Delivery, error) {
	if limit <= 0 {
		return nil, nil
	}
	var out []briefs.Delivery
	n := nanos(now)
	err := s.withTx(ctx, func(tx *sql.Tx) error {
		out = out[:0]
		// Expired leases first, then due queued ones in due order. CROSS JOIN keeps SQLite walking
		// the deliveries' partial index in due order and stopping at limit, instead of starting
		// from the subscriptions and sorting the whole queue.
		var ids []any
		for _, q := range []string{
			`SELECT d.id FROM deliveries d CROSS JOIN subscriptions s ON s.id = d.subscription_id
			WHERE d.state = 'sending' AND d.sending_until <= ? AND s.platform = ? AND s.paused_at = 0
			ORDER BY d.sending_until LIMIT ?`,
			`SELECT d.id FROM deliveries d CROSS JOIN subscriptions s ON s.id = d.subscription_id
			WHERE d.state = 'queued' AND d.next_attempt_at <= ? AND s.platform = ? AND s.paused_at = 0
			  AND (d.kind <> 'edit' OR EXISTS (SELECT 1 FROM deliveries p WHERE p.id = d.parent_id AND p.state = 'sent'))
			ORDER BY d.next_attempt_at, d.id LIMIT ?`,
		} {
			if len(ids) >= limit {
				break
			}
			rows, err := tx.QueryContext(ctx, q, n, platform, limit-len(ids))
			if err != nil {
				return err
			}
			for rows.Next() {
				var id int64
				if err := rows.Scan(&id); err != nil {
					rows.Close()
					return err
				}
				ids = append(ids, id)
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return err
			}
		}
		if len(ids) == 0 {
			return nil
		}
		in := "(?" + strings.Repeat(",?", len(ids)-1) + ")"
		if _, err := tx.ExecContext(ctx, `UPDATE deliveries SET state = 'sending', sending_until = ?, attempts = attempts + 1
			WHERE id IN `+in, append([]any{nanos(now.Add(lease))}, ids...)...); err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, `
			SELECT d.id, d.subscription_id, s.platform, s.chat_id, d.kind, d.briefing_id, d.window_start, d.window_end,
				s.topics, s.zone, d.state, d.attempts, d.created_at, d.next_attempt_at, d.sending_until,
				CASE WHEN d.kind = 'edit' THEN COALESCE(p.message_id, '') ELSE d.message_id END, d.last_error
			FROM deliveries d JOIN subscriptions s ON s.id = d.subscription_id
			LEFT JOIN deliveries p ON p.id = d.parent_id AND d.parent_id > 0
			WHERE d.id IN `+in+` ORDER BY d.next_attempt_at, d.id`, ids...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var d briefs.Delivery
			var kind, state, topics string
			if err := rows.Scan(&d.ID, &d.SubscriptionID, &d.Chat.Platform, &d.Chat.ID, &kind, &d.BriefingID,
				nanoScanner{&d.WindowStart}, nanoScanner{&d.WindowEnd}, &topics, &d.Zone, &state, &d.Attempts,
				nanoScanner{&d.CreatedAt}, nanoScanner{&d.NextAttemptAt}, nanoScanner{&d.SendingUntil},
				&d.MessageID, &d.LastError); err != nil {
				return err
			}
			d.Kind, d.State, d.Topics = briefs.DeliveryKind(kind), briefs.DeliveryState(state), splitTopics(topics)
			out = append(out, d)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("store: claiming %s deliveries: %w", platform, err)
	}
	return out, nil
}

// MarkSent records a send and the platform's message id.
func (s *Store) MarkSent(ctx context.Context, id int64, messageID string, now time.Time) error {
	return s.execOne(ctx, "recording delivery sent", `UPDATE deliveries SET state = 'sent', message_id = ?, sent_at = ?,
		sending_until = 0, last_error = '' WHERE id = ?`, messageID, nanos(now), id)
}

// MarkSentMany records several sends in one transaction.
func (s *Store) MarkSentMany(ctx context.Context, marks []briefs.SentMark) error {
	err := s.withTx(ctx, func(tx *sql.Tx) error {
		st, err := tx.PrepareContext(ctx, `UPDATE deliveries SET state = 'sent', message_id = ?, sent_at = ?,
			sending_until = 0, last_error = '' WHERE id = ?`)
		if err != nil {
			return err
		}
		defer st.Close()
		for _, m := range marks {
			if _, err := st.ExecContext(ctx, m.MessageID, nanos(m.At), m.ID); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("store: recording %d sends: %w", len(marks), err)
	}
	return nil
}

// Retry puts a delivery back in the queue, due at at.
func (s *Store) Retry(ctx context.Context, id int64, at time.Time, reason string) error {
	return s.execOne(ctx, "rescheduling delivery", `UPDATE deliveries SET state = 'queued', next_attempt_at = ?,
		sending_until = 0, last_error = ? WHERE id = ? AND state = 'sending'`, nanos(at), clipText(reason), id)
}

// Release hands claimed deliveries back unsent.
func (s *Store) Release(ctx context.Context, ids []int64) error {
	for _, id := range ids {
		if err := s.execOne(ctx, "releasing delivery", `UPDATE deliveries SET state = 'queued', sending_until = 0,
			attempts = MAX(attempts - 1, 0) WHERE id = ? AND state = 'sending'`, id); err != nil {
			return err
		}
	}
	return nil
}

// MarkFailed gives up on a delivery, and on edits waiting for it.
func (s *Store) MarkFailed(ctx context.Context, id int64, reason string, now time.Time) error {
	return s.withTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE deliveries SET state = 'failed', sending_until = 0, last_error = ?
			WHERE id = ?`, clipText(reason), id); err != nil {
			return fmt.Errorf("store: marking delivery %d failed: %w", id, err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE deliveries SET state = 'skipped', last_error = 'the message to edit was never sent'
			WHERE parent_id = ? AND state = 'queued'`, id); err != nil {
			return fmt.Errorf("store: skipping edits of delivery %d: %w", id, err)
		}
		return nil
	})
}

// PauseSubscription pauses a subscription and skips what is still queued for it.
func (s *Store) PauseSubscription(ctx context.Context, subID int64, reason string, now time.Time) error {
	return s.withTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE subscriptions SET paused_at = ?, pause_reason = ? WHERE id = ?`,
			nanos(now), clipText(reason), subID); err != nil {
			return fmt.Errorf("store: pausing subscription %d: %w", subID, err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE deliveries SET state = 'skipped', last_error = 'subscription paused'
			WHERE subscription_id = ? AND state = 'queued'`, subID); err != nil {
			return fmt.Errorf("store: skipping deliveries of subscription %d: %w", subID, err)
		}
		return nil
	})
}

// MoveSubscription points a subscription at the chat's new id. When the new chat already has a
// subscription of its own, the old one is paused instead: the new chat keeps its own settings.
func (s *Store) MoveSubscription(ctx context.Context, subID int64, newChatID string) error {
	return s.withTx(ctx, func(tx *sql.Tx) error {
		var taken int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM subscriptions WHERE chat_id = ?
			AND platform = (SELECT platform FROM subscriptions WHERE id = ?)`, newChatID, subID).Scan(&taken); err != nil {
			return fmt.Errorf("store: moving subscription %d: %w", subID, err)
		}
		if taken > 0 {
			_, err := tx.ExecContext(ctx, `UPDATE subscriptions SET paused_at = created_at, pause_reason = ? WHERE id = ?`,
				"chat moved to "+clipText(newChatID)+", which has its own subscription", subID)
			return err
		}
		_, err := tx.ExecContext(ctx, `UPDATE subscriptions SET chat_id = ? WHERE id = ?`, newChatID, subID)
		return err
	})
}

// DeliveryCounts counts deliveries by state.
func (s *Store) DeliveryCounts(ctx context.Context) (map[briefs.DeliveryState]int, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT state, COUNT(*) FROM deliveries GROUP BY state`)
	if err != nil {
		return nil, fmt.Errorf("store: counting deliveries: %w", err)
	}
	defer rows.Close()
	out := map[briefs.DeliveryState]int{}
	for rows.Next() {
		var st string
		var n int
		if err := rows.Scan(&st, &n); err != nil {
			return nil, err
		}
		out[briefs.DeliveryState(st)] = n
	}
	return out, rows.Err()
}

func (s *Store) execOne(ctx context.Context, what, query string, args ...any) error {
	if _, err := s.db.ExecContext(ctx, query, args...); err != nil {
		return fmt.Errorf("store: %s: %w", what, err)
	}
	return nil
}

func clipText(s string) string {
	if len(s) > 500 {
		return strings.ToValidUTF8(s[:500], "")
	}
	return s
}
