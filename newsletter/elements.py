"""The HTML elements the body reader (`newsletter.body`) tells apart, by name.

Headings `h1`–`h4` cut sections, `h5`/`h6` are kickers; silent elements are dropped without a
word, forms with a warning; paragraph-like elements hold inline content; block elements end a
paragraph; inline elements stay inside one, and of those the kept ones become Telegram
formatting (`strong` → `b`, `em` → `i`, `kbd` → `code`, …).
"""

from __future__ import annotations

HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
KICKERS = frozenset({"h5", "h6"})
SILENT = frozenset(
    {"script", "style", "noscript", "template", "head", "title", "meta", "link", "base", "svg",
     "math", "source", "track", "map", "area", "param", "picture"}
)  # fmt: skip
FORMS = frozenset({"form", "button", "input", "select", "textarea", "fieldset", "option"})
PARAGRAPHS = frozenset({"p", "li", "dt", "dd", "figcaption", "caption", "address", "summary"})
BLOCKS = HEADINGS | PARAGRAPHS | frozenset(
    {"div", "ul", "ol", "table", "blockquote", "pre", "section", "article", "figure", "hr", "dl",
     "main", "header", "footer", "aside", "nav", "center", "details", "tr", "td", "th", "tbody"}
)  # fmt: skip
INLINE = frozenset(
    {"a", "abbr", "b", "bdi", "bdo", "big", "br", "cite", "code", "data", "del", "dfn", "em",
     "font", "i", "img", "ins", "kbd", "label", "mark", "q", "s", "samp", "small", "span",
     "strike", "strong", "sub", "sup", "time", "tt", "u", "var", "wbr"}
)  # fmt: skip
KEEP_INLINE = {
    "b": "b", "strong": "b", "i": "i", "em": "i", "u": "u", "ins": "u", "s": "s", "strike": "s",
    "del": "s", "code": "code", "kbd": "code", "samp": "code", "tt": "code",
}  # fmt: skip
