"""Reading and changing one fact of a facts document (``title``, ``breach.cause``,
``text.fr.summary``): the one rule the service that records a ``fact.set`` change and
the fold that replays it both use, so the stored facts and the chain cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from breachkit.core.timeline.typed import ChangeError


def get_fact(document: Mapping[str, Any], key: str) -> Any:
    """The value at ``key`` (``title``, ``table.name``, ``text.fr.summary``) of a facts
    document, or None."""
    *tables, name = key.split(".")
    for table in tables:
        section = document.get(table)
        if not isinstance(section, Mapping):
            return None
        document = section
    return document.get(name)


def apply_fact(document: Mapping[str, Any], key: str, value: Any) -> dict[str, Any]:
    """A copy of ``document`` with ``key`` set to ``value`` (None: removed).

    The one rule for changing a fact: the service that records the change and the fold
    that replays it both use it, so the stored facts and the chain cannot drift apart.
    Only the tables on the way to ``key`` are copied; the rest is shared.
    """
    out = dict(document)
    target = out
    for table in key.split(".")[:-1]:
        section = target.get(table)
        if not isinstance(section, Mapping):
            break  # missing: set_fact_in_place makes it; not a table: it says so
        target[table] = target = dict(section)
    set_fact_in_place(out, key, value)
    return out


def set_fact_in_place(document: dict[str, Any], key: str, value: Any) -> None:
    """:func:`apply_fact` without the copy (for a document its caller owns)."""
    *tables, name = key.split(".")
    target = document
    for table in tables:
        section = target.get(table)
        if section is None:
            section = target[table] = {}
        elif not isinstance(section, dict):
            raise ChangeError(f"'{table}' is not a table of facts")
        target = section
    if value is None:
        target.pop(name, None)
    else:
        target[name] = value


def copy_facts(document: Mapping[str, Any]) -> dict[str, Any]:
    """A copy of a facts document whose tables (at any depth) are copies too."""
    return {k: copy_facts(v) if isinstance(v, dict) else v for k, v in document.items()}
