"""Printing for people (rich) and for programs (one JSON document on stdout)."""

from __future__ import annotations

import json
import sys
from typing import Any

from rich.console import Console

from breachkit.core.timeline.chain import TimelineEntry

out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)


def emit_json(document: Any) -> None:
    sys.stdout.write(json.dumps(document, ensure_ascii=False, indent=2, default=str))
    sys.stdout.write("\n")


def entry_json(entry: TimelineEntry) -> dict[str, Any]:
    return entry.to_document()
