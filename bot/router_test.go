package bot

import (
	"bytes"
	"context"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/briefbot/briefbot/briefs"
	"github.com/briefbot/briefbot/briefs/samples"
	"github.com/briefbot/briefbot/briefs/sqlite"
)

var testNow = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

// sampleStore is a real SQLite store in a temp dir holding the embedded sample briefings.
func sampleStore(t *testing.T) briefs.Store {
	t.Helper()
	st := emptyStore(t)
	list, err := samples.All(testNow)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := briefs.Ingest(context.Background(), st, briefs.Batch{Briefings: list})
	if err != nil || rep.Added != len(list) || len(rep.Rejected) > 0 {
		t.Fatalf("ingesting samples: %+v, %v", rep, err)
	}
	return st
}

func emptyStore(t *testing.T) briefs.Store {
	t.Helper()
	st, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "briefbot.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func testRouter(st briefs.Store, logs *bytes.Buffer) *Router {
	return NewRouter(st, Options{
		Now: func() time.Time { return testNow }, BotName: "BriefBot",
		Logger: slog.New(slog.NewTextHandler(logs, nil)),
	})
}

var me = briefs.ChatRef{Platform: "console", ID: "me"}

// flat is everything a user would read in a reply, for "contains" checks.
func flat(r Reply) string {
	var sb strings.Builder
	sb.WriteString(r.Title + "\n" + r.Subtitle + "\n")
	for _, b := range r.Blocks {
		sb.WriteString(b.Heading + "\n" + b.Text + "\n")
	}
	for _, b := range r.Buttons {
		sb.WriteString("[" + b.Label + "]\n")
	}
	return sb.String()
}

const apologyText = "Sorry, something went wrong"

