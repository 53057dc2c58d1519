"""The command line: thin click commands over the services layer."""

from breachkit.cli.main import main

__all__ = ["main"]
