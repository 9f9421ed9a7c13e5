package briefs

import (
	"fmt"
	"strings"
	"time"

	"github.com/robfig/cron/v3"
)

// cronFields is the five-field cron line users type: minute hour day-of-month month day-of-week.
var cronFields = cron.NewParser(cron.Minute | cron.Hour | cron.Dom | cron.Month | cron.Dow)

// DigestSchedule says when a chat's digests are due, in the chat's own time zone.
//
// robfig/cron evaluates schedules on instants, so on the night clocks spring forward a 02:30
// schedule never matches and on the night they fall back it matches twice. DigestSchedule
// instead evaluates the cron line on wall-clock time and maps each wall time to one instant:
// a time that does not exist fires right after the gap, a time that exists twice fires on
// its first occurrence. So a daily digest comes once per local day, never twice, never skipped.
type DigestSchedule struct {
	spec  string
	sched cron.Schedule
	loc   *time.Location
}

// ParseDigestSchedule checks a five-field cron line and an IANA zone ("" means UTC).
func ParseDigestSchedule(spec, zone string) (DigestSchedule, error) {
	loc, err := LoadZone(zone)
	if err != nil {
		return DigestSchedule{}, err
	}
	sched, err := parseCron(spec)
	if err != nil {
		return DigestSchedule{}, err
	}
	return DigestSchedule{spec: spec, sched: sched, loc: loc}, nil
}

// ScheduleOf returns the digest schedule of a digest subscription.
func ScheduleOf(s Subscription) (DigestSchedule, error) {
	if s.Mode != Digest {
		return DigestSchedule{}, Errorf(ErrInvalid, "this chat gets briefings as they arrive, not digests")
	}
	return ParseDigestSchedule(s.Schedule, s.Zone)
}

// Location is the zone the schedule is read in.
func (d DigestSchedule) Location() *time.Location { return d.loc }

// Next returns the first due time strictly after t; zero if the schedule never fires.
func (d DigestSchedule) Next(t time.Time) time.Time {
	if d.sched == nil {
		return time.Time{}
	}
	wall := wallClock(t.In(d.loc))
	for range 1000 {
		wall = d.sched.Next(wall)
		if wall.IsZero() {
			return time.Time{}
		}
		if at := resolveWall(wall, d.loc); at.After(t) {
			return at
		}
	}
	return time.Time{}
}

// LatestDue returns the last due time in (after, now], or zero when none is due yet.
// After a long outage the missed windows collapse into one: a chat gets one digest, not a pile.
func (d DigestSchedule) LatestDue(after, now time.Time) time.Time {
	var due time.Time
	for t := d.Next(after); !t.IsZero() && !t.After(now); t = d.Next(t) {
		due = t
		if now.Sub(t) > 400*24*time.Hour { // far behind: jump close to now first
			t = now.Add(-48 * time.Hour)
		}
	}
	return due
}

// wallClock re-labels a local time as the same wall-clock reading in UTC, where no DST exists.
func wallClock(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), 0, time.UTC)
}

// resolveWall maps a wall-clock reading (labelled UTC) to an instant in loc: the first of two
// when clocks fall back, the instant just after the gap when clocks spring forward.
func resolveWall(wall time.Time, loc *time.Location) time.Time {
	_, before := wall.Add(-24 * time.Hour).In(loc).Zone()
	_, after := wall.Add(24 * time.Hour).In(loc).Zone()
	var best time.Time
	for _, off := range []int{before, after} {
		at := wall.Add(-time.Duration(off) * time.Second)
		if wallClock(at.In(loc)).Equal(wall) && (best.IsZero() || at.Before(best)) {
			best = at
		}
	}
	if best.IsZero() { // in a spring-forward gap: read the wall time with the old offset
		best = wall.Add(-time.Duration(before) * time.Second)
	}
	return best.In(loc)
}

