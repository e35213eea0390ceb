"""How the bot runs, whatever it does: run modes, one leader, jobs, and traffic to Telegram.

- `polling_mode`, `webhook_mode`  `doppelbot run` serving updates by long polling or webhook
- `webhook_server`   the aiohttp server of webhook mode (updates in, `GET /healthz`)
- `webhook_updates`  notes of delivered updates (Telegram's retries are harmless), pruned
- `health`           what `/healthz` answers
- `metrics`          the Prometheus metrics: one registry, each counted where it happens
- `metrics_server`   `/metrics` and `/healthz` on METRICS_PORT, in both run modes
- `instance_guard`   refusing a second instance where only one may run
- `conflict`         409 Conflict while polling: a newcomer yields, the serving poller holds on
- `leader`           the leader lease: exactly one instance runs the schedule
- `lease`            this process's identity as an owner of leases, and when one is gone
- `jobs`             `Job` and `schedule_jobs`: every area's jobs, leader-only guard written once
- `containment`      failures contained: caught, paused ever longer, told to the admins once
- `schema`           the database schema at start-up and for `doppelbot migrate`
- `logs`             logging set-up; the bot token never in a log line
- `updates`          updates handled concurrently across chats, in order within one
- `throttle`         the per-reader burst limit
- `repeat_guard`     a button pressed twice does its work once
- `pacing`           per-chat pacing of replies (PTB's rate limiter)
- `sending`          a stored message through PTB: text + entities, never parse_mode
- `admins`           telling the admins (ADMIN_IDS) something
- `offload`          CPU-bound work (parsing an issue) in a worker process, off the event loop
- `background`       long runs of this process (a broadcast, a correction) as background tasks
"""
