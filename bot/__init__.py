"""Doppelbot package: bot."""
