package briefs

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// TitleKey returns the form of a title used to match Previous/Next links to briefings: FoldName
// (lower-case, accents removed, curly quotes and dashes straightened), apostrophes and dots dropped
// ("Trump’s" → "trumps", "U.S." → "us"), every other run of punctuation or space one space.
func TitleKey(title string) string {
	f := title
	for i := 0; i < len(title); i++ {
		if title[i] >= utf8.RuneSelf {
			f = FoldName(title) // ASCII needs no folding beyond the loop below
			break
		}
	}
	b := make([]byte, 0, len(f))
	pending := false
	for _, r := range f {
		switch {
		case r == '\'' || r == '.':
			continue
		case r < utf8.RuneSelf && ('a' <= r && r <= 'z' || '0' <= r && r <= '9'):
		case r < utf8.RuneSelf && 'A' <= r && r <= 'Z':
			r += 'a' - 'A'
		case r >= utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)):
		default:
			pending = true
			continue
		}
		if pending && len(b) > 0 {
			b = append(b, ' ')
		}
		pending = false
		b = utf8.AppendRune(b, r)
	}
	return string(b)
}

// LinkURLKey is the form of a URL used to match links: scheme, "www.", fragment and trailing
// slash do not distinguish briefings. "" for an empty URL.
func LinkURLKey(u string) string {
	u = strings.TrimSpace(u)
	if i := strings.IndexByte(u, '#'); i >= 0 {
		u = u[:i]
	}
	low := strings.ToLower(u)
	for _, p := range []string{"https://", "http://"} {
		if strings.HasPrefix(low, p) {
			u, low = u[len(p):], low[len(p):]
			break
		}
	}
	if strings.HasPrefix(low, "www.") {
		u, low = u[4:], low[4:]
	}
	// the host is case-insensitive, the path is not
	if i := strings.IndexByte(u, '/'); i >= 0 {
		u = low[:i] + u[i:]
	} else {
		u = low
	}
	return strings.TrimRight(u, "/")
}

// ChainNode is what OrderChain needs to know about one briefing.
type ChainNode struct {
	ID        int64
	Title     string // for warnings
	TitleKey  string // TitleKey(Title); computed when empty
	URL       string
	Prev      Link
	Next      Link
	Published time.Time
}

// chainEdge says that briefing a is followed by briefing b (indexes into the ranked nodes).
type chainEdge struct {
	a, b            int
	fromNext        bool // a's Next link names b
	fromPrev        bool // b's Prev link names a
	forward, mutual bool
	gap             int
}

// OrderChain returns node IDs in chain order, oldest first, and warnings about links it ignored.
//
// Links are matched by URL when the link and the briefing both know one, else by TitleKey (among
// equal titles, the nearest in date on the link's side). Links to briefings not among nodes are
// simply unresolved. Links both sides agree on are taken first, then links that point forward in
// time, then shorter jumps; a link that would give a briefing two successors or two predecessors,
// or close a loop, is ignored with a warning naming the titles. The resulting runs of linked
// briefings are ordered by the date (then ID) of their first briefing. The result depends only on
// the set of nodes, never on their order.
func OrderChain(nodes []ChainNode) (order []int64, warnings []string) {
	runs, warnings := ChainRuns(nodes)
	order = make([]int64, 0, len(nodes))
	for _, r := range runs {
		order = append(order, r...)
	}
	return order, warnings
}

