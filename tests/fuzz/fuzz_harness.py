"""Run one hostile input through the command line and say what happened.

A :class:`Workspace` is a folder with an organisation profile, a database holding one
incident (with evidence) and a bundle exported from it. :meth:`Workspace.run` writes a
case's files, runs the command a user would (``new``, ``org check``, ``letters``,
``playbook list``, ``import``, ``draft``) in-process and classifies the result:

* ``accepted``: exit 0 (or 1 for ``org check``: the profile is valid, something is missing);
* ``clean error``: exit 2 with an ``error:`` message on stderr;
* ``exit 3``, ``traceback`` (an exception escaped, or a traceback was printed), ``hang``
  (over :data:`HANG_SECONDS`), ``file left`` (a refused input left a file anywhere, or an
  accepted one left a temporary file).

Used by ``tests/fuzz`` (bounded, in CI) and ``bench/fuzz.py`` (minutes, with figures).
"""

from __future__ import annotations

import contextlib
import json
import shutil
import signal
import stat
import zipfile
from collections.abc import Iterator
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

from click.testing import CliRunner, Result

from breachkit.cli.main import cli
from breachkit.core.timesource import FixedClock
from breachkit.services import Services

KINDS = ("incident", "profile", "subjects", "playbook", "bundle", "template")
HANG_SECONDS = 30
OUTPUTS = {"subjects": ("out/",), "template": ("out.md",), "bundle": ("other-evidence/sha256/",)}
"""Where an accepted input may leave files (inside the case folder or the workspace)."""
_SKIP = (".db", ".db-wal", ".db-shm", ".log")


class Outcome(StrEnum):
    ACCEPTED = "accepted"
    CLEAN_ERROR = "clean error"
    EXIT_3 = "exit 3"
    TRACEBACK = "traceback"
    HANG = "hang"
    FILE_LEFT = "file left"


class Hang(BaseException):  # not caught by the CLI's "except Exception"
    pass


GOOD_INCIDENT = (
    'title = "Laptop stolen"\ntimezone = "Europe/Luxembourg"\naware_at = "2026-11-19T11:30"\n'
    '[breach]\ntypes = ["confidentiality"]\ncause = "lost_or_stolen"\n'
    '[data]\ncategories = ["contact"]\ncountries = ["LU"]\n'
)
GOOD_PROFILE = (
    '[organisation]\nname = "Alzette IT"\ncountry = "LU"\ntimezone = "Europe/Luxembourg"\n'
    'languages = ["fr"]\naddress = ["1 rue X", "L-1234 Luxembourg"]\n'
    '[dpo]\nname = "C. Weber"\nemail = "dpo@alzette.example"\n[authority]\nlead = "cnpd"\n'
)


