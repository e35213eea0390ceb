"""Doppelbot package: handlers."""
