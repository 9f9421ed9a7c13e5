package briefs

import "time"

// ChatRef names a chat on one platform: ("telegram", "-1001234"), ("discord", "9876"), ("console", "me").
type ChatRef struct {
	Platform string
	ID       string
}

func (c ChatRef) String() string { return c.Platform + ":" + c.ID }

// SubscriptionMode is how a chat receives briefings.
type SubscriptionMode string

// Subscription modes.
const (
	Instant SubscriptionMode = "instant" // each new briefing as it arrives
	Digest  SubscriptionMode = "digest"  // a digest on a schedule
)

// Subscription is one chat's standing order for briefings.
type Subscription struct {
	ID          int64
	Chat        ChatRef
	Mode        SubscriptionMode
	Schedule    string   // cron spec without zone, for digests ("0 8 * * *"); "" for instant
	Zone        string   // IANA zone name for digests; "UTC" by default
	Topics      []string // filter words or names; empty means everything
	CreatedAt   time.Time
	LastDigest  time.Time // end of the last digest window closed for this chat
	PausedAt    time.Time // zero unless delivery failed permanently
	PauseReason string
}
