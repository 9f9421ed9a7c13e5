package postgres

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/briefbot/briefbot/briefs"
	"github.com/jackc/pgx/v5"
)

// Subscribe stores the chat's subscription, replacing its previous settings and lifting a pause.
func (s *Store) Subscribe(ctx context.Context, sub *briefs.Subscription) error {
	if sub.Mode != briefs.Instant && sub.Mode != briefs.Digest {
		return briefs.Errorf(briefs.ErrInvalid, "unknown subscription mode %q", sub.Mode)
	}
	if sub.CreatedAt.IsZero() {
		return fmt.Errorf("postgres: subscribing %s: no creation time", sub.Chat)
	}
	zone := sub.Zone
	if zone == "" {
		zone = "UTC"
	}
	start := sub.LastDigest
	if start.IsZero() {
		start = sub.CreatedAt
	}
	var created, last int64
	// A chat that already had digests keeps its window start, so nothing falls between schedules.
	err := s.pool.QueryRow(ctx, `
		INSERT INTO subscriptions AS s (platform, chat_id, mode, schedule, zone, topics, created_at, last_digest)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
		ON CONFLICT (platform, chat_id) DO UPDATE SET
			mode = excluded.mode, schedule = excluded.schedule, zone = excluded.zone,
			topics = excluded.topics, paused_at = 0, pause_reason = '',
			last_digest = CASE WHEN s.mode = 'digest' AND s.last_digest > 0
				THEN s.last_digest ELSE excluded.last_digest END
		RETURNING id, created_at, last_digest`,
		clean(sub.Chat.Platform), clean(sub.Chat.ID), string(sub.Mode), clean(sub.Schedule), clean(zone),
		clean(strings.Join(sub.Topics, "\n")), nanos(sub.CreatedAt), nanos(start),
	).Scan(&sub.ID, &created, &last)
	if err != nil {
		return fmt.Errorf("postgres: subscribing %s: %w", sub.Chat, err)
	}
	sub.CreatedAt, sub.LastDigest = fromNanos(created), fromNanos(last)
	sub.Zone, sub.PausedAt, sub.PauseReason = zone, time.Time{}, ""
	return nil
}

// Unsubscribe removes the chat's subscription and every delivery still owed to it.
func (s *Store) Unsubscribe(ctx context.Context, chat briefs.ChatRef) error {
	return s.withTx(ctx, func(tx pgx.Tx) error {
		var id int64
		err := tx.QueryRow(ctx, `DELETE FROM subscriptions WHERE platform = $1 AND chat_id = $2 RETURNING id`,
			clean(chat.Platform), clean(chat.ID)).Scan(&id)
		if isNoRows(err) {
			return briefs.Errorf(briefs.ErrNotFound, "this chat has no subscription")
		}
		if err != nil {
			return fmt.Errorf("postgres: unsubscribing %s: %w", chat, err)
		}
		if _, err := tx.Exec(ctx, `DELETE FROM deliveries WHERE subscription_id = $1`, id); err != nil {
			return fmt.Errorf("postgres: dropping deliveries of %s: %w", chat, err)
		}
		return nil
	})
}

const subscriptionColumns = `id, platform, chat_id, mode, schedule, zone, topics, created_at, last_digest, paused_at, pause_reason`

// Subscription returns the chat's subscription.
func (s *Store) Subscription(ctx context.Context, chat briefs.ChatRef) (briefs.Subscription, error) {
	subs, err := querySubscriptions(ctx, s.pool, `SELECT `+subscriptionColumns+` FROM subscriptions
		WHERE platform = $1 AND chat_id = $2`, clean(chat.Platform), clean(chat.ID))
	if err != nil {
		return briefs.Subscription{}, err
	}
	if len(subs) == 0 {
		return briefs.Subscription{}, briefs.Errorf(briefs.ErrNotFound, "this chat has no subscription")
	}
	return subs[0], nil
}

// Subscriptions lists every subscription, oldest first.
func (s *Store) Subscriptions(ctx context.Context) ([]briefs.Subscription, error) {
	return querySubscriptions(ctx, s.pool, `SELECT `+subscriptionColumns+` FROM subscriptions ORDER BY id`)
}

func querySubscriptions(ctx context.Context, q querier, query string, args ...any) ([]briefs.Subscription, error) {
	rows, err := q.Query(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("postgres: listing subscriptions: %w", err)
	}
	defer rows.Close()
	var out []briefs.Subscription
	for rows.Next() {
		var sub briefs.Subscription
		var mode, topics string
		var created, last, paused int64
		if err := rows.Scan(&sub.ID, &sub.Chat.Platform, &sub.Chat.ID, &mode, &sub.Schedule, &sub.Zone, &topics,
			&created, &last, &paused, &sub.PauseReason); err != nil {
			return nil, fmt.Errorf("postgres: listing subscriptions: %w", err)
		}
		sub.Mode, sub.Topics = briefs.SubscriptionMode(mode), splitTopics(topics)
		sub.CreatedAt, sub.LastDigest, sub.PausedAt = fromNanos(created), fromNanos(last), fromNanos(paused)
		out = append(out, sub)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("postgres: listing subscriptions: %w", err)
	}
	return out, nil
}

func splitTopics(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}
