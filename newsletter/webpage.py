"""HTML input (a beehiiv web post page or a bare fragment): the post body and the page's metadata.

The body is `#content-blocks` on a web page, else the whole document (a fragment such as the
RSS `content:encoded` `div.beehiiv`, whose footer a chrome rule drops). Metadata comes from
`#web-header` (h1 title, h3 subtitle, `.bh__byline_wrapper` byline) and the `<head>`:
`application/ld+json` (`datePublished`, `author`, `headline`), `og:*`, description, canonical.
A bare fragment has none of these, and that is fine; its beehiiv classes (`beehiiv`,
`paragraph`, …) still mark it as a post. Pages on a custom domain look the same.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from bs4 import BeautifulSoup, Tag
from bs4.element import PageElement

from newsletter.dates import parse_timestamp
from newsletter.meta import SourceMeta

_BEEHIIV_CLASS = re.compile(r"^(?:beehiiv|rendered-post|paragraph|heading)\b")


def read_page(soup: BeautifulSoup) -> tuple[list[PageElement], SourceMeta]:
    """Return the nodes holding the post's blocks, in order, and what the page says about it.

    On a web page the body is `#content-blocks` and whatever follows it in its parent (text that
    broken nesting pushed out of it). Anything else is a fragment: the whole document body,
    where the chrome element rules drop beehiiv's footer, the web header and breadcrumbs.
    """
    landmarks = {
        tag.get("id"): tag for tag in soup.find_all(id=["content-blocks", "web-header"], limit=2)
    }
    blocks = landmarks.get("content-blocks")
    if blocks is not None:
        body = [blocks, *blocks.next_siblings]
    else:
        body = list((soup.body or soup).children)
    return body, _page_meta(soup, landmarks.get("web-header"))


def _page_meta(soup: BeautifulSoup, header: Tag | None) -> SourceMeta:
    # <head> holds the page's metadata; a fragment has none (and is not searched through).
    head = soup.head or BeautifulSoup("", "lxml")
    article = _ld_article(head)
    return SourceMeta(
        title=_first(
            _text(header.find("h1")) if header else None,
            _meta(head, "og:title"),
            _string(article.get("headline")),
            _text(head.find("title")),
        ),
        subtitle=_first(
            _text(header.find(["h2", "h3"])) if header else None,
            _meta(head, "og:description"),
            _meta(head, "description"),
        ),
        author=_first(_ld_author(article.get("author")), _meta(head, "author")),
        byline=_text(header.select_one(".bh__byline_wrapper")) if header else None,
        published=parse_timestamp(
            _first(_string(article.get("datePublished")), _meta(head, "article:published_time"))
        ),
        url=_first(_meta(head, "og:url"), _canonical(head)),
        post=header is not None or soup.find(class_=_BEEHIIV_CLASS) is not None,
    )


def _first(*values: str | None) -> str | None:
    return next((v.strip() for v in values if v and v.strip()), None)


def _text(tag: Any) -> str | None:
    return tag.get_text(" ", strip=True) if isinstance(tag, Tag) else None


def _string(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _meta(soup: Tag, name: str) -> str | None:
    tag = soup.find("meta", attrs={"property": name}) or soup.find("meta", attrs={"name": name})
    content = tag.get("content") if isinstance(tag, Tag) else None
    return content if isinstance(content, str) else None


def _canonical(soup: Tag) -> str | None:
    for tag in soup.find_all("link", href=True):
        rel: str | list[str] = tag.get("rel") or []
        if "canonical" in (rel.split() if isinstance(rel, str) else rel):
            return _string(tag.get("href"))
    return None


def _ld_article(soup: Tag) -> dict[str, Any]:
    for script in soup.find_all("script", attrs={"type": "application/ld+json"}):
        try:
            data = json.loads(script.string or "")
        except (ValueError, TypeError):
            continue
        for item in _ld_items(data):
            if "datePublished" in item or "headline" in item:
                return item
    return {}


def _ld_items(data: Any) -> Iterator[dict[str, Any]]:
    if isinstance(data, list):
        for item in data:
            yield from _ld_items(item)
    elif isinstance(data, dict):
        yield data
        yield from _ld_items(data.get("@graph"))


def _ld_author(value: Any) -> str | None:
    if isinstance(value, list):
        names = [name for item in value if (name := _ld_author(item))]
        return ", ".join(names) or None
    if isinstance(value, dict):
        return _string(value.get("name"))
    return _string(value)
