package briefs

import (
	"context"
	"time"
)

// DeliveryKind is what a queued delivery posts.
type DeliveryKind string

// Delivery kinds.
const (
	DeliverBriefing DeliveryKind = "briefing" // one new briefing to an instant subscriber
	DeliverDigest   DeliveryKind = "digest"   // the briefings of one closed digest window
	DeliverEdit     DeliveryKind = "edit"     // a corrected briefing, edited into the message already posted
)

// DeliveryState is where a delivery is in the outbox.
type DeliveryState string

// Delivery states.
const (
	Queued  DeliveryState = "queued"
	Sending DeliveryState = "sending" // claimed by a worker until SendingUntil
	Sent    DeliveryState = "sent"
	Failed  DeliveryState = "failed"  // gave up: permanent error or retried for too long
	Skipped DeliveryState = "skipped" // no longer wanted: unsubscribed, paused, nothing to edit
)

// Delivery is one message the outbox owes one chat.
type Delivery struct {
	ID             int64
	SubscriptionID int64
	Chat           ChatRef // the subscription's chat at claim time (it may have moved)
	Kind           DeliveryKind
	BriefingID     int64     // briefing and edit deliveries
	WindowStart    time.Time // digest deliveries: the window (WindowStart, WindowEnd]
	WindowEnd      time.Time
	Topics         []string // the subscription's filter, for rendering a digest
	Zone           string   // the subscription's zone, for dates in a digest
	State          DeliveryState
	Attempts       int // claims so far, this one included
	CreatedAt      time.Time
	NextAttemptAt  time.Time
	SendingUntil   time.Time // the claim's lease: after it another worker may take the delivery
	MessageID      string    // the platform's message id once sent; for an edit, the message to edit
	LastError      string
}

// Nonce is unique per delivery, so a platform that honours nonces drops a repeated send.
func (d Delivery) Nonce() string { return "bb" + itoa(d.ID) }

func itoa(n int64) string {
	if n == 0 {
		return "0"
	}
	var b [20]byte
	i := len(b)
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	return string(b[i:])
}

// SentMark is one successful send to record.
type SentMark struct {
	ID        int64
	MessageID string
	At        time.Time
}

// AnnounceReport says what one Announce did.
type AnnounceReport struct {
	Briefings  int // briefings newly marked announced
	Deliveries int // instant deliveries enqueued
	Edits      int // edit jobs enqueued for corrected briefings
}

// Outbox is the delivery queue. Every step that decides what to send commits together with the
// mark that it was decided, so a crash repeats nothing and loses nothing. Claiming is safe for
// several workers and processes: a claim is a lease, and an expired lease is claimed again
// (on PostgreSQL the claim is one UPDATE … FOR UPDATE SKIP LOCKED).
type Outbox interface {
	// Announce enqueues every briefing not yet announced for every active instant subscription
	// whose filter it matches, enqueues edits of messages already posted for briefings whose
	// revision grew since, and marks them announced, in one transaction. With seed it only
	// marks: the first poll of a source must not flood chats with old briefings.
	Announce(ctx context.Context, now time.Time, seed bool) (AnnounceReport, error)
	// CloseDigestWindow ends subscription subID's digest window at end, when the window still
	// starts at start, and enqueues its digest if any matching briefing was announced in it,
	// in one transaction. It is idempotent on (subscription, window): closed reports whether
	// this call closed it, enqueued whether a digest was queued.
	CloseDigestWindow(ctx context.Context, subID int64, start, end, now time.Time) (closed, enqueued bool, err error)
	// DigestBriefings returns the briefings of a digest delivery's window that match its
	// filter, oldest first.
	DigestBriefings(ctx context.Context, d Delivery) ([]Briefing, error)

	// Claim leases up to limit due deliveries for platform until now+lease.
	Claim(ctx context.Context, platform string, now time.Time, lease time.Duration, limit int) ([]Delivery, error)
	// MarkSent records a successful send (or edit) and the platform's message id.
	MarkSent(ctx context.Context, id int64, messageID string, now time.Time) error
	// MarkSentMany records several sends in one transaction (group commit).
	MarkSentMany(ctx context.Context, marks []SentMark) error
	// Retry puts a delivery back in the queue, due at at, recording why it failed.
	Retry(ctx context.Context, id int64, at time.Time, reason string) error
	// Release hands claimed deliveries back unsent (shutdown), undoing their claim's attempt.
	Release(ctx context.Context, ids []int64) error
	// MarkFailed gives up on a delivery.
	MarkFailed(ctx context.Context, id int64, reason string, now time.Time) error
	// PauseSubscription stops deliveries to a chat that is gone or blocked us; its queued
	// deliveries are skipped. Subscribing again lifts the pause.
	PauseSubscription(ctx context.Context, subID int64, reason string, now time.Time) error
	// MoveSubscription points a subscription at the chat's new id (a Telegram group upgrade).
	MoveSubscription(ctx context.Context, subID int64, newChatID string) error
	// DeliveryCounts counts deliveries by state.
	DeliveryCounts(ctx context.Context) (map[DeliveryState]int, error)
}

// SourceState is what briefbot remembers about polling one source.
type SourceState struct {
	Name      string
	FirstPoll time.Time // zero until the first successful poll
	LastPoll  time.Time
	LastError string // "" after a successful poll
	Failures  int    // consecutive failed polls
	NextRun   time.Time
}

// SourceStates remembers per-source polling state, for `briefbot sources`.
type SourceStates interface {
	SourceState(ctx context.Context, name string) (SourceState, error) // ErrNotFound if never polled
	SaveSourceState(ctx context.Context, s SourceState) error
	SourceStates(ctx context.Context) ([]SourceState, error)
}
