"""The Monday broadcast: every subscriber gets every message of the issue, once, at Telegram's pace.

One concept per module:

- `selection`  which issue a broadcast sends (the newest, never twice) and its `broadcast` row
- `runner`     claims a broadcast, runs the engine, finishes it; used by schedule, admin, CLI
- `rounds`     the engine: breadth-first rounds over readers read in pages (`pending_chats`)
- `dispatch`   when one send may start (spacing, window, pace) and its task until recorded
- `late`       sends out of page order (end of a round, retries, short rounds), by due time
- `tuning`     rate, window of unrecorded sends, page size, poll interval, retry policy
- `delivery`   one message to one chat: send, sort the answer, retry where it helps
- `outcome`    THE one function that maps a send's exception to what to do (`classify`)
- `pace`       the one global rate (BROADCAST_RATE) and the pause a 429 imposes on everyone
- `spacing`    one chat never gets two messages less than a second apart (a pruned map)
- `payload`    the issue's messages as ready Bot API calls; the chart's reused `file_id`
- `ledger`     group commits of the delivery ledger, and the window of unrecorded sends
- `lease`      which process sends (owner + heartbeat), and when a sender counts as gone
- `control`    pause/resume/stop across processes: the status re-read every second
- `progress`   counters, rate and time left; `notices` tells the admins; `texts` in German
- `transport`  the broadcaster's own Bot and connection pool (aiohttp, else httpx)
- `service`    the running bot's side: background runs, schedule, catch-up, resumption
- `admin`      what /broadcast does: offer + confirm, status, pause, resume
- `console`    `doppelbot broadcast --now` in the foreground with a progress bar

Nothing happens at import time; nothing here imports `handlers`.
"""
