package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/briefbot/briefbot/briefs"
)

var _ briefs.SubscriptionStore = (*Store)(nil)

// nanos stores a time as Unix nanoseconds; the zero time is 0.
func nanos(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixNano()
}

// fromNanos reads a time stored by nanos.
func fromNanos(n int64) time.Time {
	if n == 0 {
		return time.Time{}
	}
	return time.Unix(0, n).UTC()
}

// Subscribe stores the chat's subscription, replacing its previous settings and lifting a pause.
func (s *Store) Subscribe(ctx context.Context, sub *briefs.Subscription) error {
	if sub.Mode != briefs.Instant && sub.Mode != briefs.Digest {
		return briefs.Errorf(briefs.ErrInvalid, "unknown subscription mode %q", sub.Mode)
	}
	if sub.CreatedAt.IsZero() {
		return fmt.Errorf("store: subscribing %s: no creation time", sub.Chat)
	}
	zone := sub.Zone
	if zone == "" {
		zone = "UTC"
	}
	start := sub.LastDigest
	if start.IsZero() {
		start = sub.CreatedAt
	}
	// A chat that already had digests keeps its window start, so nothing falls between schedules.
	err := s.db.QueryRowContext(ctx, `
		INSERT INTO subscriptions (platform, chat_id, mode, schedule, zone, topics, created_at, last_digest)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (platform, chat_id) DO UPDATE SET
			mode = excluded.mode, schedule = excluded.schedule, zone = excluded.zone,
			topics = excluded.topics, paused_at = 0, pause_reason = '',
			last_digest = CASE WHEN subscriptions.mode = 'digest' AND subscriptions.last_digest > 0
				THEN subscriptions.last_digest ELSE excluded.last_digest END
		RETURNING id, created_at, last_digest`,
		sub.Chat.Platform, sub.Chat.ID, string(sub.Mode), sub.Schedule, zone,
		strings.Join(sub.Topics, "\n"), nanos(sub.CreatedAt), nanos(start),
	).Scan(&sub.ID, nanoScanner{&sub.CreatedAt}, nanoScanner{&sub.LastDigest})
	if err != nil {
		return fmt.Errorf("store: subscribing %s: %w", sub.Chat, err)
	}
	sub.Zone, sub.PausedAt, sub.PauseReason = zone, time.Time{}, ""
	return nil
}

// Unsubscribe removes the chat's subscription and every delivery still owed to it.
func (s *Store) Unsubscribe(ctx context.Context, chat briefs.ChatRef) error {
	return s.withTx(ctx, func(tx *sql.Tx) error {
		var id int64
		err := tx.QueryRowContext(ctx, `DELETE FROM subscriptions WHERE platform = ? AND chat_id = ? RETURNING id`,
			chat.Platform, chat.ID).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			return briefs.Errorf(briefs.ErrNotFound, "this chat has no subscription")
		}
		if err != nil {
			return fmt.Errorf("store: unsubscribing %s: %w", chat, err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM deliveries WHERE subscription_id = ?`, id); err != nil {
			return fmt.Errorf("store: dropping deliveries of %s: %w", chat, err)
		}
		return nil
	})
}

const subscriptionColumns = `id, platform, chat_id, mode, schedule, zone, topics, created_at, last_digest, paused_at, pause_reason`

// Subscription returns the chat's subscription.
func (s *Store) Subscription(ctx context.Context, chat briefs.ChatRef) (briefs.Subscription, error) {
	row := s.db.QueryRowContext(ctx, `SELECT `+subscriptionColumns+` FROM subscriptions WHERE platform = ? AND chat_id = ?`,
		chat.Platform, chat.ID)
	sub, err := scanSubscription(row)
	if errors.Is(err, sql.ErrNoRows) {
		return sub, briefs.Errorf(briefs.ErrNotFound, "this chat has no subscription")
	}
	if err != nil {
		return sub, fmt.Errorf("store: reading the subscription of %s: %w", chat, err)
	}
	return sub, nil
}

// Subscriptions lists every subscription, oldest first.
func (s *Store) Subscriptions(ctx context.Context) ([]briefs.Subscription, error) {
	return querySubscriptions(ctx, s.db, `SELECT `+subscriptionColumns+` FROM subscriptions ORDER BY id`)
}

type queryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

func querySubscriptions(ctx context.Context, q queryer, query string, args ...any) ([]briefs.Subscription, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("store: listing subscriptions: %w", err)
	}
	defer rows.Close()
	var out []briefs.Subscription
	for rows.Next() {
		sub, err := scanSubscription(rows)
		if err != nil {
			return nil, fmt.Errorf("store: listing subscriptions: %w", err)
		}
		out = append(out, sub)
	}
	return out, rows.Err()
}

type rowScanner interface{ Scan(dest ...any) error }

func scanSubscription(r rowScanner) (briefs.Subscription, error) {
	var sub briefs.Subscription
	var mode, topics string
	err := r.Scan(&sub.ID, &sub.Chat.Platform, &sub.Chat.ID, &mode, &sub.Schedule, &sub.Zone, &topics,
		nanoScanner{&sub.CreatedAt}, nanoScanner{&sub.LastDigest}, nanoScanner{&sub.PausedAt}, &sub.PauseReason)
	sub.Mode = briefs.SubscriptionMode(mode)
	sub.Topics = splitTopics(topics)
	return sub, err
}

func splitTopics(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}

// nanoScanner scans a Unix-nanosecond column into a time.
type nanoScanner struct{ t *time.Time }

func (n nanoScanner) Scan(v any) error {
	switch x := v.(type) {
	case int64:
		*n.t = fromNanos(x)
	case nil:
		*n.t = time.Time{}
	default:
		return fmt.Errorf("store: want Unix nanoseconds, got %T", v)
	}
	return nil
}
