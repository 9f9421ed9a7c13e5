package postgres

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/briefbot/briefbot/briefs"
	"github.com/jackc/pgx/v5"
)

// claimSQL leases due deliveries in one statement: expired leases first (their worker died),
// then queued deliveries in the order they fell due, each walked along its partial index.
// FOR UPDATE … SKIP LOCKED makes workers on every replica pass over rows another claim is taking,
// and a row claimed and committed since this statement's snapshot is re-checked against the WHERE
// clause once locked, so no delivery is leased twice. An edit waits until the message it edits
// was sent.
const claimSQL = `UPDATE deliveries d SET state = 'sending', sending_until = $1, attempts = d.attempts + 1
	FROM subscriptions s
	WHERE s.id = d.subscription_id AND d.id IN (
		SELECT id FROM (SELECT c.id FROM deliveries c JOIN subscriptions cs ON cs.id = c.subscription_id
			WHERE c.state = 'sending' AND c.sending_until <= $2 AND cs.platform = $3 AND cs.paused_at = 0
			ORDER BY c.sending_until, c.id LIMIT $4
			FOR UPDATE OF c SKIP LOCKED) expired
		UNION ALL
		SELECT id FROM (SELECT c.id FROM deliveries c JOIN subscriptions cs ON cs.id = c.subscription_id
			WHERE c.state = 'queued' AND c.next_attempt_at <= $2 AND cs.platform = $3 AND cs.paused_at = 0
				AND (c.kind <> 'edit' OR EXISTS (SELECT 1 FROM deliveries p WHERE p.id = c.parent_id AND p.state = 'sent'))
			ORDER BY c.next_attempt_at, c.id LIMIT $4
			FOR UPDATE OF c SKIP LOCKED) due
		LIMIT $4)
	RETURNING d.id, d.subscription_id, s.platform, s.chat_id, d.kind, d.briefing_id, d.window_start, d.window_end,
		s.topics, s.zone, d.state, d.attempts, d.created_at, d.next_attempt_at, d.sending_until,
		CASE WHEN d.kind = 'edit'
			THEN coalesce((SELECT p.message_id FROM deliveries p WHERE p.id = d.parent_id), '')
			ELSE d.message_id END,
		d.last_error`

// Claim leases up to limit due deliveries for platform until now+lease: queued ones whose time
// has come and claimed ones whose lease ran out (their worker died).
func (s *Store) Claim(ctx context.Context, platform string, now time.Time, lease time.Duration, limit int) ([]briefs.Delivery, error) {
	if limit <= 0 {
		return nil, nil
	}
	rows, err := s.pool.Query(ctx, claimSQL, nanos(now.Add(lease)), nanos(now), clean(platform), limit)
	if err != nil {
		return nil, fmt.Errorf("postgres: claiming %s deliveries: %w", platform, err)
	}
	defer rows.Close()
	var out []briefs.Delivery
	for rows.Next() {
		var d briefs.Delivery
		var kind, state, topics string
		var ws, we, created, next, until int64
		if err := rows.Scan(&d.ID, &d.SubscriptionID, &d.Chat.Platform, &d.Chat.ID, &kind, &d.BriefingID,
			&ws, &we, &topics, &d.Zone, &state, &d.Attempts, &created, &next, &until,
			&d.MessageID, &d.LastError); err != nil {
			return nil, fmt.Errorf("postgres: claiming %s deliveries: %w", platform, err)
		}
		d.Kind, d.State, d.Topics = briefs.DeliveryKind(kind), briefs.DeliveryState(state), splitTopics(topics)
		d.WindowStart, d.WindowEnd = fromNanos(ws), fromNanos(we)
		d.CreatedAt, d.NextAttemptAt, d.SendingUntil = fromNanos(created), fromNanos(next), fromNanos(until)
		out = append(out, d)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("postgres: claiming %s deliveries: %w", platform, err)
	}
	// RETURNING has no order; hand them out in the order they fell due
	slices.SortFunc(out, func(a, b briefs.Delivery) int {
		return cmp.Or(a.NextAttemptAt.Compare(b.NextAttemptAt), cmp.Compare(a.ID, b.ID))
	})
	return out, nil
}

// MarkSent records a send and the platform's message id.
func (s *Store) MarkSent(ctx context.Context, id int64, messageID string, now time.Time) error {
	return s.execOne(ctx, "recording delivery sent", `UPDATE deliveries SET state = 'sent', message_id = $1, sent_at = $2,
		sending_until = 0, last_error = '' WHERE id = $3`, clean(messageID), nanos(now), id)
}

// MarkSentMany records several sends in one statement (group commit).
func (s *Store) MarkSentMany(ctx context.Context, marks []briefs.SentMark) error {
	if len(marks) == 0 {
		return nil
	}
	ids, msgs, ats := make([]int64, len(marks)), make([]string, len(marks)), make([]int64, len(marks))
	for i, m := range marks {
		ids[i], msgs[i], ats[i] = m.ID, clean(m.MessageID), nanos(m.At)
	}
	return s.execOne(ctx, fmt.Sprintf("recording %d sends", len(marks)), `UPDATE deliveries d
		SET state = 'sent', message_id = m.message_id, sent_at = m.at, sending_until = 0, last_error = ''
		FROM unnest($1::bigint[], $2::text[], $3::bigint[]) AS m(id, message_id, at) WHERE d.id = m.id`, ids, msgs, ats)
}

