"""Screens of the breachkit TUI."""
