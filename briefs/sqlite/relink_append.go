package sqlite

import (
	"context"
	"database/sql"

	"github.com/briefbot/briefbot/briefs"
)

// chainCache remembers, after a Relink, what appendToChain needs to know about the chained
// briefings to prove that new briefings only extend the chain's end. It assumes this Store is the
// only writer of briefings, and is checked against the database before each use.
type chainCache struct {
	n      int              // briefings chained, seq 1..n
	tail   briefs.ChainNode // the briefing at seq n
	keys   map[string]int   // "t:" title keys and "u:" URL keys of chained briefings, counted
	linked map[string]bool  // "t:"/"u:" keys that chained briefings other than tail link to
}

func newChainCache() *chainCache {
	return &chainCache{keys: map[string]int{}, linked: map[string]bool{}}
}

func nodeKeys(n briefs.ChainNode) []string {
	keys := []string{"t:" + n.TitleKey}
	if u := briefs.LinkURLKey(n.URL); u != "" {
		keys = append(keys, "u:"+u)
	}
	return keys
}

func linkKeys(l briefs.Link) []string {
	var keys []string
	if l.Title != "" {
		keys = append(keys, "t:"+briefs.TitleKey(l.Title))
	}
	if u := briefs.LinkURLKey(l.URL); u != "" {
		keys = append(keys, "u:"+u)
	}
	return keys
}

func (c *chainCache) addNode(n briefs.ChainNode) {
	for _, k := range nodeKeys(n) {
		c.keys[k]++
	}
}

func (c *chainCache) addLinks(n briefs.ChainNode) {
	for _, k := range append(linkKeys(n.Prev), linkKeys(n.Next)...) {
		c.linked[k] = true
	}
}

// buildChainCache describes the chain OrderChain gave for nodes.
func buildChainCache(nodes []briefs.ChainNode, order []int64) *chainCache {
	c := newChainCache()
	if len(order) == 0 {
		return c
	}
	c.n = len(order)
	tailID := order[len(order)-1]
	for _, n := range nodes {
		c.addNode(n)
		if n.ID == tailID {
			c.tail = n
		} else {
			c.addLinks(n)
		}
	}
	return c
}

// appendToChain chains the unchained briefings after the tail without a full OrderChain when
// that provably gives the same order: they link only to each other and to the tail, no chained
// briefing but the tail links to them, their titles and URLs are new, and with the tail they form
// one run without conflicts. It reports false, changing nothing, when it cannot prove that.
func (s *Store) appendToChain(ctx context.Context, tx *sql.Tx, c *chainCache) (bool, error) {
	if c == nil || c.n == 0 {
		return false, nil
	}
	var maxSeq int
	var tailID int64
	if err := s.queryRow(ctx, tx, `SELECT coalesce(max(seq), 0) FROM briefings`).Scan(&maxSeq); err != nil {
		return false, err
	}
	err := s.queryRow(ctx, tx, `SELECT id FROM briefings WHERE seq = ?`, c.n).Scan(&tailID)
	if isNoRows(err) || maxSeq != c.n || tailID != c.tail.ID {
		return false, nil // someone else changed the chain
	}
	if err != nil {
		return false, err
	}
	news, _, err := s.chainNodes(ctx, tx, `WHERE seq = 0`)
	if err != nil || len(news) == 0 {
		return len(news) == 0 && err == nil, err
	}
	tailKeys := map[string]bool{}
	for _, k := range nodeKeys(c.tail) {
		tailKeys[k] = c.keys[k] == 1 // a title or URL the tail shares cannot be proved to mean it
	}
	for _, n := range news {
		for _, k := range nodeKeys(n) {
			if c.keys[k] > 0 || c.linked[k] {
				return false, nil
			}
		}
		for _, k := range append(linkKeys(n.Prev), linkKeys(n.Next)...) {
			if c.keys[k] > 0 && !tailKeys[k] {
				return false, nil
			}
		}
	}
	runs, warnings := briefs.ChainRuns(append([]briefs.ChainNode{c.tail}, news...))
	if len(warnings) > 0 || len(runs) != 1 || runs[0][0] != c.tail.ID {
		return false, nil
	}
	byID := make(map[int64]briefs.ChainNode, len(news))
	for _, n := range news {
		byID[n.ID] = n
	}
	c.addLinks(c.tail)
	for i, id := range runs[0][1:] {
		if _, err := s.exec(ctx, tx, `UPDATE briefings SET seq = ? WHERE id = ?`, c.n+1+i, id); err != nil {
			return false, err
		}
		n := byID[id]
		c.addNode(n)
		if i < len(news)-1 {
			c.addLinks(n)
		}
		c.tail = n
	}
	c.n += len(news)
	return true, nil
}
