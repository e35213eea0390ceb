"""`doppelbot demo`'s web chat: Doppelbot as a Telegram chat in the browser, on the Bot API
simulator (`bot.simulator`), without Telegram, a token or a network; and the renderer that
`doppelbot preview --html` shares with it. It imports only the simulator (a test keeps it so).

- `render`   Telegram's message entities as HTML (pure; UTF-16 offsets, nesting, escaping)
- `detect`   the commands and web addresses Telegram makes clickable by itself
- `bubble`   one message as a chat bubble: picture, file, text, time, inline keyboard
- `view`     the simulator's chat log as bubbles, and the updates a person sends
- `issue_page`  a whole issue as one HTML file that looks like the chat (`preview --html`)
- `server`   the aiohttp web chat: the page (`static/`) and its JSON API, long polling
- `people`   the readers and the publisher at the page's role switch, who is subscribed
- `samples`  the bundled sample issues and pictures (`data/`)

`static/` holds the page (`index.html`, `chat.css`, `chat.js`, `bubbles.js`: vanilla, no build
step, no CDN); `data/` the sample issues (KW6–KW8 2025) and the pictures standing in for
beehiiv's.
"""
