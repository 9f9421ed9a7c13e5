package briefs

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

func TestParseSubscription(t *testing.T) {
	chat := ChatRef{"telegram", "-100"}
	tests := []struct {
		args     string
		mode     SubscriptionMode
		schedule string
		zone     string
		topics   []string
	}{
		{"", Instant, "", "UTC", nil},
		{"  instant ", Instant, "", "UTC", nil},
		{"topics: Ukraine, Taiwan", Instant, "", "UTC", []string{"Ukraine", "Taiwan"}},
		{"daily 08:00 Europe/Berlin", Digest, "0 8 * * *", "Europe/Berlin", nil},
		{"DAILY 7:05", Digest, "5 7 * * *", "UTC", nil},
		{"daily 8 utc", Digest, "0 8 * * *", "UTC", nil},
		{"weekly mon 09:00", Digest, "0 9 * * 1", "UTC", nil},
		{"weekly Sunday 23:59 Asia/Tokyo topics: Marco Rubio", Digest, "59 23 * * 0", "Asia/Tokyo", []string{"Marco Rubio"}},
		{`cron "0 8 * * 1-5" America/New_York`, Digest, "0 8 * * 1-5", "America/New_York", nil},
		{`cron “0 8 * * 1-5” America/New_York`, Digest, "0 8 * * 1-5", "America/New_York", nil},
		{`cron '30 6 * * *'`, Digest, "30 6 * * *", "UTC", nil},
		{`cron 0 18 * * 5 Europe/London topics: Iran,iran, Israel`, Digest, "0 18 * * 5", "Europe/London", []string{"Iran", "Israel"}},
	}
	for _, tt := range tests {
		t.Run(tt.args, func(t *testing.T) {
			s, err := ParseSubscription(chat, tt.args)
			if err != nil {
				t.Fatal(err)
			}
			if s.Mode != tt.mode || s.Schedule != tt.schedule || s.Zone != tt.zone || !reflect.DeepEqual(s.Topics, tt.topics) || s.Chat != chat {
				t.Errorf("got %+v", s)
			}
		})
	}
}

func TestParseSubscriptionRejects(t *testing.T) {
	tests := []struct{ name, args, want string }{
		{"unknown zone", "daily 08:00 Mars/Olympus", "time zone"},
		{"Local zone", "daily 08:00 Local", "time zone"},
		{"path zone", "daily 08:00 ../../etc/passwd", "time zone"},
		{"two zones", "daily 08:00 Europe/Berlin Europe/Paris", "one time zone"},
		{"bad hour", "daily 25:00", "time of day"},
		{"bad minute", "daily 08:60", "time of day"},
		{"one-digit minute", "daily 8:5", "time of day"},
		{"words for time", "daily eight", "time of day"},
		{"negative time", "daily -1:00", "time of day"},
		{"no time", "daily", "say when"},
		{"bad weekday", "weekly someday 09:00", "weekday"},
		{"weekly no time", "weekly mon", "which day"},
		{"bad cron", `cron "61 8 * * *"`, "cron line"},
		{"cron too few fields", `cron "0 8 *"`, "cron line"},
		{"bare cron too few", `cron 0 8`, "five fields"},
		{"cron empty", `cron ""`, "empty"},
		{"cron missing quote", `cron "0 8 * * *`, "closing quote"},
		{"CRON_TZ only", `cron "CRON_TZ="`, "time zone after"},
		{"TZ only", `cron "TZ="`, "time zone after"},
		{"CRON_TZ with fields", `cron "CRON_TZ=Europe/Berlin 0 8 * * *"`, "time zone after"},
		{"descriptor", `cron "@every 1m"`, "five cron fields"},
		{"every minute", `cron "* * * * *"`, "once an hour"},
		{"never fires", `cron "0 0 30 2 *"`, "never fires"},
		{"unknown kind", "hourly", "did not understand"},
		{"instant with schedule", "instant 08:00", "no schedule"},
		{"empty topics", "topics: , ,", "at least one topic"},
		{"too many topics", "topics: a,b,c,d,e,f,g,h,i,j,k", "at most"},
		{"long topic", "topics: " + strings.Repeat("x", 61), "too long"},
		{"over-long", "daily 08:00 " + strings.Repeat("Europe/Berlin ", 30), "too long"},
		{"invalid utf8", "daily 08:00 \xff", "UTF-8"},
		{"control in topic", "topics: a\x00b", "plain words"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseSubscription(ChatRef{"console", "me"}, tt.args)
			if err == nil {
				t.Fatalf("ParseSubscription(%q) succeeded", tt.args)
			}
			if !errors.Is(err, ErrInvalid) {
				t.Errorf("error %v is not ErrInvalid", err)
			}
			if msg, _ := UserMessage(err); !strings.Contains(msg, tt.want) {
				t.Errorf("message %q does not mention %q", msg, tt.want)
			}
		})
	}
}

func FuzzParseSubscription(f *testing.F) {
	for _, s := range []string{"", "daily 08:00 Europe/Berlin", `cron "CRON_TZ="`, `cron "TZ= 0 8 * * *"`, "weekly mon 9"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, args string) {
		s, err := ParseSubscription(ChatRef{"console", "me"}, args)
		if err == nil && s.Mode == Digest {
			if _, err := ScheduleOf(s); err != nil {
				t.Errorf("accepted %q but its schedule fails: %v", args, err)
			}
		}
	})
}

func TestMatches(t *testing.T) {
	b := Briefing{Title: "Kyiv talks", Summary: "Marco Rubio met Ukrainian officials.", Analysis: "Taiwanese chips."}
	tests := []struct {
		topics []string
		want   bool
	}{
		{nil, true},
		{[]string{"ukrain"}, true},
		{[]string{"Rubio"}, true},
		{[]string{"marco rubio"}, true},
		{[]string{"ubio"}, false},
		{[]string{"Iran"}, false},
		{[]string{"Iran", "taiwan"}, true},
	}
	for _, tt := range tests {
		if got := (Subscription{Topics: tt.topics}).Matches(b); got != tt.want {
			t.Errorf("Matches(%v) = %v, want %v", tt.topics, got, tt.want)
		}
	}
}
