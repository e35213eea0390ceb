"""Start-up: the command list is registered with Telegram, in German."""

from __future__ import annotations

from tests.handlers.harness import Harness


async def test_post_init_registers_the_german_command_list(bot: Harness) -> None:
    await bot.app.post_init(bot.app)
    [call] = bot.request.calls_to("setMyCommands")
    commands = {c["command"]: c["description"] for c in call["commands"]}
    assert list(commands)[:3] == ["start", "latest", "archive"]
    assert commands["earnings"] == "Earnings der Woche, z. B. /earnings heute"
    assert set(commands) >= {"subscribe", "unsubscribe", "search", "referral", "top", "help",
                             "privacy", "deletedata"}  # fmt: skip
    assert not bot.request.violations


async def test_every_listed_command_has_a_handler(bot: Harness) -> None:
    from handlers.formatting.texts import READER_COMMANDS

    for command, _ in READER_COMMANDS:
        await bot.send(f"/{command}", user_id=10_000 + len(command))
        reply = bot.texts(10_000 + len(command))
        assert reply and "kenne ich nicht" not in reply[0], command
        bot.request.backend.records.reset()
