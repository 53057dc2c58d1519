"""Benchmark: append 100,000 chained entries, then verify them. Run on demand:

    .venv/bin/python bench/bench_timeline.py [--entries N]

Reports entries/s appended (one transaction per entry, as `breachkit log` does, and in
batches of 1,000, as an import does) and entries/s verified (goal: >= 200,000/s).
"""

from __future__ import annotations

import argparse
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from breachkit.core.incident.parse import parse_incident_text
from breachkit.core.timeline.chain import EntryContent
from breachkit.core.timesource import FixedClock
from breachkit.services import Services
from breachkit.store import timeline as tl
from breachkit.store.db import write

INCIDENT = 'title = "bench"\naware_at = "2026-11-19T10:00:00Z"\n'


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument(
        "--single", type=int, default=5_000, help="entries appended one transaction each"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        clock = FixedClock(datetime(2026, 11, 19, 12, tzinfo=UTC))
        services = Services(Path(tmp) / "bench.db", org_path=Path(tmp) / "none", clock=clock)
        incident = services.create_incident(parse_incident_text(INCIDENT, "bench"))
        stamp = "2026-11-19T12:00:00+00:00"

        started = time.perf_counter()
        for n in range(args.single):
            with write(services.db) as db:
                tl.append(db, incident, EntryContent("action", f"entry {n}", stamp, stamp, "b"))
        single = args.single / (time.perf_counter() - started)

        remaining = args.entries - args.single - 1
        started = time.perf_counter()
        for start in range(0, remaining, 1000):
            with write(services.db) as db:
                for n in range(start, min(start + 1000, remaining)):
                    tl.append(
                        db,
                        incident,
                        EntryContent(
                            "note", f"bulk {n} — ünïcödé", stamp, stamp, "bench", {"n": n}
                        ),
                    )
        batched = remaining / (time.perf_counter() - started)

        started = time.perf_counter()
        (report,) = services.verify(incident)
        verify_seconds = time.perf_counter() - started
        assert report.ok, report.chain_break
        print(f"entries in chain:             {report.checked:,}")
        print(f"append, 1 transaction each:   {single:,.0f} entries/s ({args.single:,} entries)")
        print(f"append, 1,000 per transaction:{batched:,.0f} entries/s")
        print(
            f"verify:                       {report.checked / verify_seconds:,.0f} entries/s "
            f"({verify_seconds:.2f} s)"
        )


if __name__ == "__main__":
    main()