// Retry puts a delivery back in the queue, due at at.
func (s *Store) Retry(ctx context.Context, id int64, at time.Time, reason string) error {
	return s.execOne(ctx, "rescheduling delivery", `UPDATE deliveries SET state = 'queued', next_attempt_at = $1,
		sending_until = 0, last_error = $2 WHERE id = $3 AND state = 'sending'`, nanos(at), clipText(reason), id)
}

// Release hands claimed deliveries back unsent.
func (s *Store) Release(ctx context.Context, ids []int64) error {
	if len(ids) == 0 {
		return nil
	}
	return s.execOne(ctx, "releasing deliveries", `UPDATE deliveries SET state = 'queued', sending_until = 0,
		attempts = greatest(attempts - 1, 0) WHERE id = ANY($1) AND state = 'sending'`, ids)
}

// MarkFailed gives up on a delivery, and on edits waiting for it.
func (s *Store) MarkFailed(ctx context.Context, id int64, reason string, now time.Time) error {
	return s.withTx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `UPDATE deliveries SET state = 'failed', sending_until = 0, last_error = $1
			WHERE id = $2`, clipText(reason), id); err != nil {
			return fmt.Errorf("postgres: marking delivery %d failed: %w", id, err)
		}
		if _, err := tx.Exec(ctx, `UPDATE deliveries SET state = 'skipped', last_error = 'the message to edit was never sent'
			WHERE parent_id = $1 AND state = 'queued'`, id); err != nil {
			return fmt.Errorf("postgres: skipping edits of delivery %d: %w", id, err)
		}
		return nil
	})
}

// PauseSubscription pauses a subscription and skips what is still queued for it.
func (s *Store) PauseSubscription(ctx context.Context, subID int64, reason string, now time.Time) error {
	return s.withTx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `UPDATE subscriptions SET paused_at = $1, pause_reason = $2 WHERE id = $3`,
			nanos(now), clipText(reason), subID); err != nil {
			return fmt.Errorf("postgres: pausing subscription %d: %w", subID, err)
		}
		if _, err := tx.Exec(ctx, `UPDATE deliveries SET state = 'skipped', last_error = 'subscription paused'
			WHERE subscription_id = $1 AND state = 'queued'`, subID); err != nil {
			return fmt.Errorf("postgres: skipping deliveries of subscription %d: %w", subID, err)
		}
		return nil
	})
}

// MoveSubscription points a subscription at the chat's new id. When the new chat already has a
// subscription of its own, the old one is paused instead: the new chat keeps its own settings.
func (s *Store) MoveSubscription(ctx context.Context, subID int64, newChatID string) error {
	newChatID = clean(newChatID)
	return s.withTx(ctx, func(tx pgx.Tx) error {
		var taken bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM subscriptions WHERE chat_id = $1
			AND platform = (SELECT platform FROM subscriptions WHERE id = $2))`, newChatID, subID).Scan(&taken); err != nil {
			return fmt.Errorf("postgres: moving subscription %d: %w", subID, err)
		}
		var err error
		if taken {
			_, err = tx.Exec(ctx, `UPDATE subscriptions SET paused_at = created_at, pause_reason = $1 WHERE id = $2`,
				"chat moved to "+clipText(newChatID)+", which has its own subscription", subID)
		} else {
			_, err = tx.Exec(ctx, `UPDATE subscriptions SET chat_id = $1 WHERE id = $2`, newChatID, subID)
		}
		if err != nil {
			return fmt.Errorf("postgres: moving subscription %d: %w", subID, err)
		}
		return nil
	})
}

// DeliveryCounts counts deliveries by state.
func (s *Store) DeliveryCounts(ctx context.Context) (map[briefs.DeliveryState]int, error) {
	rows, err := s.pool.Query(ctx, `SELECT state, count(*) FROM deliveries GROUP BY state`)
	if err != nil {
		return nil, fmt.Errorf("postgres: counting deliveries: %w", err)
	}
	defer rows.Close()
	out := map[briefs.DeliveryState]int{}
	for rows.Next() {
		var st string
		var n int
		if err := rows.Scan(&st, &n); err != nil {
			return nil, fmt.Errorf("postgres: counting deliveries: %w", err)
		}
		out[briefs.DeliveryState(st)] = n
	}
	return out, rows.Err()
}

func (s *Store) execOne(ctx context.Context, what, query string, args ...any) error {
	if _, err := s.pool.Exec(ctx, query, args...); err != nil {
		return fmt.Errorf("postgres: %s: %w", what, err)
	}
	return nil
}

// clipText bounds an error text or reason stored for people to read.
func clipText(s string) string {
	s = clean(s)
	if len(s) > 500 {
		return strings.ToValidUTF8(s[:500], "")
	}
	return s
}
