"""Benchmark: the breach register of a managed-services provider (issue 19: the PDF of 1,000
incidents under 2 s). On demand:

    .venv/bin/python bench/bench_register.py [--incidents N] [--against TREE] [--repeat R]

Builds N demo incidents (a third decided, a fifth filed with the CNPD), then measures, each
in a fresh interpreter: the register's rows alone (``register_rows``, the reference the PDF
cannot beat), the CSV export (the issue's reference) and the PDF export, end to end and the
PDF's layout alone. ``--against TREE`` measures another checkout too (before and after in
the same run); on a shared machine compare CPU seconds and the ratios.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
from pathlib import Path

from measure import HERE, median_of, ratio, run, table

BUILD = r"""
from datetime import UTC, datetime
from pathlib import Path
from breachkit.core.timesource import FixedClock
from breachkit.services import Services
folder, count = Path(sys.argv[2]), int(sys.argv[3])
clock = FixedClock(datetime(2026, 11, 19, 12, tzinfo=UTC))
services = Services(folder / "bench.db", org_path=folder / "none", clock=clock)
for n in range(count):
    incident_id = services.create_demo()
    if n % 3 == 0:
        services.decide(incident_id, actor="c.weber (DPO)")
    if n % 5 == 0:
        services.record_filing(incident_id, authority="cnpd", at=clock.now(),
                               reference=f"CNPD-{n}")
services.close()
done()
"""

MEASURE = r"""
from datetime import UTC, datetime
from pathlib import Path
from breachkit.core.timesource import FixedClock
from breachkit.services import Services
folder, what = Path(sys.argv[2]), sys.argv[3]
clock = FixedClock(datetime(2026, 11, 29, 12, tzinfo=UTC))
services = Services(folder / "bench.db", org_path=folder / "none", clock=clock)
if what == "layout":
    rows = services.register_rows()
    from breachkit.render.review.register import render_register
    start()
    pdf = render_register(rows, "pdf", generated_at=clock.now(), organisation="Alzette")
    done(size_mb=round(len(pdf) / 1e6, 1))
else:
    start()
    if what == "rows":
        done(size_mb=len(services.register_rows()))
    else:
        result = services.export_register(folder / f"register.{what}", what)
        done(size_mb=round(result.size / 1e6, 1))
"""

STEPS = (
    ("rows", "register rows (reference)"),
    ("csv", "export_register CSV (reference)"),
    ("pdf", "export_register PDF"),
    ("layout", "the PDF's layout alone"),
)


def measure_tree(tree: Path, incidents: int, repeat: int) -> dict[str, dict]:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        built = run(BUILD, tree, folder, incidents)
        print(f"  {tree}: built {incidents:,} incidents in {built['wall_s']} s")
        shutil.copy(folder / "bench.db", folder / "clean.db")
        results = {}
        for what, _ in STEPS:
            shutil.copy(folder / "clean.db", folder / "bench.db")
            results[what] = median_of(MEASURE, tree, repeat, folder, what)
    return results


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--incidents", type=int, default=1_000)
    parser.add_argument("--against", type=Path, help="another checkout to measure (before)")
    parser.add_argument("--repeat", type=int, default=1, help="runs per step (the median)")
    args = parser.parse_args()
    trees = [("before", args.against.resolve())] if args.against else []
    trees.append(("after" if args.against else "this tree", HERE))
    measured = {name: measure_tree(tree, args.incidents, args.repeat) for name, tree in trees}
    rows = [
        (f"{name}: {label}", results[what])
        for name, results in measured.items()
        for what, label in STEPS
    ]
    table(f"breach register, {args.incidents:,} incidents", rows, extra="size_mb")
    print("(size_mb: the file's size; for the rows, how many)")
    for name, results in measured.items():
        print(
            f"{name}: PDF export = {ratio(results['pdf'], results['csv'], 'cpu_s')} the CSV "
            f"export's CPU time"
        )
    if args.against:
        before, after = measured["before"], measured["after"]
        for what in ("pdf", "layout"):
            print(
                f"{what}: after / before = {ratio(after[what], before[what], 'cpu_s')} CPU, "
                f"{ratio(after[what], before[what], 'peak_mb')} peak memory"
            )


if __name__ == "__main__":
    main()
