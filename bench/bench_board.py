"""The incident board at scale (issue 15): 1,000 incidents.

* the once-a-second tick costs the UI thread less than one frame (16 ms);
* the board starts (imports included, rows shown) in under 0.5 s.

Run:  python bench/bench_board.py [--incidents 1000] [--runs 3] [--keep DIR]

Prints the numbers; not a timed test. Each start-up runs in a fresh interpreter so the
import time counts; ``run_test`` drives the app without a terminal.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CHILD = r"""
import asyncio, json, statistics, sys, time
t0 = time.perf_counter()
import textual.app, textual.widgets  # the floor: Textual's own import, measured first
t_textual = time.perf_counter() - t0
from datetime import timedelta
from pathlib import Path
from breachkit.services import Services
from breachkit.services.base import SystemClock
from breachkit.tui.app import make_app
from breachkit.tui.screens.board import BoardScreen, IncidentTable
t_import = time.perf_counter() - t0
db = Path(sys.argv[1])
out = {"import_s": round(t_import, 3), "import_textual_s": round(t_textual, 3)}

async def main():
    services = Services(db, org_path=db.parent / "none.toml", clock=SystemClock(), actor="bench")
    app = make_app(services, SystemClock(), tick=False)
    app.animation_level = "none"
    async with app.run_test(size=(120, 40)) as pilot:
        t = time.perf_counter()
        table = app.screen.query_one(IncidentTable)
        while not table.row_count:  # the rows come first, their clocks after
            await asyncio.sleep(0.005)
        out["startup_to_rows_s"] = round(time.perf_counter() - t0, 3)
        out["rows_after_mount_s"] = round(time.perf_counter() - t, 3)
        await app.workers.wait_for_complete()
        await pilot.pause()
        out["board_rows"] = table.row_count
        out["startup_to_clocks_s"] = round(time.perf_counter() - t0, 3)
        out["clocks_after_mount_s"] = round(time.perf_counter() - t, 3)
        board = app.screen
        assert isinstance(board, BoardScreen)
        ticks, frames = [], []
        for _ in range(20):
            app.now = app.now + timedelta(seconds=1)  # the watcher runs _tick at once
            t = time.perf_counter()
            board._tick()
            ticks.append(time.perf_counter() - t)
            t = time.perf_counter()  # the repaint it asks for: the table's lines on screen
            for y in range(table.size.height):
                table.render_line(y)
            frames.append(time.perf_counter() - t)
            await pilot.pause()
        out["tick_ms_median"] = round(statistics.median(ticks) * 1000, 2)
        out["tick_ms_max"] = round(max(ticks) * 1000, 2)
        out["tick_plus_table_repaint_ms_median"] = round(
            statistics.median(a + b for a, b in zip(ticks, frames)) * 1000, 2
        )
        await pilot.press("ctrl+q")

asyncio.run(main())
print(json.dumps(out))
"""

DOCUMENT = """\
title = "Bench incident {n}"
summary = "A lost laptop, number {n}."
role = "controller"
timezone = "Europe/Luxembourg"
aware_at = "{aware}"
detected_at = "{aware}"

[breach]
types = ["confidentiality"]
cause = "lost_or_stolen"
"""


def build(db: Path, count: int) -> None:
    """``count`` open incidents whose 72-hour clocks end at different times."""
    import tomllib
    from datetime import UTC, datetime, timedelta

    from breachkit.core.incident.parse import parse_incident_document
    from breachkit.services import Services

    services = Services(db, org_path=db.parent / "none.toml", actor="bench")
    now = datetime.now(UTC)
    started = time.perf_counter()
    for n in range(count):
        aware = (now - timedelta(minutes=7 * n)).strftime("%Y-%m-%dT%H:%M:%S+00:00")
        document = tomllib.loads(DOCUMENT.format(n=n, aware=aware))
        loaded = parse_incident_document(document, f"bench {n}", "UTC", now=now)
        services.create_incident(loaded, source="bench")
    print(f"setup: {count:,} incidents in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    services.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--incidents", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="Build the database in DIR and keep it.")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="bk-bench-board-"))
    folder.mkdir(parents=True, exist_ok=True)
    db = folder / "bench.db"
    if not db.exists():
        build(db, args.incidents)
    results = []
    for _ in range(args.runs):
        child = subprocess.run(
            [sys.executable, "-c", CHILD, str(db)], check=True, capture_output=True, text=True
        )
        results.append(json.loads(child.stdout.strip().splitlines()[-1]))
    for key in results[0]:
        values = [r[key] for r in results]
        print(f"{key:30} " + "  ".join(str(v) for v in values))


if __name__ == "__main__":
    main()
