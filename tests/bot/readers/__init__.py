"""Tests of bot.readers."""
