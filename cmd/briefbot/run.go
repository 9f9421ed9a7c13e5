package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/bot/console"
	"github.com/briefbot/briefbot/bot/discord"
	"github.com/briefbot/briefbot/bot/telegram"
	"github.com/briefbot/briefbot/briefs"
	"github.com/briefbot/briefbot/briefs/samples"
	"github.com/briefbot/briefbot/config"
	"github.com/briefbot/briefbot/ops"
	"github.com/briefbot/briefbot/scheduler"
)

func init() {
	register(subcommand{name: "run", order: 5, run: runRun,
		summary: "Run the bot: poll sources, answer chats, deliver briefings and digests"})
}

// chatPlatform is one chat platform briefbot runs: Run answers commands until ctx ends; the
// scheduler.Sender half posts deliveries. Command replies go through Run, deliveries through
// the scheduler's queue, so a reply never waits behind a long fan-out.
type chatPlatform interface {
	scheduler.Sender
	Run(ctx context.Context) error
}

// platformDeps is what every platform is built from.
type platformDeps struct {
	handler  ops.Handler       // the router, timed for metrics
	commands []bot.CommandSpec // what to publish as the platform's command list
	store    briefs.Store
	log      *slog.Logger
}

// platformFactory builds a platform when cfg configures it, and returns nil when it does not.
// Adding a platform is one function and one line in platforms.
type platformFactory func(cfg config.Config, d platformDeps) (chatPlatform, error)

var platforms = []platformFactory{
	func(cfg config.Config, d platformDeps) (chatPlatform, error) {
		if cfg.Telegram.Token == "" {
			return nil, nil
		}
		return telegram.New(cfg.Telegram, d.handler, telegram.Options{Logger: d.log, Commands: d.commands})
	},
	func(cfg config.Config, d platformDeps) (chatPlatform, error) {
		if cfg.Discord.Token == "" {
			return nil, nil
		}
		return discord.New(cfg.Discord, d.handler, discord.Options{Logger: d.log, Commands: d.commands,
			Names: discord.NameSuggester(d.store, d.log)})
	},
}

// consoleChat is the chat the terminal speaks as when no platform is configured.
var consoleChat = briefs.ChatRef{Platform: "console", ID: "console"}

func runRun(ctx context.Context, a *app, args []string) error {
	cfg, st, err := a.openForDelivery(ctx, "run", args)
	if err != nil {
		return err
	}
	defer st.Close()
	log := ops.NewLogger(a.stderr, cfg.LogFormat, cfg.LogLevel, isTerminal(a.stderr))
	if err := seedSamples(ctx, st, a.now(), log); err != nil {
		return err
	}
	metrics := ops.NewMetrics(queuedDeliveries(st))
	sources, err := buildSources(cfg, log)
	if err != nil {
		return &exitError{code: 2, err: err}
	}
	for i, src := range sources {
		sources[i] = metrics.ObserveSource(src)
	}
	// The router tells the planner when a chat's subscription changes, so a new schedule is
	// planned at once rather than at the next rescan.
	subs := &notifyingSubscriptions{SubscriptionStore: st}
	router := bot.NewRouter(st, bot.Options{Now: a.now, Logger: log, Subscriptions: subs})
	deps := platformDeps{handler: metrics.ObserveHandler(router, router.Commands(), a.now),
		commands: router.Commands(), store: st, log: log}

	checks := map[string]ops.Check{"store": storeCheck(st)}
	admin := ops.NewServer(metrics, checks, log)
	var senders []scheduler.Sender
	var runners []func(context.Context) error
	for _, build := range platforms {
		p, err := build(cfg, deps)
		if err != nil {
			return &exitError{code: 2, err: err}
		}
		if p == nil {
			continue
		}
		senders = append(senders, metrics.ObserveSender(p))
		runners = append(runners, p.Run)
		if r, ok := p.(interface{ Ready(context.Context) error }); ok {
			checks[p.Platform()] = r.Ready
		}
		if w, ok := p.(webhookPlatform); ok && cfg.Telegram.WebhookURL != "" && p.Platform() == "telegram" {
			admin.Mount("POST "+w.WebhookPath(), w.WebhookHandler())
		}
	}
	if len(senders) == 0 {
		// No platform: the terminal is the chat. Prompts and deliveries share stdout.
		out := &lockedWriter{w: a.stdout}
		senders = append(senders, metrics.ObserveSender(console.NewSender(out)))
		runners = append(runners, func(ctx context.Context) error {
			return console.Run(ctx, a.stdin, out, deps.handler, consoleChat)
		})
		log.Info("run: no chat platform configured; chatting on the terminal (/quit or Ctrl-C to stop)")
	}
	if cfg.HTTPAddr != "off" {
		runners = append(runners, func(ctx context.Context) error {
			return admin.Serve(ctx, cfg.HTTPAddr, nil)
		})
	}

	sched, err := scheduler.New(st, scheduler.Options{
		Sources: sources,
		Poll:    cfg.Poll,
		Ingest: func(ctx context.Context, b briefs.Batch) error {
			rep, err := briefs.Ingest(ctx, st, b)
			metrics.ObserveIngest(rep)
			for _, r := range rep.Rejected {
				log.Warn("ingest: rejected", slog.String("origin", r.Origin), slog.String("reason", r.Reason))
			}
			return err
		},
		Senders:  senders,
		Delivery: scheduler.DeliveryOptions{Workers: cfg.Workers, Shutdown: cfg.Shutdown},
		Limits:   platformLimits(cfg),
		Logger:   log,
	})
	if err != nil {
		return &exitError{code: 2, err: err}
	}
	wake := sched.SubscriptionsChanged
	subs.changed.Store(&wake)
	return serve(ctx, sched, runners, cfg.Shutdown, log)
}

