"""Widgets of the breachkit TUI."""
