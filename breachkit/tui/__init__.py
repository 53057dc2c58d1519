"""The full-screen cockpit (Textual): incident board, new-incident wizard, workspace.

Only :mod:`breachkit.tui.app` is imported from outside (lazily, by the CLI). The TUI
calls the services layer and nothing below it.
"""
