"""Doppelbot's application: the shell, and one room (subpackage) per area.

The shell (this folder):
- `__main__`  `python -m bot`, the `doppelbot` command line (see `bot.cli`)
- `app`       the composition root: builds the PTB `Application`, its services (`Deps`), the
              handlers in order and every area's jobs; nothing imports it
- `config`    `Settings` (pydantic-settings), loaded once by the command line
- `config_values`  how the environment writes weekly times, durations and lists
- `database`  `Database`: storage work from async code, one transaction per call
- `deps`      `Deps`: the settings, database and services under one `bot_data` key
- `schedule`  when the next delivery slot is (BROADCAST_AT in TIMEZONE)

The rooms: `cli` (one module per command), `runtime` (how the bot runs: polling/webhook, leader,
jobs, pacing, sending), `readers` (reader use cases), `delivery` (the paced engine the broadcast
and the corrections share), `broadcast` (the Monday broadcast),
`corrections` (edits after sending), `publishing` (intake, review, approval, the slot), `stats`
(figures and the chart); `simulator`, a Telegram Bot API simulator that imports nothing of
ours (for the tests, the benches and `doppelbot demo`); and `demo`, the web chat of
`doppelbot demo` on that simulator (and the chat renderer of `doppelbot preview --html`). The
import rules: docs/architecture.md.
"""
