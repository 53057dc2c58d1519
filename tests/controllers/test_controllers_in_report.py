"""The report and the register say which controllers were told, when, and acknowledged."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from pypdf import PdfReader

from tests.controllers.conftest import Processor


def _told(processor: Processor) -> None:
    services, incident, path = processor
    services.load_controllers(incident, path)
    services.record_controller_notified(incident, "C-001", at="2026-10-24T17:00", reference="N-1")
    services.record_controller_notified(incident, "C-002", at="2026-10-24T17:05")
    services.record_controller_acknowledged(incident, "C-002", at="2026-10-24T18:00")


def test_the_register_lists_the_controllers_told(processor: Processor, tmp_path: Path) -> None:
    services, incident, _path = processor
    _told(processor)
    (row,) = services.register_rows()
    assert row.controllers_told == "2 of 5 controllers told (1 acknowledged; 3 overdue)"
    assert row.controllers[0].startswith(
        "C-001 Boulangerie Muller S.à r.l.: told 2026-10-24 17:00 CEST"
    )
    assert "reference N-1" in row.controllers[0]
    assert "acknowledged 2026-10-24 18:00 CEST" in row.controllers[1]
    assert "not told yet; due" in row.controllers[2] and "(overdue)" in row.controllers[2]
    services.export_register(tmp_path / "register.csv")
    record = next(csv.DictReader(io.StringIO((tmp_path / "register.csv").read_text("utf-8-sig"))))
    assert record["controllers_told"].startswith("2 of 5 controllers told")
    services.export_register(tmp_path / "register.json")
    document = json.loads((tmp_path / "register.json").read_text())
    assert len(document["incidents"][0]["controllers"]) == 5
    services.export_register(tmp_path / "register.pdf")
    text = " ".join(p.extract_text() for p in PdfReader(tmp_path / "register.pdf").pages)
    assert "Controllers told" in text and "2 of 5 controllers told" in " ".join(text.split())


def test_the_report_lists_the_controllers_told(processor: Processor, tmp_path: Path) -> None:
    services, incident, _path = processor
    _told(processor)
    data = services.report_data(incident)
    assert data.controllers_told.startswith("2 of 5")
    services.export_report(incident, tmp_path / "report.pdf")
    text = " ".join(
        " ".join(p.extract_text() for p in PdfReader(tmp_path / "report.pdf").pages).split()
    )
    assert "Controllers told (Art. 33(2))" in text
    assert "C-002 Nordisk Fisk A/S: told" in text