// serve runs the scheduler and the platforms until ctx ends (SIGINT, SIGTERM) or a platform
// stops (/quit on the console), then shuts everything down: in-flight sends get cfg.Shutdown.
func serve(ctx context.Context, sched *scheduler.Scheduler, runners []func(context.Context) error, grace time.Duration, log *slog.Logger) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	var mu sync.Mutex
	var failures []error
	fail := func(err error) {
		mu.Lock()
		failures = append(failures, err)
		mu.Unlock()
	}
	for _, run := range runners {
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer cancel() // a platform that stops stops briefbot
			if err := run(ctx); err != nil && ctx.Err() == nil {
				fail(err)
			}
		}()
	}
	schedDone := make(chan error, 1)
	go func() { schedDone <- sched.Run(ctx) }()
	<-ctx.Done()
	log.Info("run: shutting down; finishing sends in flight", slog.Duration("bound", grace))
	if err := <-schedDone; err != nil {
		fail(err)
	}
	platformsDone := make(chan struct{})
	go func() { wg.Wait(); close(platformsDone) }()
	select {
	case <-platformsDone:
	case <-time.After(grace):
		log.Warn("run: a platform did not stop in time")
	}
	return errors.Join(failures...)
}

// platformLimits applies the configured global rates to the documented per-chat limits.
func platformLimits(cfg config.Config) map[string]scheduler.Limits {
	tg, dc := scheduler.DefaultLimits("telegram"), scheduler.DefaultLimits("discord")
	tg.Rate, dc.Rate = cfg.Telegram.Rate, cfg.Discord.Rate
	return map[string]scheduler.Limits{"telegram": tg, "discord": dc}
}

// seedSamples fills an empty store with the embedded sample briefings and marks them announced,
// so a first run has something to read and nobody is flooded with them.
func seedSamples(ctx context.Context, st deliveryStore, now time.Time, log *slog.Logger) error {
	n, err := st.CountBriefings(ctx)
	if err != nil || n > 0 {
		return err
	}
	list, err := samples.All(now)
	if err != nil {
		return fmt.Errorf("run: reading the samples: %w", err)
	}
	if _, err := briefs.Ingest(ctx, st, briefs.Batch{Briefings: list}); err != nil {
		return fmt.Errorf("run: ingesting the samples: %w", err)
	}
	if _, err := st.Announce(ctx, now, true); err != nil {
		return fmt.Errorf("run: marking the samples announced: %w", err)
	}
	log.Info("run: the store was empty; added the sample briefings", slog.Int("briefings", len(list)))
	return nil
}

// notifyingSubscriptions calls changed after every change to a subscription.
type notifyingSubscriptions struct {
	briefs.SubscriptionStore
	changed atomic.Pointer[func()]
}

func (n *notifyingSubscriptions) notify() {
	if f := n.changed.Load(); f != nil {
		(*f)()
	}
}

func (n *notifyingSubscriptions) Subscribe(ctx context.Context, s *briefs.Subscription) error {
	err := n.SubscriptionStore.Subscribe(ctx, s)
	n.notify()
	return err
}

func (n *notifyingSubscriptions) Unsubscribe(ctx context.Context, chat briefs.ChatRef) error {
	err := n.SubscriptionStore.Unsubscribe(ctx, chat)
	n.notify()
	return err
}

// lockedWriter serialises the console's prompts and the deliveries printed between them.
type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}