func TestRouterCommands(t *testing.T) {
	st := sampleStore(t)
	latest, err := st.Latest(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name      string
		text      string
		silent    bool
		wantErr   bool
		title     string   // exact title, when set
		contains  []string // in the flattened reply
		notTitled []string // titles the reply must not have
		lacks     []string // not in the flattened reply
	}{
		{name: "empty", text: "", silent: true},
		{name: "blank", text: "  \t ", silent: true},
		{name: "slash only", text: "/", wantErr: true, contains: []string{"/help"}},
		{name: "not a command", text: "hello there", wantErr: true, contains: []string{"slash"}},
		{name: "unknown", text: "/frobnicate now", wantErr: true, contains: []string{"/frobnicate", "/help"}},
		{name: "unknown hostile name", text: "/<b>&x", wantErr: true, contains: []string{"/bx"}},
		{name: "start", text: "/start", title: "Welcome to briefbot", contains: []string{"/latest", "/who <name>"}},
		{name: "help", text: "/help", title: "Commands", contains: []string{"/search <words>", "/read <title>", "/people"}},
		{name: "help any case", text: "/HeLp", title: "Commands"},
		{name: "latest", text: "/latest", title: latest.Title, contains: []string{"Executive Summary", "Prev"}},
		{name: "addressed to me", text: "/latest@BriefBot", title: latest.Title},
		{name: "addressed to me any case", text: "/who@briefbot Rubio", title: "Marco Rubio"},
		{name: "addressed to another bot", text: "/who@OtherBot Rubio", silent: true},
		{name: "who surname", text: "/who Rubio", title: "Marco Rubio", contains: []string{"Secretary of State", "2 briefings", "Latest mentions"},
			lacks: []string{"Earlier roles"}}, // "U.S. Secretary of State" is the same office
		{name: "who full name folded", text: "/WHO marco RUBIO", title: "Marco Rubio"},
		{name: "who diacritics folded", text: "/who wisniewski", title: "Tomasz Wiśniewski",
			contains: []string{"Chief of the General Staff", "Earlier roles", "commander of the Polish contingent"}},
		{name: "who no name", text: "/who", wantErr: true, contains: []string{"Who?"}},
		{name: "who blank name", text: "/who    ", wantErr: true, contains: []string{"Who?"}},
		{name: "who misspelt", text: "/who Rubbio", wantErr: true, contains: []string{"Did you mean Marco Rubio?"}},
		{name: "who ambiguous", text: "/who Alexander", title: "Several people match “Alexander”",
			contains: []string{"Alexander Stubb", "Alexander Lukashenko"}},
		{name: "who institution", text: "/who White House", wantErr: true, contains: []string{"White House"}, notTitled: []string{"Marco Rubio"}},
		{name: "who unknown", text: "/who Zbigniew Nobody", wantErr: true, contains: []string{"don't know anyone"}},
		{name: "who digits", text: "/who 12345", wantErr: true, contains: []string{"doesn't look like a name"}},
		{name: "who control characters", text: "/who Ru\x00bi\u200bo\x07", title: "Marco Rubio"},
		{name: "who newline after command", text: "/who\nRubio", title: "Marco Rubio"},
		{name: "who hostile markup", text: "/who <b>&amp;</b>", wantErr: true},
		{name: "who unicode", text: "/who 北京 😀", wantErr: true, contains: []string{"北京"}},
		{name: "who invalid utf8 dropped", text: "/who \xff\xfeRubio", title: "Marco Rubio"},
		{name: "too long", text: "/who " + strings.Repeat("a", 10<<10), wantErr: true, contains: []string{"too long", "200"}},
		{name: "just under the limit", text: "/search " + strings.Repeat("z", MaxArgRunes), contains: []string{"Nothing found"}},
		{name: "read one", text: "/read median line", title: "Taiwan Reports Record Chinese Air Activity Near the Median Line",
			contains: []string{"Analysis", "Wellington Koo"}},
		{name: "read several", text: "/read talks", title: "Several briefings match",
			contains: []string{"Black Sea", "Red Sea"}},
		{name: "read none", text: "/read zanzibar", wantErr: true, contains: []string{"/search zanzibar"}},
		{name: "read no title", text: "/read", wantErr: true, contains: []string{"Which briefing?"}},
		{name: "search", text: "/search Greenland", title: "Search results", contains: []string{"Arctic"}},
		{name: "search hostile", text: `/search <b>& "unterminated OR * NEAR(`},
		{name: "search none", text: "/search xylophone", contains: []string{"Nothing found for “xylophone”"}},
		{name: "search no words", text: "/search", wantErr: true, contains: []string{"What should I look for?"}},
		{name: "people", text: "/people", title: "Most mentioned lately", contains: []string{"Marco Rubio", "Tomasz Wiśniewski"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var logs bytes.Buffer
			r := testRouter(st, &logs)
			rep := r.Handle(context.Background(), Request{Chat: me, Text: tt.text})
			text := flat(rep)
			if rep.Silent != tt.silent {
				t.Fatalf("Silent = %v, want %v: %s", rep.Silent, tt.silent, text)
			}
			if rep.Error != tt.wantErr {
				t.Errorf("Error = %v, want %v: %s", rep.Error, tt.wantErr, text)
			}
			if strings.Contains(text, apologyText) || logs.Len() > 0 {
				t.Errorf("internal failure: %s\nlogs: %s", text, logs.String())
			}
			if tt.title != "" && rep.Title != tt.title {
				t.Errorf("Title = %q, want %q\n%s", rep.Title, tt.title, text)
			}
			for _, s := range tt.contains {
				if !strings.Contains(text, s) {
					t.Errorf("reply lacks %q:\n%s", s, text)
				}
			}
			for _, s := range tt.lacks {
				if strings.Contains(text, s) {
					t.Errorf("reply has %q:\n%s", s, text)
				}
			}
			for _, s := range tt.notTitled {
				if rep.Title == s {
					t.Errorf("reply answered with %q", s)
				}
			}
			for _, b := range rep.Buttons {
				if len(b.Data) > 64 || b.Data == "" {
					t.Errorf("button %q has data %q (%d bytes)", b.Label, b.Data, len(b.Data))
				}
			}
		})
	}
}

func TestRouterSpecs(t *testing.T) {
	r := testRouter(emptyStore(t), &bytes.Buffer{})
	specs := r.Commands()
	seen := map[string]bool{}
	for _, s := range specs {
		if s.Name == "" || s.Name != strings.ToLower(s.Name) || len(s.Description) > 100 || s.Description == "" {
			t.Errorf("bad spec %+v", s)
		}
		seen[s.Name] = true
	}
	for _, want := range []string{"start", "help", "latest", "next", "prev", "read", "search", "people", "who"} {
		if !seen[want] {
			t.Errorf("Commands() lacks %q", want)
		}
	}
	for _, s := range specs {
		if s.Name == "who" && (len(s.Args) != 1 || !s.Args[0].Required || !s.Args[0].Autocomplete) {
			t.Errorf("who spec = %+v, want one required autocompleted argument", s)
		}
	}
}
