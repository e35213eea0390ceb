"""The publisher's side of the weekly cycle: an issue comes in, is checked, previewed, released.

- `source`    reading SOURCE as the CLI takes it: a file or an http(s) URL
- `ingest`    THE way an issue is stored, whatever brought it (CLI, feed, upload)
- `feed`      FEED_URL polled with conditional GET; new and changed items go through ingest
- `intake`    an admin's upload or link in Telegram, ingested like a feed item
- `backfill`  every post of the publication's site through ingest, resumable (`doppelbot
              backfill`); `backfill_report` its summary; `auto_backfill` the leader's run,
              once by itself with FEED_URL
- `site`      finding the site's posts: robots.txt, sitemaps, else the archive pages
- `crawl`     polite HTTP for it: paced, Crawl-delay, Retry-After, tries, conditional GET
- `review`    every new or changed issue to each admin as readers get it, then a check report
- `approval`  what ✅ Freigeben / ⏸ Zurückhalten (and /approve, /hold) do
- `release`   when an issue may go out by itself: approved, or neither held nor blocked (pure)
- `slot`      which issue a delivery slot is for, and starting it once it is released
- `duty`      `Publishing`: what happens after new content is stored (review, then the slot)
- `jobs`      the slot at BROADCAST_AT and its watch, the review, the feed, the channel check
- `texts`     every German line the admins see about it

Everything is stored through `bot.publishing.ingest.store_reviewed` and sent through the
broadcast (`bot.broadcast`).
"""
