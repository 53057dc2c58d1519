"""Bundled rules data and their loaders (an adapter: reads files, then calls the core)."""

from __future__ import annotations

from importlib.resources import files

from breachkit.core.clocks.rules import RuleSet, parse_rules

CLOCK_RULES = "clocks.toml"


def load_clock_rules() -> RuleSet:
    """The shipped deadline rules (``breachkit/rules/clocks.toml``), validated."""
    resource = files("breachkit").joinpath("rules", CLOCK_RULES)
    return parse_rules(resource.read_text(encoding="utf-8"), f"breachkit/rules/{CLOCK_RULES}")
