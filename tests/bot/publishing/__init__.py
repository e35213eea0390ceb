"""Tests of bot.publishing."""
