# ruff: noqa: E501
"""One clock per controller: windows of 24 h and 48 h, across the October DST change,
recorded on the chain (verify names a forged row, rebuild puts it back)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from breachkit.core.errors import InputError
from breachkit.services import Services
from tests.controllers.conftest import Processor


def test_loading_records_the_file_once_and_reports_bad_rows(processor: Processor) -> None:
    services, incident, path = processor
    loaded = services.load_controllers(incident, path)
    assert len(loaded.controllers) == 5
    assert [(b.line, b.reason) for b in loaded.bad_rows] == [(7, "no name")]
    assert loaded.entry_seq is not None
    again = services.load_controllers(incident, path)
    assert again.entry_seq is None  # the same file: nothing new on the record
    assert [c.id for c in services.controllers(incident)] == [f"C-00{i}" for i in range(1, 6)]


def test_each_window_counts_elapsed_hours_across_the_dst_change(processor: Processor) -> None:
    services, incident, path = processor
    services.load_controllers(incident, path)
    board = services.controller_board(incident)
    due = {c.controller.id: c.due for c in board.clocks}
    # aware 2026-10-24 10:00 CEST (08:00 UTC); the clocks go back on 25 October
    assert due["C-001"] == datetime(2026, 10, 25, 8, 0, tzinfo=UTC)  # 09:00 CET, not 10:00
    assert due["C-002"] == datetime(2026, 10, 26, 8, 0, tzinfo=UTC)
    assert due["C-003"] == due["C-001"]  # no window in the row: the profile's 24 h
    assert {c.state(board.now) for c in board.clocks} == {"overdue"}
    assert board.counts.document() == {
        "controllers": 5,
        "told": 0,
        "acknowledged": 0,
        "overdue": 5,
        "told_late": 0,
    }
    # told at 09:30 local on the day the clocks went back: 24 h + 30 min later
    services.record_controller_notified(incident, "C-001", at="2026-10-25T09:30", reference="N-1")
    services.record_controller_notified(incident, "C-002", at="2026-10-25T09:30")
    services.record_controller_acknowledged(incident, "C-002", at="2026-10-25T11:00")
    board = services.controller_board(incident)
    clocks = {c.controller.id: c for c in board.clocks}
    assert clocks["C-001"].late and clocks["C-001"].reference == "N-1"
    assert not clocks["C-002"].late
    assert clocks["C-002"].state(board.now) == "acknowledged"
    assert (board.counts.told, board.counts.acknowledged, board.counts.overdue) == (2, 1, 3)
    assert board.counts.told_late == 1


def test_a_second_notice_is_complementary_and_keeps_the_first_time(processor: Processor) -> None:
    services, incident, path = processor
    services.load_controllers(incident, path)
    services.record_controller_notified(incident, "C-004", at="2026-10-24T18:00")
    entry = services.record_controller_notified(incident, "C-004", at="2026-10-27T09:00")
    assert entry.content.links["complementary"] is True
    assert entry.content.text.startswith("Complementary notice")
    clock = next(
        c for c in services.controller_board(incident).clocks if c.controller.id == "C-004"
    )
    assert clock.notified_at == datetime(2026, 10, 24, 16, 0, tzinfo=UTC)
    assert len(clock.complementary) == 1 and not clock.late


def test_impossible_records_are_refused(processor: Processor) -> None:
    services, incident, path = processor
    services.load_controllers(incident, path)
    with pytest.raises(InputError, match="not a controller"):
        services.record_controller_notified(incident, "C-999", at="2026-10-25T09:00")
    with pytest.raises(InputError, match="before the incident's aware_at"):
        services.record_controller_notified(incident, "C-001", at="2026-10-24T09:00")
    with pytest.raises(InputError, match="no notice to it is recorded"):
        services.record_controller_acknowledged(incident, "C-001", at="2026-10-25T09:00")


def test_a_controller_incident_has_no_controllers_to_tell(
    services: Services, tmp_path: Path
) -> None:
    source = tmp_path / "c.toml"
    source.write_text('title = "x"\ntimezone = "UTC"\naware_at = "2026-11-19T09:00"\n')
    incident, _ = services.create_from_file(source)
    path = tmp_path / "c.csv"
    path.write_text("id,name,email\nC-1,A,a@b.example\n")
    with pytest.raises(InputError, match="role is controller"):
        services.load_controllers(incident, path)


def test_verify_names_a_forged_notice_and_rebuild_puts_it_back(processor: Processor) -> None:
    services, incident, path = processor
    services.load_controllers(incident, path)
    services.record_controller_notified(incident, "C-001", at="2026-10-25T09:30")
    assert all(r.ok for r in services.verify(incident))
    services.db.execute("DROP TRIGGER controller_events_kept_update")
    services.db.execute("UPDATE controller_events SET at = '2026-10-24T12:00:00Z'")
    report = services.verify(incident)[0]
    assert not report.ok
    assert any("controller_events" in str(p) and "at" in str(p) for p in report.table_problems)
    services.rebuild(incident)
    assert all(r.ok for r in services.verify(incident))
    clock = services.controller_board(incident).clocks[0]
    assert clock.late  # the record says 09:30 CET, after the 24 h window


def test_a_bundle_carries_the_controllers(processor: Processor, tmp_path: Path) -> None:
    services, incident, path = processor
    services.load_controllers(incident, path)
    services.record_controller_notified(incident, "C-002", at="2026-10-25T09:30")
    bundle = tmp_path / "case.bkbundle"
    services.export_bundle(incident, bundle)
    other = Services(tmp_path / "other.db", org_path=services.org_path, clock=services.clock)
    try:
        imported = other.import_bundle(bundle)
        board = other.controller_board(imported)
        assert board.counts.told == 1 and board.counts.total == 5
    finally:
        other.close()
