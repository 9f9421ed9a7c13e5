package discordtest

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

type gateway struct {
	heartbeat  time.Duration
	conns      []*gwConn
	current    *gwConn // the connection that finished IDENTIFY or RESUME
	seq        int64
	sessions   int
	sessionID  string
	identifies []Identify
	resumes    int
	heartbeats int
	nextInter  int64
}

type gwConn struct {
	ws  *websocket.Conn
	wmu sync.Mutex
}

func (c *gwConn) write(v any) error {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	return c.ws.WriteJSON(v)
}

type frame struct {
	Op int             `json:"op"`
	D  json.RawMessage `json:"d"`
}

func (s *Server) serveGateway(w http.ResponseWriter, r *http.Request) {
	up := websocket.Upgrader{}
	ws, err := up.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	c := &gwConn{ws: ws}
	s.mu.Lock()
	s.gw.conns = append(s.gw.conns, c)
	interval := s.gw.heartbeat.Milliseconds()
	s.mu.Unlock()
	defer func() {
		ws.Close()
		s.mu.Lock()
		if s.gw.current == c {
			s.gw.current = nil
		}
		s.notify()
		s.mu.Unlock()
	}()

	if c.write(map[string]any{"op": 10, "d": map[string]any{"heartbeat_interval": interval}}) != nil {
		return
	}
	var f frame
	if err := ws.ReadJSON(&f); err != nil {
		return
	}
	if err := s.open(c, f); err != nil {
		c.wmu.Lock()
		ws.WriteMessage(websocket.CloseMessage, websocket.FormatCloseMessage(4004, err.Error()))
		c.wmu.Unlock()
		return
	}
	for {
		if err := ws.ReadJSON(&f); err != nil {
			return
		}
		if f.Op == 1 {
			s.mu.Lock()
			s.gw.heartbeats++
			s.notify()
			s.mu.Unlock()
			if c.write(map[string]any{"op": 11}) != nil {
				return
			}
		}
	}
}

// open answers IDENTIFY with READY or RESUME with RESUMED.
func (s *Server) open(c *gwConn, f frame) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	var reply map[string]any
	switch f.Op {
	case 2:
		var id Identify
		if json.Unmarshal(f.D, &id) != nil || id.Token != "Bot "+s.Token {
			return errors.New("Authentication failed.")
		}
		s.gw.identifies = append(s.gw.identifies, id)
		s.gw.sessions++
		s.gw.sessionID = fmt.Sprintf("session-%d", s.gw.sessions)
		s.gw.seq++
		reply = map[string]any{"op": 0, "t": "READY", "s": s.gw.seq, "d": map[string]any{
			"v": 10, "session_id": s.gw.sessionID, "shard": id.Shard,
			"user":        map[string]any{"id": s.AppID, "username": "BriefBot", "bot": true},
			"application": map[string]any{"id": s.AppID, "flags": 0},
			"guilds":      []any{},
		}}
	case 6:
		var res struct {
			Token     string `json:"token"`
			SessionID string `json:"session_id"`
			Seq       int64  `json:"seq"`
		}
		if json.Unmarshal(f.D, &res) != nil || res.Token != "Bot "+s.Token || res.SessionID != s.gw.sessionID {
			return errors.New("Authentication failed.")
		}
		s.gw.resumes++
		reply = map[string]any{"op": 0, "t": "RESUMED", "s": s.gw.seq, "d": map[string]any{}}
	default:
		return errors.New("Not authenticated.")
	}
	if err := c.write(reply); err != nil {
		return err
	}
	s.gw.current = c
	s.notify()
	return nil
}

// Ready reports whether a client holds an open, identified gateway session.
func (s *Server) Ready() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.gw.current != nil
}

// Identifies returns every IDENTIFY the gateway received.
func (s *Server) Identifies() []Identify {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Identify(nil), s.gw.identifies...)
}

// Resumes counts successful RESUMEs.
func (s *Server) Resumes() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.gw.resumes
}

// Heartbeats counts heartbeats received (each was ACKed).
func (s *Server) Heartbeats() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.gw.heartbeats
}

// DropGateway cuts the current gateway connection without a close frame, as a network fault would.
func (s *Server) DropGateway() {
	s.mu.Lock()
	conns := s.gw.conns
	s.gw.conns, s.gw.current = nil, nil
	s.notify()
	s.mu.Unlock()
	for _, c := range conns {
		c.ws.NetConn().Close()
	}
}

// Dispatch sends one event to the connected client.
func (s *Server) Dispatch(event string, d any) error {
	s.mu.Lock()
	c := s.gw.current
	if c == nil {
		s.mu.Unlock()
		return errors.New("discordtest: no gateway session")
	}
	s.gw.seq++
	seq := s.gw.seq
	s.mu.Unlock()
	return c.write(map[string]any{"op": 0, "t": event, "s": seq, "d": d})
}

// Interact dispatches INTERACTION_CREATE for p, filling id, token and application_id, and
// returns the interaction id. The 3-second response window starts now.
func (s *Server) Interact(p Payload) (string, error) {
	s.mu.Lock()
	s.gw.nextInter++
	id := strconv.FormatInt(800000000000000000+s.gw.nextInter, 10)
	token := "itoken-" + id
	s.interactions[token] = &pending{id: id, sent: time.Now()}
	s.mu.Unlock()
	d := Payload{"id": id, "token": token, "application_id": s.AppID, "version": 1}
	for k, v := range p {
		d[k] = v
	}
	return id, s.Dispatch("INTERACTION_CREATE", d)
}
