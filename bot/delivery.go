package bot

import (
	"fmt"
	"time"
)

// DeliveryError is how a platform adapter tells the delivery engine why a send or edit failed.
// Anything else returned by a Sender is treated as transient and retried with backoff.
type DeliveryError struct {
	RetryAfter time.Duration // > 0: rate limited (HTTP 429); send nothing more to this platform until then
	Permanent  bool          // the chat is gone or the bot was blocked or removed: pause the subscription
	MovedTo    string        // the chat moved (Telegram group migration): the new chat id
	Reason     string        // short human text for logs and /subscriptions ("bot was blocked by the user")
	Err        error         // the underlying error, never holding a token
}

func (e *DeliveryError) Error() string {
	switch {
	case e.RetryAfter > 0:
		return fmt.Sprintf("rate limited, retry after %s: %s", e.RetryAfter, e.Reason)
	case e.MovedTo != "":
		return fmt.Sprintf("chat moved to %s: %s", e.MovedTo, e.Reason)
	case e.Permanent:
		return "permanent failure: " + e.Reason
	}
	return "delivery failed: " + e.Reason
}

func (e *DeliveryError) Unwrap() error { return e.Err }
