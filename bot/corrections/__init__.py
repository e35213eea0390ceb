"""Corrections after sending: a sent issue that changed is edited in place, for every reader.

The pace, the window of unrecorded edits, the ledger writer, pause/stop, the lease, retries,
progress, the admins' notices and the background runs are every run's (`bot.delivery`); this
package keeps what is the correction's own. One concept per module:

- `proposal`  what a correction of an issue would do: the snapshot readers have, the current
              issue, their diff (`newsletter.diff`), the edits; `CorrectionError` in German
- `texts`     every German text: the admins' summary, progress, final report, answers
- `announce`  what the admins are told when a stored issue changed (with or without the button)
- `edits`     the changed messages as ready `editMessageText` / `editMessageCaption` calls
- `verdict`   what one edit came to (edited, unchanged, skipped, failed, retry), from
              `bot.delivery.outcome.classify`
- `editor`    one edit of one chat's message: the call, the verdict, the run's retries
- `engine`    `CorrectionEngine` (a `PacedEngine`): rounds over the changed messages, the
              delivered copies read in pages; its ledger is `correction_edit`
- `runner`    holds the lease, runs the engine, completes the correction (the broadcast's
              snapshot becomes the corrected content) and tells the admins
- `service`   the running bot's side: the button starts one, start-up resumes interrupted ones
- `jobs`      schedules the resumption (start-up and every minute)

`doppelbot correct [--issue ID]` (the foreground run with a progress bar) is `bot.cli.correct`.
Nothing happens at import time; nothing here imports `handlers`.
"""
