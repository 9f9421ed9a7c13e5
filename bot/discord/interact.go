package discord

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/briefs"
)

const (
	platform        = "discord"
	respondTimeout  = 3 * time.Second // Discord's window for the first response
	suggestTimeout  = 2 * time.Second
	manageBits      = discordgo.PermissionManageChannels | discordgo.PermissionAdministrator
	unreadableText  = "Sorry, I could not read that command."
	staleButtonText = "This button is no longer supported; run the command again."
	slowText        = "Sorry, that took too long. Please try again."
	failedText      = "Sorry, something went wrong."
)

// onInteraction answers one interaction from the gateway. discordgo runs it on its own
// goroutine; a panic is contained so one hostile payload cannot stop the bot.
func (b *Bot) onInteraction(_ *discordgo.Session, ic *discordgo.InteractionCreate) {
	if ic == nil || ic.Interaction == nil || !b.track() {
		return
	}
	defer b.wg.Done()
	defer func() {
		if p := recover(); p != nil {
			b.log.Error("discord: interaction handling panicked", "panic", fmt.Sprint(p))
		}
	}()
	i := ic.Interaction
	switch i.Type {
	case discordgo.InteractionApplicationCommand:
		b.command(i)
	case discordgo.InteractionApplicationCommandAutocomplete:
		b.autocomplete(i)
	case discordgo.InteractionMessageComponent:
		b.press(i)
	default:
		b.log.Debug("discord: ignoring an interaction", "type", int(i.Type))
	}
}

// request maps who asked, and where, onto a bot.Request.
func (b *Bot) request(i *discordgo.Interaction) (bot.Request, bool) {
	req := bot.Request{Chat: briefs.ChatRef{Platform: platform, ID: i.ChannelID}, BotName: b.botName()}
	switch {
	case i.Member != nil && i.Member.User != nil:
		req.User = i.Member.User.ID
	case i.User != nil:
		req.User = i.User.ID
	}
	if i.GuildID == "" {
		req.CanManage = true // a DM: the user decides for themselves
	} else if i.Member != nil {
		req.CanManage = i.Member.Permissions&manageBits != 0
	}
	return req, i.ChannelID != "" && i.ID != "" && i.Token != ""
}

func (b *Bot) command(i *discordgo.Interaction) {
	req, ok := b.request(i)
	data, isCmd := i.Data.(discordgo.ApplicationCommandInteractionData)
	if isCmd && ok {
		req.Text, ok = commandText(data, b.specs)
	}
	if !isCmd || !ok {
		b.log.Warn("discord: unreadable command interaction", "interaction", i.ID)
		b.respond(i, errorReply(unreadableText), false)
		return
	}
	b.answer(i, req, false)
}

func (b *Bot) press(i *discordgo.Interaction) {
	req, ok := b.request(i)
	data, isPress := i.Data.(discordgo.MessageComponentInteractionData)
	if !isPress || !ok || !strings.HasPrefix(data.CustomID, customIDPrefix) || len(data.CustomID) > maxCustomID {
		b.log.Warn("discord: unknown button", "interaction", i.ID)
		b.respond(i, errorReply(staleButtonText), true)
		return
	}
	req.Text, req.Press = strings.TrimPrefix(data.CustomID, customIDPrefix), true
	b.answer(i, req, true)
}

func (b *Bot) autocomplete(i *discordgo.Interaction) {
	data, ok := i.Data.(discordgo.ApplicationCommandInteractionData)
	var names []string
	if ok && b.opts.Names != nil {
		ctx, cancel := context.WithTimeout(b.baseContext(), suggestTimeout)
		names = b.opts.Names(ctx, focusedPrefix(data.Options))
		cancel()
	}
	ctx, cancel := context.WithTimeout(b.baseContext(), respondTimeout)
	defer cancel()
	err := b.s.InteractionRespond(i, &discordgo.InteractionResponse{
		Type: discordgo.InteractionApplicationCommandAutocompleteResult,
		Data: &discordgo.InteractionResponseData{Choices: choices(names)},
	}, discordgo.WithContext(ctx))
	if err != nil {
		b.log.Warn("discord: answering autocomplete", "err", b.safe(err, i.Token).Error())
	}
}

