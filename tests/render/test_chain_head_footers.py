"""Every PDF breachkit exports carries the chain head it was made from, and that footer
works as a seal: ``verify ID --seal "<footer>"`` checks the timeline against the document."""

from __future__ import annotations

import re
from datetime import timedelta
from io import BytesIO
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from breachkit.cli.main import cli
from breachkit.core.timesource import FixedClock
from breachkit.services import Services

HEAD = re.compile(r"BK-\d{4}-\d{4} #\d+ [0-9a-f]{16}")


def footer_heads(pdf: bytes) -> list[str]:
    texts = [page.extract_text() for page in PdfReader(BytesIO(pdf)).pages]
    return [" ".join(HEAD.findall(text.replace("\n", " "))) for text in texts]


@pytest.fixture
def incident(services: Services, clock: FixedClock) -> str:
    incident_id = services.create_demo()
    clock.advance(timedelta(minutes=5))
    services.decide(incident_id)
    return incident_id


def test_a_draft_pdf_carries_the_head_it_was_made_from(
    services: Services, incident: str, tmp_path: Path
) -> None:
    before = services.chain_footer(incident)
    export = services.export_draft(
        incident, tmp_path / "cnpd.pdf", authority="cnpd", allow_incomplete=True
    )
    heads = footer_heads(export.data)
    assert heads and all(h == before for h in heads)  # every page; not the export's own entry
    assert services.chain_footer(incident) != before
    result = CliRunner().invoke(
        cli, ["--db", str(services.db_path), "verify", incident, "--seal", before]
    )
    assert result.exit_code == 0, result.output


def test_the_report_and_the_register_carry_their_heads(
    services: Services, incident: str, tmp_path: Path
) -> None:
    before = services.chain_footer(incident)
    report = services.export_report(incident, tmp_path / "report.pdf")
    heads = footer_heads(report.path.read_bytes())
    assert heads and all(h == before for h in heads)
    before = services.chain_footer(incident)
    register = services.export_register(tmp_path / "register.pdf")
    heads = footer_heads(register.path.read_bytes())
    assert heads and all(h == before for h in heads)


def test_a_rolled_back_database_fails_the_seal_of_a_document_sent(
    services: Services, incident: str, tmp_path: Path
) -> None:
    services.close()
    backup = tmp_path / "backup.db"
    backup.write_bytes(services.db_path.read_bytes())
    services.log(incident, "sent the draft to the CNPD")
    export = services.export_draft(
        incident, tmp_path / "cnpd.pdf", authority="cnpd", allow_incomplete=True
    )
    (footer,) = set(footer_heads(export.data))
    services.close()
    services.db_path.write_bytes(backup.read_bytes())
    result = CliRunner().invoke(
        cli, ["--db", str(services.db_path), "verify", incident, "--seal", footer]
    )
    assert result.exit_code == 1 and "ROLLED BACK" in result.output
