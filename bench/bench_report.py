"""Benchmark: the after-action report of a big incident (issue 19: 100,000 entries under 8 s
and 250 MB). On demand:

    .venv/bin/python bench/bench_report.py [--entries N] [--against TREE] [--repeat R]
                                           [--keep DIR]

Builds the demo incident with N realistic timeline entries (notes, actions, communications
from six people, some with e-mail addresses and phone numbers), then measures, each in a
fresh interpreter:

* the reference, in the same run: gathering the report's data alone (``report_data``:
  reading and verifying the timeline, the metrics), which the report cannot beat;
* ``export_report``, full and redacted: data, content hash, layout, the PDF written and
  recorded; wall time, CPU time and the process's peak memory.

``--against TREE`` measures another checkout too (e.g. ``--against /work/main``, the code
before a change) on its own copy of the same incident: before and after side by side,
under the same load. On a shared machine compare CPU seconds and the ratios.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
from pathlib import Path

from measure import HERE, median_of, ratio, run, table

BUILD = r"""
from datetime import UTC, datetime, timedelta
from pathlib import Path
from breachkit.core.timeline.chain import EntryContent
from breachkit.core.times import utc_iso
from breachkit.core.timesource import FixedClock
from breachkit.services import Services
from breachkit.store import timeline as tl
from breachkit.store.db import write

ACTORS = ["j.muller (on-call)", "a.schmit (CISO)", "c.weber (DPO)", "p.thill (SOC)",
          "l.wagner (legal)", "m.hoffmann (management)"]
TEXTS = [
    ("note", "EDR telemetry from host {n:05d} reviewed: no further encryption activity"),
    ("action", "Re-imaged workstation WS-{n:05d} from the golden image and rejoined the domain"),
    ("communication", "Client contact informed by phone (+352 2799 {n:04d}); follow-up by mail"),
    ("note", "Log line {n}: 10.20.{a}.{b} outbound to 185.220.101.{b} blocked at fw-edge-01"),
    ("action", "Password reset for account svc-{n:05d}; owner told at ops{n}@alzette.example"),
]
folder, entries = Path(sys.argv[2]), int(sys.argv[3])
clock = FixedClock(datetime(2026, 11, 19, 12, tzinfo=UTC))
services = Services(folder / "bench.db", org_path=folder / "none", clock=clock)
incident_id = services.create_demo()
aware = services.incident(incident_id).facts.aware_at
services.mark_contained(incident_id, at=aware - timedelta(hours=7), actor=ACTORS[0])
services.decide(incident_id, actor=ACTORS[2])
services.record_filing(incident_id, authority="cnpd", at=aware + timedelta(hours=20),
                       reference="CNPD-1")
services.add_review_item(incident_id, "lesson", "Encrypt the HR share at rest")
services.add_review_item(incident_id, "action", "Encrypt the HR share", owner="a.schmit",
                         due="2027-01-31")
recorded = utc_iso(clock.now())
with write(services.db) as db:
    for n in range(entries):
        kind, text = TEXTS[n % len(TEXTS)]
        tl.append(db, incident_id, EntryContent(
            kind, text.format(n=n, a=n % 250, b=(n * 7) % 250),
            utc_iso(aware + timedelta(seconds=17 * n)), recorded, ACTORS[n % len(ACTORS)]))
services.close()
done(incident=incident_id)
"""

MEASURE = r"""
from datetime import UTC, datetime
from pathlib import Path
from breachkit.core.timesource import FixedClock
from breachkit.services import Services
folder, what = Path(sys.argv[2]), sys.argv[3]
clock = FixedClock(datetime(2026, 11, 29, 12, tzinfo=UTC))
services = Services(folder / "bench.db", org_path=folder / "none", clock=clock)
incident_id = services.incidents()[0].id
start()
if what == "data":
    data = services.report_data(incident_id)
    done(pages="-", entries=len(data.timeline))
else:
    target = folder / f"report-{what}.pdf"
    result = services.export_report(incident_id, target, redacted=what == "redacted")
    done(pages=result.pages, size_mb=round(result.size / 1e6, 1))
"""


def measure_tree(tree: Path, entries: int, repeat: int, keep: Path | None) -> dict[str, dict]:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        built = run(BUILD, tree, folder, entries)
        print(
            f"  {tree}: built {built['incident']} with {entries:,} entries in {built['wall_s']} s"
        )
        shutil.copy(folder / "bench.db", folder / "clean.db")
        results = {}
        for what in ("data", "full", "redacted"):
            shutil.copy(folder / "clean.db", folder / "bench.db")
            results[what] = median_of(MEASURE, tree, repeat, folder, what)
        if keep:
            keep.mkdir(parents=True, exist_ok=True)
            for pdf in folder.glob("report-*.pdf"):
                shutil.copy(pdf, keep / f"{tree.name}-{pdf.name}")
    return results


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--against", type=Path, help="another checkout to measure (before)")
    parser.add_argument("--repeat", type=int, default=1, help="runs per step (the median)")
    parser.add_argument("--keep", type=Path, help="copy the PDFs into this folder")
    args = parser.parse_args()
    trees = [("before", args.against.resolve())] if args.against else []
    trees.append(("after" if args.against else "this tree", HERE))
    measured = {
        name: measure_tree(tree, args.entries, args.repeat, args.keep) for name, tree in trees
    }
    rows = []
    for name, results in measured.items():
        rows.append((f"{name}: gather the data (reference)", results["data"]))
        rows.append((f"{name}: export_report, full edition", results["full"]))
        rows.append((f"{name}: export_report, redacted edition", results["redacted"]))
    table(f"after-action report, {args.entries:,} timeline entries", rows, extra="pages")
    for name, results in measured.items():
        print(
            f"{name}: full report = {ratio(results['full'], results['data'], 'cpu_s')} the "
            f"reference's CPU time, redacted = "
            f"{ratio(results['redacted'], results['data'], 'cpu_s')}"
        )
    if args.against:
        before, after = measured["before"], measured["after"]
        for edition in ("full", "redacted"):
            print(
                f"{edition}: after / before = {ratio(after[edition], before[edition], 'cpu_s')}"
                f" CPU, {ratio(after[edition], before[edition], 'peak_mb')} peak memory"
            )


if __name__ == "__main__":
    main()
