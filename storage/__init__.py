"""Doppelbot package: storage."""
