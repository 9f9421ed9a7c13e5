package briefs

import (
	"errors"
	"fmt"
)

// Error kinds that callers may act on. Anything else is internal: logged, not shown to users.
var (
	ErrNotFound  = errors.New("not found")
	ErrInvalid   = errors.New("invalid input")
	ErrForbidden = errors.New("forbidden")
	ErrConflict  = errors.New("conflict")
)

// Error carries a kind and a message fit to show a user.
type Error struct {
	Kind    error  // one of ErrNotFound, ErrInvalid, ErrForbidden, ErrConflict
	Message string // safe to show to a user
}

func (e *Error) Error() string { return e.Message }

// Unwrap lets errors.Is match the kind.
func (e *Error) Unwrap() error { return e.Kind }

// Errorf returns an *Error of the given kind with a user-facing message.
func Errorf(kind error, format string, args ...any) error {
	return &Error{Kind: kind, Message: fmt.Sprintf(format, args...)}
}

// UserMessage returns the message to show a user for err, and false if err is internal.
func UserMessage(err error) (string, bool) {
	var e *Error
	if errors.As(err, &e) {
		return e.Message, true
	}
	return "", false
}
