"""Benchmark: the chain as the record, at 10k, 100k and 1M entries. Run on demand:

    .venv/bin/python bench/bench_record.py [--sizes 10000,100000,1000000]

For each size it builds the demo incident and appends entries as a long response
produces them (one in ten a recorded change: facts, playbook steps, containment, review
items, decisions, filings; the rest notes), then measures, each in a fresh process:

- ``verify`` with every table checked against the chain, best and median of 3 runs:
  entries/s (goal >= 200,000/s) and the process's peak memory above a process that only
  opens the database (goal: flat, the same at 1M as at 100k);
- what the TUI and the clocks ask for, median of 15 calls: ``clocks``, ``playbook
  status``, the Notify tab (``prepare_draft`` + ``drafts``) and the Review tab
  (containment, filings, clocks, letters, review items); the best of 3 alternating runs.
  Goal: 1M within 1.2x of 10k.
  These use a "quiet" mix (notes and fact changes: the incident's state stays the same
  size, only the timeline grows), so the comparison measures the timeline's cost.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from breachkit.core.timeline.chain import EntryContent
from breachkit.core.timeline.changes import (
    Change,
    Decided,
    FactSet,
    FilingRecorded,
    MilestoneReached,
    ReviewAdded,
    StepMarked,
)
from breachkit.core.timesource import FixedClock
from breachkit.services import Services

STAMP = "2026-11-19T12:00:00Z"
NOW = datetime(2026, 11, 19, 12, tzinfo=UTC)


def build(path: Path, entries: int, mix: str) -> str:
    services = Services(path, org_path=path.with_suffix(".none"), clock=FixedClock(NOW))
    incident = services.create_demo()
    facts = services.store.incidents.get(incident).facts
    hours = facts.get("breach", {}).get("unavailable_hours")
    done = services.incident(incident).entries
    started = time.perf_counter()
    while done < entries:
        with services.store.transaction() as tx:
            for _ in range(min(2000, entries - done)):
                done += 1
                change: Change | None = None
                if done % 10 == 0 and (mix == "quiet" or done % 20 == 0):
                    new = float(done)
                    change, hours = FactSet("breach.unavailable_hours", hours, new), new
                elif done % 10 == 0:
                    change = _rich(done // 20, facts)
                links = change.links() if change else {"n": done}
                tx.record(
                    incident,
                    EntryContent("note", f"entry {done} ünïcödé", STAMP, STAMP, "b", links),
                )
    seconds = time.perf_counter() - started
    print(f"  built {entries:,} entries ({mix}) in {seconds:.0f} s", flush=True)
    services.close()
    return incident


def _rich(n: int, facts: dict[str, object]) -> Change:
    """A realistic spread of recorded changes besides the fact changes."""
    kind = n % 10
    if kind in (0, 1, 2):
        return StepMarked("ransomware", 1, "preserve-evidence", "done", f"note {n}")
    if kind in (3, 4):
        return MilestoneReached("contained", f"again {n}")
    if kind in (5, 6):
        return ReviewAdded("lesson", f"lesson {n}", "", None)
    if kind in (7, 8) or n % 100:
        return FilingRecorded(
            "nis2-final-report", "csirt", STAMP, f"R-{n}", "", False, None, None, ""
        )
    return Decided(
        True,
        "high",
        "notify_authority_and_subjects",
        "high",
        "notify_authority_and_subjects",
        False,
        "",
        ("r",),
        (),
        dict(facts),
    )


CHILD = """
import json, resource, sys, time
from pathlib import Path
from datetime import datetime, UTC
from breachkit.core.timesource import FixedClock
from breachkit.services import Services
path, incident, what = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
clock = FixedClock(datetime(2026, 11, 19, 12, tzinfo=UTC))
s = Services(path, org_path=path.with_suffix(".none"), clock=clock)
s.incident(incident)
out = {}
if what == "verify":
    runs = []
    for _ in range(3):
        t = time.perf_counter(); (r,) = s.verify(incident); runs.append(time.perf_counter() - t)
    runs.sort()
    out["seconds"], out["median"] = runs[0], runs[1]
    out["checked"], out["ok"] = r.checked, r.ok
elif what == "reads":
    calls = {
        "clocks": lambda: s.clocks(incident),
        "playbook status": lambda: s.playbook_status(incident),
        "Notify tab": lambda: (
            s.prepare_draft(incident, authority="cnpd"), s.drafts(incident, "cnpd")
        ),
        "Review tab": lambda: (
            s.containment(incident), s.filing_records(incident), s.clocks(incident),
            s.letters_sent(incident), s.review_items(incident),
        ),
    }
    for name, call in calls.items():
        call()
        times = []
        for _ in range(15):
            t = time.perf_counter(); call(); times.append(time.perf_counter() - t)
        times.sort()
        out[name] = times[len(times) // 2]
out["maxrss_kb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps(out))
"""


def child(path: Path, incident: str, what: str) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(path), incident, what],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(done.stdout)  # type: ignore[no-any-return]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="10000,100000,1000000")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    with tempfile.TemporaryDirectory() as tmp:
        print("verify, every table checked (mix: one change in ten, all kinds)")
        for size in sizes:
            if size < 100_000:
                continue
            path = Path(tmp) / f"rich-{size}.db"
            incident = build(path, size, "rich")
            base = child(path, incident, "open")
            result = child(path, incident, "verify")
            assert result["ok"], result
            extra = (result["maxrss_kb"] - base["maxrss_kb"]) / 1024
            rate = result["checked"] / result["seconds"]
            median = result["checked"] / result["median"]
            print(
                f"  {size:>9,} entries: {rate:,.0f} entries/s best of 3 ({median:,.0f} median; "
                f"{result['seconds']:.2f} s), "
                f"peak memory {result['maxrss_kb'] / 1024:.0f} MB ({extra:+.1f} MB over opening)"
            )
        print("reads the TUI and the clocks make (mix: notes and fact changes), median of 15")
        built = {}
        for size in sorted({min(sizes), max(sizes)}):
            path = Path(tmp) / f"quiet-{size}.db"
            built[size] = (path, build(path, size, "quiet"))
        readings: dict[int, dict[str, float]] = {size: {} for size in built}
        for _ in range(3):  # alternate, and keep each size's best median (a shared machine)
            for size, (path, incident) in built.items():
                for name, value in child(path, incident, "reads").items():
                    readings[size][name] = min(value, readings[size].get(name, value))
        low, high = min(readings), max(readings)
        for name in ("clocks", "playbook status", "Notify tab", "Review tab"):
            a, b = readings[low][name], readings[high][name]
            print(
                f"  {name:<16} {low:>9,}: {a * 1000:7.1f} ms   {high:>9,}: {b * 1000:7.1f} ms"
                f"   ratio {b / a:.2f}"
            )


if __name__ == "__main__":
    main()
