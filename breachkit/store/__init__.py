"""Persistence adapter: one SQLite file through sqlite-utils 4, plus the evidence folder."""
