"""Tests of bot.broadcast."""
