"""The small text format the letter templates write, read into blocks (pure).

One block per paragraph; the first characters of a line say what it is::

    # Title                     the subject line (once, at the top)
    ## Heading                  a section heading
    ### Subheading              an advice block's title
    - item                      a list item (following indented lines continue it)
    | line                      a line kept as it is (addresses, signatures)
    ~ text                      small print
    text                        a paragraph (following lines join it)

A blank line ends a paragraph or item; between kept lines it is a gap (a ``GAP`` block),
so an address and the greeting after it stay apart. There is no inline markup: every character of
a value is printed as it is, whatever it looks like.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Kind(StrEnum):
    TITLE = "title"
    HEADING = "heading"
    SUBHEADING = "subheading"
    ITEM = "item"
    LINE = "line"
    SMALL = "small"
    PARAGRAPH = "paragraph"
    GAP = "gap"


_PREFIXES = (
    ("### ", Kind.SUBHEADING),
    ("## ", Kind.HEADING),
    ("# ", Kind.TITLE),
    ("- ", Kind.ITEM),
    ("| ", Kind.LINE),
    ("~ ", Kind.SMALL),
)
_JOINABLE = (Kind.PARAGRAPH, Kind.ITEM, Kind.SMALL)


@dataclass(frozen=True, slots=True)
class Block:
    kind: Kind
    text: str


def parse_blocks(text: str) -> tuple[Block, ...]:
    """Blocks in order. ``|`` alone is an empty kept line (a gap in a signature)."""
    blocks: list[Block] = []
    current: list[str] = []
    kind: Kind | None = None

    def flush() -> None:
        nonlocal kind, current
        if kind is not None:
            joined = " ".join(" ".join(current).split()) if kind in _JOINABLE else current[0]
            if joined or kind is Kind.LINE:
                blocks.append(Block(kind, joined))
        kind, current = None, []

    after_blank = False
    for raw in text.splitlines():
        line = raw.rstrip()
        if not line.strip():
            flush()
            after_blank = True
            continue
        if after_blank and line.startswith("|") and blocks and blocks[-1].kind is Kind.LINE:
            blocks.append(Block(Kind.GAP, ""))
        after_blank = False
        if line == "|":
            flush()
            blocks.append(Block(Kind.LINE, ""))
            continue
        for prefix, found in _PREFIXES:
            if line.startswith(prefix):
                flush()
                kind, current = found, [line[len(prefix) :].strip()]
                if found not in _JOINABLE:
                    flush()
                break
        else:
            if kind in _JOINABLE:
                current.append(line.strip())
            else:
                flush()
                kind, current = Kind.PARAGRAPH, [line.strip()]
    flush()
    return tuple(blocks)
