"""Hypothesis strategies for hostile inputs: the six kinds of file breachkit reads.

Each strategy starts from something breachkit accepts and breaks it the way an attacker,
a broken export or a typing slip would: control characters and escape sequences, line
breaks in one-line values, far dates, huge and negative numbers, wrong types, deep
nesting, invalid UTF-8, truncation; for bundles, zip members that slip out of the folder,
links, duplicates, bombs and edited JSON; for templates, costly and forbidden Jinja.
Everything is bytes ready to write, so a case can be replayed from its printout.
"""

from __future__ import annotations

import json
import math
from datetime import datetime
from typing import Any

from hypothesis import strategies as st

ESCAPES = [
    "\x1b]0;pwned\x07",
    "\x1b]52;c;ZXZpbA==\x07",
    "\x1b[2J",
    "\x9b31m",
    "\r\nBcc: x@evil.org",
]
WEIRD = ["", " ", "\x00", "\u202e", "\u2028", "é", "Ø", "𝔘", "'", '"', "\\", "{{", "}}", "%s"]

hostile_text = st.one_of(
    st.text(max_size=40),
    st.sampled_from(ESCAPES + WEIRD),
    st.builds(
        lambda a, e, b: a + e + b,
        st.text(max_size=10),
        st.sampled_from(ESCAPES),
        st.text(max_size=10),
    ),
    st.builds(lambda n: "x" * n, st.sampled_from([1000, 1001, 5000, 140_000])),
)
far_times = st.sampled_from(
    [
        "9999-12-31T23:59",
        "0001-01-01T00:00",
        "1969-12-31T23:59Z",
        "2101-01-01T00:00Z",
        "2026-03-29T02:30",  # skipped by the spring-forward change in Europe
        "2026-10-25T02:30",  # happens twice
        "2026-11-19",
        "yesterday",
        "2026-11-19T25:00",
        "2026-11-19T11:30+25:00",
    ]
)
good_times = st.datetimes(min_value=datetime(1970, 1, 2), max_value=datetime(2100, 12, 30)).map(
    lambda d: d.isoformat(timespec="minutes")
)
scalars = st.one_of(
    hostile_text,
    far_times,
    good_times,
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)


# -- TOML out of a dict ---------------------------------------------------------------------


def _toml_string(text: str) -> str:
    out = []
    for c in text:
        if c in '"\\':
            out.append("\\" + c)
        elif ord(c) < 0x20 or ord(c) == 0x7F or 0xD800 <= ord(c) <= 0xDFFF:
            out.append(f"\\u{ord(c):04X}" if not 0xD800 <= ord(c) <= 0xDFFF else "?")
        else:
            out.append(c)
    return '"' + "".join(out) + '"'


def toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, str):
        return _toml_string(value)
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return (
            "{" + ", ".join(f"{_toml_string(k)} = {toml_value(v)}" for k, v in value.items()) + "}"
        )
    return _toml_string(str(value))


def toml_document(document: dict[str, Any]) -> str:
    """Top-level keys first, then one ``[table]`` per nested dict."""
    lines = [
        f"{_toml_string(k)} = {toml_value(v)}"
        for k, v in document.items()
        if not isinstance(v, dict)
    ]
    for key, table in document.items():
        if isinstance(table, dict):
            lines.append(f"[{_toml_string(key)}]")
            lines += [f"{_toml_string(k)} = {toml_value(v)}" for k, v in table.items()]
    return "\n".join(lines) + "\n"


def _mutate(base: dict[str, Any], paths: list[str]) -> st.SearchStrategy[dict[str, Any]]:
    """``base`` with some keys set to hostile values, removed, or unknown keys added."""

    def apply(changes: list[tuple[str, str, Any]]) -> dict[str, Any]:
        document: dict[str, Any] = json.loads(json.dumps(base))
        for action, path, value in changes:
            table, _, key = path.rpartition(".")
            target = document.setdefault(table, {}) if table else document
            if not isinstance(target, dict):
                continue
            if action == "drop":
                target.pop(key, None)
            else:
                target[key] = value
        return document

    change = st.tuples(
        st.sampled_from(["set", "set", "drop"]),
        st.one_of(st.sampled_from(paths), st.text(min_size=1, max_size=8)),
        values,
    )
    return st.lists(change, max_size=4).map(apply)


