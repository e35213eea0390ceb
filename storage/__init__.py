"""SQLModel tables and query functions; no Telegram, no HTML. Imports only `newsletter`.

Query functions take keyword-only arguments and a `session`, and never commit: the caller's
`session_scope` owns the transaction.

- `db`                engines, sessions and migrations (`migrations/`: Alembic)
- `tables`            the schema, one module per area
- readers: `subscribers`, `groups` (group subscriptions and their forum topics),
  `preferences`, `referrals`, `reader_events`, `chats` (moving and erasing one chat),
  `watchlist`, `reminders`, `readership` (sections opened and shared, without reader ids)
- issues: `issues`, `search` and `search_index` (the German full-text index written at ingest),
  `folding` (company names folded), `review`, `feed_state`, `backfill` (what the backfill knows
  of each page of the site), `notices` (told once)
- delivery: `broadcasts`, `broadcast_leases`, `leases`, `audiences` (who waits), `deliveries`
  (the ledger), `compaction`, `corrections`, `channels`, `progress_messages` (the admins'
  progress message of a run)
- operations: `leader_leases`, `webhook_updates`, `copying` (the whole installation into
  another database: `doppelbot copy-db`)
"""
