package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/briefbot/briefbot/briefs"
	"github.com/jackc/pgx/v5"
)

// Announce enqueues new briefings for instant subscribers and edits for corrected ones, and
// marks them announced, in one transaction: a crash before commit repeats the whole step, a
// crash after it repeats nothing. Replicas announcing at once take turns on an advisory lock,
// and every enqueue is idempotent on the deliveries' dedup key.
func (s *Store) Announce(ctx context.Context, now time.Time, seed bool) (briefs.AnnounceReport, error) {
	var rep briefs.AnnounceReport
	err := s.withTx(ctx, func(tx pgx.Tx) error {
		rep = briefs.AnnounceReport{}
		if err := lock(ctx, tx, s.announceLock); err != nil {
			return err
		}
		pending, err := pendingAnnouncements(ctx, tx)
		if err != nil || len(pending) == 0 {
			return err
		}
		if seed {
			_, err := tx.Exec(ctx, `UPDATE briefings SET announced_revision = revision WHERE announced_revision < revision`)
			rep.Briefings = len(pending)
			return err
		}
		subs, err := querySubscriptions(ctx, tx, `SELECT `+subscriptionColumns+` FROM subscriptions
			WHERE mode = 'instant' AND paused_at = 0 AND topics <> '' ORDER BY id`)
		if err != nil {
			return err
		}
		n := nanos(now)
		for _, b := range pending {
			if b.announced == 0 {
				added, err := enqueueBriefing(ctx, tx, b.Briefing, subs, n)
				if err != nil {
					return err
				}
				rep.Deliveries += added
			} else {
				tag, err := tx.Exec(ctx, `
					INSERT INTO deliveries (subscription_id, kind, briefing_id, parent_id, dedup, created_at, next_attempt_at)
					SELECT subscription_id, 'edit', briefing_id, id, 'e:' || id || ':' || $1::int, $2::bigint, $2::bigint
					FROM deliveries WHERE kind = 'briefing' AND briefing_id = $3 AND state IN ('sent', 'sending')
					ON CONFLICT (dedup) DO NOTHING`, b.Revision, n, b.ID)
				if err != nil {
					return fmt.Errorf("enqueueing edits of briefing %d: %w", b.ID, err)
				}
				rep.Edits += int(tag.RowsAffected())
			}
			// a correction keeps the time it was first announced: its digest window
			if _, err := tx.Exec(ctx, `UPDATE briefings SET announced_revision = $1,
				announced_at = CASE WHEN announced_revision = 0 THEN $2 ELSE announced_at END WHERE id = $3`,
				b.Revision, n, b.ID); err != nil {
				return fmt.Errorf("marking briefing %d announced: %w", b.ID, err)
			}
			rep.Briefings++
		}
		return nil
	})
	if err != nil {
		return rep, fmt.Errorf("postgres: announcing briefings: %w", err)
	}
	if rep.Deliveries+rep.Edits >= analyzeAfter {
		// A large fan-out arrives faster than autovacuum notices it; without fresh statistics
		// every claim plans over all subscriptions (60 ms instead of 2 ms at 10,000 queued).
		// Statistics only help, so a failure here is not the announcement's.
		_, _ = s.pool.Exec(ctx, `ANALYZE deliveries`)
	}
	return rep, nil
}

// analyzeAfter is how many deliveries one Announce must queue to refresh the outbox statistics.
const analyzeAfter = 1000

type pendingBriefing struct {
	briefs.Briefing
	announced int
}