def _text_damage(text: str, data: st.DataObject | None = None) -> st.SearchStrategy[bytes]:
    encoded = text.encode("utf-8", "surrogatepass")
    return st.one_of(
        st.just(encoded),
        st.just(encoded),
        st.builds(lambda cut: encoded[:cut], st.integers(0, max(len(encoded) - 1, 0))),
        st.builds(
            lambda at, junk: encoded[:at] + junk + encoded[at:],
            st.integers(0, len(encoded)),
            st.sampled_from(
                [
                    b"\xff\xfe",
                    b"\x00",
                    b"[[[[[[[[",
                    b'"""',
                    b"\r",
                    b"= =",
                    b"[" * 5000 + b"]" * 5000,
                ]
            ),
        ),
    )


# -- the six kinds ---------------------------------------------------------------------------

INCIDENT = {
    "title": "Laptop stolen",
    "timezone": "Europe/Luxembourg",
    "aware_at": "2026-11-19T11:30",
    "breach": {"types": ["confidentiality"], "cause": "lost_or_stolen"},
    "data": {"categories": ["contact"], "data_subjects": 12, "countries": ["LU"]},
    "response": {"measures_taken": ["remote wipe"]},
}
INCIDENT_PATHS = [
    "title", "summary", "role", "timezone", "aware_at", "occurred_at", "detected_at",
    "controller_informed_at", "breach.types", "breach.cause", "breach.unavailable_hours",
    "data.data_subjects", "data.countries", "data.categories", "response.measures_taken",
    "response.consequences", "breach", "data",
]  # fmt: skip
PROFILE = {
    "organisation": {"name": "Alzette IT", "country": "LU", "timezone": "Europe/Luxembourg",
                     "languages": ["fr"], "address": ["1 rue X", "L-1234 Luxembourg"]},
    "dpo": {"name": "C. Weber", "email": "dpo@alzette.example", "phone": "+352 1"},
    "authority": {"lead": "cnpd"},
}  # fmt: skip
PROFILE_PATHS = [
    "organisation.name", "organisation.address", "organisation.country",
    "organisation.timezone", "organisation.languages", "dpo.email", "dpo.name", "dpo.phone",
    "authority.lead", "regimes.nis2", "processor.notify_controller_within_hours",
    "representative.title",
]  # fmt: skip

incident_files = _mutate(INCIDENT, INCIDENT_PATHS).map(toml_document).flatmap(_text_damage)
profiles = _mutate(PROFILE, PROFILE_PATHS).map(toml_document).flatmap(_text_damage)

COLUMNS = [
    "name",
    "email",
    "address",
    "postal_code",
    "city",
    "country",
    "language",
    "reference",
    "categories",
    "extra",
]


def _csv_cell(value: str) -> str:
    if any(c in value for c in ',"\r\n'):
        return '"' + value.replace('"', '""') + '"'
    return value


@st.composite
def subjects_files(draw: st.DrawFn) -> bytes:
    others = [c for c in COLUMNS if c not in ("name", "email")]
    header = draw(st.lists(st.sampled_from(others), max_size=5, unique=True))
    header = [*draw(st.sampled_from([["name", "email"], ["email", "name"], ["name"], []])), *header]
    if draw(st.integers(0, 9)) == 0:  # now and then a header that is itself wrong
        header = draw(st.lists(st.one_of(st.sampled_from(COLUMNS), hostile_text), max_size=5))
    rows = [",".join(header)]
    good = st.sampled_from(["Zoë Ørsted", "zoe@example.org", "fr", "LU", "1 rue X", "C-1"])
    for _ in range(draw(st.integers(0, 6))):
        cells = draw(st.lists(st.one_of(good, hostile_text), min_size=0, max_size=len(header) + 2))
        rows.append(",".join(_csv_cell(c) for c in cells))
    newline = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    return draw(_text_damage(newline.join(rows) + newline))


PLAYBOOK = {
    "id": "fuzzed",
    "title": "A fuzzed playbook",
    "version": 1,
    "phase": [{"id": "triage", "title": "Triage"}],
    "step": [
        {"id": "first", "title": "First", "phase": "triage", "owner": "dpo", "guidance": "Do it."}
    ],
}


def _playbook_text(document: dict[str, Any]) -> str:
    lines = [
        f"{k} = {toml_value(v)}" for k, v in document.items() if not isinstance(v, list | dict)
    ]
    for array in ("phase", "step"):
        items = document.get(array)
        if isinstance(items, list):
            for item in items:
                lines.append(f"[[{array}]]")
                if isinstance(item, dict):
                    lines += [f"{_toml_string(k)} = {toml_value(v)}" for k, v in item.items()]
        elif array in document:
            lines.append(f"{array} = {toml_value(items)}")
    return "\n".join(lines) + "\n"


