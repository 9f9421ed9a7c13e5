package htmltext

import (
	"net/url"
	"strings"
	"unicode"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/briefbot/briefbot/briefs"
)

// How sure a Previous/Next candidate is: a rel attribute beats a class or label, which beats
// the anchor's words.
const (
	byText = iota + 1
	byLabel
	byRel
)

type candidate struct {
	link  briefs.Link
	score int
}

// Links finds the Previous and Next links of a briefing page: <link> and <a> elements whose
// rel says prev/next, anchors whose class, id, aria-label or title says so, and anchors whose
// text opens with "Previous" or "Next" outside running text (as in the footer "Previous /
// Previous / <title>" of Squarespace-like blogs). URLs are resolved against base; links to
// other schemes than http(s) or back to base itself are ignored. Titles are the anchor text
// without the direction words.
func Links(root *html.Node, base *url.URL) (prev, next briefs.Link) {
	self := ""
	if base != nil {
		b := *base
		b.Fragment = ""
		self = b.String()
	}
	var best [2]candidate              // 0: previous, 1: next
	anchorTitle := map[string]string{} // URL → text of the first anchor to it
	var walk func(n *html.Node, inText bool)
	walk = func(n *html.Node, inText bool) {
		if n.Type == html.ElementNode {
			switch n.DataAtom {
			case atom.Script, atom.Style, atom.Template, atom.Noscript:
				return
			case atom.P, atom.Li, atom.Blockquote, atom.Td:
				inText = true
			case atom.A, atom.Link:
				if u := resolve(base, attr(n, "href")); u != "" && n.DataAtom == atom.A && anchorTitle[u] == "" {
					anchorTitle[u] = stripDirectionWords(Text(n))
				}
				if c, dir, ok := classify(n, base, inText); ok && c.link.URL != self {
					if c.score > best[dir].score {
						best[dir] = c
					}
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, inText)
		}
	}
	walk(root, false)
	for dir := range best {
		if best[dir].score == 0 || best[dir].link.Title != "" {
			continue
		}
		// A <link rel=prev> has no text: borrow the text of an anchor to the same page.
		best[dir].link.Title = anchorTitle[best[dir].link.URL]
	}
	return best[0].link, best[1].link
}

// classify says whether n links to the previous (0) or next (1) briefing, and how surely.
func classify(n *html.Node, base *url.URL, inText bool) (candidate, int, bool) {
	u := resolve(base, attr(n, "href"))
	if u == "" {
		return candidate{}, 0, false
	}
	text := ""
	if n.DataAtom == atom.A {
		text = Text(n)
	}
	dir, score := -1, 0
	if d, ok := direction(attr(n, "rel")); ok {
		dir, score = d, byRel
	} else if d, ok := direction(attr(n, "class") + " " + attr(n, "id") + " " + attr(n, "aria-label") + " " + attr(n, "title")); ok && n.DataAtom == atom.A {
		dir, score = d, byLabel
	} else if d, ok := leadingDirection(text); ok && n.DataAtom == atom.A && (!inText || isDirectionWord(letters(text))) {
		dir, score = d, byText
	}
	if dir < 0 {
		return candidate{}, 0, false
	}
	title := stripDirectionWords(text)
	if title == "" && n.DataAtom == atom.A {
		title = stripDirectionWords(Normalize(attr(n, "title")))
	}
	return candidate{link: briefs.Link{Title: title, URL: u}, score: score}, dir, true
}

// direction finds prev/previous or next among the words of s (class names such as
// "item-pagination-link--prev" count).
func direction(s string) (int, bool) {
	for _, w := range strings.Fields(letters(s)) {
		switch w {
		case "prev", "previous":
			return 0, true
		case "next":
			return 1, true
		}
	}
	return 0, false
}

// leadingDirection reports the direction named by the first word of an anchor's text.
func leadingDirection(text string) (int, bool) {
	f := strings.Fields(letters(text))
	if len(f) == 0 {
		return 0, false
	}
	return directionRun(f[0])
}

// directionRun reports whether word is made only of direction words — "previous",
// "PreviousPrevious" (two labels run together in markup), "next" — and which direction.
func directionRun(word string) (int, bool) {
	w := strings.ToLower(word)
	dir := -1
	for w != "" {
		var d int
		switch {
		case strings.HasPrefix(w, "previous"):
			d, w = 0, w[len("previous"):]
		case strings.HasPrefix(w, "prev"):
			d, w = 0, w[len("prev"):]
		case strings.HasPrefix(w, "next"):
			d, w = 1, w[len("next"):]
		default:
			return 0, false
		}
		if dir >= 0 && d != dir {
			return 0, false
		}
		dir = d
	}
	return dir, dir >= 0
}

func isDirectionWord(s string) bool {
	switch s {
	case "prev", "previous", "next", "previous post", "next post", "previous article", "next article":
		return true
	}
	return false
}

// stripDirectionWords removes the leading direction words, arrows and a following "Post" or
// "Article" from an anchor's text, and trailing arrows:
// "Previous Previous U.S. and Chinese Warships" → "U.S. and Chinese Warships".
func stripDirectionWords(text string) string {
	words := strings.Fields(text)
	for len(words) > 0 && isPunct(words[0]) {
		words = words[1:]
	}
	dir, ok := leadingDirection(text)
	if ok {
		for len(words) > 0 {
			if d, isDir := leadingDirection(words[0]); (isDir && d == dir) || isPunct(words[0]) {
				words = words[1:]
				continue
			}
			break
		}
		if len(words) > 0 && (letters(words[0]) == "post" || letters(words[0]) == "article") {
			words = words[1:]
		}
	}
	for len(words) > 0 && isPunct(words[len(words)-1]) {
		words = words[:len(words)-1]
	}
	return strings.Join(words, " ")
}

// isPunct reports whether w holds no letter or digit: an arrow, a bar, a dash.
func isPunct(w string) bool {
	return !strings.ContainsFunc(w, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) })
}
