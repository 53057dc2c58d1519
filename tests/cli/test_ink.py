"""The light console (cli/ink.py): rich's markup read as rich reads it, styles only where
rich would style, tables folded without losing a word (issue 19: start-up without rich)."""

from __future__ import annotations

import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console
from rich.errors import MarkupError
from rich.markup import escape

from breachkit.cli import ink
from breachkit.cli.ink import Ink, fold, plain, width
from breachkit.cli.output import safe
from breachkit.core.text import display

TAGS = ["[bold]", "[dim]", "[/]", "[bold red]", "[bold white on red]", "[green]", "[/bold]"]
# text as people type it, with the characters markup and escapes are made of
TEXT = st.lists(
    st.sampled_from([*"ab [/]\\=:#@é漢\t\n\x1b", "[bold]", "\\[", "[/]", "[link=x]"]),
    max_size=15,
).map("".join)


class _Stream(io.StringIO):
    def __init__(self, terminal: bool = False) -> None:
        super().__init__()
        self._terminal = terminal

    def isatty(self) -> bool:
        return self._terminal


def _ink(stream: _Stream) -> Ink:
    return Ink(lambda: stream, lambda: Console(file=stream, highlight=False, soft_wrap=True))


def _rich(markup: str) -> str:
    stream = io.StringIO()
    Console(file=stream, highlight=False, soft_wrap=True, emoji=False).print(markup)
    return stream.getvalue()


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_safe_escapes_as_rich_does(text: str) -> None:
    assert safe(text) == escape(display(text))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(TEXT.map(safe), st.sampled_from(TAGS)), max_size=8))
def test_plain_output_is_what_rich_prints(parts: list[str]) -> None:
    """Any of our tags around escaped user text: the same text as rich, or, where rich
    refuses the markup (a ``[/]`` with nothing open), the same refusal."""
    markup = "".join(parts)
    stream = _Stream()
    try:
        expected = _rich(markup)
    except MarkupError:
        with pytest.raises(MarkupError):
            _ink(stream).print(markup)
        return
    _ink(stream).print(markup)
    assert stream.getvalue() == expected


def test_user_text_never_becomes_markup_or_emoji() -> None:
    stream = _Stream(terminal=True)
    typed = safe("[red]x[/] :lock: \\")
    _ink(stream).print(f"[bold]{typed}[/] tail")
    assert stream.getvalue() == "\x1b[1m[red]x[/] :lock: \\\x1b[0m tail\n"


@pytest.mark.parametrize(
    ("environ", "terminal", "expected"),
    [
        ({}, True, "\x1b[1;37;41m OVERDUE \x1b[0m due\n"),
        ({}, False, " OVERDUE  due\n"),
        ({"NO_COLOR": "1"}, True, "\x1b[1m OVERDUE \x1b[0m due\n"),
        ({"TERM": "dumb"}, True, " OVERDUE  due\n"),
        ({"FORCE_COLOR": "1"}, False, "\x1b[1;37;41m OVERDUE \x1b[0m due\n"),
    ],
)
def test_styles_only_where_rich_would_style(
    monkeypatch: pytest.MonkeyPatch, environ: dict[str, str], terminal: bool, expected: str
) -> None:
    for name in ("NO_COLOR", "FORCE_COLOR", "TERM"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    stream = _Stream(terminal=terminal)
    _ink(stream).print("[bold white on red] OVERDUE [/] due")
    assert stream.getvalue() == expected


def test_what_it_does_not_know_goes_to_rich() -> None:
    stream = _Stream()
    out = _ink(stream)
    out.print("[link=https://example.org]site[/link] and [blink2]x[/]")  # link; unknown style
    out.print("a", "b", style="bold")  # an option
    assert stream.getvalue() == "site and x\na b\n"
    with pytest.raises(ink.Unsupported):
        ink.sgr(["bold sparkly"])


def test_table_folds_the_last_column_and_keeps_every_word(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("COLUMNS", "40")
    stream = _Stream()
    title = safe("Fuite [bold] de données 漢字漢字 chez le sous-traitant de paie")
    _ink(stream).table([("[bold]BK-1[/]", "open", title)], header=("id", "status", "title"))
    lines = stream.getvalue().splitlines()
    assert lines[0] == "id    status  title"
    assert lines[1].startswith("BK-1  open    Fuite [bold] de")
    assert all(width(line) <= 40 for line in lines)
    assert all(line.startswith(" " * 14) for line in lines[2:])
    assert " ".join(" ".join(lines[1:]).split()[2:]) == plain(title)


def test_table_puts_the_last_column_under_the_row_when_there_is_no_room(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("COLUMNS", "50")
    stream = _Stream()
    row = ("BK-2026-0001", "open", "2026-11-30 10:05 CET (+01:00)", "a title")
    _ink(stream).table([row])
    assert stream.getvalue().splitlines() == [
        "BK-2026-0001  open  2026-11-30 10:05 CET (+01:00)",
        "              a title",
    ]


@settings(max_examples=300, deadline=None)
@given(TEXT.map(safe), st.integers(min_value=2, max_value=30))
def test_fold_keeps_every_word_within_the_width(markup: str, cells: int) -> None:
    lines = ["".join(part for part, _styles in line) for line in fold(markup, cells)]
    assert all(width(line) <= cells for line in lines)
    words = plain(markup).expandtabs(8).split()
    assert "".join("".join(lines).split()) == "".join(words)


def test_the_rich_fallback_prints_user_text_as_typed_too(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from breachkit.cli.output import out

    out.print(f"[link=https://example.org]{safe('see :lock: [red]x[/]')}[/link]")
    assert capsys.readouterr().out == "see :lock: [red]x[/]\n"
