"""Updates run concurrently across chats and in order within a chat."""

from __future__ import annotations

import asyncio

from telegram import Update

from bot.runtime.updates import ChatOrderedUpdateProcessor
from bot.simulator.objects import make_message_update


def _update(chat_id: int, update_id: int) -> Update:
    return Update.de_json(make_message_update("x", user_id=chat_id, update_id=update_id), None)


async def test_one_chat_in_order_other_chats_meanwhile() -> None:
    processor = ChatOrderedUpdateProcessor(16)
    log: list[str] = []
    release = asyncio.Event()

    async def slow(name: str) -> None:
        log.append(f"{name} start")
        await release.wait()
        log.append(f"{name} end")

    async def quick(name: str) -> None:
        log.append(name)

    async with processor:
        tasks = [
            asyncio.create_task(processor.process_update(_update(1, 1), slow("a1"))),
            asyncio.create_task(processor.process_update(_update(1, 2), quick("a2"))),
            asyncio.create_task(processor.process_update(_update(2, 3), quick("b1"))),
        ]
        for _ in range(5):
            await asyncio.sleep(0)
        assert log == ["a1 start", "b1"]  # b is not held up by a's slow update
        release.set()
        await asyncio.gather(*tasks)
    assert log == ["a1 start", "b1", "a1 end", "a2"]
    assert processor.chats_in_flight == 0


async def test_updates_without_a_chat_run_at_once() -> None:
    processor = ChatOrderedUpdateProcessor(4)
    ran = []

    async def work() -> None:
        ran.append(True)

    async with processor:
        await processor.process_update(Update(update_id=1), work())
    assert ran == [True]
