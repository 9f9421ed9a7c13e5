// Package bot turns a chat command into a reply without knowing which platform asked.
// Platform adapters (bot/console, bot/telegram, bot/discord) translate in and out of
// Request and Reply; no SDK type crosses into this package.
package bot

import "github.com/briefbot/briefbot/briefs"

// Request is one command typed in a chat, or one button pressed.
type Request struct {
	Chat      briefs.ChatRef
	User      string // platform user id, for logs
	Text      string // the raw text: "/who@BriefBot Rubio"; for a button press, the Button.Data
	Press     bool   // Text is a Button.Data payload, not typed text
	BotName   string // this bot's username, so "/cmd@OtherBot" is ignored
	CanManage bool   // the platform says this user may change the chat's subscriptions
}

// Reply is the platform-neutral answer; each adapter renders it (HTML, embeds, plain text).
type Reply struct {
	Title    string   // a heading: a briefing title, "Marco Rubio"
	URL      string   // where Title links to, if anywhere
	Subtitle string   // a short line under the title: a date, a role
	Blocks   []Block  // the body, in order
	Buttons  []Button // inline buttons, e.g. Prev / Next
	Error    bool     // the reply reports a problem (Discord shows it ephemerally)
	Silent   bool     // nothing to say (a command for another bot): send nothing
}

// Block is one paragraph or list item of a reply. Text is plain text: adapters escape it.
type Block struct {
	Heading string // optional bold lead-in: "Executive Summary", "Roles"
	Text    string
	URL     string // optional link for the whole block
}

// Button is an inline button; Data is a short stateless payload (at most 64 bytes) that the
// router understands when pressed, so any replica can answer it.
type Button struct {
	Label string
	Data  string
}