@st.composite
def playbook_files(draw: st.DrawFn) -> bytes:
    document = json.loads(json.dumps(PLAYBOOK))
    for _ in range(draw(st.integers(0, 4))):
        where = draw(st.sampled_from(["top", "phase", "step"]))
        items = document.get(where)
        target = (
            document
            if where == "top"
            else (items[0] if isinstance(items, list) and items else None)
        )
        if not isinstance(target, dict):
            continue
        key = draw(
            st.one_of(
                st.sampled_from(list(target) + ["after", "clock", "when", "needs"]),
                st.text(max_size=6),
            )
        )
        target[key] = draw(values)
    return draw(_text_damage(_playbook_text(document)))


SNIPPETS = [
    "{{ 'a' * N }}", "{{ [1] * N }}", "{{ 2 ** N }}", "{{ 'x'|center(N) }}", "{{ 'x'.ljust(N) }}",
    "{% for i in range(N) %}{% for j in range(N) %}x{% endfor %}{% endfor %}",
    "{% for i in range(N) %}{% endfor %}", "{{ '{:>N}'.format(1) }}", "{{ '%Nd' % 1 }}",
    "{% include 'P' %}", "{% import 'P' as m %}", "{% extends 'P' %}", "{{ 1 / 0 }}",
    "{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}", "{{ x.__class__.__mro__ }}",
    "{{ ''.__class__ }}", "{{ cycler.__init__.__globals__ }}", "{{ lipsum(N) }}",
    "{{ range(N)|join('y' * N) }}", "{{ ('a' * N).replace('', 'bb') }}", "{{ undefined_thing }}",
    "{% set ns = namespace(x='ab') %}{% for i in range(40) %}"
    "{% set ns.x = ns.x ~ ns.x %}{% endfor %}",
    "{% set l = [] %}{{ l.append(1) }}", "{{ facts }}", "{% if %}", "{{", "{% for %}", "plain text",
    "{{ [[1]] * N|sum(start=[]) }}", "{{ range(10)|slice(N)|list }}", "{% raw %}{{{% endraw %}",
]  # fmt: skip
NUMBERS = ["1", "40", "1000", "100000", "3000000000", "999999999", "-1", "0"]
PATHS = [
    "/etc/passwd",
    "../../../etc/passwd",
    "cnpd/fr/draft.md.j2",
    "secret.j2",
    "outside/secret.txt",
    "x\x00y",
    "",
]


@st.composite
def templates(draw: st.DrawFn) -> tuple[str, bool]:
    """(the template's source, whether the folder also holds a link out of it)."""
    parts = []
    for snippet in draw(st.lists(st.sampled_from(SNIPPETS), min_size=1, max_size=4)):
        snippet = snippet.replace("N", draw(st.sampled_from(NUMBERS)))
        parts.append(snippet.replace("'P'", repr(draw(st.sampled_from(PATHS)))))
    if draw(st.booleans()):
        parts.insert(draw(st.integers(0, len(parts))), draw(hostile_text))
    return "\n".join(parts), draw(st.booleans())


BUNDLE_MUTATIONS = [
    "slip", "absolute", "backslash", "symlink", "duplicate", "document-bomb", "evidence-bomb",
    "truncate", "flip", "drop-evidence", "extra-evidence", "folder", "encrypted", "field",
    "drop-field",
    "deep-json", "not-json", "none", "row", "row", "row",
]  # fmt: skip
BUNDLE_FIELDS = [
    "incident.id", "incident.uid", "incident.title", "incident.status", "incident.created_at",
    "incident.head_seq", "incident.head_hash", "incident.facts", "incident.organisation",
    "incident.playbook_id", "exported_by", "exported_at", "timeline", "timeline.0",
    "timeline.0.seq", "timeline.0.kind", "timeline.0.text", "timeline.0.actor",
    "timeline.0.occurred_at", "timeline.0.links", "timeline.0.corrects", "timeline.1.hash",
    "format", "version", "evidence", "fact_changes",
]  # fmt: skip


@st.composite
def bundle_mutations(draw: st.DrawFn) -> list[tuple[str, Any]]:
    """A list of (mutation, parameter) applied to a real exported bundle."""
    out: list[tuple[str, Any]] = []
    for kind in draw(st.lists(st.sampled_from(BUNDLE_MUTATIONS), min_size=1, max_size=3)):
        if kind in ("field", "drop-field"):
            out.append((kind, (draw(st.sampled_from(BUNDLE_FIELDS)), draw(values))))
        elif kind == "row":
            out.append((kind, (draw(st.floats(0, 1)), draw(st.floats(0, 1)), draw(values))))
        elif kind in ("truncate", "flip"):
            out.append((kind, draw(st.floats(0.0, 1.0))))
        else:
            out.append((kind, None))
    return out