func pendingAnnouncements(ctx context.Context, tx pgx.Tx) ([]pendingBriefing, error) {
	rows, err := tx.Query(ctx, `SELECT `+briefingCols+`, b.announced_revision
		FROM briefings b WHERE b.announced_revision < b.revision ORDER BY b.seq, b.id`)
	if err != nil {
		return nil, fmt.Errorf("listing unannounced briefings: %w", err)
	}
	defer rows.Close()
	var out []pendingBriefing
	for rows.Next() {
		var p pendingBriefing
		if p.Briefing, err = scanBriefing(rows, &p.announced); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// enqueueBriefing queues b for every active instant subscription: all unfiltered ones in one
// statement, filtered ones (subs) where the filter matches.
func enqueueBriefing(ctx context.Context, tx pgx.Tx, b briefs.Briefing, filtered []briefs.Subscription, now int64) (int, error) {
	tag, err := tx.Exec(ctx, `
		INSERT INTO deliveries (subscription_id, kind, briefing_id, dedup, created_at, next_attempt_at)
		SELECT id, 'briefing', $1::bigint, 'b:' || id || ':' || $1::bigint, $2::bigint, $2::bigint
		FROM subscriptions WHERE mode = 'instant' AND paused_at = 0 AND topics = ''
		ON CONFLICT (dedup) DO NOTHING`, b.ID, now)
	if err != nil {
		return 0, fmt.Errorf("enqueueing briefing %d: %w", b.ID, err)
	}
	added := int(tag.RowsAffected())
	for _, sub := range filtered {
		if !sub.Matches(b) {
			continue
		}
		tag, err := tx.Exec(ctx, `
			INSERT INTO deliveries (subscription_id, kind, briefing_id, dedup, created_at, next_attempt_at)
			VALUES ($1, 'briefing', $2, $3, $4, $4) ON CONFLICT (dedup) DO NOTHING`,
			sub.ID, b.ID, fmt.Sprintf("b:%d:%d", sub.ID, b.ID), now)
		if err != nil {
			return 0, fmt.Errorf("enqueueing briefing %d for %s: %w", b.ID, sub.Chat, err)
		}
		added += int(tag.RowsAffected())
	}
	return added, nil
}

// CloseDigestWindow closes (start, end] for subscription subID and enqueues its digest when a
// matching briefing was announced in it, in one transaction. The conditional UPDATE is the
// guard: of two replicas closing the same window, the second finds last_digest moved on.
func (s *Store) CloseDigestWindow(ctx context.Context, subID int64, start, end, now time.Time) (closed, enqueued bool, err error) {
	err = s.withTx(ctx, func(tx pgx.Tx) error {
		closed, enqueued = false, false
		subs, err := querySubscriptions(ctx, tx, `UPDATE subscriptions SET last_digest = $3
			WHERE id = $1 AND mode = 'digest' AND last_digest = $2 RETURNING `+subscriptionColumns,
			subID, nanos(start), nanos(end))
		if err != nil || len(subs) == 0 {
			return err // another planner closed it already, or it changed
		}
		closed = true
		bs, err := windowBriefings(ctx, tx, subs[0].Topics, start, end, 1)
		if err != nil || len(bs) == 0 || !subs[0].PausedAt.IsZero() {
			return err
		}
		n := nanos(now)
		tag, err := tx.Exec(ctx, `
			INSERT INTO deliveries (subscription_id, kind, window_start, window_end, dedup, created_at, next_attempt_at)
			VALUES ($1, 'digest', $2, $3, $4, $5, $5) ON CONFLICT (dedup) DO NOTHING`,
			subID, nanos(start), nanos(end), fmt.Sprintf("d:%d:%d", subID, nanos(end)), n)
		enqueued = err == nil && tag.RowsAffected() == 1
		return err
	})
	if err != nil {
		return false, false, fmt.Errorf("postgres: closing digest window of subscription %d: %w", subID, err)
	}
	return closed, enqueued, nil
}

// DigestBriefings returns the matching briefings announced in the delivery's window.
func (s *Store) DigestBriefings(ctx context.Context, d briefs.Delivery) ([]briefs.Briefing, error) {
	bs, err := windowBriefings(ctx, s.pool, d.Topics, d.WindowStart, d.WindowEnd, 0)
	if err != nil {
		return nil, fmt.Errorf("postgres: reading digest %d: %w", d.ID, err)
	}
	return bs, nil
}

// windowBriefings lists briefings announced in (start, end] that match topics; limit 0 means all.
func windowBriefings(ctx context.Context, q querier, topics []string, start, end time.Time, limit int) ([]briefs.Briefing, error) {
	rows, err := q.Query(ctx, `SELECT `+briefingCols+` FROM briefings b
		WHERE b.announced_at > $1 AND b.announced_at <= $2 ORDER BY b.seq, b.id`, nanos(start), nanos(end))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	filter := briefs.Subscription{Topics: topics}
	var out []briefs.Briefing
	for rows.Next() {
		b, err := scanBriefing(rows)
		if err != nil {
			return nil, err
		}
		if filter.Matches(b) {
			out = append(out, b)
			if limit > 0 && len(out) >= limit {
				break
			}
		}
	}
	return out, rows.Err()
}
