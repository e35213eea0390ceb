"""Link targets in a post: resolved against the post's address, kept only for web, mail and phone
links, without tracking parameters (`newsletter.chrome.clean_url`).

A target that is a merge tag (`href="{{rp_refer_url}}"`, also percent-encoded) is no address:
`merge_tag_target` returns the tag, which the body reader puts after the link's text so that the
merge tag rules see it.
"""

from __future__ import annotations

from urllib.parse import unquote, urljoin, urlsplit

from newsletter.chrome import clean_url
from newsletter.merge_tags import MERGE_TAG

SCHEMES = frozenset({"http", "https", "mailto", "tel"})


def resolve(url: str, base_url: str | None) -> str | None:
    """`url` made absolute (against `base_url`; "//host" as https), or None for another scheme."""
    if url.startswith("//"):
        url = "https:" + url
    if not urlsplit(url).scheme and base_url:
        url = urljoin(base_url, url)
    return url if urlsplit(url).scheme.lower() in SCHEMES else None


def link_target(raw: object, base_url: str | None) -> str | None:
    """The clean target of an `href` value; None for none, an in-page anchor or another scheme."""
    if not isinstance(raw, str) or not raw.strip() or raw.strip().startswith("#"):
        return None
    url = resolve(raw.strip(), base_url)
    return clean_url(url) if url else None


def merge_tag_target(raw: object) -> str | None:
    """The merge tag an `href` value is made of ("{{rp_refer_url}}"), else None."""
    match = MERGE_TAG.search(unquote(raw)) if isinstance(raw, str) else None
    return match.group() if match else None
