"""What readers can do: the use cases behind the reader commands, and the readers' choices.

- `subscription`      starting, subscribing (with the referral credit), unsubscribing, invites,
                      the leaderboard, erasing a reader
- `library`           stored issues: the newest, one by week or id, pages of the archive
- `search`            the best sections of past issues, and a company's earnings dates
- `earnings`          the newest issue's earnings list, one day of it, a company's date
- `company_match`     which listed company a reader means ("palantier" is Palantir)
- `watchlist`         following and unfollowing companies
- `reminders`         the earnings reminder on the day a followed company reports (a job)
- `preferences`       a reader's choices: what /settings shows, changing one
- `preference_input`  what a reader asks of /settings, read into one request (pure)
- `delivery_times`    what a stored delivery time means (pure)
- `zones`             the ONE place that decides a reader's time zone
- `localized`         an issue's messages on the reader's clock (earnings times)
- `compact_issue`     the compact issue with its keyboard of section buttons
- `groups`            a group's subscription, its forum topic, a group that moves
- `sharing`           inline sharing: what `@bot …` offers, and the sharer's invite code
- `readership`        sections opened and shared, counted without reader ids
- `inline_mode`       the check that BotFather's inline mode is on (a job)
"""
