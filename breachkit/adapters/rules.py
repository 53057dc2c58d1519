"""Bundled rules data and their loaders (an adapter: reads files, then calls the core)."""

from __future__ import annotations

from pathlib import Path

from breachkit.core.clocks.rules import RuleSet, parse_rules

CLOCK_RULES = "clocks.toml"


def load_clock_rules() -> RuleSet:
    """The shipped deadline rules (``breachkit/rules/clocks.toml``), validated."""
    # the package's own folder (importlib.resources would cost more to import than to read)
    resource = Path(__file__).resolve().parents[1] / "rules" / CLOCK_RULES
    return parse_rules(resource.read_text(encoding="utf-8"), f"breachkit/rules/{CLOCK_RULES}")
