package bot

// CommandSpec describes one command for platforms that publish a command list
// (Telegram's setMyCommands, Discord's slash commands).
type CommandSpec struct {
	Name        string    // without the slash: "who"
	Description string    // one line, at most 100 characters
	Args        []ArgSpec // typed options, in order
}

// ArgSpec is one option of a command.
type ArgSpec struct {
	Name         string // "name"
	Description  string
	Required     bool
	Autocomplete bool // Discord may autocomplete it (from the people index for /who)
}
