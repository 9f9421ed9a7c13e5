package briefs

import (
	"testing"
	"time"
)

// TestDigestScheduleAcrossDST runs a simulated week around each DST change and checks that a
// daily digest fires exactly once per local day at the wall time asked (or just after a gap).
func TestDigestScheduleAcrossDST(t *testing.T) {
	tests := []struct {
		name  string
		zone  string
		start string // a local date a few days before the change
		clock string
	}{
		{"Berlin spring 02:30", "Europe/Berlin", "2026-03-26", "02:30"},
		{"Berlin spring 08:00", "Europe/Berlin", "2026-03-26", "08:00"},
		{"Berlin fall 02:30", "Europe/Berlin", "2026-10-22", "02:30"},
		{"Berlin fall 08:00", "Europe/Berlin", "2026-10-22", "08:00"},
		{"New York spring 02:30", "America/New_York", "2026-03-05", "02:30"},
		{"New York spring 08:00", "America/New_York", "2026-03-05", "08:00"},
		{"New York fall 01:30", "America/New_York", "2026-10-29", "01:30"},
		{"New York fall 02:30", "America/New_York", "2026-10-29", "02:30"},
		{"New York fall 08:00", "America/New_York", "2026-10-29", "08:00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := ParseSubscription(ChatRef{"console", "me"}, "daily "+tt.clock+" "+tt.zone)
			if err != nil {
				t.Fatal(err)
			}
			sched, err := ScheduleOf(s)
			if err != nil {
				t.Fatal(err)
			}
			loc := sched.Location()
			day, _ := time.ParseInLocation("2006-01-02", tt.start, loc)
			seen := map[string]int{}
			at := day
			for range 7 {
				next := sched.Next(at)
				if !next.After(at) {
					t.Fatalf("Next(%v) = %v, not after", at, next)
				}
				local := next.In(loc)
				seen[local.Format("2006-01-02")]++
				if got := local.Format("15:04"); got != tt.clock && !(tt.clock == "02:30" && got == "03:30") {
					t.Errorf("fired at %v, want %s local", local, tt.clock)
				}
				at = next
			}
			for d := range 7 {
				date := day.AddDate(0, 0, d).Format("2006-01-02")
				if seen[date] != 1 {
					t.Errorf("local day %s had %d digests, want 1 (all: %v)", date, seen[date], seen)
				}
			}
		})
	}
}

func TestLatestDueCollapsesMissedWindows(t *testing.T) {
	sched, err := ParseDigestSchedule("0 8 * * *", "Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	last := time.Date(2026, 5, 1, 6, 0, 0, 0, time.UTC) // 08:00 Berlin on May 1st
	now := time.Date(2026, 5, 4, 7, 0, 0, 0, time.UTC)  // 09:00 Berlin on May 4th
	want := time.Date(2026, 5, 4, 6, 0, 0, 0, time.UTC) // 08:00 Berlin on May 4th
	if got := sched.LatestDue(last, now); !got.Equal(want) {
		t.Errorf("LatestDue = %v, want %v", got, want)
	}
	if got := sched.LatestDue(want, now); !got.IsZero() {
		t.Errorf("LatestDue after the last window = %v, want none", got)
	}
}

func TestDescribe(t *testing.T) {
	tests := []struct{ args, want string }{
		{"", "each new briefing as it arrives"},
		{"topics: Ukraine", "each new briefing as it arrives, topics: Ukraine"},
		{"daily 08:00 Europe/Berlin", "a digest daily at 08:00 (Europe/Berlin)"},
		{"weekly mon 9:05", "a digest weekly on Monday at 09:05 (UTC)"},
		{`cron "0 8 * * 1-5" America/New_York`, `a digest on the schedule "0 8 * * 1-5" (America/New_York)`},
	}
	for _, tt := range tests {
		s, err := ParseSubscription(ChatRef{"console", "me"}, tt.args)
		if err != nil {
			t.Fatalf("%q: %v", tt.args, err)
		}
		if got := s.Describe(); got != tt.want {
			t.Errorf("Describe(%q) = %q, want %q", tt.args, got, tt.want)
		}
	}
}
