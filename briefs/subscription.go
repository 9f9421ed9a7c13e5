package briefs

import (
	"context"
	"time"
)

// SubscriptionStore keeps each chat's standing order: at most one subscription per chat.
type SubscriptionStore interface {
	// Subscribe stores s for s.Chat, replacing the chat's previous settings and lifting any pause.
	// A chat that already had digests keeps its last window end, so nothing falls between two
	// schedules. s.ID is set.
	Subscribe(ctx context.Context, s *Subscription) error
	// Unsubscribe removes the chat's subscription and its queued deliveries; ErrNotFound if none.
	Unsubscribe(ctx context.Context, chat ChatRef) error
	// Subscription returns the chat's subscription; ErrNotFound if none.
	Subscription(ctx context.Context, chat ChatRef) (Subscription, error)
	// Subscriptions lists every subscription, oldest first.
	Subscriptions(ctx context.Context) ([]Subscription, error)
}

// NextDigest returns when s's next digest is due after now; zero for instant subscriptions.
func NextDigest(s Subscription, now time.Time) time.Time {
	sched, err := ScheduleOf(s)
	if err != nil {
		return time.Time{}
	}
	from := s.LastDigest
	if from.IsZero() || from.Before(now) {
		from = now
	}
	return sched.Next(from)
}
