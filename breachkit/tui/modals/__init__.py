"""Modals of the breachkit TUI."""
