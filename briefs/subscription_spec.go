package briefs

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	_ "time/tzdata" // zone names must validate the same on every machine, even one without tzdata
)

// Limits on what a chat may ask for.
const (
	MaxSpecLen  = 300 // characters of everything after /subscribe
	MaxTopics   = 10
	MaxTopicLen = 60
)

var weekdays = map[string]int{
	"sun": 0, "sunday": 0, "mon": 1, "monday": 1, "tue": 2, "tues": 2, "tuesday": 2,
	"wed": 3, "wednesday": 3, "thu": 4, "thur": 4, "thurs": 4, "thursday": 4,
	"fri": 5, "friday": 5, "sat": 6, "saturday": 6,
}

var weekdayNames = []string{"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"}

func weekdayName(field string) string {
	if len(field) == 1 && field[0] >= '0' && field[0] <= '6' {
		return weekdayNames[field[0]-'0']
	}
	return ""
}

// ParseSubscription reads what follows /subscribe into a subscription for chat:
//
//	""                                  each briefing as it arrives
//	daily 08:00 Europe/Berlin           a digest every day at 08:00 Berlin time
//	weekly mon 09:00                    a digest every Monday at 09:00 UTC
//	cron "0 8 * * 1-5" America/New_York a digest on a cron schedule
//
// Any form may end with "topics: Ukraine, Taiwan" to keep only briefings mentioning one of them.
// Every mistake is an ErrInvalid with a message fit for the chat.
func ParseSubscription(chat ChatRef, args string) (Subscription, error) {
	s := Subscription{Chat: chat, Mode: Instant, Zone: "UTC"}
	if utf8.RuneCountInString(args) > MaxSpecLen {
		return s, Errorf(ErrInvalid, "that is too long for a subscription (at most %d characters)", MaxSpecLen)
	}
	if !utf8.ValidString(args) {
		return s, Errorf(ErrInvalid, "that text is not valid UTF-8")
	}
	args, topics, err := splitTopics(args)
	if err != nil {
		return s, err
	}
	s.Topics = topics
	args = normalizeQuotes(args)
	f := strings.Fields(args)
	if len(f) == 0 {
		return s, nil
	}
	kind := strings.ToLower(f[0])
	rest := f[1:]
	var zoneArgs []string
	switch kind {
	case "instant", "now", "live":
		if len(rest) > 0 {
			return s, Errorf(ErrInvalid, "instant subscriptions take no schedule; did you mean daily 08:00?")
		}
		return s, nil
	case "daily":
		if len(rest) == 0 {
			return s, Errorf(ErrInvalid, "say when: daily 08:00 Europe/Berlin")
		}
		h, m, err := parseClock(rest[0])
		if err != nil {
			return s, err
		}
		s.Schedule = fmt.Sprintf("%d %d * * *", m, h)
		zoneArgs = rest[1:]
	case "weekly":
		if len(rest) < 2 {
			return s, Errorf(ErrInvalid, "say which day and when: weekly mon 09:00 Europe/Berlin")
		}
		day, ok := weekdays[strings.ToLower(rest[0])]
		if !ok {
			return s, Errorf(ErrInvalid, "%q is not a weekday; use mon, tue, wed, thu, fri, sat or sun", clip(rest[0], 20))
		}
		h, m, err := parseClock(rest[1])
		if err != nil {
			return s, err
		}
		s.Schedule = fmt.Sprintf("%d %d * * %d", m, h, day)
		zoneArgs = rest[2:]
	case "cron":
		line, after, err := quoted(strings.TrimSpace(args[len(f[0]):]))
		if err != nil {
			return s, err
		}
		s.Schedule = strings.Join(strings.Fields(line), " ")
		zoneArgs = strings.Fields(after)
	default:
		return s, Errorf(ErrInvalid, "I did not understand %q; try /subscribe, /subscribe daily 08:00 Europe/Berlin, /subscribe weekly mon 09:00 or /subscribe cron \"0 8 * * 1-5\" America/New_York", clip(f[0], 20))
	}
	if len(zoneArgs) > 1 {
		return s, Errorf(ErrInvalid, "after the time I expected one time zone, like Europe/Berlin, not %q", clip(strings.Join(zoneArgs, " "), 40))
	}
	if len(zoneArgs) == 1 {
		s.Zone = zoneArgs[0]
	}
	if strings.EqualFold(s.Zone, "utc") {
		s.Zone = "UTC"
	}
	s.Mode = Digest
	if _, err := ParseDigestSchedule(s.Schedule, s.Zone); err != nil {
		return s, err
	}
	return s, nil
}

