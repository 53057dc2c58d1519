"""Bundles built by an attacker with zipfile: every one refused with exit 2 and a reason,
nothing stored, no temporary file left behind."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from breachkit.adapters import bundle_zip
from breachkit.cli.main import cli
from breachkit.core.errors import InputError
from breachkit.core.timesource import FixedClock
from breachkit.services import Services

Member = tuple[str | zipfile.ZipInfo, bytes]


@pytest.fixture
def exported(services: Services, incident_file: Path, tmp_path: Path) -> Path:
    incident, _ = services.create_from_file(incident_file)
    evidence = tmp_path / "fw.log"
    evidence.write_bytes(b"outbound 3.2 GB to 203.0.113.9\n" * 50)
    services.attach(incident, evidence)
    return services.export_bundle(incident, tmp_path / "case.bkbundle")


@pytest.fixture
def other(tmp_path: Path, clock: FixedClock) -> Iterator[Services]:
    svc = Services(tmp_path / "other" / "bk.db", org_path=tmp_path / "none.toml", clock=clock)
    yield svc
    svc.close()


def members_of(bundle: Path) -> list[Member]:
    with zipfile.ZipFile(bundle) as archive:
        return [(info.filename, archive.read(info)) for info in archive.infolist()]


def build(path: Path, members: list[Member]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members:
            archive.writestr(name, data)
    return path


def with_document(bundle: Path, target: Path, change: Callable[[dict[str, Any]], None]) -> Path:
    members = members_of(bundle)
    document = json.loads(members[0][1])
    change(document)
    return build(target, [("bundle.json", json.dumps(document).encode()), *members[1:]])


def nothing_left(other: Services) -> None:
    """No incident, no evidence file, no temporary file."""
    assert other.incidents() == []
    root = other.evidence.root
    files = [p for p in root.rglob("*") if p.is_file()] if root.exists() else []
    assert files == []


def refused(other: Services, bundle: Path, match: str) -> None:
    with pytest.raises(InputError, match=match) as caught:
        other.import_bundle(bundle)
    assert caught.value.exit_code == 2
    nothing_left(other)


# -- names -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "../escape",
        "/etc/cron.d/x",
        "evidence/../../x",
        "evidence\\..\\x",
        "evidence/" + "A" * 64,
        "evidence/",
        "hello.txt",
        "bundle.json/../x",
    ],
)
def test_a_member_name_that_is_not_a_bundle_file_is_refused(
    exported: Path, other: Services, tmp_path: Path, name: str
) -> None:
    forged = build(tmp_path / "f.bkbundle", [*members_of(exported), (name, b"x")])
    refused(other, forged, "not a file a bundle holds|link or a folder")


def test_a_duplicate_member_is_refused_not_last_one_wins(
    exported: Path, other: Services, tmp_path: Path
) -> None:
    members = members_of(exported)
    forged = tmp_path / "dup.bkbundle"
    with pytest.warns(UserWarning):  # zipfile itself warns about the duplicate
        build(forged, [*members, members[0]])
    refused(other, forged, "appears twice")


def test_a_symlink_member_is_refused(exported: Path, other: Services, tmp_path: Path) -> None:
    members = members_of(exported)
    link = zipfile.ZipInfo("evidence/" + "0" * 64)
    link.external_attr = (stat.S_IFLNK | 0o777) << 16
    forged = build(tmp_path / "link.bkbundle", [*members, (link, b"/etc/passwd")])
    refused(other, forged, "is a link")


# -- sizes -------------------------------------------------------------------------------------


def test_a_document_bomb_is_refused_before_it_is_inflated(
    exported: Path, other: Services, tmp_path: Path
) -> None:
    members = members_of(exported)
    bomb = members[0][1][:-1] + b" " * (20 << 20) + b"}"  # 20 MiB of spaces: ~1000:1
    forged = build(tmp_path / "bomb.bkbundle", [("bundle.json", bomb), *members[1:]])
    refused(other, forged, "zip bomb")


def test_an_evidence_bomb_is_refused_and_no_file_stays(
    exported: Path, other: Services, tmp_path: Path
) -> None:
    zeros = b"\0" * (30 << 20)
    members = [*members_of(exported)[:1], ("evidence/" + "0" * 64, zeros)]
    refused(other, build(tmp_path / "bomb.bkbundle", members), "zip bomb")


def test_too_many_members_are_refused(
    exported: Path, other: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bundle_zip, "MAX_MEMBERS", 2)
    members = [*members_of(exported), ("evidence/" + "1" * 64, b"x")]
    refused(other, build(tmp_path / "many.bkbundle", members), "more than 2 files")


def test_an_evidence_file_over_the_limit_is_refused_and_removed(
    exported: Path, other: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bundle_zip, "MAX_EVIDENCE", 100)
    refused(other, exported, "inflates to more than 100 bytes")


# -- evidence ----------------------------------------------------------------------------------


def test_evidence_with_a_wrong_hash_is_refused_and_never_stored(
    exported: Path, other: Services, tmp_path: Path
) -> None:
    members = members_of(exported)
    name = str(members[1][0])
    forged = build(tmp_path / "f.bkbundle", [members[0], (name, b"something else")])
    refused(other, forged, "does not match its hash")


def test_evidence_not_named_by_the_timeline_is_refused(
    exported: Path, other: Services, tmp_path: Path
) -> None:
    import hashlib

    extra = b"planted"
    name = "evidence/" + hashlib.sha256(extra).hexdigest()
    forged = build(tmp_path / "f.bkbundle", [*members_of(exported), (name, extra)])
    refused(other, forged, "not named by the timeline")


def test_an_interrupted_import_leaves_nothing(
    exported: Path, other: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupted(*_args: object, **_kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(other.bundle_part, "_insert_bundle", interrupted)
    with pytest.raises(KeyboardInterrupt):
        other.import_bundle(exported)
    nothing_left(other)


def test_temporary_files_of_a_killed_import_are_removed_at_the_next_start(
    exported: Path, other: Services
) -> None:
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)  # fmt: skip
    leftover = other.evidence.root / "tmp" / f"bundle-{gone.stdout.strip()}-abc123"
    leftover.parent.mkdir(parents=True)
    leftover.write_bytes(b"half of a 3 GiB evidence file")
    mine = other.evidence.root / "tmp" / f"bundle-{os.getpid()}-running"
    mine.write_bytes(b"an import still running in this process")
    restarted = Services(other.db_path, org_path=other.org_path)
    assert restarted.evidence.root == other.evidence.root  # opening the folder cleans it
    assert not leftover.exists() and mine.exists()


def test_a_truncated_bundle_is_refused(exported: Path, other: Services, tmp_path: Path) -> None:
    data = exported.read_bytes()
    for cut in (len(data) // 3, len(data) - 30):
        truncated = tmp_path / f"cut{cut}.bkbundle"
        truncated.write_bytes(data[:cut])
        refused(other, truncated, "not a zip file|damaged or truncated")


def test_a_fifo_is_not_read(other: Services, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.bkbundle"
    os.mkfifo(fifo)
    refused(other, fifo, "not a regular file")


# -- fields, as if typed ------------------------------------------------------------------------


def _set(path: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def change(document: dict[str, Any]) -> None:
        target: Any = document
        *parents, last = path.split(".")
        for part in parents:
            target = target[int(part)] if isinstance(target, list) else target[part]
        if isinstance(target, list):
            target[int(last)] = value
        else:
            target[last] = value

    return change


@pytest.mark.parametrize(
    ("change", "key"),
    [
        (_set("incident.id", "../../x"), "incident.id"),
        (_set("incident.id", "/tmp/owned"), "incident.id"),
        (_set("incident.title", "Pwned\x1b]0;x\x07"), "incident.title"),
        (_set("incident.title", None), "incident.title"),
        (_set("incident.status", "deleted"), "incident.status"),
        (_set("incident.head_seq", "1"), "incident.head_seq"),
        (_set("incident.uid", 5), "incident.uid"),
        (_set("incident.created_at", "9999-12-31T23:59:00+00:00"), "incident.created_at"),
        (_set("incident.facts", []), "incident.facts"),
        (_set("exported_by", "eve\r\nBcc: x"), "exported_by"),
        (_set("timeline", {"0": 1}), "timeline"),
        (_set("timeline.0", "entry"), "timeline[0]"),
        (_set("timeline.0.seq", "1"), "timeline[0].seq"),
        (_set("timeline.0.kind", "root"), "timeline[0].kind"),
        (_set("timeline.0.actor", "x\x1b[2J"), "timeline[0].actor"),
        (_set("timeline.0.occurred_at", "0001-01-01T00:00:00+14:00"), "timeline[0].occurred_at"),
        (_set("timeline.0.hash", "../.."), "timeline[0].hash"),
        (_set("timeline.0.links", [1]), "timeline[0].links"),
        (_set("evidence", "not rows"), "evidence"),
        (
            _set("incident.organisation", {"organisation": {"name": "Acme\r\nBcc: x@evil.org"}}),
            "organisation.name",
        ),
        (_set("timeline.0.kind", []), "timeline[0].kind"),
        (_set("evidence.0.added_at", ""), "evidence"),  # the table does not match the chain
        (_set("evidence.0.size", {"a": 1}), "evidence"),
        (_set("evidence.0.entry_seq", 10**30), "evidence[0].entry_seq"),
    ],
)
def test_every_field_is_checked_as_if_typed(
    exported: Path, other: Services, tmp_path: Path, change: Callable[..., None], key: str
) -> None:
    forged = with_document(exported, tmp_path / "f.bkbundle", change)
    with pytest.raises(InputError) as caught:
        other.import_bundle(forged)
    assert key in [p.key for p in caught.value.problems], caught.value
    nothing_left(other)


def test_a_document_nested_too_deep_is_refused(
    exported: Path, other: Services, tmp_path: Path
) -> None:
    members = members_of(exported)
    deep = b'{"format": "breachkit-bundle", "x": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    refused(other, build(tmp_path / "deep.bkbundle", [("bundle.json", deep)]), "nested")
    assert members  # the good bundle still imports after all this
    other.import_bundle(exported)


def test_the_command_line_says_why_with_exit_2(exported: Path, tmp_path: Path) -> None:
    forged = with_document(exported, tmp_path / "f.bkbundle", _set("incident.id", "../../x"))
    result = CliRunner().invoke(cli, ["--db", str(tmp_path / "cli.db"), "import", str(forged)])
    assert result.exit_code == 2
    assert "incident.id" in result.stderr and "BK-2026-0001" in result.stderr


def test_a_zip_version_breachkit_cannot_read_is_refused(
    exported: Path, other: Services, tmp_path: Path
) -> None:
    data = bytearray(exported.read_bytes())
    central = data.index(b"PK\x01\x02")
    data[central + 6 : central + 8] = (235).to_bytes(2, "little")  # "needs zip version 23.5"
    forged = tmp_path / "version.bkbundle"
    forged.write_bytes(bytes(data))
    refused(other, forged, "not a zip file breachkit can read")
