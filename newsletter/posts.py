"""A publication's post pages: recognising one by its slug, and the posts an archive page links.

A beehiiv post lives at `/p/<slug>` on the publication's address or its custom domain (the
`*.beehiiv.com` address may redirect there), so a post is recognised by its slug, never by its
full URL. An archive page (`/archive?page=N`) links its posts in `<a href>` attributes or, on
pages a script renders, in embedded JSON; both are found as `/p/<slug>` paths.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

_POST_PATH = re.compile(r"^/p/([A-Za-z0-9][A-Za-z0-9._~%-]*)/?$")
_LINKED = re.compile(r"""(?:https?:\\?/\\?/[^\s"'<>\\/]+)?\\?/p\\?/[A-Za-z0-9][A-Za-z0-9._~%-]*""")


def post_slug(url: str) -> str | None:
    """The slug of a post page's URL (`https://site/p/kw6-der-drache` → `kw6-der-drache`)."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https"):
        return None
    found = _POST_PATH.match(parts.path)
    return found.group(1) if found else None


def post_links(text: str, base_url: str) -> list[str]:
    """The post URLs an archive page at `base_url` links to, on its own host, in page order
    (each slug once)."""
    host = urlsplit(base_url).netloc.lower()
    seen: set[str] = set()
    links = []
    for match in _LINKED.finditer(text):
        url = urljoin(base_url, match.group(0).replace("\\/", "/"))
        slug = post_slug(url)
        if slug is None or slug in seen or urlsplit(url).netloc.lower() != host:
            continue
        seen.add(slug)
        links.append(url)
    return links
