package bot

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/briefbot/briefbot/briefs"
)

func TestNavigationWalksTheChain(t *testing.T) {
	st := sampleStore(t)
	r := testRouter(st, &bytes.Buffer{})
	ctx := context.Background()
	ask := func(chat briefs.ChatRef, text string) Reply {
		t.Helper()
		rep := r.Handle(ctx, Request{Chat: chat, Text: text})
		if rep.Error {
			t.Fatalf("%s: error reply %s", text, flat(rep))
		}
		return rep
	}
	n, _ := st.CountBriefings(ctx)

	// A chat without a cursor reads forward from the oldest briefing.
	var titles []string
	first := ask(me, "/next")
	titles = append(titles, first.Title)
	if !strings.HasPrefix(first.Title, "NATO Allies Weigh Permanent Baltic Sea Patrol") {
		t.Fatalf("first /next opened %q, want the oldest", first.Title)
	}
	for i := 1; i < n; i++ {
		titles = append(titles, ask(me, "/next").Title)
	}
	end := ask(me, "/next")
	if end.Title != "" || !strings.Contains(flat(end), "newest briefing") {
		t.Fatalf("past the end: %s", flat(end))
	}
	latest, _ := st.Latest(ctx)
	if titles[len(titles)-1] != latest.Title {
		t.Errorf("walk ended at %q, want the latest %q", titles[len(titles)-1], latest.Title)
	}
	// The cursor is persisted: a fresh router over the same store continues from the end.
	r2 := testRouter(st, &bytes.Buffer{})
	if back := r2.Handle(ctx, Request{Chat: me, Text: "/prev"}); back.Title != titles[len(titles)-2] {
		t.Errorf("/prev after the end = %q, want %q", back.Title, titles[len(titles)-2])
	}
	// Walking back reaches the oldest and says so.
	for i := 0; i < n; i++ {
		r.Handle(ctx, Request{Chat: me, Text: "/prev"})
	}
	start := ask(me, "/prev")
	if !strings.Contains(flat(start), "oldest briefing") || !strings.Contains(flat(start), titles[0]) {
		t.Errorf("before the start: %s", flat(start))
	}
	// Another chat has its own cursor: /prev without one starts at the newest.
	other := briefs.ChatRef{Platform: "telegram", ID: "-100"}
	if rep := ask(other, "/prev"); rep.Title != latest.Title {
		t.Errorf("other chat /prev = %q, want the latest", rep.Title)
	}
	if rep := ask(me, "/next"); rep.Title != titles[1] {
		t.Errorf("my chat lost its place: /next = %q, want %q", rep.Title, titles[1])
	}
}

func TestButtonsOpenAndMoveTheCursor(t *testing.T) {
	st := sampleStore(t)
	r := testRouter(st, &bytes.Buffer{})
	ctx := context.Background()
	latest := r.Handle(ctx, Request{Chat: me, Text: "/latest"})
	var prevData string
	for _, b := range latest.Buttons {
		if strings.Contains(b.Label, "Prev") {
			prevData = b.Data
		}
		if strings.Contains(b.Label, "Next") {
			t.Errorf("the latest briefing offers a Next button")
		}
	}
	if prevData == "" {
		t.Fatalf("no Prev button on /latest: %+v", latest.Buttons)
	}
	prev := r.Handle(ctx, Request{Chat: me, Text: prevData, Press: true})
	if prev.Error || prev.Title == latest.Title || prev.Title == "" {
		t.Fatalf("pressing Prev: %s", flat(prev))
	}
	// The press moved the cursor: /next comes back to the latest.
	if next := r.Handle(ctx, Request{Chat: me, Text: "/next"}); next.Title != latest.Title {
		t.Errorf("/next after Prev press = %q, want %q", next.Title, latest.Title)
	}
	// Search results open full briefings by id.
	res := r.Handle(ctx, Request{Chat: me, Text: "/search Greenland"})
	if len(res.Buttons) == 0 || !strings.HasPrefix(res.Buttons[0].Data, "b:") {
		t.Fatalf("search buttons = %+v", res.Buttons)
	}
	opened := r.Handle(ctx, Request{Chat: me, Text: res.Buttons[0].Data, Press: true})
	if opened.Error || !strings.Contains(flat(opened), "Analysis") {
		t.Errorf("opening a search result: %s", flat(opened))
	}
	// Person buttons open profiles; suggestion buttons ask /who.
	amb := r.Handle(ctx, Request{Chat: me, Text: "/who Alexander"})
	if len(amb.Buttons) < 2 {
		t.Fatalf("candidates without buttons: %s", flat(amb))
	}
	if p := r.Handle(ctx, Request{Chat: me, Text: amb.Buttons[0].Data, Press: true}); !strings.HasPrefix(p.Title, "Alexander") {
		t.Errorf("candidate button opened %q", p.Title)
	}
	sug := r.Handle(ctx, Request{Chat: me, Text: "/who Rubbio"})
	if len(sug.Buttons) != 1 || sug.Buttons[0].Data != "w:Marco Rubio" {
		t.Fatalf("suggestion buttons = %+v", sug.Buttons)
	}
	if p := r.Handle(ctx, Request{Chat: me, Text: sug.Buttons[0].Data, Press: true}); p.Title != "Marco Rubio" {
		t.Errorf("suggestion button opened %q", p.Title)
	}
}

