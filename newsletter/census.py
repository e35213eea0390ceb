"""How many links, poll links and images each element of the post body holds, counted once.

The editor blocks ask of many elements "is this one image with a caption?", "is every link of
this a poll answer?", "is this a lone styled link?". Counting once, up every element's
ancestors, answers the common "no" without searching each element's subtree again.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from urllib.parse import urlsplit

from bs4 import Tag
from bs4.element import PageElement

POLL_PATH = re.compile(r"/(?:polls|surveys|forms)/", re.IGNORECASE)


class Census:
    """Per element (by identity): its descendant links, poll links and images."""

    def __init__(self, nodes: Iterable[PageElement]) -> None:
        self.links: Counter[int] = Counter()
        self.poll_links: Counter[int] = Counter()
        self.images: Counter[int] = Counter()
        for node in nodes:
            if isinstance(node, Tag):
                for tag in node.find_all(["a", "img"]):
                    self._count(tag)

    def _count(self, tag: Tag) -> None:
        if tag.name == "img":
            counters = [self.images]
        elif tag.get("href") is None:
            return
        elif POLL_PATH.search(urlsplit(str(tag["href"])).path):
            counters = [self.links, self.poll_links]
        else:
            counters = [self.links]
        for parent in tag.parents:
            for counter in counters:
                counter[id(parent)] += 1

    def only_poll_links(self, tag: Tag) -> bool:
        """True if `tag` holds links and every one of them goes to a poll or survey page."""
        polls = self.poll_links[id(tag)]
        return polls > 0 and polls == self.links[id(tag)]

    def one_link(self, tag: Tag) -> bool:
        """True if `tag` holds exactly one link."""
        return self.links[id(tag)] == 1

    def one_image(self, tag: Tag) -> bool:
        """True if `tag` holds exactly one image (as counted before the reader moved any)."""
        return self.images[id(tag)] == 1
