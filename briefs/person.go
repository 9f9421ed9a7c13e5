package briefs

import "time"

// Mention is one person named in a briefing, as the extractor found them.
type Mention struct {
	Name     string // the fullest form of the name in this briefing, as written ("Pete Hegseth")
	Key      string // PersonKey(Name): folded, nickname-normalised; equal keys are the same person
	Surname  string // folded surname key ("hegseth", "von der leyen"), for cross-briefing resolution
	Partial  bool   // only a surname was written in this briefing (to resolve against known people)
	Role     string // the role the text gives ("U.S. Defense Secretary"), "" when none
	Sentence string // the sentence of the first mention, for context
	Count    int    // how many times the person is mentioned in the briefing
}

// Person is someone the people index knows.
type Person struct {
	ID        int64
	Name      string // display name, the fullest form seen
	Key       string
	Surname   string
	Role      string    // the current role: from the latest dated briefing that gives one
	Briefings int       // how many briefings mention them
	LastSeen  time.Time // date of the latest briefing mentioning them
}

// RoleSpell is a role held at a time, as given by one briefing.
type RoleSpell struct {
	Role       string
	Since      time.Time // date of the first briefing that gave this role
	Until      time.Time // date of the last briefing that gave it
	BriefingID int64
}

// Appearance is one briefing that mentions a person, with the sentence that does.
type Appearance struct {
	Briefing Briefing
	Role     string
	Sentence string
}

// Profile is what /who shows about a person.
type Profile struct {
	Person Person
	Roles  []RoleSpell  // newest first; the first is the current role
	Recent []Appearance // newest first
}
