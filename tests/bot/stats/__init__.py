"""Tests of bot.stats."""
