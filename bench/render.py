"""How long one issue takes from input bytes to Telegram messages (parse + render + split).

Run by hand from the repository root, in the project's virtual environment:

    python bench/render.py

For the KW6 feed, the KW6 web page and a synthetic issue ten times as large (the KW6 sections
copied ten times, each heading marked "(Teil n)"), it prints milliseconds per issue (median and
95th percentile of `build_issue`), where the time goes (parse, render, and inside render the
sulguk conversion, the Markdown and the splitter, then earnings), the messages produced and the
largest message as a share of Telegram's 4096-unit limit. Timings on a shared machine vary by
±20 %: compare figures taken in one run.
"""

from __future__ import annotations

import re
import statistics
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import newsletter.issue
import newsletter.render
from newsletter.issue import build_issue
from newsletter.limits import MAX_TEXT
from newsletter.model import Issue
from newsletter.utf16 import utf16_len

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures"
BREAK = '<hr class="content_break">'
CLOSING = '<p class="paragraph" style="text-align:left;">Dieser Newsletter wird'
HEADING = re.compile(r"(<h[1-6][^>]*>)(.*?)(</h[1-6]>)", re.S)
# (module, attribute, phase): the steps of `build_issue` timed by wrapping them.
PHASES = [
    (newsletter.issue, "parse_issue", "parse"),
    (newsletter.issue, "render_header", "render"),
    (newsletter.issue, "render_section", "render"),
    (newsletter.render, "html_to_styled", "  sulguk"),
    (newsletter.render, "html_to_markdown", "  markdown"),
    (newsletter.render, "split_text", "  split"),
    (newsletter.issue, "parse_earnings", "earnings"),
]


def ten_times_kw6() -> bytes:
    """The KW6 feed with its sections (lead to earnings) ten times, headings made distinct."""
    feed = (FIXTURES / "kw06-2025.rss.xml").read_text(encoding="utf-8")
    start = feed.index(BREAK)
    end = feed.index(CLOSING, start)
    middle = feed[start:end]
    copies = [
        HEADING.sub(lambda m, n=n: f"{m[1]}{m[2]} (Teil {n}){m[3]}", middle) for n in range(1, 11)
    ]
    return (feed[:start] + "".join(copies) + feed[end:]).encode()


@contextmanager
def phase_timers() -> Iterator[dict[str, float]]:
    """Wrap the pipeline's steps so that each call adds its duration to its phase."""
    spent: dict[str, float] = defaultdict(float)
    originals = [(module, name, getattr(module, name)) for module, name, _ in PHASES]

    def timed(function: Callable[..., Any], phase: str) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                spent[phase] += time.perf_counter() - start

        return wrapper

    for (module, name, phase), (_, _, original) in zip(PHASES, originals, strict=True):
        setattr(module, name, timed(original, phase))
    try:
        yield spent
    finally:
        for module, name, original in originals:
            setattr(module, name, original)


def run_times(data: bytes, runs: int) -> list[float]:
    """Wall times in seconds of `runs` calls of `build_issue(data)`, after one warm-up."""
    build_issue(data)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        build_issue(data)
        times.append(time.perf_counter() - start)
    return times


def p95(values: list[float]) -> float:
    """The 95th percentile (inclusive method)."""
    return statistics.quantiles(values, n=20, method="inclusive")[18]


def describe(name: str, data: bytes, runs: int) -> None:
    """Print the timing, the phase split and the message figures of one input."""
    times = run_times(data, runs)
    with phase_timers() as spent:
        for _ in range(max(runs // 2, 3)):
            issue: Issue = build_issue(data)
    total = sum(v for k, v in spent.items() if not k.startswith(" "))
    phases = list(dict.fromkeys(phase for _, _, phase in PHASES))
    texts = [m for m in issue.messages if not m.photo]
    largest = max(utf16_len(m.text) for m in texts)
    print(
        f"{name:24} {len(data) / 1000:8.1f} kB  {runs:3} runs  "
        f"median {statistics.median(times) * 1000:8.1f} ms  p95 {p95(times) * 1000:8.1f} ms"
    )
    print("    " + "  ".join(f"{phase.strip()} {spent[phase] / total:4.0%}" for phase in phases))
    print(
        f"    {len(issue.sections)} sections, {len(issue.messages)} messages "
        f"({len(issue.messages) - len(texts)} with a photo), {len(issue.earnings)} earnings rows; "
        f"largest text {largest}/{MAX_TEXT} = {largest / MAX_TEXT:.2f} of the limit"
    )


def main() -> None:
    """Benchmark the three inputs."""
    print("build_issue: parse + render (sulguk, markdown, split) + earnings, per issue")
    print("(shares of the time: sulguk, markdown and split are parts of render)")
    describe("KW6 RSS feed", (FIXTURES / "kw06-2025.rss.xml").read_bytes(), 50)
    describe("KW6 web page", (FIXTURES / "kw06-2025.web.html").read_bytes(), 50)
    describe("KW6 x 10 (RSS)", ten_times_kw6(), 10)


if __name__ == "__main__":
    main()
