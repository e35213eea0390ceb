"""How long `parse_issue` takes: the KW6 fixtures and synthetic 5 MB / 10 MB issues.

Run by hand: `python -m bench.bench_parse`. Prints the median of several runs per input; the
10 MB line shows whether the parser stays linear (about twice the 5 MB time).
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

from newsletter.parse import parse_issue
from tests.newsletter.issue_samples import fragment, intro, p, rss, rss_item, sections, web_page

FIXTURES = Path(__file__).parent.parent / "tests" / "fixtures"
NEWS_ITEM = p("🔓 <b>Meldung:</b> " + "Ein Satz über Märkte. " * 40) + p(
    '🔗 <a class="link" href="https://example.com/?utm_source=x&amp;id=1">Quelle</a>'
)


def big_issue(megabytes: float) -> list[str]:
    """The blocks of an issue whose news section is padded to about `megabytes`."""
    blocks = [*intro(), *sections()]
    at = blocks.index(p("Das sind die weiteren News der Woche:")) + 1
    count = int(megabytes * 1_000_000 / len(NEWS_ITEM.encode())) + 1
    return [*blocks[:at], *[NEWS_ITEM] * count, *blocks[at:]]


def median_seconds(data: bytes, runs: int) -> float:
    """The median wall time of `runs` parses of `data`."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        parse_issue(data)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    """Print one line per input: size and median parse time."""
    inputs: list[tuple[str, bytes, int]] = [
        (name, (FIXTURES / name).read_bytes(), 50)
        for name in ("kw06-2025.rss.xml", "kw06-2025.web.html")
    ]
    for megabytes in (5, 10):
        blocks = big_issue(megabytes)
        inputs += [
            (f"{megabytes} MB fragment", fragment(*blocks).encode(), 3),
            (f"{megabytes} MB RSS", rss(rss_item(body=fragment(*blocks))).encode(), 3),
            (f"{megabytes} MB web page", web_page(blocks=blocks).encode(), 3),
        ]
    parse_issue(inputs[0][1])  # warm up imports and regex caches
    for name, data, runs in inputs:
        seconds = median_seconds(data, runs)
        print(f"{name:22} {len(data) / 1e6:6.2f} MB  {seconds * 1000:9.1f} ms")


if __name__ == "__main__":
    main()
