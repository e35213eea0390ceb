"""Doppelbot package: storage. SQLModel tables and query functions; no Telegram, no HTML.

`db` makes engines, sessions and migrations; `tables` is the schema; `subscribers`,
`referrals`, `issues`, `search`, `broadcasts`, `deliveries` and `chats` hold the query
functions (keyword-only arguments, no commits: the caller's `session_scope` owns the
transaction).
"""
