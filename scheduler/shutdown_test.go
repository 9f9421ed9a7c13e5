package scheduler

import (
	"context"
	"testing"
	"time"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/briefs"
	"github.com/briefbot/briefbot/scheduler/schedulertest"
)

// blockingSender holds every send until released (or its context ends).
type blockingSender struct {
	*schedulertest.Sender
	started chan string
	release chan struct{}
}

func (b *blockingSender) Send(ctx context.Context, chatID string, r bot.Reply, nonce string) (string, error) {
	b.started <- chatID
	select {
	case <-b.release:
	case <-ctx.Done():
		return "", ctx.Err()
	}
	return b.Sender.Send(ctx, chatID, r, nonce)
}

func newBlockingRig(t *testing.T) (*rig, *blockingSender) {
	r := newRig(t, DeliveryOptions{Workers: 1, Shutdown: 10 * time.Second})
	bs := &blockingSender{Sender: &schedulertest.Sender{Name: "fake", URL: r.platform.Server.URL},
		started: make(chan string, 10), release: make(chan struct{})}
	r.disp = NewDispatcher(r.store, r.store, bs, r.disp.opts)
	fanOut(t, r.store, "fake", chatIDs(3), t0)
	return r, bs
}

func waitDone(t *testing.T, r *rig) {
	t.Helper()
	select {
	case err := <-r.done:
		if err != nil {
			t.Fatalf("Run: %v", err)
		}
		r.cancel = nil
	case <-time.After(10 * time.Second):
		t.Fatal("dispatcher did not stop")
	}
}

func TestShutdownFinishesTheSendInFlight(t *testing.T) {
	r, bs := newBlockingRig(t)
	r.start(t)
	<-bs.started // one send is in flight
	r.cancel()
	close(bs.release)
	waitDone(t, r)
	if s, q, sending := countState(t, r.store, briefs.Sent), countState(t, r.store, briefs.Queued), countState(t, r.store, briefs.Sending); s != 1 || q != 2 || sending != 0 {
		t.Errorf("after shutdown: sent %d queued %d sending %d; want the in-flight send recorded and the rest handed back", s, q, sending)
	}
	if got := len(r.platform.Delivered()); got != 1 {
		t.Errorf("platform got %d sends, want 1", got)
	}
}

func TestShutdownIsBounded(t *testing.T) {
	r, bs := newBlockingRig(t)
	r.start(t)
	<-bs.started
	r.cancel()
	stopped := false
	r.clock.drive(t, time.Minute, func() bool {
		select {
		case err := <-r.done:
			if err != nil {
				t.Errorf("Run: %v", err)
			}
			stopped = true
		default:
		}
		return stopped
	})
	r.cancel = nil
	if waited := r.clock.Now().Sub(t0); waited != 10*time.Second {
		t.Errorf("shutdown took %v of virtual time, want the 10s bound", waited)
	}
	if sending := countState(t, r.store, briefs.Sending); sending != 0 {
		t.Errorf("%d deliveries left claimed; the cut-off send must go back to the queue", sending)
	}
	if q := countState(t, r.store, briefs.Queued); q != 3 {
		t.Errorf("queued %d, want all 3 still owed", q)
	}
}
