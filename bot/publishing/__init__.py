"""The publisher's side of the weekly cycle: an issue comes in, is checked, previewed, released.

- `release`  when an issue may go out by itself: approved, or neither held nor blocked (pure)
- `slot`     which issue a delivery slot is for, and starting it once it is released
- `review`   every new or changed issue to each admin as readers get it, then a check report
- `feed`     FEED_URL polled with conditional GET; new and changed items go through ingest
- `intake`   an admin's upload or URL in Telegram, ingested like a feed item
- `channel`  CHANNEL_ID: checked at start-up, recorded in the broadcast ledger like a reader
- `texts`    every German line the admins see about it

Everything is stored through `bot.publishing.ingest.store_reviewed` and sent through the broadcast.
"""
