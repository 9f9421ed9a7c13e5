package console

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/briefs"
)

// Handler answers one request; *bot.Router is one.
type Handler interface {
	Handle(ctx context.Context, req bot.Request) bot.Reply
}

// maxLine bounds one typed line; the router refuses long arguments anyway.
const maxLine = 64 << 10

// Run chats on in and out until in ends, the user types /quit, or ctx is cancelled. A line
// without a leading slash is taken as a command ("who rubio"); a number presses that button
// of the last reply.
func Run(ctx context.Context, in io.Reader, out io.Writer, h Handler, chat briefs.ChatRef) error {
	lines := make(chan string)
	readErr := make(chan error, 1)
	done := make(chan struct{})
	defer close(done)
	// The reader cannot be interrupted; it ends with the input (or the process).
	go func() {
		sc := bufio.NewScanner(in)
		sc.Buffer(make([]byte, 0, 4096), maxLine)
		for sc.Scan() {
			select {
			case lines <- sc.Text():
			case <-ctx.Done():
				return
			case <-done:
				return
			}
		}
		readErr <- sc.Err()
	}()
	fmt.Fprintln(out, "briefbot console — /help lists the commands, /quit leaves.")
	var last []bot.Button
	for {
		fmt.Fprint(out, "> ")
		var line string
		select {
		case <-ctx.Done():
			fmt.Fprintln(out)
			return nil
		case err := <-readErr:
			fmt.Fprintln(out)
			if errors.Is(err, bufio.ErrTooLong) {
				return fmt.Errorf("console: a line is longer than %d bytes", maxLine)
			}
			return err
		case line = <-lines:
		}
		line = strings.TrimSpace(line)
		switch strings.ToLower(line) {
		case "":
			continue
		case "/quit", "quit", "/exit", "exit", "/q":
			return nil
		}
		req := bot.Request{Chat: chat, User: chat.ID, Text: line, CanManage: true}
		if n, err := strconv.Atoi(line); err == nil {
			if n < 1 || n > len(last) {
				fmt.Fprintln(out, "There is no button", n, "on the last reply.")
				continue
			}
			req.Text, req.Press = last[n-1].Data, true
		} else if !strings.HasPrefix(line, "/") {
			req.Text = "/" + line
		}
		rep := h.Handle(ctx, req)
		if rep.Silent {
			continue
		}
		last = rep.Buttons
		fmt.Fprint(out, Render(rep))
	}
}
