"""One paced delivery engine under every long run: the broadcast and the corrections.

A *run* works through a ledger — one row per (run, message index, chat), written once — at
Telegram's pace, resumably, in whichever process holds its lease. What every run does the same
way is written here once; `bot.broadcast` and `bot.corrections` pass in what differs (which
messages go to which chats, the unit of work: a send or an edit, how an answer becomes a ledger
row, which ledger table, the texts). Nothing here imports them.

One concept per module:

- `engine`     `PacedEngine`: the run loop over everything below; a subclass brings `work`
- `pace`       the one global rate (BROADCAST_RATE) and the pause a 429 imposes on everyone
- `spacing`    one chat never gets two messages less than a second apart (a pruned map)
- `flight`     the messages under way: the window of unrecorded ones, a pace slot, a task each
- `ledger`     the ledger writer: group commits, retried, never dropping an entry
- `control`    pause/resume/stop across processes: the status re-read (and the lease renewed)
               every second; `LEASE_LOST`
- `lease`      the run's row (`RunRow`) and its lease: claim, hold around a run, release
- `outcome`    THE one function that maps a Telegram error to what to do (`classify`)
- `retry`      how often and how long a message is tried again (`RetryPolicy`, `Retrier`)
- `tuning`     rate, window of unrecorded sends, page size, poll interval, retry policy
- `progress`   counters, rate and time left (`Snapshot`)
- `notices`    the admins' progress message, error notices and final report
- `runner`     a run's options (`RunOptions`), its hooks, its `RunResult`, and `Reporting`
- `service`    the running bot's side: runs in the background, launch, stop all (`RunService`)
- `calls`      a stored message as a ready Bot API call (method + JSON-ready parameters)
- `transport`  the run's own Bot and connection pool (aiohttp, else httpx)

Imports only the shell (`bot.config`, `bot.database`), `bot.runtime`, `storage` and
`newsletter`. Nothing happens at import time; nothing here imports `handlers`.
"""
