"""`doppelbot demo` as a user meets it: seconds until it prints its address, until the bot
answers a reader's /start, until a reader's /latest has arrived whole (the bot's pace: Telegram's
about one message per second per chat), and until Ctrl+C has ended it; the median of `--runs`.

    python bench/demo.py [--runs 5]
"""

from __future__ import annotations

import argparse
import json
import signal
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ERIKA = 4242


def _post(url: str, text: str) -> None:
    request = urllib.request.Request(
        f"{url}/api/chat/{ERIKA}/send",
        data=json.dumps({"text": text}).encode(),
        headers={"Content-Type": "application/json"},
    )
    urllib.request.urlopen(request, timeout=10).close()


def _wait_bot(url: str, count: int) -> None:
    since, bubbles = 0, {}
    while sum('data-from="bot"' in html for html in bubbles.values()) < count:
        with urllib.request.urlopen(f"{url}/api/chat/{ERIKA}?since={since}", timeout=30) as r:
            answer = json.loads(r.read())
        since = answer["revision"]
        bubbles.update((m["id"], m["html"]) for m in answer["messages"])


def one_run() -> tuple[float, float, float, float]:
    """(address, /start answered, /latest whole, Ctrl+C) in seconds."""
    started = time.monotonic()
    command = [sys.executable, "-m", "bot", "demo", "--port", "0", "--no-browser"]
    proc = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    url = proc.stdout.readline().split()[1]
    address = time.monotonic() - started
    asked = time.monotonic()
    _post(url, "/start")
    _wait_bot(url, 1)
    answered = time.monotonic() - asked
    asked = time.monotonic()
    _post(url, "/latest")
    _wait_bot(url, 1 + 9)  # KW7: nine messages
    latest = time.monotonic() - asked
    stopping = time.monotonic()
    proc.send_signal(signal.SIGINT)
    assert proc.wait(30) == 0
    return address, answered, latest, time.monotonic() - stopping


def main() -> None:
    """Run the demo `--runs` times and print the medians."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    runs = [one_run() for _ in range(parser.parse_args().runs)]
    names = ("address printed", "/start answered", "/latest (9 messages) whole", "Ctrl+C to exit 0")
    for name, values in zip(names, zip(*runs, strict=True), strict=True):
        print(
            f"{name:28} median {statistics.median(values):6.2f} s  "
            f"(min {min(values):.2f}, max {max(values):.2f})"
        )


if __name__ == "__main__":
    main()
