package htmltext

import (
	"net/url"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// segment is a run of text inside one block, with the link and emphasis it sits in.
type segment struct {
	text string
	href string
	bold bool
}

// block is one paragraph-like piece of the document: its segments in order.
type block []segment

// collectBlocks flattens the document into blocks: each block element ends the text before it
// and starts new text; inline elements and text join the current block.
func collectBlocks(root *html.Node) []block {
	var (
		out []block
		cur block
	)
	flush := func() {
		if len(cur) > 0 {
			out = append(out, cur)
			cur = nil
		}
	}
	var walk func(n *html.Node, href string, bold bool)
	walk = func(n *html.Node, href string, bold bool) {
		if isSkipped(n) {
			return
		}
		switch n.Type {
		case html.TextNode:
			cur = append(cur, segment{text: n.Data, href: href, bold: bold})
			return
		case html.ElementNode:
			switch n.DataAtom {
			case atom.Br:
				cur = append(cur, segment{text: "\n"})
				return
			case atom.A:
				href = attr(n, "href")
			case atom.B, atom.Strong:
				bold = true
			}
		}
		isBlock := n.Type == html.ElementNode && blocks[n.DataAtom]
		if isBlock {
			flush()
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, href, bold)
		}
		if isBlock {
			flush()
		}
	}
	walk(root, "", false)
	flush()
	return out
}

// render gives the block's text. With keepLinks, each link is followed by its URL in
// parentheses, or replaced by it when the link's text is the URL.
func (b block) render(keepLinks bool, base *url.URL) string {
	var sb strings.Builder
	for i := 0; i < len(b); {
		seg := b[i]
		if !keepLinks || seg.href == "" {
			sb.WriteString(seg.text)
			i++
			continue
		}
		// Gather the whole link: consecutive segments with the same href.
		var lt strings.Builder
		j := i
		for ; j < len(b) && b[j].href == seg.href; j++ {
			lt.WriteString(b[j].text)
		}
		i = j
		text := Normalize(lt.String())
		u := resolve(base, seg.href)
		switch {
		case u == "":
			sb.WriteString(lt.String())
		case text == "" || text == u || text == seg.href:
			sb.WriteString(" " + u + " ")
		default:
			sb.WriteString(" " + text + " (" + u + ") ")
		}
	}
	var lines []string
	for _, line := range strings.Split(sb.String(), "\n") {
		if line = Normalize(line); line != "" {
			lines = append(lines, line)
		}
	}
	return strings.Join(lines, "\n")
}

// boldLead splits a block that opens with bold text into that text and the rest.
func (b block) boldLead() (string, block, bool) {
	var sb strings.Builder
	i := 0
	for ; i < len(b); i++ {
		if b[i].bold {
			sb.WriteString(b[i].text)
			continue
		}
		if strings.TrimSpace(b[i].text) == "" && sb.Len() == 0 {
			continue
		}
		break
	}
	if sb.Len() == 0 || i == len(b) {
		return "", nil, false
	}
	return sb.String(), b[i:], true
}

// resolve makes href absolute against base and returns it if it is an http(s) URL, else "".
func resolve(base *url.URL, href string) string {
	href = strings.TrimSpace(href)
	if href == "" || strings.HasPrefix(href, "#") {
		return ""
	}
	u, err := url.Parse(href)
	if err != nil {
		return ""
	}
	if base != nil {
		u = base.ResolveReference(u)
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return ""
	}
	u.Fragment = ""
	return u.String()
}
