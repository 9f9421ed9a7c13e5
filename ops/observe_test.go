package ops

import (
	"context"
	"errors"
	"io"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/briefs"
)

type stubSource struct{ err error }

func (s stubSource) Name() string { return "dir:/srv" }
func (s stubSource) Poll(context.Context) (briefs.Batch, error) {
	return briefs.Batch{}, s.err
}

type stubSender struct{ errs []error }

func (s *stubSender) Platform() string { return "telegram" }
func (s *stubSender) next() error {
	err := s.errs[0]
	s.errs = s.errs[1:]
	return err
}
func (s *stubSender) Send(context.Context, string, bot.Reply, string) (string, error) {
	return "1", s.next()
}
func (s *stubSender) Edit(context.Context, string, string, bot.Reply) error { return s.next() }

type stubHandler struct{}

func (stubHandler) Handle(_ context.Context, req bot.Request) bot.Reply {
	return bot.Reply{Silent: strings.HasPrefix(req.Text, "/who@Other")}
}

func scrape(t *testing.T, m *Metrics) string {
	t.Helper()
	ts := httptest.NewServer(NewServer(m, nil, nil).Handler())
	defer ts.Close()
	resp, err := ts.Client().Get(ts.URL + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return string(b)
}

func TestObservers(t *testing.T) {
	m := NewMetrics(nil)
	ctx := context.Background()
	m.ObserveSource(stubSource{}).Poll(ctx)
	m.ObserveSource(stubSource{err: errors.New("404")}).Poll(ctx)
	m.ObserveIngest(briefs.Report{Added: 2, Unchanged: 5, Rejected: []briefs.Rejection{{Origin: "x", Reason: "no title"}}})

	snd := m.ObserveSender(&stubSender{errs: []error{nil, nil,
		&bot.DeliveryError{RetryAfter: time.Second}, &bot.DeliveryError{Permanent: true}, errors.New("502")}})
	snd.Send(ctx, "1", bot.Reply{}, "n1")
	snd.Edit(ctx, "1", "9", bot.Reply{})
	snd.Send(ctx, "1", bot.Reply{}, "n2")
	snd.Send(ctx, "1", bot.Reply{}, "n3")
	snd.Send(ctx, "1", bot.Reply{}, "n4")

	tick := time.Unix(0, 0)
	now := func() time.Time { tick = tick.Add(2 * time.Millisecond); return tick }
	h := m.ObserveHandler(stubHandler{}, []bot.CommandSpec{{Name: "who"}, {Name: "latest"}}, now)
	for _, req := range []bot.Request{
		{Text: "/WHO@BriefBot Rubio"}, {Text: "/latest"}, {Text: "/bogus" + strings.Repeat("x", 500)},
		{Text: "b:12", Press: true}, {Text: "/who@OtherBot x"},
	} {
		h.Handle(ctx, req)
	}

	body := scrape(t, m)
	for _, want := range []string{
		`briefbot_source_polls_total{result="ok",source="dir:/srv"} 1`,
		`briefbot_source_polls_total{result="error",source="dir:/srv"} 1`,
		`briefbot_briefings_ingested_total{outcome="added"} 2`,
		`briefbot_briefings_ingested_total{outcome="rejected"} 1`,
		`briefbot_deliveries_total{outcome="sent",platform="telegram"} 1`,
		`briefbot_deliveries_total{outcome="edited",platform="telegram"} 1`,
		`briefbot_deliveries_total{outcome="retried",platform="telegram"} 2`,
		`briefbot_deliveries_total{outcome="paused",platform="telegram"} 1`,
		`briefbot_rate_limited_total{platform="telegram"} 1`,
		`briefbot_command_duration_seconds_count{command="who"} 1`,
		`briefbot_command_duration_seconds_count{command="latest"} 1`,
		`briefbot_command_duration_seconds_count{command="other"} 1`,
		`briefbot_command_duration_seconds_count{command="button"} 1`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("metrics lack %s", want)
		}
	}
	if strings.Contains(body, "bogus") {
		t.Error("an unknown command became a label")
	}
}
