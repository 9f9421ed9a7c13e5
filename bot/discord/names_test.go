package discord

import (
	"context"
	"errors"
	"reflect"
	"testing"
)

type fakeNames struct {
	names []string
	err   error
}

func (f fakeNames) PeopleNames(context.Context) ([]string, error) { return f.names, f.err }

func TestNameSuggester(t *testing.T) {
	st := fakeNames{names: []string{"Marco Rubio", "Ruben Vardanyan", "Ursula von der Leyen", "Radosław Sikorski", "Ahmed al-Sharaa"}}
	suggest := NameSuggester(st, nil)
	tests := []struct {
		prefix string
		want   []string
	}{
		{"ru", []string{"Ruben Vardanyan", "Marco Rubio"}},
		{"RADOS", []string{"Radosław Sikorski"}},
		{"radosl", []string{"Radosław Sikorski"}},
		{"leyen", []string{"Ursula von der Leyen"}},
		{"sharaa", []string{"Ahmed al-Sharaa"}},
		{"zz", nil},
	}
	for _, tt := range tests {
		if got := suggest(context.Background(), tt.prefix); !reflect.DeepEqual(got, tt.want) && !(len(got) == 0 && len(tt.want) == 0) {
			t.Errorf("suggest(%q) = %q, want %q", tt.prefix, got, tt.want)
		}
	}
	if got := suggest(context.Background(), ""); len(got) != len(st.names) {
		t.Errorf("empty prefix suggests %d names, want all %d", len(got), len(st.names))
	}
	if got := NameSuggester(fakeNames{err: errors.New("db down")}, nil)(context.Background(), "a"); got != nil {
		t.Errorf("on error: %q", got)
	}
}
