// Package web reads briefings from web pages: one page at a time, or as a scheduler source that
// walks a chain of briefing pages by their Previous and Next links.
package web

import (
	"bytes"
	"context"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"

	"github.com/briefbot/briefbot/briefs"
	"github.com/briefbot/briefbot/briefs/fetch"
	"github.com/briefbot/briefbot/briefs/htmltext"
)

// ReadPage fetches pageURL and reads it as a briefing page (see ParsePage). The briefing's URL
// is the page's URL after redirects.
func ReadPage(ctx context.Context, f *fetch.Client, pageURL string) (briefs.Briefing, error) {
	resp, err := f.Get(ctx, pageURL, fetch.Validators{})
	if err != nil {
		return briefs.Briefing{}, fmt.Errorf("web: read %s: %w", pageURL, err)
	}
	b, err := ParsePage(resp.Body, resp.URL)
	if err != nil {
		return briefs.Briefing{}, fmt.Errorf("web: read %s: %w", pageURL, err)
	}
	return b, nil
}

// ParsePage reads the HTML of a briefing page: the title (the article's h1, else the page's
// h1, else og:title, else <title>), the Executive Summary, Analysis and Sources sections as
// plain text, the publication date when the page gives one, and the Previous/Next links
// resolved against pageURL. A page without a title or without either section is an error of
// kind briefs.ErrInvalid.
func ParsePage(data []byte, pageURL string) (briefs.Briefing, error) {
	base, err := url.Parse(pageURL)
	if err != nil {
		return briefs.Briefing{}, fmt.Errorf("web: invalid page URL %q: %w", pageURL, err)
	}
	doc, err := goquery.NewDocumentFromReader(bytes.NewReader(data))
	if err != nil {
		return briefs.Briefing{}, briefs.Errorf(briefs.ErrInvalid, "unreadable HTML: %v", err)
	}
	if href, ok := doc.Find("base[href]").First().Attr("href"); ok {
		if u, err := url.Parse(strings.TrimSpace(href)); err == nil {
			base = base.ResolveReference(u)
		}
	}
	b := briefs.Briefing{URL: pageURL, Origin: pageURL, Title: pageTitle(doc), Published: published(doc)}
	if b.Title == "" {
		return briefs.Briefing{}, briefs.Errorf(briefs.ErrInvalid, "no title")
	}
	s := htmltext.Split(contentRoot(doc), base)
	if !s.HasSummary && !s.HasAnalysis {
		return briefs.Briefing{}, briefs.Errorf(briefs.ErrInvalid, "no Executive Summary or Analysis section")
	}
	s.Apply(&b)
	b.Prev, b.Next = htmltext.Links(doc.Get(0), base)
	return b, nil
}

// pageTitle picks the briefing's title; an h1 in a site header or navigation is the site's
// name, not the briefing's.
func pageTitle(doc *goquery.Document) string {
	if h := doc.Find("article h1"); h.Length() > 0 {
		if t := htmltext.Text(h.Get(0)); t != "" {
			return t
		}
	}
	var title string
	doc.Find("h1").EachWithBreak(func(_ int, h *goquery.Selection) bool {
		if h.Closest("nav").Length() > 0 || (h.Closest("header").Length() > 0 && h.Closest("article").Length() == 0) {
			return true
		}
		title = htmltext.Text(h.Get(0))
		return title == ""
	})
	if title != "" {
		return title
	}
	if og, ok := doc.Find(`meta[property="og:title"]`).Attr("content"); ok && htmltext.Normalize(og) != "" {
		return htmltext.Plain(og)
	}
	title = htmltext.Normalize(doc.Find("title").First().Text())
	if site, ok := doc.Find(`meta[property="og:site_name"]`).Attr("content"); ok && site != "" {
		for _, sep := range []string{" | ", " — ", " – ", " - "} {
			title = strings.TrimSuffix(title, sep+htmltext.Normalize(site))
		}
	}
	return title
}

// contentRoot is the part of the page that holds the briefing's text.
func contentRoot(doc *goquery.Document) *html.Node {
	for _, sel := range []string{"article", "main", `[role="main"]`, "body"} {
		if n := doc.Find(sel).First(); n.Length() > 0 {
			return n.Get(0)
		}
	}
	return doc.Get(0)
}

// published reads the page's publication date from the usual metadata; zero when absent.
func published(doc *goquery.Document) time.Time {
	var candidates []string
	for _, sel := range []string{`meta[property="article:published_time"]`, `meta[itemprop="datePublished"]`, `meta[name="date"]`} {
		if v, ok := doc.Find(sel).Attr("content"); ok {
			candidates = append(candidates, v)
		}
	}
	for _, sel := range []string{"article time[datetime]", "time[datetime]"} {
		if v, ok := doc.Find(sel).First().Attr("datetime"); ok {
			candidates = append(candidates, v)
		}
	}
	for _, c := range candidates {
		c = strings.TrimSpace(c)
		for _, layout := range []string{time.RFC3339, "2006-01-02T15:04:05Z0700", "2006-01-02T15:04:05", "2006-01-02"} {
			if t, err := time.Parse(layout, c); err == nil {
				return t.UTC()
			}
		}
	}
	return time.Time{}
}
