package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"time"

	"github.com/briefbot/briefbot/briefs"
)

var _ briefs.Outbox = (*Store)(nil)

// Announce enqueues new briefings for instant subscribers and edits for corrected ones, and
// marks them announced, in one transaction: a crash before commit repeats the whole step, a
// crash after it repeats nothing.
func (s *Store) Announce(ctx context.Context, now time.Time, seed bool) (briefs.AnnounceReport, error) {
	var rep briefs.AnnounceReport
	err := s.withTx(ctx, func(tx *sql.Tx) error {
		rep = briefs.AnnounceReport{}
		pending, err := pendingAnnouncements(ctx, tx)
		if err != nil || len(pending) == 0 {
			return err
		}
		if seed {
			_, err := tx.ExecContext(ctx, `UPDATE briefings SET announced_revision = revision WHERE announced_revision < revision`)
			rep.Briefings = len(pending)
			return err
		}
		subs, err := querySubscriptions(ctx, tx, `SELECT `+subscriptionColumns+` FROM subscriptions
			WHERE mode = 'instant' AND paused_at = 0 AND topics <> '' ORDER BY id`)
		if err != nil {
			return err
		}
		n := nanos(now)
		// A digest window closed by a planner whose clock ran ahead of ours must not receive a
		// briefing after the fact: stamp it past every window end already closed.
		var closedUntil int64
		if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(last_digest), 0) FROM subscriptions
			WHERE mode = 'digest'`).Scan(&closedUntil); err != nil {
			return err
		}
		stamp := max(n, closedUntil+1)
		for _, b := range pending {
			if b.announced == 0 {
				added, err := enqueueBriefing(ctx, tx, b.Briefing, subs, n)
				if err != nil {
					return err
				}
				rep.Deliveries += added
			} else {
				res, err := tx.ExecContext(ctx, `
					INSERT OR IGNORE INTO deliveries (subscription_id, kind, briefing_id, parent_id, dedup, created_at, next_attempt_at)
					SELECT subscription_id, 'edit', briefing_id, id, 'e:' || id || ':' || ?, ?, ?
					FROM deliveries WHERE kind = 'briefing' AND briefing_id = ? AND state IN ('sent', 'sending')`,
					b.Revision, n, n, b.ID)
				if err != nil {
					return fmt.Errorf("enqueueing edits of briefing %d: %w", b.ID, err)
				}
				k, _ := res.RowsAffected()
				rep.Edits += int(k)
			}
			at := "announced_at"
			if b.announced == 0 {
				at = strconv.FormatInt(stamp, 10)
			}
			if _, err := tx.ExecContext(ctx, `UPDATE briefings SET announced_revision = ?, announced_at = `+at+` WHERE id = ?`,
				b.Revision, b.ID); err != nil {
				return fmt.Errorf("marking briefing %d announced: %w", b.ID, err)
			}
			rep.Briefings++
		}
		return nil
	})
	if err != nil {
		return rep, fmt.Errorf("store: announcing briefings: %w", err)
	}
	return rep, nil
}

type pendingBriefing struct {
	briefs.Briefing
	announced int
}

func pendingAnnouncements(ctx context.Context, tx *sql.Tx) ([]pendingBriefing, error) {
	rows, err := tx.QueryContext(ctx, `SELECT `+briefingColumns+`, announced_revision
		FROM briefings WHERE announced_revision < revision ORDER BY seq, id`)
	if err != nil {
		return nil, fmt.Errorf("listing unannounced briefings: %w", err)
	}
	defer rows.Close()
	var out []pendingBriefing
	for rows.Next() {
		var p pendingBriefing
		if err := scanBriefingInto(rows, &p.Briefing, &p.announced); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// enqueueBriefing queues b for every active instant subscription: all unfiltered ones in one
// statement, filtered ones (subs) where the filter matches.
func enqueueBriefing(ctx context.Context, tx *sql.Tx, b briefs.Briefing, filtered []briefs.Subscription, now int64) (int, error) {
	res, err := tx.ExecContext(ctx, `
		INSERT OR IGNORE INTO deliveries (subscription_id, kind, briefing_id, dedup, created_at, next_attempt_at)
		SELECT id, 'briefing', ?, 'b:' || id || ':' || ?, ?, ?
		FROM subscriptions WHERE mode = 'instant' AND paused_at = 0 AND topics = ''`, b.ID, b.ID, now, now)
	if err != nil {
		return 0, fmt.Errorf("enqueueing briefing %d: %w", b.ID, err)
	}
	k, _ := res.RowsAffected()
	added := int(k)
	for _, sub := range filtered {
		if !sub.Matches(b) {
			continue
		}
		res, err := tx.ExecContext(ctx, `
			INSERT OR IGNORE INTO deliveries (subscription_id, kind, briefing_id, dedup, created_at, next_attempt_at)
			VALUES (?, 'briefing', ?, ?, ?, ?)`, sub.ID, b.ID, fmt.Sprintf("b:%d:%d", sub.ID, b.ID), now, now)
		if err != nil {
			return 0, fmt.Errorf("enqueueing briefing %d for %s: %w", b.ID, sub.Chat, err)
		}
		k, _ := res.RowsAffected()
		added += int(k)
	}
	return added, nil
}

// CloseDigestWindow closes (start, end] for subscription subID and enqueues its digest when a
// matching briefing was announced in it, in one transaction.
func (s *Store) CloseDigestWindow(ctx context.Context, subID int64, start, end, now time.Time) (closed, enqueued bool, err error) {
	err = s.withTx(ctx, func(tx *sql.Tx) error {
		closed, enqueued = false, false
		subs, err := querySubscriptions(ctx, tx, `SELECT `+subscriptionColumns+` FROM subscriptions
			WHERE id = ? AND mode = 'digest' AND last_digest = ?`, subID, nanos(start))
		if err != nil || len(subs) == 0 {
			return err // another planner closed it already, or it changed
		}
		if _, err := tx.ExecContext(ctx, `UPDATE subscriptions SET last_digest = ? WHERE id = ?`, nanos(end), subID); err != nil {
			return err
		}
		closed = true
		bs, err := windowBriefings(ctx, tx, subs[0].Topics, start, end, 1)
		if err != nil || len(bs) == 0 || !subs[0].PausedAt.IsZero() {
			return err
		}
		n := nanos(now)
		_, err = tx.ExecContext(ctx, `
			INSERT OR IGNORE INTO deliveries (subscription_id, kind, window_start, window_end, dedup, created_at, next_attempt_at)
			VALUES (?, 'digest', ?, ?, ?, ?, ?)`, subID, nanos(start), nanos(end), fmt.Sprintf("d:%d:%d", subID, nanos(end)), n, n)
		enqueued = err == nil
		return err
	})
	if err != nil {
		return false, false, fmt.Errorf("store: closing digest window of subscription %d: %w", subID, err)
	}
	return closed, enqueued, nil
}

// DigestBriefings returns the matching briefings announced in the delivery's window.
func (s *Store) DigestBriefings(ctx context.Context, d briefs.Delivery) ([]briefs.Briefing, error) {
	bs, err := windowBriefings(ctx, s.db, d.Topics, d.WindowStart, d.WindowEnd, 0)
	if err != nil {
		return nil, fmt.Errorf("store: reading digest %d: %w", d.ID, err)
	}
	return bs, nil
}

// windowBriefings lists briefings announced in (start, end] that match topics; limit 0 means all.
func windowBriefings(ctx context.Context, q queryer, topics []string, start, end time.Time, limit int) ([]briefs.Briefing, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+briefingColumns+`, announced_revision FROM briefings
		WHERE announced_at > ? AND announced_at <= ? ORDER BY seq, id`, nanos(start), nanos(end))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	filter := briefs.Subscription{Topics: topics}
	var out []briefs.Briefing
	for rows.Next() {
		var b briefs.Briefing
		var announced int
		if err := scanBriefingInto(rows, &b, &announced); err != nil {
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

const briefingColumns = `id, title, url, published, summary, analysis, seq, revision`

func scanBriefingInto(r rowScanner, b *briefs.Briefing, announced *int) error {
	var published int64
	if err := r.Scan(&b.ID, &b.Title, &b.URL, &published, &b.Summary, &b.Analysis, &b.Seq, &b.Revision, announced); err != nil {
		return err
	}
	if published != 0 {
		b.Published = time.Unix(published, 0).UTC()
	}
	return nil
}