func TestBadPresses(t *testing.T) {
	r := testRouter(sampleStore(t), &bytes.Buffer{})
	for _, data := range []string{"", "b:", "b:abc", "b:-1", "b:99999", "zz:1", "p:0", "p:99999", "w:", "w:\x00",
		"b:" + strings.Repeat("9", 70), ">:" + strconv.Itoa(1<<30)} {
		rep := r.Handle(context.Background(), Request{Chat: me, Text: data, Press: true})
		if !rep.Error || strings.Contains(flat(rep), apologyText) {
			t.Errorf("press %q: %s (error %v)", data, flat(rep), rep.Error)
		}
	}
}

func TestEmptyStore(t *testing.T) {
	var logs bytes.Buffer
	r := testRouter(emptyStore(t), &logs)
	for _, text := range []string{"/latest", "/next", "/prev", "/people"} {
		rep := r.Handle(context.Background(), Request{Chat: me, Text: text})
		if !rep.Error || !strings.Contains(flat(rep), "any briefings yet") {
			t.Errorf("%s on an empty store: %s", text, flat(rep))
		}
	}
	for _, text := range []string{"/who Rubio", "/search peace", "/read peace"} {
		rep := r.Handle(context.Background(), Request{Chat: me, Text: text})
		if strings.Contains(flat(rep), apologyText) {
			t.Errorf("%s on an empty store: %s", text, flat(rep))
		}
	}
	if logs.Len() > 0 {
		t.Errorf("logged: %s", logs.String())
	}
}

// brokenStore fails the way a broken database does, or with a user-facing kind.
type brokenStore struct {
	briefs.Store
	err error
}

func (b brokenStore) Latest(context.Context) (briefs.Briefing, error) {
	return briefs.Briefing{}, b.err
}
func (b brokenStore) FindPeople(context.Context, string, int) ([]briefs.Person, error) {
	return nil, b.err
}

func TestInternalErrorsAreLoggedNotShown(t *testing.T) {
	secret := errors.New("sqlite: disk I/O error at /var/lib/briefbot/secret.db")
	var logs bytes.Buffer
	r := testRouter(brokenStore{Store: sampleStore(t), err: secret}, &logs)
	for _, text := range []string{"/latest", "/who Rubio"} {
		logs.Reset()
		rep := r.Handle(context.Background(), Request{Chat: me, Text: text})
		if !rep.Error || !strings.Contains(flat(rep), apologyText) || strings.Contains(flat(rep), "secret") {
			t.Errorf("%s: reply %s", text, flat(rep))
		}
		if !strings.Contains(logs.String(), "secret.db") || !strings.Contains(logs.String(), "level=ERROR") {
			t.Errorf("%s: error not logged: %s", text, logs.String())
		}
	}
	// Kinds with a user message are shown as they are.
	r = testRouter(brokenStore{Store: sampleStore(t), err: briefs.Errorf(briefs.ErrInvalid, "Names must be shorter.")}, &logs)
	if rep := r.Handle(context.Background(), Request{Chat: me, Text: "/who Rubio"}); !rep.Error || !strings.Contains(flat(rep), "Names must be shorter.") {
		t.Errorf("ErrInvalid reply: %s", flat(rep))
	}
	// A bare kind still gets a friendly sentence, not the error text.
	r = testRouter(brokenStore{Store: sampleStore(t), err: errors.Join(briefs.ErrNotFound, secret)}, &logs)
	if rep := r.Handle(context.Background(), Request{Chat: me, Text: "/latest"}); !rep.Error || strings.Contains(flat(rep), "secret") {
		t.Errorf("bare ErrNotFound reply: %s", flat(rep))
	}
}

// panicStore panics, as a bug would.
type panicStore struct{ briefs.Store }

func (panicStore) Latest(context.Context) (briefs.Briefing, error) { panic("nil map") }

func TestPanicIsRecovered(t *testing.T) {
	var logs bytes.Buffer
	r := testRouter(panicStore{emptyStore(t)}, &logs)
	rep := r.Handle(context.Background(), Request{Chat: me, Text: "/latest"})
	if !rep.Error || !strings.Contains(flat(rep), apologyText) || !strings.Contains(logs.String(), "nil map") {
		t.Errorf("reply %s, logs %s", flat(rep), logs.String())
	}
}

