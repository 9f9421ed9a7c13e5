// Package htmltext turns the HTML of a briefing — a feed item's content or a web page — into
// briefbot's plain-text sections (Executive Summary, Analysis, Sources) and its Previous/Next
// links. Scripts, styles, navigation and markup never reach the output: only decoded text does.
package htmltext

import (
	"strings"
	"unicode"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// skipped are elements whose content is never briefing text.
var skipped = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Template: true, atom.Iframe: true,
	atom.Svg: true, atom.Math: true, atom.Object: true, atom.Embed: true, atom.Canvas: true,
	atom.Nav: true, atom.Header: true, atom.Footer: true, atom.Aside: true, atom.Form: true,
	atom.Button: true, atom.Select: true, atom.Textarea: true, atom.Input: true, atom.Head: true,
	atom.Title: true, atom.Audio: true, atom.Video: true, atom.Picture: true, atom.Img: true,
}

// blocks are elements that end one paragraph and start another.
var blocks = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.Section: true, atom.Article: true, atom.Main: true,
	atom.Li: true, atom.Ul: true, atom.Ol: true, atom.Dl: true, atom.Dt: true, atom.Dd: true,
	atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true,
	atom.Blockquote: true, atom.Pre: true, atom.Table: true, atom.Tr: true, atom.Td: true, atom.Th: true,
	atom.Figure: true, atom.Figcaption: true, atom.Hr: true, atom.Address: true, atom.Details: true,
	atom.Summary: true, atom.Body: true, atom.Html: true, atom.Center: true,
}

// isSkipped reports whether n and everything in it are left out of the text: invisible or
// navigational elements, and pagination blocks whose words would read as briefing text.
func isSkipped(n *html.Node) bool {
	if n.Type == html.CommentNode || n.Type == html.DoctypeNode {
		return true
	}
	if n.Type != html.ElementNode {
		return false
	}
	if skipped[n.DataAtom] {
		return true
	}
	if hasAttr(n, "hidden") || strings.EqualFold(attr(n, "aria-hidden"), "true") {
		return true
	}
	return strings.Contains(strings.ToLower(attr(n, "class")), "pagination")
}

// Text returns the plain text of n: entities decoded, scripts and styles left out, whitespace
// collapsed to single spaces.
func Text(n *html.Node) string {
	var sb strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && (n.DataAtom == atom.Script || n.DataAtom == atom.Style ||
			n.DataAtom == atom.Noscript || n.DataAtom == atom.Template || n.DataAtom == atom.Svg) {
			return
		}
		if n.Type == html.TextNode {
			sb.WriteString(n.Data)
		}
		if n.Type == html.ElementNode && (blocks[n.DataAtom] || n.DataAtom == atom.Br) {
			sb.WriteByte(' ')
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
		if n.Type == html.ElementNode && blocks[n.DataAtom] {
			sb.WriteByte(' ')
		}
	}
	walk(n)
	return Normalize(sb.String())
}

// Plain returns the plain text of an HTML fragment such as a feed item's title.
func Plain(fragment string) string {
	if !strings.ContainsAny(fragment, "<&") {
		return Normalize(fragment)
	}
	nodes, err := html.ParseFragment(strings.NewReader(fragment), &html.Node{Type: html.ElementNode, Data: "div", DataAtom: atom.Div})
	if err != nil {
		return Normalize(fragment)
	}
	var parts []string
	for _, n := range nodes {
		parts = append(parts, Text(n))
	}
	return Normalize(strings.Join(parts, " "))
}

// Normalize collapses runs of whitespace (including no-break spaces) to one space, drops
// control and zero-width characters, and trims the ends.
func Normalize(s string) string {
	var sb strings.Builder
	space := false
	for _, r := range s {
		switch {
		case unicode.IsSpace(r):
			space = true
			continue
		case r == '\u200b' || r == '\u200c' || r == '\u200d' || r == '\ufeff' || r == '\u00ad',
			unicode.IsControl(r):
			continue
		}
		if space && sb.Len() > 0 {
			sb.WriteByte(' ')
		}
		space = false
		sb.WriteRune(r)
	}
	return sb.String()
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Namespace == "" && strings.EqualFold(a.Key, key) {
			return a.Val
		}
	}
	return ""
}

func hasAttr(n *html.Node, key string) bool {
	for _, a := range n.Attr {
		if a.Namespace == "" && strings.EqualFold(a.Key, key) {
			return true
		}
	}
	return false
}
