"""How the Notify tab shows a draft: the portal sheet as text, and how to fill a gap.

The sheet (Markdown from the services) is shown line for line, as it will be copied
into the authority's form: titles bold and underlined, each field's label bold with its
value indented below. Line breaks stay (an address keeps its lines), which a Markdown
renderer would join.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.style import Style
from rich.text import Text

from breachkit.core.drafts import PROFILE_KEYS, Missing
from breachkit.tui.facts import BY_KEY


def sheet_text(markdown: str, warning: Style | None = None) -> Text:
    """The portal sheet, for reading on screen (``warning`` styles the INCOMPLETE notice)."""
    out = Text(end="")
    label = False
    for raw in markdown.splitlines():
        line = raw.rstrip()
        if not line:
            label = False
            continue
        if line.startswith("# "):
            out.append(line[2:] + "\n", style="bold underline")
        elif line.startswith("## "):
            out.append("\n" + line[3:] + "\n", style="bold reverse")
        elif line.startswith("**") and line.endswith("**") and len(line) > 4:
            text = line[2:-2]
            is_notice = text.isupper() or text.split(" ", 1)[0].rstrip(":").isupper()
            out.append(text + "\n", style=(warning or Style(bold=True)) if is_notice else "bold")
            label = not is_notice
        elif line.startswith("- "):
            out.append(("    • " if label else "  • ") + line[2:] + "\n")
        else:
            out.append(("    " if label else "") + line + "\n", style="" if label else "dim")
    out.rstrip()
    return out


@dataclass(frozen=True, slots=True)
class Fix:
    """How to fill in a missing item from the cockpit."""

    hint: str
    """What to do, in a few words."""
    fact: str = ""
    """Enter changes this fact (in a dialog, over the Notify tab)."""
    tab: str = ""
    """Enter shows this tab."""
    export: bool = False
    """It is given in the export dialog (x)."""


def fix_for(item: Missing) -> Fix:
    """Where in the cockpit ``item`` is filled in (the command line's way if nowhere)."""
    key = item.key
    if key == "response.measures":
        key = "response.measures_taken"
    spec = BY_KEY.get(key)
    if spec is not None:
        return Fix(f"Enter: change “{spec.label}” here (Overview fact)", fact=key)
    if key == "people_informed":
        return Fix(
            "Enter: the Risk tab, where c confirms the decision",
            tab="risk",
        )
    if key == "reasons_for_delay":
        return Fix("x: give the reasons in the export dialog", export=True)
    if key == "earlier_reference":
        return Fix(
            "Enter: the Clocks tab, where f records the initial filing and its reference",
            tab="clocks",
        )
    if key in PROFILE_KEYS:
        return Fix("in the organisation profile, outside the cockpit: breachkit org check")
    return Fix(item.fix)
