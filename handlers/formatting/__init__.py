"""The replies readers see, as German plain text built from plain values.

- `texts`      every fixed reply and the command menu
- `dates`      German dates and issue labels
- `archive`, `search`, `earnings`, `calendar` (the .ics file), `watchlist`, `referrals`,
  `settings`: the replies of those commands
"""
