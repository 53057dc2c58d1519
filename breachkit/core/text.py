"""Text that crosses breachkit's edges: one check on the way in, one form on the way out.

Everything a person or a file gives breachkit (an incident file, ``set`` and ``log``,
the affected-people CSV, the organisation profile, a bundle, a TUI field) is text that
may have come from an attacker's reach: pasted from a log, exported from another system,
handed over by another team. Two rules keep it harmless:

* **In.** Where a value is one line that other programs read as a unit (a name, an
  e-mail address, an id, a title), control characters cannot belong: a line break in an
  organisation's name becomes a second e-mail header (``Bcc: …``), an escape sequence
  in a title rewrites the terminal. :func:`line_problem` says why such a value is
  refused; the callers turn that into exit 2 naming the field.
* **Out.** Free text (a summary, a timeline entry, a note) keeps what was typed, tabs
  and line breaks included, but every other control character is shown as a visible
  symbol (``ESC`` as ``␛``) by :func:`display`, the one function both the command line
  and the TUI print user text through. A terminal never receives a raw escape sequence
  from data.

The JSON output (``--json``) needs neither: JSON escapes control characters itself.
"""

from __future__ import annotations

import re

from breachkit.core.errors import InputError, Problem

# Bidirectional embeddings, overrides and isolates reorder what is shown ("Trojan
# Source"): refused in one-line values and shown visibly elsewhere.
_BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_LINE_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"

_C0 = "".join(chr(c) for c in range(0x20) if chr(c) not in "\t\n")
_C1 = "".join(chr(c) for c in range(0x7F, 0xA0))
_UNSAFE_OUT = re.compile(f"[{re.escape(_C0 + _C1 + _BIDI)}\u2028\u2029]")
# The patterns below are compiled when first used (``re`` keeps them): a command that
# only shows text compiles one (start-up, issue 19).
_UNSAFE_OUT_LINE = f"[{re.escape(_C0 + _C1 + _BIDI)}\n\u2028\u2029]"
_UNSAFE_IN_LINE = f"[{re.escape(_C0 + _C1 + _BIDI)}\t\n\u2028\u2029]"

MAX_LINE = 1000
"""The longest one-line value (a title, a name) in characters."""


def _visible(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    if code < 0x20:
        return chr(0x2400 + code)  # the Control Pictures block: ␀ … ␟ (␛ for ESC)
    if code == 0x7F:
        return "\u2421"  # ␡
    return f"<U+{code:04X}>"


def display(text: str, *, one_line: bool = False) -> str:
    """``text`` as it may be shown on a terminal: control characters made visible.

    Tabs and line breaks stay (unless ``one_line``, where a line break is shown as
    ``␊``); every other C0 or C1 control character, DEL and the bidirectional
    overrides become a visible symbol. Pure and cheap: call it on every user string
    that is printed.
    """
    if not isinstance(text, str):
        text = str(text)
    pattern = re.compile(_UNSAFE_OUT_LINE) if one_line else _UNSAFE_OUT
    return pattern.sub(_visible, text)


def line_problem(value: str, *, limit: int = MAX_LINE) -> str | None:
    """Why ``value`` cannot be a one-line value (name, address, id, title), or None."""
    found = re.search(_UNSAFE_IN_LINE, value)
    if found:
        char = found.group()
        if char in _LINE_BREAKS:
            return "must be one line (it contains a line break)"
        if char in _BIDI:
            return f"contains a text-direction control character (U+{ord(char):04X})"
        if char == "\t":
            return "must not contain a tab"
        return f"contains a control character ({_visible(found)}, U+{ord(char):04X})"
    if len(value) > limit:
        return f"is longer than {limit} characters"
    return None


def text_problem(value: str) -> str | None:
    """Why ``value`` cannot be stored as free text, or None: only a NUL is refused there
    (it ends strings in other programs); everything else is neutralised when shown."""
    if "\x00" in value:
        return "contains a NUL character"
    return None


# An address that a mail system accepts as one recipient: dot-atom local part (RFC 5322
# atext), a domain of letters, digits and hyphens with at least one dot. Anything that
# could smuggle a second recipient (comma, semicolon, space, angle brackets, a line
# break) fails.
_LOCAL = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
_LABEL = r"[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?"


def email_problem(address: str) -> str | None:
    """Why ``address`` is not one usable e-mail address, or None when it is."""
    shown = display(address, one_line=True)
    if address.count("@") != 1:
        return f"'{shown}' is not an e-mail address (it needs exactly one @)"
    local, domain = address.split("@")
    if not re.fullmatch(_LOCAL, local) or len(local) > 64:
        return f"'{shown}' is not an e-mail address (the part before @ is not valid)"
    try:
        ascii_domain = domain if domain.isascii() else domain.encode("idna").decode("ascii")
    except UnicodeError:
        return f"'{shown}' is not an e-mail address (the domain is not valid)"
    labels = ascii_domain.split(".")
    if len(labels) < 2 or not all(re.fullmatch(_LABEL, label) for label in labels):
        return f"'{shown}' is not an e-mail address (the domain is not valid)"
    return None


def require_line(value: str, source: str, key: str) -> str:
    """``value`` stripped, if it can be a one-line value; InputError (exit 2) naming
    ``key`` otherwise. For what people type on the command line or in the TUI."""
    problem = line_problem(value)
    if problem:
        raise InputError(Problem(source, key, problem))
    return value.strip()


def require_text(value: str, source: str, key: str) -> str:
    """``value`` if it can be stored as free text; InputError naming ``key`` otherwise."""
    problem = text_problem(value)
    if problem:
        raise InputError(Problem(source, key, problem))
    return value


def counted(count: int, word: str, plural: str = "") -> str:
    """A count with its noun, in English: ``1 file``, ``2 files``, ``1,000 batches``
    (``plural`` where adding "s" is wrong). Messages say this instead of ``file(s)``."""
    noun = word if count == 1 else plural or f"{word}s"
    return f"{count:,} {noun}"
