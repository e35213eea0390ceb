"""A section's HTML as Markdown, the form kept for the archive and for search.

markdownify writes ATX headings ("## …"), "-" bullets and inline links; the section's image, which
the parser took out of the HTML, goes back in as `![title](url)` right under the heading.
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup
from markdownify import ATX, MarkdownConverter

_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
_BLANK_LINES = re.compile(r"\n{3,}")


def html_to_markdown(html: str, *, image: str | None = None, image_title: str = "") -> str:
    """Return the Markdown of a section's cleaned HTML, with `image` placed under its heading.

    Section breaks (`<hr>`) are dropped; runs of blank lines become one; the result is stripped.
    """
    soup = BeautifulSoup(html, "html.parser")
    for rule in soup.find_all("hr"):
        rule.decompose()
    if image:
        img = soup.new_tag("img", attrs={"src": image, "alt": image_title})
        heading = soup.find(_HEADINGS)
        if heading is None:
            soup.insert(0, img)
        else:
            heading.insert_after(img)
    converter = MarkdownConverter(heading_style=ATX, bullets="-")
    markdown = converter.convert_soup(soup)
    return _BLANK_LINES.sub("\n\n", markdown).strip()
