"""Corrections after sending: a sent issue that changed is edited in place, for every reader.

One concept per module:

- `proposal`  what a correction of an issue would do: the snapshot readers have, the current
              issue, their diff (`newsletter.diff`), the edits; `CorrectionError` in German
- `texts`     every German text: the admins' summary, progress, final report, answers
- `announce`  what the admins are told when a stored issue changed (with or without the button)
- `edits`     the changed messages as ready `editMessageText` / `editMessageCaption` calls
- `verdict`   what one edit came to (edited, unchanged, skipped, failed, retry), from
              `bot.runtime.outcome.classify`
- `editor`    one edit of one chat's message: the call, retries, 429 pauses for everyone
- `engine`    rounds over the changed messages, the delivered copies read in pages, at the
              broadcast's pace, with a window of unrecorded edits and a group-committed ledger
- `runner`    claims a correction, runs the engine, completes it (the broadcast's snapshot
              becomes the corrected content) and tells the admins
- `notices`   the admins' progress message, error notices and final report
- `service`   the running bot's side: the button starts one, start-up resumes interrupted ones
- `jobs`      schedules the resumption (start-up and every minute)
- `console`   `doppelbot correct [--issue ID]` in the foreground with a progress bar

Nothing happens at import time; nothing here imports `handlers`.
"""
