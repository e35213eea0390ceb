"""The sample issues and pictures bundled with the demo (package data in `bot/demo/data/`).

KW6 and KW7 2025 are stored when the demo starts; KW8 is the file the publisher can send the bot
(📎), as a new issue arrives. The pictures stand in for the ones beehiiv hosts: the simulator
hands them out as Telegram would after fetching the photo URLs (`web_files`), since the demo
reaches no network. They were drawn with matplotlib for the demo.
"""

from __future__ import annotations

from importlib.resources import files

STORED = ("kw06-2025.rss.xml", "kw07-2025.rss.xml")
UPLOAD = "kw08-2025.rss.xml"
UPLOAD_TYPE = "application/rss+xml"
_BEEHIIV = (
    "https://media.beehiiv.com/cdn-cgi/image/fit=scale-down,format=auto,onerror=redirect,"
    "quality=80/uploads/asset/file/"
)
IMAGES = {
    f"{_BEEHIIV}0b6c9a52-7f1e-4d1a-9d55-3e1f2a7c8e11/chart.png": "kw06-chart.png",
    f"{_BEEHIIV}7a1f/containerhafen.jpg": "kw07-containerhafen.png",
    f"{_BEEHIIV}7a1f/stahlpreis.png": "kw07-stahlpreis.png",
    f"{_BEEHIIV}8b2e/finanzfluss-banner.png": "kw08-banner.png",
}


def sample(name: str) -> bytes:
    """The bytes of a bundled sample issue."""
    return (files("bot.demo") / "data" / name).read_bytes()


def web_files() -> dict[str, bytes]:
    """Photo URL → the picture's bytes, for every picture of the sample issues."""
    images = files("bot.demo") / "data" / "images"
    return {url: (images / name).read_bytes() for url, name in IMAGES.items()}
