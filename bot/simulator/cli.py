"""Command line of the fake Bot API server, for benchmarks that run it as a separate process.

    python -m bot.simulator.bot_api --port 8081 --rate 1000 --latency-ms 100 --blocked-share 0.05

Prints `http://127.0.0.1:PORT/bot` as its first line of output once it listens, then serves
until SIGINT or SIGTERM. Calls are not kept (only messages and counters) unless `--keep-calls`.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import signal
import sys

from bot.simulator.bot_api import FakeBotAPI


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Parse the command line."""
    parser = argparse.ArgumentParser(
        prog="python -m bot.simulator.bot_api",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    parser.add_argument("--token", default=None, help="accept only this token (default: any)")
    parser.add_argument("--rate", type=float, default=30.0, help="global msg/s, 0 = unlimited")
    parser.add_argument("--global-burst", type=float, default=None, help="default: one second")
    parser.add_argument("--per-chat-rate", type=float, default=1.0, help="msg/s, 0 = unlimited")
    parser.add_argument("--burst", type=float, default=3, help="per-chat burst allowance")
    parser.add_argument("--latency-ms", type=float, default=0.0)
    parser.add_argument("--blocked-share", type=float, default=0.0, help="0..1 of chats")
    parser.add_argument("--blocked", type=int, action="append", default=[], help="chat id")
    parser.add_argument("--not-found", type=int, action="append", default=[], help="chat id")
    parser.add_argument("--seed", type=int, default=0, help="which chats blocked-share picks")
    parser.add_argument("--keep-calls", action="store_true")
    return parser.parse_args(argv)


async def serve(args: argparse.Namespace) -> None:
    """Run the server until SIGINT/SIGTERM."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(sig, stop.set)
    api = FakeBotAPI(
        host=args.host,
        port=args.port,
        token=args.token,
        rate=args.rate,
        per_chat_rate=args.per_chat_rate,
        burst=args.burst,
        global_burst=args.global_burst,
        latency=args.latency_ms / 1000,
        blocked=args.blocked,
        blocked_share=args.blocked_share,
        not_found=args.not_found,
        seed=args.seed,
        keep_calls=args.keep_calls,
    )
    async with api:
        print(api.base_url, flush=True)
        await stop.wait()


def main(argv: list[str] | None = None) -> None:
    """Entry point of `python -m bot.simulator.bot_api`."""
    args = parse_args(argv)
    try:
        asyncio.run(serve(args))
    except KeyboardInterrupt:
        sys.exit(130)