class Workspace:
    """A folder with a profile, one incident with evidence, and its exported bundle."""

    def __init__(self, root: Path) -> None:
        self.root = root
        (root / "org.toml").write_text(GOOD_PROFILE, encoding="utf-8")
        (root / "incident.toml").write_text(GOOD_INCIDENT, encoding="utf-8")
        (root / "outside").mkdir()
        (root / "outside" / "secret.txt").write_text("SECRET-1234", encoding="utf-8")
        clock = FixedClock(datetime(2026, 11, 20, 9, 0, tzinfo=UTC))
        services = Services(root / "bk.db", org_path=root / "org.toml", actor="fuzz", clock=clock)
        self.incident, _ = services.create_from_file(root / "incident.toml")
        services.log(self.incident, "isolated host", kind="action")
        services.set_fact(self.incident, "data.data_subjects", 12)
        services.add_review_item(self.incident, "lesson", "encrypt laptops")
        services.record_filing(self.incident, authority="cnpd", at="2026-11-19T12:00")
        first = services.playbook_status(self.incident).next_steps[0].step.id
        services.mark_step(self.incident, first, "done", note="done")
        (root / "fw.log").write_bytes(b"outbound 3.2 GB\n" * 20)
        services.attach(self.incident, root / "fw.log")
        self.bundle = services.export_bundle(self.incident, root / "base.bkbundle")
        services.close()
        (root / "fw.log").unlink()

    @property
    def case(self) -> Path:
        return self.root / "case"

    def run(self, kind: str, case: Any) -> tuple[Outcome, str]:
        """Run one case of ``kind``; returns the outcome and what the command said."""
        shutil.rmtree(self.case, ignore_errors=True)
        shutil.rmtree(self.root / "other-evidence", ignore_errors=True)
        for stale in self.root.glob("other.db*"):
            stale.unlink()
        self.case.mkdir()
        args = getattr(self, f"_{kind}")(case)
        before = self._files()
        try:
            with _alarm(HANG_SECONDS):
                result = CliRunner().invoke(cli, ["--actor", "fuzz", *args])
        except Hang:
            return Outcome.HANG, f"over {HANG_SECONDS} s"
        outcome = _classify(kind, result)
        left = self._left(before, kind, outcome)
        if left and outcome in (Outcome.ACCEPTED, Outcome.CLEAN_ERROR):
            return Outcome.FILE_LEFT, ", ".join(left[:5])
        if outcome is Outcome.ACCEPTED and kind in ("incident", "bundle"):
            return self._read_back(args, result.stdout.strip().splitlines()[-1:])
        return outcome, (result.stderr or result.stdout)[-400:]

    def _read_back(self, args: list[str], printed: list[str]) -> tuple[Outcome, str]:
        """An incident that was let in must then read like any other: every read command
        exits 0, 1 (verify found a problem) or 2, never 3."""
        base = [*args[: args.index("--db") + 2], "--org", str(self.root / "org.toml")]
        incident = printed[0] if printed else ""
        for command in (["list"], ["show", incident], ["timeline", incident],
                        ["clocks", incident], ["assess", incident], ["verify", incident],
                        ["playbook", "status", incident], ["register", "-o", "-"]):  # fmt: skip
            result = CliRunner().invoke(cli, [*base, *command])
            outcome = _classify("read", result)
            if outcome not in (Outcome.ACCEPTED, Outcome.CLEAN_ERROR) and result.exit_code != 1:
                return outcome, f"then `{' '.join(command)}`: {result.stderr[-300:]}"
        return Outcome.ACCEPTED, incident

    # -- one method per kind: write the case, return the command -------------------------

    def _base(self) -> list[str]:
        return ["--db", str(self.root / "bk.db"), "--org", str(self.root / "org.toml")]

    def _incident(self, data: bytes) -> list[str]:
        (self.case / "incident.toml").write_bytes(data)
        return [*self._base(), "new", "--from", str(self.case / "incident.toml")]

    def _profile(self, data: bytes) -> list[str]:
        (self.case / "org.toml").write_bytes(data)
        return [
            "--db",
            str(self.root / "bk.db"),
            "--org",
            str(self.case / "org.toml"),
            "org",
            "check",
        ]

    def _subjects(self, data: bytes) -> list[str]:
        people = self.case / "people.csv"
        people.write_bytes(data)
        return [*self._base(), "letters", self.incident, "--subjects", str(people),
                "--out", str(self.case / "out"), "--format", "eml", "--workers", "1",
                "--allow-incomplete"]  # fmt: skip

    def _playbook(self, data: bytes) -> list[str]:
        (self.case / "playbooks").mkdir()
        (self.case / "playbooks" / "fuzzed.toml").write_bytes(data)
        return [*self._base(), "--playbooks", str(self.case / "playbooks"), "playbook", "list"]

    def _template(self, case: tuple[str, bool]) -> list[str]:
        source, link_out = case
        folder = self.case / "templates" / "cnpd" / "fr"
        folder.mkdir(parents=True)
        (folder / "draft.md.j2").write_text(source, encoding="utf-8", errors="surrogatepass")
        if link_out:
            (self.case / "templates" / "secret.j2").symlink_to(self.root / "outside" / "secret.txt")
        return [*self._base(), "draft", self.incident, "--authority", "cnpd", "--lang", "fr",
                "--allow-incomplete", "--templates", str(self.case / "templates"),
                "-o", str(self.case / "out.md")]  # fmt: skip

    def _bundle(self, mutations: list[tuple[str, Any]]) -> list[str]:
        path = self.case / "case.bkbundle"
        forge_bundle(self.bundle, path, mutations)
        return ["--db", str(self.root / "other.db"), "import", str(path)]

    # -- files ---------------------------------------------------------------------------

    def _files(self) -> set[str]:
        found = set()
        for path in self.root.rglob("*"):
            if path.is_file() or path.is_symlink():
                found.add(path.relative_to(self.root).as_posix())
        return found

    def _left(self, before: set[str], kind: str, outcome: Outcome) -> list[str]:
        inputs = {p for p in before if p.startswith("case/")}
        new = sorted(p for p in self._files() - before - inputs if not p.endswith(_SKIP))
        if outcome is Outcome.ACCEPTED:
            allowed = tuple(
                f"case/{o}" if not o.startswith("other") else o for o in OUTPUTS.get(kind, ())
            )
            new = [p for p in new if not p.startswith(allowed) or p.endswith(".tmp")]
        return new


def _classify(kind: str, result: Result) -> Outcome:
    output = (result.stdout or "") + (result.stderr or "")
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        return Outcome.TRACEBACK
    if "Traceback (most recent call last)" in output:
        return Outcome.TRACEBACK
    if result.exit_code == 3:
        return Outcome.EXIT_3
    if result.exit_code == 0 or (kind == "profile" and result.exit_code == 1):
        return Outcome.ACCEPTED
    if result.exit_code == 2 and result.stderr.strip():
        return Outcome.CLEAN_ERROR
    return Outcome.TRACEBACK


