"""tests.bot.simulator."""
