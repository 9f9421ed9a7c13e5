package discord

import (
	"context"
	"errors"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/briefbot/briefbot/bot"
)

// registerCommands overwrites the application's commands in one call, retrying transient
// failures a few times. If it still fails the bot keeps serving: commands registered by an
// earlier start stay in place, and the error is logged.
func (b *Bot) registerCommands(ctx context.Context) {
	appID := b.applicationID()
	if appID == "" {
		b.log.Error("discord: slash commands not registered: the gateway did not say which application this is")
		return
	}
	cmds := appCommands(b.opts.Commands, b.log)
	wait := b.retryBase
	for attempt := 1; ; attempt++ {
		rctx, info := withResponseInfo(ctx)
		_, err := b.s.ApplicationCommandBulkOverwrite(appID, b.cfg.GuildID, cmds, discordgo.WithContext(rctx))
		if err == nil {
			b.log.Info("discord: slash commands registered", "commands", len(cmds), "guild", b.cfg.GuildID)
			return
		}
		if ctx.Err() != nil {
			return
		}
		status, _ := info.get()
		var de *bot.DeliveryError
		if errors.As(b.deliveryError("registering commands", err, info), &de) && de.RetryAfter > 0 {
			wait = min(de.RetryAfter, time.Minute)
		} else if status >= 400 && status < 500 {
			attempt = registerAttempts // refused: trying again will not help
		}
		if attempt >= registerAttempts {
			b.log.Error("discord: slash commands not registered; any registered earlier stay in place",
				"commands", len(cmds), "err", b.safe(err).Error())
			return
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(wait):
		}
		wait *= 2
	}
}