// LoadZone loads an IANA zone by name; "" and "utc" mean UTC. "Local" is refused: the server's
// zone is nobody's.
func LoadZone(name string) (*time.Location, error) {
	switch {
	case name == "" || strings.EqualFold(name, "UTC"):
		return time.UTC, nil
	case len(name) > 64 || name == "Local" || strings.ContainsAny(name, " \t\\") || strings.Contains(name, ".."):
		return nil, Errorf(ErrInvalid, "%q is not a time zone I know; use a name like Europe/Berlin", clip(name, 40))
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, Errorf(ErrInvalid, "%q is not a time zone I know; use a name like Europe/Berlin", clip(name, 40))
	}
	return loc, nil
}

// parseCron parses a five-field line. robfig/cron panics on a bare "TZ=" or "CRON_TZ=", and a
// zone belongs after the line anyway, so any TZ prefix is refused before the parser sees it.
func parseCron(spec string) (sched cron.Schedule, err error) {
	spec = strings.TrimSpace(spec)
	upper := strings.ToUpper(spec)
	switch {
	case spec == "":
		return nil, Errorf(ErrInvalid, "the cron line is empty; try \"0 8 * * 1-5\"")
	case len(spec) > 100:
		return nil, Errorf(ErrInvalid, "that cron line is too long")
	case strings.HasPrefix(upper, "TZ=") || strings.HasPrefix(upper, "CRON_TZ="):
		return nil, Errorf(ErrInvalid, "put the time zone after the cron line, not inside it: cron \"0 8 * * *\" Europe/Berlin")
	case strings.HasPrefix(spec, "@"):
		return nil, Errorf(ErrInvalid, "use five cron fields (minute hour day month weekday), like \"0 8 * * 1-5\"")
	}
	defer func() {
		if r := recover(); r != nil { // belt and braces: no user input may crash the bot
			sched, err = nil, Errorf(ErrInvalid, "%q is not a cron line I can read", clip(spec, 40))
		}
	}()
	sched, perr := cronFields.Parse(spec)
	if perr != nil {
		return nil, Errorf(ErrInvalid, "%q is not a cron line I can read (%v)", clip(spec, 40), perr)
	}
	if err := checkSpacing(sched); err != nil {
		return nil, err
	}
	return sched, nil
}

// checkSpacing refuses schedules that never fire or fire more than once an hour: a digest every
// minute is a flood.
func checkSpacing(sched cron.Schedule) error {
	t := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	prev := sched.Next(t)
	if prev.IsZero() {
		return Errorf(ErrInvalid, "that cron line never fires")
	}
	for range 60 {
		next := sched.Next(prev)
		if next.IsZero() {
			return nil
		}
		if next.Sub(prev) < time.Hour {
			return Errorf(ErrInvalid, "digests can come at most once an hour")
		}
		prev = next
	}
	return nil
}

func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}

// Describe says a subscription in words: "daily at 08:00 (Europe/Berlin)".
func (s Subscription) Describe() string {
	if s.Mode != Digest {
		return "each new briefing as it arrives" + topicsSuffix(s.Topics)
	}
	zone := s.Zone
	if zone == "" {
		zone = "UTC"
	}
	f := strings.Fields(s.Schedule)
	when := fmt.Sprintf("on the schedule %q", s.Schedule)
	if len(f) == 5 && f[2] == "*" && f[3] == "*" && isNumber(f[0]) && isNumber(f[1]) {
		hhmm := fmt.Sprintf("%02s:%02s", f[1], f[0])
		switch {
		case f[4] == "*":
			when = "daily at " + hhmm
		case weekdayName(f[4]) != "":
			when = "weekly on " + weekdayName(f[4]) + " at " + hhmm
		}
	}
	return "a digest " + when + " (" + zone + ")" + topicsSuffix(s.Topics)
}

func topicsSuffix(topics []string) string {
	if len(topics) == 0 {
		return ""
	}
	return ", topics: " + strings.Join(topics, ", ")
}

func isNumber(s string) bool {
	if s == "" || len(s) > 2 {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}
