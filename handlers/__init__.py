"""Telegram adapters: an update in, a reply out. A handler extracts what the update says, calls a
service (`bot.readers`, `bot.broadcast`, …) through `Deps`, and replies with what
`formatting` (the German replies) builds. No SQL (handlers never import `storage`), no HTML.

- reader commands: `start` (/start, /subscribe, /unsubscribe), `issues` (/latest, /archive and
  their buttons), `search`, `earnings`, `watchlist`, `referrals`, `settings`, `privacy`
  (/help, /privacy, /deletedata)
- groups and sharing: `groups` (/subscribe, /unsubscribe, /settings for a group's admins,
  /latest and /help in groups, a migrated group), `inline` (`@bot …` in any chat, and the
  chosen result)
- admin commands: `broadcast`, `approval`, `corrections`, `stats`, `upload` (files and links)
- the rest of an update's life: `throttle` (burst limit, first), `membership` (blocked or
  unblocked), `fallback` (unknown commands, other messages, groups, old buttons), `errors`
- shared pieces: `arguments` (what readers type after a command), `callbacks` (button data),
  `keyboards`, `replies` (sending texts), `context` (the reader's profile and zone), `scope`
  (where commands apply), `commands` (the menu Telegram shows)
"""
