"""bot.readers.subscription."""
