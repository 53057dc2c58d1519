"""Export an incident as one bundle and import it elsewhere with its chain and evidence."""

from __future__ import annotations

import json
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from breachkit.core.errors import InputError
from breachkit.core.timesource import FixedClock
from breachkit.services import Services


@pytest.fixture
def exported(services: Services, incident_file: Path, tmp_path: Path) -> tuple[str, Path]:
    incident, _ = services.create_from_file(incident_file)
    services.log(incident, "laptop reported stolen to the police", kind="communication")
    services.set_fact(incident, "data.data_subjects", 120)
    evidence = tmp_path / "police-report.pdf"
    evidence.write_bytes(b"%PDF-1.4 police report")
    services.attach(incident, evidence)
    bundle = tmp_path / "out" / "case.bkbundle"
    services.export_bundle(incident, bundle)
    return incident, bundle


def elsewhere(tmp_path: Path, clock: FixedClock) -> Services:
    return Services(
        tmp_path / "other" / "bk.db",
        org_path=tmp_path / "none.toml",
        clock=clock,
        actor="colleague",
    )


def test_the_bundle_is_private(exported: tuple[str, Path]) -> None:
    _, bundle = exported
    assert oct(bundle.stat().st_mode & 0o777) == "0o600"


def test_import_keeps_chain_facts_history_and_evidence(
    services: Services, exported: tuple[str, Path], tmp_path: Path, clock: FixedClock
) -> None:
    incident, bundle = exported
    other = elsewhere(tmp_path, clock)
    imported = other.import_bundle(bundle)
    assert imported == incident
    original = services.timeline(incident)
    copied = other.timeline(imported)
    assert [e.hash for e in copied[: len(original)]] == [e.hash for e in original]
    assert "Imported from bundle case.bkbundle" in copied[-1].content.text
    assert other.incident(imported).facts.data.data_subjects == 120
    assert [c.key for c in other.fact_history(imported)] == ["data.data_subjects"]
    (report,) = other.verify(imported)
    assert report.ok and report.evidence_checked == 1


def test_importing_twice_is_refused(
    exported: tuple[str, Path], tmp_path: Path, clock: FixedClock
) -> None:
    _, bundle = exported
    other = elsewhere(tmp_path, clock)
    first = other.import_bundle(bundle)
    with pytest.raises(InputError, match=f"already here as {first}"):
        other.import_bundle(bundle)


def test_an_id_already_taken_gets_a_new_one(
    exported: tuple[str, Path], tmp_path: Path, clock: FixedClock, incident_file: Path
) -> None:
    incident, bundle = exported
    other = elsewhere(tmp_path, clock)
    assert other.create_from_file(incident_file)[0] == incident
    imported = other.import_bundle(bundle)
    assert imported != incident
    assert f"was {incident} where it came from" in other.timeline(imported)[-1].content.text


def _rewrite(bundle: Path, target: Path, change: Callable[[dict[str, Any]], None]) -> Path:
    with zipfile.ZipFile(bundle) as source, zipfile.ZipFile(target, "w") as out:
        for item in source.namelist():
            data = source.read(item)
            if item == "bundle.json":
                document = json.loads(data)
                change(document)
                data = json.dumps(document).encode()
            out.writestr(item, data)
    return target


def test_a_tampered_bundle_is_refused_and_nothing_written(
    exported: tuple[str, Path], tmp_path: Path, clock: FixedClock
) -> None:
    _, bundle = exported

    def edit(document: dict[str, Any]) -> None:
        document["timeline"][1]["text"] = "nothing was stolen"

    forged = _rewrite(bundle, tmp_path / "forged.bkbundle", edit)
    other = elsewhere(tmp_path, clock)
    with pytest.raises(
        InputError, match="entry 2 was edited after it was recorded; nothing was imported"
    ):
        other.import_bundle(forged)
    assert other.incidents() == []


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"not a zip", "not a zip file"), (None, "no bundle.json")],
)
def test_not_a_bundle(
    tmp_path: Path, clock: FixedClock, content: bytes | None, message: str
) -> None:
    path = tmp_path / "x.bkbundle"
    if content is None:
        with zipfile.ZipFile(path, "w") as z:
            z.writestr("hello.txt", "hi")
    else:
        path.write_bytes(content)
    with pytest.raises(InputError, match=message):
        elsewhere(tmp_path, clock).import_bundle(path)
