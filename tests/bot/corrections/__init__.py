"""Tests of bot.corrections."""
