"""Load check of the fake Bot API server (run by hand, not a test): how many requests per second
it answers on this machine.

    python -m bench.simulator_load --requests 20000 --concurrency 100 --rate 1000 --latency-ms 0

Starts `python -m bot.simulator.bot_api` as a separate process, fires PTB-shaped form-encoded
sendMessage requests (a 1400-character text with 20 entities, one chat per request) over
keep-alive connections as fast as the server answers, and prints requests/s, the server's CPU
time per request and its counters.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import subprocess
import sys
import time
from urllib.parse import urlencode, urlsplit

import aiohttp

_SENTENCE = "Die Aktie von 🇨🇳 Alibaba stieg um 4,2 %. "  # 43 UTF-16 units, "Alibaba" at 19
_TEXT = (_SENTENCE * 33).strip()
_ENTITIES = json.dumps(
    [{"type": "bold", "offset": 43 * i + 19, "length": 7} for i in range(19)]
    + [{"type": "text_link", "offset": 43 * 20, "length": 9, "url": "https://example.com/x"}]
)


async def _fire(base_url: str, total: int, concurrency: int) -> float:
    """Send `total` requests over `concurrency` keep-alive connections; return the seconds.

    A bare HTTP/1.1 client on asyncio streams: the request bytes are built once, so the client's
    CPU (it shares the machine with the server) is spent on sockets and the figure measures the
    server."""
    url = urlsplit(base_url)
    counter = iter(range(total))
    rest = ("&" + urlencode({"text": _TEXT, "entities": _ENTITIES})).encode()
    head = (
        f"POST {url.path}TOKEN/sendMessage HTTP/1.1\r\nHost: {url.netloc}\r\n"
        "Content-Type: application/x-www-form-urlencoded\r\n"
    ).encode()

    async def worker() -> None:
        reader, writer = await asyncio.open_connection(url.hostname, url.port)
        for i in counter:
            body = b"chat_id=%d" % (1_000_000 + i) + rest
            writer.write(head + b"Content-Length: %d\r\n\r\n" % len(body) + body)
            headers = await reader.readuntil(b"\r\n\r\n")
            length = int(re.search(rb"(?i)content-length: *(\d+)", headers)[1])  # type: ignore[index]
            await reader.readexactly(length)
        writer.close()

    start = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return time.perf_counter() - start


def _cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process (Linux)."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def _stats(url: str) -> dict:
    async with aiohttp.ClientSession() as session, session.get(f"{url}/_stats") as resp:
        return await resp.json()


def main() -> None:
    """Run the load check and print the figures."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=20000)
    parser.add_argument("--concurrency", type=int, default=100)
    parser.add_argument("--rate", type=float, default=1000.0)
    parser.add_argument("--latency-ms", type=float, default=0.0)
    args = parser.parse_args()
    server = subprocess.Popen(
        [sys.executable, "-m", "bot.simulator.bot_api", "--rate", str(args.rate),
         "--latency-ms", str(args.latency_ms)],
        stdout=subprocess.PIPE,
        text=True,
    )  # fmt: skip
    try:
        base_url = server.stdout.readline().strip()  # type: ignore[union-attr]
        cpu_before = _cpu_seconds(server.pid)
        elapsed = asyncio.run(_fire(base_url, args.requests, args.concurrency))
        cpu = _cpu_seconds(server.pid) - cpu_before
        stats = asyncio.run(_stats(base_url.removesuffix("/bot")))
    finally:
        server.terminate()
        server.wait(10)
    print(f"{args.requests} requests in {elapsed:.2f} s: {args.requests / elapsed:.0f} req/s")
    print(
        f"server CPU {cpu:.2f} s = {cpu / args.requests * 1e6:.0f} µs/request: "
        f"one core answers about {args.requests / cpu:.0f} req/s"
    )
    print(
        f"accepted {stats['accepted']} ({stats['accepted'] / elapsed:.0f}/s), "
        f"429: {stats['rate_limited']}, violations: {stats['violations']}"
    )


if __name__ == "__main__":
    main()