@contextlib.contextmanager
def _alarm(seconds: int) -> Iterator[None]:
    def ring(_signum: int, _frame: object) -> None:
        raise Hang

    try:
        previous = signal.signal(signal.SIGALRM, ring)
    except ValueError:  # not the main thread: no watchdog
        yield
        return
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


# -- bundles -------------------------------------------------------------------------------


def forge_bundle(source: Path, target: Path, mutations: list[tuple[str, Any]]) -> None:
    """Write ``target``: the bundle at ``source`` with ``mutations`` applied."""
    with zipfile.ZipFile(source) as archive:
        members: list[tuple[zipfile.ZipInfo | str, bytes]] = [
            (info.filename, archive.read(info)) for info in archive.infolist()
        ]
    document = json.loads(members[0][1])
    raw_document: bytes | None = None
    cut: float | None = None
    flip: float | None = None
    for kind, parameter in mutations:
        evidence = next(
            (i for i, m in enumerate(members) if str(m[0]).startswith("evidence/")), None
        )
        if kind == "slip" and evidence is not None:
            members[evidence] = ("evidence/../../../escaped", members[evidence][1])
        elif kind == "absolute":
            members.append(("/tmp/breachkit-fuzz-absolute", b"x"))
        elif kind == "backslash":
            members.append(("evidence\\..\\..\\x", b"x"))
        elif kind == "symlink":
            link = zipfile.ZipInfo("evidence/" + "0" * 64)
            link.external_attr = (stat.S_IFLNK | 0o777) << 16
            members.append((link, b"/etc/passwd"))
        elif kind == "duplicate":
            members.append(members[0])
        elif kind == "document-bomb":
            raw_document = json.dumps(document).encode()[:-1] + b" " * (8 << 20) + b"}"
        elif kind == "evidence-bomb":
            members.append(("evidence/" + "1" * 64, b"\0" * (8 << 20)))
        elif kind == "truncate":
            cut = parameter
        elif kind == "flip":
            flip = parameter
        elif kind == "drop-evidence" and evidence is not None:
            members.pop(evidence)
        elif kind == "extra-evidence":
            members.append(("evidence/" + "2" * 64, b"planted"))
        elif kind == "folder":
            members.append(("evidence/", b""))
        elif kind == "encrypted":
            info = zipfile.ZipInfo("evidence/" + "3" * 64)
            info.flag_bits |= 0x1
            members.append((info, b"x"))
        elif kind == "row":
            _edit_row(document, *parameter)
        elif kind in ("field", "drop-field"):
            _edit(document, *parameter, drop=kind == "drop-field")
        elif kind == "deep-json":
            raw_document = (
                b'{"format": "breachkit-bundle", "x": ' + b"[" * 50_000 + b"]" * 50_000 + b"}"
            )
        elif kind == "not-json":
            raw_document = b'{"format": "breachkit-bundle", \xff'
    if raw_document is None:
        raw_document = json.dumps(document, allow_nan=True, default=str).encode(
            "utf-8", "surrogatepass"
        )
    members[0] = ("bundle.json", raw_document)
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about the duplicates we want
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, data in members:
                archive.writestr(name, data)
    data = target.read_bytes()
    if flip is not None and data:
        at = int(flip * (len(data) - 1))
        data = data[:at] + bytes([data[at] ^ 0xFF]) + data[at + 1 :]
    if cut is not None:
        data = data[: int(cut * len(data))]
    target.write_bytes(data)


def _edit_row(document: dict[str, Any], which: float, column: float, value: Any) -> None:
    """Set one cell of one side-table row (evidence, fact_changes, …) to ``value``."""
    tables = sorted(k for k, v in document.items() if k != "timeline" and isinstance(v, list) and v)
    if not tables:
        return
    rows = document[tables[int(which * (len(tables) - 1))]]
    row = rows[0]
    if isinstance(row, dict) and row:
        columns = sorted(row)
        row[columns[int(column * (len(columns) - 1))]] = value


def _edit(document: Any, path: str, value: Any, *, drop: bool) -> None:
    *parents, last = path.split(".")
    target = document
    for part in parents:
        if isinstance(target, list) and part.isdigit() and int(part) < len(target):
            target = target[int(part)]
        elif isinstance(target, dict) and part in target:
            target = target[part]
        else:
            return
    if isinstance(target, list) and last.isdigit() and int(last) < len(target):
        if drop:
            target.pop(int(last))
        else:
            target[int(last)] = value
    elif isinstance(target, dict):
        if drop:
            target.pop(last, None)
        else:
            target[last] = value
