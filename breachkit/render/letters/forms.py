"""Letters as text: the plain-text body of an e-mail and a self-contained HTML page."""

from __future__ import annotations

from breachkit.core.letters.markup import Block, Kind
from breachkit.render.text import Wrapper


def plain_text(blocks: tuple[Block, ...], width: int = 72) -> str:
    """Blocks as plain text for an e-mail: headings underlined, lists indented."""
    out: list[str] = []
    wrapper = Wrapper(len)  # monospace: a character is a column
    previous = Kind.PARAGRAPH
    for block in blocks:
        if previous is Kind.LINE and block.kind not in (Kind.LINE, Kind.GAP):
            out.append("")
        previous = block.kind
        if block.kind is Kind.HEADING:
            out += ["", block.text, "-" * len(block.text)]
        elif block.kind is Kind.SUBHEADING:
            out += ["", block.text]
        elif block.kind is Kind.ITEM:
            lines = wrapper.lines(" ".join(block.text.split()), width - 2)
            out.append("- " + "\n  ".join(lines))
        elif block.kind is Kind.LINE:
            out.append(block.text)
        elif block.kind is Kind.GAP:
            out.append("")
        else:
            out += ["\n".join(wrapper.lines(" ".join(block.text.split()), width)), ""]
    text = "\n".join(out)
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    return text.strip("\n") + "\n"


def html_page(title: str, blocks: tuple[Block, ...], language: str) -> str:
    """A self-contained HTML page (for a website), every value escaped."""
    from html import escape

    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{escape(language)}"><head><meta charset="utf-8">',
        f"<title>{escape(title)}</title>",
        "<style>body{font-family:sans-serif;max-width:42em;margin:2em auto;line-height:1.5;"
        "padding:0 1em}small{color:#555}</style></head><body>",
        f"<h1>{escape(title)}</h1>",
    ]
    in_list = False
    for block in blocks:
        if block.kind is Kind.ITEM and not in_list:
            parts.append("<ul>")
            in_list = True
        elif block.kind is not Kind.ITEM and in_list:
            parts.append("</ul>")
            in_list = False
        text = escape(block.text)
        parts.append(
            {
                Kind.HEADING: f"<h2>{text}</h2>",
                Kind.SUBHEADING: f"<h3>{text}</h3>",
                Kind.ITEM: f"<li>{text}</li>",
                Kind.LINE: f"{text}<br>",
                Kind.GAP: "<br>",
                Kind.SMALL: f"<p><small>{text}</small></p>",
            }.get(block.kind, f"<p>{text}</p>")
        )
    if in_list:
        parts.append("</ul>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"
