package discordtest

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// Server is a fake Discord. Use URL as the adapter's API URL.
type Server struct {
	URL   string
	Token string // the bot token the fake accepts (without "Bot ")
	AppID string

	srv *httptest.Server

	mu            sync.Mutex
	changed       chan struct{}
	nextID        int64
	registrations []Registration
	callbacks     []Callback
	edits         []WebhookCall
	followups     []WebhookCall
	deletes       map[string]int // interaction id → deletions of @original
	messages      map[string][]*Message
	nonces        map[string]*Message
	forbidden     map[string]int // channel → Discord error code
	faults        []Fault
	interactions  map[string]*pending // by interaction token
	unauthorized  int
	gw            gateway
}

type pending struct {
	id        string
	sent      time.Time
	responded bool
}

// Fault is an injected failure: the next request matching Method and a path containing Path
// gets Status, Body and Header instead of its normal answer.
type Fault struct {
	Method string
	Path   string
	Status int
	Body   string
	Header http.Header
	HangUp bool // close the connection without answering, as a network fault would
}

// New starts a fake Discord for token; Close it when done (t.Cleanup does).
func New(t testing.TB, token string) *Server {
	s := &Server{
		Token: token, AppID: "900000000000000001",
		changed: make(chan struct{}), nextID: 1000,
		messages: map[string][]*Message{}, nonces: map[string]*Message{},
		forbidden: map[string]int{}, interactions: map[string]*pending{}, deletes: map[string]int{},
	}
	s.gw.heartbeat = 41250 * time.Millisecond
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	s.URL = s.srv.URL
	t.Cleanup(s.Close)
	return s
}

// Close stops the server and drops gateway connections.
func (s *Server) Close() {
	s.DropGateway()
	s.srv.CloseClientConnections()
	s.srv.Close()
}

// Fail queues a fault for the next matching request.
func (s *Server) Fail(f Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = append(s.faults, f)
}

// Forbid makes posts to channel fail with a Discord error code (50001, 50013, 10003).
func (s *Server) Forbid(channel string, code int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.forbidden[channel] = code
}

// notify wakes everything waiting for a change; call with mu held.
func (s *Server) notify() {
	close(s.changed)
	s.changed = make(chan struct{})
}

// Wait blocks until cond holds, re-checking after every change the fake sees; it fails the
// test after 15 seconds.
func (s *Server) Wait(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.NewTimer(15 * time.Second)
	defer deadline.Stop()
	for {
		s.mu.Lock()
		ch := s.changed
		s.mu.Unlock()
		if cond() {
			return
		}
		select {
		case <-ch:
		case <-deadline.C:
			t.Fatalf("discordtest: timed out waiting for %s", what)
		}
	}
}

func (s *Server) id() string {
	s.nextID++
	return strconv.FormatInt(s.nextID, 10)
}

var apiPrefix = regexp.MustCompile(`^/api/v[0-9]+`)

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	if strings.HasPrefix(r.URL.Path, "/gateway") {
		s.serveGateway(w, r)
		return
	}
	path := apiPrefix.ReplaceAllString(r.URL.Path, "")
	body, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	if err != nil {
		writeError(w, 400, 0, "unreadable body")
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	defer s.notify()
	for i, f := range s.faults {
		if f.Method == r.Method && strings.Contains(path, f.Path) {
			s.faults = append(s.faults[:i], s.faults[i+1:]...)
			if f.HangUp {
				if conn, _, err := http.NewResponseController(w).Hijack(); err == nil {
					conn.Close()
				}
				return
			}
			for k, v := range f.Header {
				w.Header()[k] = v
			}
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(f.Status)
			io.WriteString(w, f.Body)
			return
		}
	}
	parts := strings.Split(strings.Trim(path, "/"), "/")
	switch {
	case len(parts) == 4 && parts[0] == "interactions" && parts[3] == "callback" && r.Method == http.MethodPost:
		s.callback(w, parts[1], parts[2], body)
	case len(parts) >= 3 && parts[0] == "webhooks":
		s.webhook(w, r.Method, parts[2:], body)
	case !s.authorized(r):
		s.unauthorized++
		writeError(w, 401, 0, "401: Unauthorized")
	case (path == "/gateway" || path == "/gateway/bot") && r.Method == http.MethodGet:
		writeJSON(w, 200, map[string]any{"url": "ws" + strings.TrimPrefix(s.URL, "http") + "/gateway", "shards": 1,
			"session_start_limit": map[string]int{"total": 1000, "remaining": 999, "reset_after": 0, "max_concurrency": 1}})
	case len(parts) >= 3 && parts[0] == "applications" && parts[len(parts)-1] == "commands" && r.Method == http.MethodPut:
		guild := ""
		if len(parts) == 5 && parts[2] == "guilds" {
			guild = parts[3]
		}
		s.register(w, parts[1], guild, body)
	case len(parts) == 3 && parts[0] == "channels" && parts[2] == "messages" && r.Method == http.MethodPost:
		s.post(w, parts[1], body)
	case len(parts) == 4 && parts[0] == "channels" && parts[2] == "messages" && r.Method == http.MethodPatch:
		s.editMessage(w, parts[1], parts[3], body)
	default:
		writeError(w, 404, 0, "404: Not Found")
	}
}

func (s *Server) authorized(r *http.Request) bool {
	return r.Header.Get("Authorization") == "Bot "+s.Token
}

func (s *Server) register(w http.ResponseWriter, app, guild string, body []byte) {
	if app != s.AppID {
		writeError(w, 403, 50001, "Missing Access")
		return
	}
	var cmds []Command
	if err := json.Unmarshal(body, &cmds); err != nil {
		writeError(w, 400, 50035, "Invalid Form Body")
		return
	}
	if problem := validateCommands(cmds); problem != "" {
		writeError(w, 400, 50035, "Invalid Form Body: "+problem)
		return
	}
	s.registrations = append(s.registrations, Registration{GuildID: guild, Commands: cmds})
	out := make([]map[string]any, len(cmds))
	for i, c := range cmds {
		out[i] = map[string]any{"id": s.id(), "application_id": app, "name": c.Name, "description": c.Description, "type": 1}
	}
	writeJSON(w, 200, out)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

func writeError(w http.ResponseWriter, status, code int, msg string) {
	writeJSON(w, status, map[string]any{"code": code, "message": msg})
}
