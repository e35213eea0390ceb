"""A Telegram Bot API simulator on 127.0.0.1: what the tests, the benches and `doppelbot demo`
talk to instead of Telegram. It enforces Telegram's rules (message limits, entities, callback
data, webhooks, flood limits of 30/s overall and about 1/s per chat) and answers with Telegram's
real errors. It imports nothing of Doppelbot's: it stands for Telegram.

- `bot_api`         the aiohttp server (`FakeBotAPI`): `/bot<TOKEN>/<method>` and admin routes
- `bot_api_thread`  the server in a thread of its own, for synchronous tests and benches
- `cli`             `python -m bot.simulator.bot_api`: the server as a process
- `backend`         the Bot API's state and methods behind the server (`TelegramBackend`)
- `answers`         the answers of the methods, as Telegram gives them
- `rules`           Telegram's rules of a request, and its errors (`ApiError`, `Failure`)
- `params`          decoding JSON, form and multipart parameters
- `text`, `markup`, `photos`  the limits of texts and entities, keyboards, photos and captions
- `files`           getFile and file downloads
- `media`           the bytes of the photos and documents bots send (and of photo URLs, `web_files`)
- `chats`           each chat as its people see it, with revisions (`chat_log=True`; the demo)
- `channels`        chats other than readers': channels and their administrators
- `groups`          groups, supergroups and forums: admins, topics, removal, migration
- `inline`          inline mode (getMe's `supports_inline_queries`) and answerInlineQuery's rules
- `flood`           the flood limits (429 with `retry_after`)
- `polling`         getUpdates: the update queue and long polling
- `webhook`         setWebhook and its rules; `delivery` POSTs updates to a bot's webhook
- `records`         what was sent, edited and answered, for checks
- `scripts`         failures a test scripts (`fail_for`), and a scripted timeout
- `view`            reading the records (`texts`, `sent_to`, `stats`, `wait_for`)
- `objects`         Telegram objects and updates as JSON (users, chats, messages, buttons)
"""
