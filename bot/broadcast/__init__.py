"""The Monday broadcast: every subscriber gets every message of the issue, once, at Telegram's pace.

The pace, the window of unrecorded sends, the ledger writer, pause/stop, the lease, retries,
progress, the admins' notices and the background runs are every run's (`bot.delivery`); this
package keeps what is the broadcast's own. One concept per module:

- `selection`  which issue a broadcast sends (the newest, never twice) and its `broadcast` row
- `start`      what a run of it loads (and marks running), and `finish`
- `content`    the issue's content as the broadcast sends it; `refresh` fixes unsent messages
- `runner`     holds the lease, runs the engine, finishes it; used by schedule, admin, CLI
- `rounds`     the engine (`Engine`, a `PacedEngine`): breadth-first passes over delivery groups
- `groups`     delivery groups: which messages each group of readers gets, in which zone, when
- `sweep`      pages of a group's waiting readers (`pending_chats`), the next read meanwhile
- `dispatch`   when one send may start (busy chats, spacing) and which chats are busy
- `late`       sends out of page order (end of a round, retries, short rounds), by due time
- `delivery`   one message to one chat: send, sort the answer, migrated groups, retries
- `refusals`   a message Telegram refuses for everyone pauses the broadcast
- `payload`    the issue's messages as ready Bot API calls; the chart's reused `file_id`
- `ledger`     the broadcast's ledger entries and their commit (rows, chat moves, counters)
- `texts`      every German text about a broadcast: progress, report, status, notices
- `service`    the running bot's side: start, schedule, catch-up, resumption, status
- `admin`      what /broadcast does: offer + confirm, status, pause, resume
- `jobs`       the schedule and the checks every minute; `compaction` of old ledgers
- `channel`    the channel the issue also goes to

`doppelbot broadcast --now` (the foreground run with a progress bar) is `bot.cli.broadcast`.
Nothing happens at import time; nothing here imports `handlers`.
"""
