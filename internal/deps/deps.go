//go:build deps

// Package deps pins the project's planned dependencies while packages that use them are written.
package deps

import (
	_ "github.com/BurntSushi/toml"
	_ "github.com/PuerkitoBio/goquery"
	_ "github.com/bwmarrin/discordgo"
	_ "github.com/go-telegram-bot-api/telegram-bot-api/v5"
	_ "github.com/gorilla/websocket"
	_ "github.com/jackc/pgx/v5"
	_ "github.com/jackc/pgx/v5/stdlib"
	_ "github.com/mmcdole/gofeed"
	_ "github.com/prometheus/client_golang/prometheus"
	_ "github.com/prometheus/client_golang/prometheus/promhttp"
	_ "github.com/robfig/cron/v3"
	_ "golang.org/x/text/unicode/norm"
	_ "golang.org/x/time/rate"
	_ "modernc.org/sqlite"
)