// ChainRuns is OrderChain with the order cut into runs: each run is a sequence of briefings
// joined by accepted links, and runs follow each other by the date (then ID) of their first.
func ChainRuns(nodes []ChainNode) (runs [][]int64, warnings []string) {
	// rank by date, then ID (then title and URL, so the rank never depends on arrival order)
	perm := make([]int, len(nodes))
	for i := range perm {
		perm[i] = i
	}
	slices.SortFunc(perm, func(i, j int) int {
		x, y := &nodes[i], &nodes[j]
		if c := x.Published.Compare(y.Published); c != 0 {
			return c
		}
		if c := cmp.Compare(x.ID, y.ID); c != 0 {
			return c
		}
		if c := strings.Compare(x.Title, y.Title); c != 0 {
			return c
		}
		return strings.Compare(x.URL, y.URL)
	})
	ns := make([]ChainNode, len(nodes))
	for i, p := range perm {
		ns[i] = nodes[p]
	}
	if hasDuplicateIDs(ns) {
		seen := make(map[int64]bool, len(ns))
		kept := ns[:0]
		for _, n := range ns {
			if seen[n.ID] {
				warnings = append(warnings, fmt.Sprintf("briefing %d (%q) appears twice; the later copy was ignored", n.ID, n.Title))
				continue
			}
			seen[n.ID] = true
			kept = append(kept, n)
		}
		ns = kept
	}

	byURL := make(map[string]int, len(ns))
	for i := range ns {
		n := &ns[i]
		if n.TitleKey == "" {
			n.TitleKey = TitleKey(n.Title)
		}
		if u := LinkURLKey(n.URL); u != "" {
			if j, dup := byURL[u]; dup {
				warnings = append(warnings, fmt.Sprintf("%q and %q have the same URL %s; links to it go to %q",
					ns[j].Title, n.Title, n.URL, ns[j].Title))
			} else {
				byURL[u] = i
			}
		}
	}
	// byTitle[key] is the one briefing with that title key (index >= 0), or -(k+1) for dups[k],
	// the several that share it, by rank: most titles are unique, so no slice per title.
	byTitle := make(map[string]int, len(ns))
	var dups [][]int
	for i := range ns {
		k := ns[i].TitleKey
		j, seen := byTitle[k]
		switch {
		case !seen:
			byTitle[k] = i
		case j >= 0:
			byTitle[k] = -(len(dups) + 1)
			dups = append(dups, []int{j, i})
		default:
			dups[-j-1] = append(dups[-j-1], i)
		}
	}
	resolve := func(l Link, from int, forward bool) int {
		u := LinkURLKey(l.URL)
		if u != "" {
			if j, ok := byURL[u]; ok && j != from {
				return j
			}
		}
		if l.Title == "" {
			return -1
		}
		j, found := byTitle[TitleKey(l.Title)]
		if !found {
			return -1
		}
		one := [1]int{j}
		cands := one[:]
		if j < 0 {
			cands = dups[-j-1]
		}
		ok := func(j int) bool { return j != from && (u == "" || ns[j].URL == "") }
		p, _ := slices.BinarySearch(cands, from) // first candidate ranked after from
		first, second := [2]int{p, len(cands)}, [2]int{p - 1, -1}
		if !forward {
			first, second = second, first
		}
		for _, r := range [][2]int{first, second} {
			step := 1
			if r[1] < r[0] {
				step = -1
			}
			for k := r[0]; k != r[1]; k += step {
				if ok(cands[k]) {
					return cands[k]
				}
			}
		}
		return -1
	}

	list := make([]chainEdge, 0, len(ns)+len(ns)/2)
	for i, n := range ns {
		if !n.Next.IsZero() {
			if j := resolve(n.Next, i, true); j >= 0 {
				list = append(list, chainEdge{a: i, b: j, fromNext: true})
			}
		}
		if !n.Prev.IsZero() {
			if j := resolve(n.Prev, i, false); j >= 0 {
				list = append(list, chainEdge{a: j, b: i, fromPrev: true})
			}
		}
	}
	// merge the two sides of the same link
	slices.SortFunc(list, func(x, y chainEdge) int {
		if c := cmp.Compare(x.a, y.a); c != 0 {
			return c
		}
		return cmp.Compare(x.b, y.b)
	})
	merged := list[:0]
	for _, e := range list {
		if k := len(merged) - 1; k >= 0 && merged[k].a == e.a && merged[k].b == e.b {
			merged[k].fromNext = merged[k].fromNext || e.fromNext
			merged[k].fromPrev = merged[k].fromPrev || e.fromPrev
			continue
		}
		merged = append(merged, e)
	}
	list = merged
	for i := range list {
		e := &list[i]
		e.mutual, e.forward, e.gap = e.fromNext && e.fromPrev, e.a < e.b, max(e.a-e.b, e.b-e.a)
	}
	slices.SortFunc(list, func(x, y chainEdge) int {
		if c := cmpBool(y.mutual, x.mutual); c != 0 {
			return c
		}
		if c := cmpBool(y.forward, x.forward); c != 0 {
			return c
		}
		if c := cmp.Compare(x.gap, y.gap); c != 0 {
			return c
		}
		if c := cmp.Compare(x.a, y.a); c != 0 {
			return c
		}
		return cmp.Compare(x.b, y.b)
	})

	succ, pred, root := make([]int, len(ns)), make([]int, len(ns)), make([]int, len(ns))
	for i := range ns {
		succ[i], pred[i], root[i] = -1, -1, i
	}
	find := func(i int) int {
		for root[i] != i {
			root[i] = root[root[i]]
			i = root[i]
		}
		return i
	}
	for _, e := range list {
		var why string
		switch {
		case succ[e.a] >= 0:
			why = fmt.Sprintf("but %q already follows %q", ns[succ[e.a]].Title, ns[e.a].Title)
		case pred[e.b] >= 0:
			why = fmt.Sprintf("but %q already precedes %q", ns[pred[e.b]].Title, ns[e.b].Title)
		case find(e.a) == find(e.b):
			why = "which would close a loop"
		default:
			succ[e.a], pred[e.b] = e.b, e.a
			root[find(e.b)] = find(e.a)
			continue
		}
		warnings = append(warnings, fmt.Sprintf("chain conflict: %s, %s; that link was ignored", describeEdge(ns, &e), why))
	}

	for i := range ns { // heads in date order; every node lies on exactly one run
		if pred[i] >= 0 {
			continue
		}
		var run []int64
		for j := i; j >= 0; j = succ[j] {
			run = append(run, ns[j].ID)
		}
		runs = append(runs, run)
	}
	return runs, warnings
}

func hasDuplicateIDs(ns []ChainNode) bool {
	ids := make([]int64, len(ns))
	for i := range ns {
		ids[i] = ns[i].ID
	}
	slices.Sort(ids)
	for i := 1; i < len(ids); i++ {
		if ids[i] == ids[i-1] {
			return true
		}
	}
	return false
}

func describeEdge(ns []ChainNode, e *chainEdge) string {
	a, b := ns[e.a].Title, ns[e.b].Title
	switch {
	case e.mutual:
		return fmt.Sprintf("%q names %q as next and %q names %q as previous", a, b, b, a)
	case e.fromNext:
		return fmt.Sprintf("%q names %q as next", a, b)
	}
	return fmt.Sprintf("%q names %q as previous", b, a)
}

func cmpBool(x, y bool) int {
	switch {
	case x == y:
		return 0
	case x:
		return 1
	}
	return -1
}
