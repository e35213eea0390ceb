"""The replies readers see, as German plain text built from plain values (numbers, days and
issue labels from `newsletter.german`).

- `texts`      every fixed reply and the command menu
- `archive`, `search`, `earnings`, `calendar` (the .ics file), `watchlist`, `referrals`,
  `settings`: the replies of those commands
- `groups`     what a group sees (its commands, subscription, the admins-only answer)
- `sharing`    inline sharing: each result's title and line, and the message it sends
"""