func TestBotNameAddressing(t *testing.T) {
	st := sampleStore(t)
	anon := NewRouter(st, Options{Now: func() time.Time { return testNow }})
	named := testRouter(st, &bytes.Buffer{}) // BotName "BriefBot" in Options
	tests := []struct {
		name   string
		r      *Router
		req    Request
		silent bool
	}{
		{"no name known: any address accepted", anon, Request{Chat: me, Text: "/latest@SomeBot"}, false},
		{"request name wins over options", named, Request{Chat: me, Text: "/latest@OtherBot", BotName: "OtherBot"}, false},
		{"request name rejects the options name", named, Request{Chat: me, Text: "/latest@BriefBot", BotName: "OtherBot"}, true},
		{"empty address is another bot", named, Request{Chat: me, Text: "/latest@"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep := tt.r.Handle(context.Background(), tt.req)
			if rep.Silent != tt.silent || (!tt.silent && rep.Title == "") {
				t.Errorf("silent = %v, want %v: %s", rep.Silent, tt.silent, flat(rep))
			}
		})
	}
}

// TestConcurrentChats runs many chats at once through one router, as the platforms do; each
// moves its own cursor, so the SQLite store's writes race each other.
func TestConcurrentChats(t *testing.T) {
	st := sampleStore(t)
	var logs lockedBuffer
	r := NewRouter(st, Options{Now: func() time.Time { return testNow }, Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	n, _ := st.CountBriefings(context.Background())
	errs := make(chan string, 8)
	defer func() {
		if t.Failed() {
			t.Logf("logs:\n%s", logs.String())
		}
	}()
	for g := 0; g < 8; g++ {
		go func() {
			chat := briefs.ChatRef{Platform: "telegram", ID: strconv.Itoa(g)}
			msg := ""
			for i := 0; i < n; i++ {
				if rep := r.Handle(context.Background(), Request{Chat: chat, Text: "/next"}); rep.Error || rep.Title == "" {
					msg = fmt.Sprintf("chat %d step %d: %s", g, i, flat(rep))
					break
				}
				if rep := r.Handle(context.Background(), Request{Chat: chat, Text: "/who Rubbio"}); !rep.Error {
					msg = fmt.Sprintf("chat %d: suggestion %s", g, flat(rep))
					break
				}
			}
			if msg == "" {
				if rep := r.Handle(context.Background(), Request{Chat: chat, Text: "/next"}); !strings.Contains(flat(rep), "newest") {
					msg = fmt.Sprintf("chat %d did not reach the end: %s", g, flat(rep))
				}
			}
			errs <- msg
		}()
	}
	for g := 0; g < 8; g++ {
		if msg := <-errs; msg != "" {
			t.Error(msg)
		}
	}
}

type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func TestNextAtTheEndNamesTheNextDigest(t *testing.T) {
	st := sampleStore(t)
	subs, ok := st.(briefs.SubscriptionStore)
	if !ok {
		t.Fatal("the SQLite store keeps no subscriptions")
	}
	r := NewRouter(st, Options{Now: func() time.Time { return testNow }, Subscriptions: subs})
	ctx := context.Background()
	r.Handle(ctx, Request{Chat: me, Text: "/latest"})
	if end := r.Handle(ctx, Request{Chat: me, Text: "/next"}); strings.Contains(flat(end), "digest") {
		t.Errorf("no subscription yet, but: %s", flat(end))
	}
	if rep := r.Handle(ctx, Request{Chat: me, Text: "/subscribe daily 08:00 UTC", CanManage: true}); rep.Error {
		t.Fatalf("subscribe: %s", flat(rep))
	}
	end := r.Handle(ctx, Request{Chat: me, Text: "/next"})
	if !strings.Contains(flat(end), "newest briefing") || !strings.Contains(flat(end), "The next digest is due") {
		t.Errorf("/next at the end with a digest: %s", flat(end))
	}
}

func TestWhoKimIsAmbiguous(t *testing.T) {
	st := sampleStore(t)
	kim := briefs.Briefing{
		Title:     "North Korea Tests Missile as Pyongyang Warns Seoul",
		Published: testNow.AddDate(0, 0, -1),
		Origin:    "kim.txt",
		Summary: "North Korean leader Kim Jong Un oversaw the launch of a new missile on Sunday. " +
			"His sister Kim Yo Jong, a senior official of the ruling party, warned Seoul against joint drills.",
	}
	if _, err := briefs.Ingest(context.Background(), st, briefs.Batch{Briefings: []briefs.Briefing{kim}}); err != nil {
		t.Fatal(err)
	}
	r := testRouter(st, &bytes.Buffer{})
	rep := r.Handle(context.Background(), Request{Chat: me, Text: "/who Kim"})
	if rep.Title != "Several people match “Kim”" || !strings.Contains(flat(rep), "Kim Jong Un") || !strings.Contains(flat(rep), "Kim Yo Jong") {
		t.Errorf("/who Kim: %s", flat(rep))
	}
	if rep := r.Handle(context.Background(), Request{Chat: me, Text: "/who Kim Jong Un"}); rep.Title != "Kim Jong Un" {
		t.Errorf("/who Kim Jong Un: %s", flat(rep))
	}
}