// answer runs the handler; when it is not done within DeferAfter the interaction is deferred
// (type 5, or 6 for a button) and the answer edits the original response when ready.
func (b *Bot) answer(i *discordgo.Interaction, req bot.Request, press bool) {
	ctx, cancel := context.WithTimeout(b.baseContext(), b.opts.CommandTimeout)
	defer cancel()
	start := b.opts.Now()
	done := make(chan bot.Reply, 1)
	go func() {
		defer func() {
			if p := recover(); p != nil {
				b.log.Error("discord: command handler panicked", "panic", fmt.Sprint(p))
				done <- errorReply(failedText)
			}
		}()
		done <- b.h.Handle(ctx, req)
	}()

	timer := time.NewTimer(b.opts.DeferAfter)
	defer timer.Stop()
	select {
	case r := <-done:
		b.respond(i, r, press)
		return
	case <-timer.C:
	}

	deferred := discordgo.InteractionResponseDeferredChannelMessageWithSource
	if press {
		deferred = discordgo.InteractionResponseDeferredMessageUpdate
	}
	rctx, rcancel := context.WithTimeout(b.baseContext(), respondTimeout)
	err := b.s.InteractionRespond(i, &discordgo.InteractionResponse{Type: deferred}, discordgo.WithContext(rctx))
	rcancel()
	if err != nil {
		b.log.Warn("discord: deferring an answer", "interaction", i.ID, "err", b.safe(err, i.Token).Error())
		return
	}
	var r bot.Reply
	select {
	case r = <-done:
	case <-ctx.Done():
		r = errorReply(slowText)
	}
	b.followUp(ctx, i, r, press)
	b.log.Debug("discord: answered late", "interaction", i.ID, "took", b.opts.Now().Sub(start))
}

// respond sends the first and only response: a new message, an in-place update for a button,
// or an ephemeral note for errors.
func (b *Bot) respond(i *discordgo.Interaction, r bot.Reply, press bool) {
	resp := &discordgo.InteractionResponse{Type: discordgo.InteractionResponseChannelMessageWithSource}
	switch {
	case r.Silent && press:
		resp.Type = discordgo.InteractionResponseDeferredMessageUpdate // acknowledge, change nothing
	case r.Silent:
		resp.Data = responseData(plainReply(nothingToShow), true)
	case r.Error:
		resp.Data = responseData(r, true)
	case press:
		resp.Type = discordgo.InteractionResponseUpdateMessage
		resp.Data = responseData(r, false)
	default:
		resp.Data = responseData(r, false)
	}
	ctx, cancel := context.WithTimeout(b.baseContext(), respondTimeout)
	defer cancel()
	if err := b.s.InteractionRespond(i, resp, discordgo.WithContext(ctx)); err != nil {
		b.log.Warn("discord: answering an interaction", "interaction", i.ID, "err", b.safe(err, i.Token).Error())
	}
}

// followUp delivers an answer after a deferral by editing the original response; an error
// goes out as an ephemeral follow-up instead.
func (b *Bot) followUp(ctx context.Context, i *discordgo.Interaction, r bot.Reply, press bool) {
	var err error
	switch {
	case press && r.Silent:
		return
	case r.Error:
		// Only the asker sees an error: an ephemeral follow-up, and for a command the public
		// "thinking…" placeholder is removed (for a press the message stays as it was).
		m := render(r)
		_, err = b.s.FollowupMessageCreate(i, false, &discordgo.WebhookParams{
			Embeds: m.Embeds, Flags: discordgo.MessageFlagsEphemeral, AllowedMentions: noMentions(),
		}, discordgo.WithContext(ctx))
		if err == nil && !press {
			err = b.s.InteractionResponseDelete(i, discordgo.WithContext(ctx))
		}
	default:
		if r.Silent {
			r = plainReply(nothingToShow)
		}
		m := render(r)
		_, err = b.s.InteractionResponseEdit(i, &discordgo.WebhookEdit{
			Embeds: &m.Embeds, Components: &m.Components, AllowedMentions: noMentions(),
		}, discordgo.WithContext(ctx))
	}
	if err != nil {
		b.log.Warn("discord: editing a deferred answer", "interaction", i.ID, "err", b.safe(err, i.Token).Error())
	}
}

func responseData(r bot.Reply, ephemeral bool) *discordgo.InteractionResponseData {
	m := render(r)
	d := &discordgo.InteractionResponseData{Embeds: m.Embeds, Components: m.Components, AllowedMentions: noMentions()}
	if ephemeral {
		d.Flags = discordgo.MessageFlagsEphemeral
	}
	return d
}

// noMentions stops any text from pinging anyone: parse is an empty list, not absent.
func noMentions() *discordgo.MessageAllowedMentions {
	return &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}}
}

func errorReply(text string) bot.Reply {
	return bot.Reply{Error: true, Blocks: []bot.Block{{Text: text}}}
}

func plainReply(text string) bot.Reply { return bot.Reply{Blocks: []bot.Block{{Text: text}}} }
