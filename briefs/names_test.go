package briefs

import (
	"strings"
	"testing"
)

func TestFoldName(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"polish l with stroke", "Radosław Sikorski", "radoslaw sikorski"},
		{"spanish accents", "José Raúl Mulino", "jose raul mulino"},
		{"latvian caron", "Baiba Braže", "baiba braze"},
		{"danish o slash", "Lars Løkke Rasmussen", "lars lokke rasmussen"},
		{"croatian d stroke", "Đuro Đaković", "duro dakovic"},
		{"german sharp s", "Strauß", "strauss"},
		{"ae ligature", "Ægir", "aegir"},
		{"turkish", "Recep Tayyip Erdoğan", "recep tayyip erdogan"},
		{"vietnamese extended", "Tô Lâm Nguyễn", "to lam nguyen"},
		{"curly apostrophe", "Poland’s", "poland's"},
		{"curly quotes", "“Bibi”", `"bibi"`},
		{"hyphen kept", "Ahmed al-Sharaa", "ahmed al-sharaa"},
		{"non-breaking hyphen", "Lai Ching\u2011te", "lai ching-te"},
		{"spaces collapsed and trimmed", "  Ursula \t von\u00a0der   Leyen \n", "ursula von der leyen"},
		{"control characters dropped", "Pe\x00te\x07 Heg\u200bseth", "pete hegseth"},
		{"combining marks", "Jose\u0301", "jose"},
		{"already folded", "mark rutte", "mark rutte"},
		{"empty", "", ""},
		{"only space", " \t\n ", ""},
		{"cyrillic is lowered, not transliterated", "Путин", "путин"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := FoldName(tt.in); got != tt.want {
				t.Errorf("FoldName(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestFoldNameIdempotent(t *testing.T) {
	for _, in := range []string{"Radosław Sikorski", " A  b ", "Ægir Strauß", "x\u2019s", "Ça\u0327"} {
		once := FoldName(in)
		if twice := FoldName(once); twice != once {
			t.Errorf("FoldName not idempotent on %q: %q then %q", in, once, twice)
		}
	}
}

func TestPersonKey(t *testing.T) {
	tests := []struct {
		name, a, b string // a and b must share a key
	}{
		{"mike michael", "Mike Waltz", "Michael Waltz"},
		{"bill william", "Bill Burns", "William Burns"},
		{"joe joseph", "Joe Biden", "Joseph Biden"},
		{"bob robert", "Bob Menendez", "Robert Menendez"},
		{"jim james", "Jim Mattis", "James Mattis"},
		{"tony anthony", "Tony Blinken", "Antony Blinken"},
		{"dick richard", "Dick Cheney", "Richard Cheney"},
		{"alex alexander", "Alex Stubb", "Alexander Stubb"},
		{"transliteration dmitri", "Dmitri Peskov", "Dmitry Peskov"},
		{"surname transliteration", "Volodymyr Zelensky", "Volodymyr Zelenskyy"},
		{"middle initial dropped", "Donald J. Trump", "Donald Trump"},
		{"diacritics", "Radoslaw Sikorski", "Radosław Sikorski"},
		{"possessive", "Mark Rutte’s", "Mark Rutte"},
		{"dotted initials", "J.D. Vance", "JD Vance"},
		{"case and spacing", "  URSULA von der  LEYEN", "Ursula von der Leyen"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ka, kb := PersonKey(tt.a), PersonKey(tt.b)
			if ka != kb || ka == "" {
				t.Errorf("PersonKey(%q) = %q, PersonKey(%q) = %q; want equal, non-empty", tt.a, ka, tt.b, kb)
			}
		})
	}
	distinct := [][2]string{
		{"Donald Trump", "Donald Trump Jr."},
		{"Michael Waltz", "Michael Walz"},
		{"Joe Biden", "Hunter Biden"},
		{"Kim Jong Un", "Kim Yo Jong"},
	}
	for _, d := range distinct {
		if PersonKey(d[0]) == PersonKey(d[1]) {
			t.Errorf("PersonKey(%q) == PersonKey(%q) = %q; want different people", d[0], d[1], PersonKey(d[0]))
		}
	}
	if got := PersonKey("Mike Waltz"); got != "michael waltz" {
		t.Errorf("PersonKey(Mike Waltz) = %q, want %q", got, "michael waltz")
	}
	if got := PersonKey(""); got != "" {
		t.Errorf("PersonKey(\"\") = %q, want empty", got)
	}
}

func TestSurnameKey(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"Ursula von der Leyen", "von der leyen"},
		{"Ahmed al-Sharaa", "al-sharaa"},
		{"Abdel Fattah el-Sisi", "el-sisi"},
		{"Mohammed bin Salman", "bin salman"},
		{"Chris Van Hollen", "van hollen"},
		{"Von der Leyen’s", "von der leyen"},
		{"Le Pen", "le pen"},
		{"Radosław Sikorski", "sikorski"},
		{"José Raúl Mulino", "mulino"},
		{"Martin Luther King Jr.", "king"},
		{"Volodymyr Zelensky", "zelenskyy"},
		{"Zelenskyy’s", "zelenskyy"},
		{"Rutte", "rutte"},
		{"Lai Ching-te", "lai"},
		{"Xi Jinping", "xi"},
		{"Kim Jong Un", "kim"},
		{"Lee Jae-myung", "lee"},
		{"Kim Darroch", "darroch"},
		{"Mao Ning", "mao"},
		{"Guo Jiakun", "guo"},
		{"Chung Dong-young", "chung"},
		{"Lin Anderson", "anderson"},
		{"Song Anderson", "anderson"},
		{"Lee Anderson", "anderson"},
		{"Donald J. Trump", "trump"},
		{"", ""},
		{"  ", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := SurnameKey(tt.in); got != tt.want {
				t.Errorf("SurnameKey(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestKeysOnHugeInput(t *testing.T) {
	huge := strings.Repeat("Ł", 1<<16) + " " + strings.Repeat("x", 1<<16)
	if got := FoldName(huge); len(got) != 2<<16+1 {
		t.Errorf("FoldName of huge input has length %d, want %d", len(got), 2<<16+1)
	}
	if got := SurnameKey(huge); got != strings.Repeat("x", 1<<16) {
		t.Errorf("SurnameKey of huge input: got %d bytes", len(got))
	}
}
