"""Benchmark: the after-action report of an incident with 10,000 timeline entries. On demand:

    .venv/bin/python bench/bench_report.py [--entries N] [--keep DIR]

Builds the demo incident, appends N realistic entries (notes, actions, communications from
six people, some with e-mail addresses and phone numbers), then times ``export_report``:
gathering the data, verifying the chain, rendering and writing the PDF, recording the
export. Goal: a few seconds for 10,000 entries, full and redacted.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from breachkit.core.timeline.chain import EntryContent
from breachkit.core.times import utc_iso
from breachkit.core.timesource import FixedClock
from breachkit.services import Services
from breachkit.store import timeline as tl
from breachkit.store.db import write

ACTORS = [
    "j.muller (on-call)",
    "a.schmit (CISO)",
    "c.weber (DPO)",
    "p.thill (SOC)",
    "l.wagner (legal)",
    "m.hoffmann (management)",
]
TEXTS = [
    ("note", "EDR telemetry from host {n:05d} reviewed: no further encryption activity"),
    ("action", "Re-imaged workstation WS-{n:05d} from the golden image and rejoined the domain"),
    ("communication", "Client contact informed by phone (+352 2799 {n:04d}); follow-up by mail"),
    ("note", "Log line {n}: 10.20.{a}.{b} outbound to 185.220.101.{b} blocked at fw-edge-01"),
    ("action", "Password reset for account svc-{n:05d}; owner told at ops{n}@alzette.example"),
]


def build(services: Services, clock: FixedClock, entries: int) -> str:
    incident_id = services.create_demo()
    view = services.incident(incident_id)
    aware = view.facts.aware_at
    services.mark_contained(incident_id, at=aware - timedelta(hours=7), actor=ACTORS[0])
    services.decide(incident_id, actor=ACTORS[2])
    services.record_filing(
        incident_id, authority="cnpd", at=aware + timedelta(hours=20), reference="CNPD-1"
    )
    services.add_review_item(incident_id, "lesson", "Encrypt the HR share at rest")
    services.add_review_item(
        incident_id, "action", "Encrypt the HR share", owner="a.schmit", due="2027-01-31"
    )
    recorded = utc_iso(clock.now())
    with write(services.db) as db:
        for n in range(entries):
            kind, text = TEXTS[n % len(TEXTS)]
            at = utc_iso(aware + timedelta(seconds=17 * n))
            tl.append(
                db,
                incident_id,
                EntryContent(
                    kind,
                    text.format(n=n, a=n % 250, b=(n * 7) % 250),
                    at,
                    recorded,
                    ACTORS[n % len(ACTORS)],
                ),
            )
    return incident_id


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--entries", type=int, default=10_000)
    parser.add_argument("--keep", type=Path, help="copy the PDFs into this folder")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        clock = FixedClock(datetime(2026, 11, 19, 12, tzinfo=UTC))
        services = Services(folder / "bench.db", org_path=folder / "none", clock=clock)
        incident_id = build(services, clock, args.entries)
        clock.advance(timedelta(days=10))
        total = services.incident(incident_id).entries
        print(f"incident {incident_id}: {total:,} timeline entries")
        for redacted in (False, True):
            target = folder / ("report-redacted.pdf" if redacted else "report.pdf")
            started = time.perf_counter()
            result = services.export_report(incident_id, target, redacted=redacted)
            elapsed = time.perf_counter() - started
            edition = "redacted" if redacted else "full"
            print(
                f"{edition:>8}: {elapsed:5.2f} s, {result.pages:,} pages, "
                f"{result.size / 1e6:.1f} MB"
            )
            if args.keep:
                args.keep.mkdir(parents=True, exist_ok=True)
                shutil.copy(target, args.keep / target.name)
        services.close()


if __name__ == "__main__":
    main()
