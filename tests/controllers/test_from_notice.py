# ruff: noqa: E501
"""The controller's side: `new --from-notice` gives a controller incident whose awareness
is the receipt time and whose facts are the ones the processor gave that controller."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from breachkit.cli.main import cli
from breachkit.core.enums import DataCategory, Exfiltration, Role
from breachkit.core.errors import InputError
from breachkit.core.timesource import FixedClock
from breachkit.services import Services
from tests.controllers.conftest import Processor, clock_of

CONTROLLER_PROFILE = """\
[organisation]
name = "Boulangerie Muller S.à r.l."
country = "LU"
timezone = "Europe/Luxembourg"
languages = ["fr"]
[dpo]
name = "Anne Muller"
email = "dpo@muller.example"
[authority]
lead = "cnpd"
"""


@pytest.fixture
def notice(processor: Processor, tmp_path: Path) -> Path:
    services, incident, path = processor
    clock_of(services).advance(timedelta(days=-26, hours=3))  # 2026-10-24 15:00 UTC
    run = services.write_notices(incident, path, tmp_path / "notices", fmt="pdf")
    (found,) = (run.out_dir / "json").glob("*-C-001.json")
    return found


def test_the_round_trip_gives_a_controller_incident_that_agrees(
    notice: Path, tmp_path: Path
) -> None:
    org = tmp_path / "controller.toml"
    org.write_text(CONTROLLER_PROFILE, encoding="utf-8")
    clock = FixedClock(datetime(2026, 10, 25, 9, 0, tzinfo=UTC))
    controller = Services(tmp_path / "controller.db", org_path=org, clock=clock, actor="anne")
    try:
        made = controller.create_from_notice(notice, "2026-10-24T17:30")
        view = controller.incident(made.incident_id)
        facts = view.facts
        assert facts.role is Role.CONTROLLER
        assert facts.aware_at == datetime(2026, 10, 24, 15, 30, tzinfo=UTC)  # the receipt
        assert facts.occurred_at == datetime(2026, 10, 23, 20, 0, tzinfo=UTC)
        assert facts.title == "Hosting platform: customer databases copied"
        assert facts.breach.exfiltration is Exfiltration.LIKELY
        assert facts.data.data_subjects == 1200 and facts.data.records == 3400  # its own
        assert facts.data.categories == (DataCategory.CONTACT, DataCategory.CREDENTIALS)
        assert (
            facts.response.measures_taken[0] == "Administrator accounts locked and passwords reset"
        )
        assert (
            made.processor == "Nuage Hébergement S.A." and made.processor_incident == "BK-2026-0001"
        )
        entries = controller.timeline(made.incident_id)
        received = entries[-1]
        assert received.content.kind == "communication"
        assert "Notice received from processor Nuage Hébergement S.A." in received.content.text
        assert received.content.links["notice"]["processor_incident"] == "BK-2026-0001"
        art33 = next(c for c in controller.clocks(made.incident_id) if c.id == "gdpr-art33")
        assert art33.due == datetime(2026, 10, 27, 15, 30, tzinfo=UTC)  # 72 h from receipt
        assert all(r.ok for r in controller.verify(made.incident_id))
    finally:
        controller.close()


def test_a_file_that_is_not_a_notice_is_refused(services: Services, tmp_path: Path) -> None:
    bad = tmp_path / "x.json"
    bad.write_text('{"format": "something-else"}')
    with pytest.raises(InputError, match="breachkit-controller-notice"):
        services.create_from_notice(bad)
    assert services.incidents() == []


def test_new_from_notice_on_the_command_line(notice: Path, tmp_path: Path) -> None:
    org = tmp_path / "controller.toml"
    org.write_text(CONTROLLER_PROFILE, encoding="utf-8")
    base = ["--db", str(tmp_path / "c.db"), "--org", str(org)]
    result = CliRunner().invoke(
        cli,
        [*base, "new", "--from-notice", str(notice), "--received", "2026-10-24T17:30", "--json"],
    )
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["aware_at"] == "2026-10-24T15:30:00+00:00"
    assert document["processor_incident"] == "BK-2026-0001"
    both = CliRunner().invoke(cli, [*base, "new"])
    assert both.exit_code == 2 and "--from-notice" in both.output
