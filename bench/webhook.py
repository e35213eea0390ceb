"""Webhook benchmark (run by hand, not a test): how fast one instance takes updates.

    python bench/webhook.py [--updates 2000] [--concurrency 20] [--database-url URL]

Starts the fake Bot API (no flood limits, in a thread) and a real `doppelbot run --webhook`
process on 127.0.0.1 (a temporary SQLite file unless --database-url; on PostgreSQL in its own
schema, dropped afterwards), then POSTs N updates as Telegram does (JSON, the secret header;
`/help` from N different readers, so neither the burst limit nor the per-chat pacing applies)
with C requests at once. Prints the HTTP answer's latency (p50/p95/p99/max: the update noted in
the database and queued), requests per second, and the time until the fake had every reply.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import signal
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

import aiohttp
from sqlalchemy import make_url, text

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.simulator.bot_api_thread import FakeBotAPIThread  # noqa: E402
from bot.simulator.objects import make_command_update  # noqa: E402
from storage.db import make_engine  # noqa: E402
from tests.bot.instances import SECRET, bot_env, free_port, start  # noqa: E402

FIRST_READER = 8_000_001


def parse_args() -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--updates", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=20)
    parser.add_argument("--database-url", default=None, help="PostgreSQL (own schema)")
    return parser.parse_args()


async def post_all(port: int, count: int, concurrency: int) -> list[float]:
    """POST `count` updates, `concurrency` at a time; return each answer's latency (s)."""
    url = f"http://127.0.0.1:{port}/telegram"
    headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET, "Content-Type": "application/json"}
    latencies: list[float] = []
    queue: asyncio.Queue[int] = asyncio.Queue()
    for n in range(count):
        queue.put_nowait(n)

    async def worker(session: aiohttp.ClientSession) -> None:
        while not queue.empty():
            n = queue.get_nowait()
            update = make_command_update("help", user_id=FIRST_READER + n, update_id=100_000 + n)
            began = time.perf_counter()
            async with session.post(url, data=json.dumps(update), headers=headers) as response:
                await response.read()
                assert response.status == 200, response.status
            latencies.append(time.perf_counter() - began)

    async with aiohttp.ClientSession() as session:
        await asyncio.gather(*(worker(session) for _ in range(concurrency)))
    return latencies


def schema_url(url: str) -> tuple[str, str]:
    """A fresh schema on the PostgreSQL server at `url`, and its URL."""
    schema = f"bench_webhook_{uuid.uuid4().hex[:8]}"
    admin = make_engine(url)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    admin.dispose()
    own = make_url(make_engine(url).url.render_as_string(hide_password=False))
    own = own.update_query_dict({"options": f"-csearch_path={schema}"})
    return schema, own.render_as_string(hide_password=False)


def main() -> None:
    """Run the benchmark and print the figures."""
    args = parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="bench-webhook-"))
    schema, database = None, f"sqlite:///{workdir / 'bot.db'}"
    if args.database_url:
        schema, database = schema_url(args.database_url)
    port = free_port()
    with FakeBotAPIThread(rate=None, per_chat_rate=None, allow_local_webhooks=True,
                          keep_calls=False) as api:  # fmt: skip
        env = bot_env(database, api.base_url, port, BROADCAST_GRACE="1s", LOG_LEVEL="WARNING")
        bot = start(env, workdir / "bot.log", "--webhook")
        try:
            api.wait_for(lambda a: a.backend.webhook.active, timeout=60)
            began = time.perf_counter()
            latencies = asyncio.run(post_all(port, args.updates, args.concurrency))
            posted = time.perf_counter() - began
            api.wait_for(lambda a: a.stats()["sends"] >= args.updates, timeout=600)
            replied = time.perf_counter() - began
        finally:
            bot.send_signal(signal.SIGTERM)
            bot.wait(60)
    if schema is not None:
        admin = make_engine(args.database_url)
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()
    cuts = statistics.quantiles(latencies, n=100)
    engine = "PostgreSQL" if schema else "SQLite"
    print(f"{args.updates} updates, {args.concurrency} at a time, {engine}:")
    print(
        f"  answer latency: p50 {cuts[49] * 1000:.1f} ms, p95 {cuts[94] * 1000:.1f} ms, "
        f"p99 {cuts[98] * 1000:.1f} ms, max {max(latencies) * 1000:.1f} ms"
    )
    print(f"  {args.updates / posted:.0f} updates/s taken; every reply sent after {replied:.1f} s")


if __name__ == "__main__":
    main()