// splitTopics cuts "topics: a, b" off the end of args.
func splitTopics(args string) (string, []string, error) {
	i := strings.Index(strings.ToLower(args), "topics:")
	if i < 0 {
		i = strings.Index(strings.ToLower(args), "topic:")
		if i < 0 {
			return args, nil, nil
		}
	}
	list := args[i+strings.Index(args[i:], ":")+1:]
	var topics []string
	seen := map[string]bool{}
	for _, t := range strings.Split(list, ",") {
		t = strings.Join(strings.Fields(t), " ")
		if t == "" || seen[strings.ToLower(t)] {
			continue
		}
		if utf8.RuneCountInString(t) > MaxTopicLen {
			return "", nil, Errorf(ErrInvalid, "topic %q is too long (at most %d characters)", clip(t, 20), MaxTopicLen)
		}
		if strings.IndexFunc(t, unicode.IsControl) >= 0 {
			return "", nil, Errorf(ErrInvalid, "topics must be plain words")
		}
		seen[strings.ToLower(t)] = true
		topics = append(topics, t)
	}
	if len(topics) == 0 {
		return "", nil, Errorf(ErrInvalid, "name at least one topic: topics: Ukraine, Taiwan")
	}
	if len(topics) > MaxTopics {
		return "", nil, Errorf(ErrInvalid, "at most %d topics, please", MaxTopics)
	}
	return args[:i], topics, nil
}

// normalizeQuotes turns the curly quotes phones insert into plain ones.
func normalizeQuotes(s string) string {
	return strings.NewReplacer("“", `"`, "”", `"`, "‘", "'", "’", "'", "„", `"`).Replace(s)
}

// quoted reads a quoted cron line (or five bare fields) and returns it and what follows.
func quoted(s string) (line, rest string, err error) {
	if s == "" {
		return "", "", Errorf(ErrInvalid, "give the cron line in quotes: cron \"0 8 * * 1-5\" America/New_York")
	}
	if q := s[0]; q == '"' || q == '\'' {
		end := strings.IndexByte(s[1:], q)
		if end < 0 {
			return "", "", Errorf(ErrInvalid, "the cron line's closing quote is missing")
		}
		return s[1 : 1+end], s[2+end:], nil
	}
	f := strings.Fields(s)
	if len(f) < 5 {
		return "", "", Errorf(ErrInvalid, "a cron line has five fields (minute hour day month weekday), like \"0 8 * * 1-5\"")
	}
	return strings.Join(f[:5], " "), strings.Join(f[5:], " "), nil
}

// parseClock reads "08:00", "8:30" or "8".
func parseClock(s string) (hour, minute int, err error) {
	bad := Errorf(ErrInvalid, "%q is not a time of day; use 24-hour HH:MM like 08:00", clip(s, 20))
	hs, ms, found := strings.Cut(s, ":")
	if !found {
		ms = "0"
	}
	if !isNumber(hs) || !isNumber(ms) || (found && len(ms) != 2) {
		return 0, 0, bad
	}
	hour, _ = strconv.Atoi(hs)
	minute, _ = strconv.Atoi(ms)
	if hour > 23 || minute > 59 {
		return 0, 0, bad
	}
	return hour, minute, nil
}

// Matches reports whether briefing b passes the subscription's topic filter: a topic matches
// when it starts a word of the title, summary or analysis, ignoring case (a person's name is a
// topic like any other).
func (s Subscription) Matches(b Briefing) bool {
	if len(s.Topics) == 0 {
		return true
	}
	text := strings.ToLower(b.Title + "\n" + b.Summary + "\n" + b.Analysis)
	for _, t := range s.Topics {
		if containsWordPrefix(text, strings.ToLower(t)) {
			return true
		}
	}
	return false
}

func containsWordPrefix(text, word string) bool {
	for off := 0; ; {
		i := strings.Index(text[off:], word)
		if i < 0 {
			return false
		}
		i += off
		if i == 0 {
			return true
		}
		r, _ := utf8.DecodeLastRuneInString(text[:i])
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			return true
		}
		off = i + 1
	}
}
