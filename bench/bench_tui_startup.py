"""TUI performance goals (issue 4), measured headless.

* startup to the first screen (board with its rows) < 1 s, imports included;
* an incident with 100,000 timeline entries opens < 1 s and scrolls smoothly.

Run:  python bench/bench_tui_startup.py [--entries 100000] [--keep DIR]

Each measurement runs in a fresh interpreter so import time counts. The numbers are
wall-clock on this machine; ``run_test`` drives the app without a terminal, so
terminal output itself is not included.
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
import asyncio, json, sys, time
t0 = time.perf_counter()
from pathlib import Path
from breachkit.services import Services
from breachkit.services.base import SystemClock
from breachkit.tui.app import make_app
from breachkit.tui.screens.board import IncidentTable
from breachkit.tui.screens.workspace import WorkspaceScreen
from breachkit.tui.widgets.timeline import TimelineTable
t_import = time.perf_counter() - t0
db, big = Path(sys.argv[1]), sys.argv[2]
out = {"import_s": round(t_import, 3)}

async def main():
    services = Services(db, org_path=db.parent / "none.toml", clock=SystemClock(), actor="bench")
    app = make_app(services, SystemClock(), tick=False)
    app.animation_level = "none"  # measure the work, not the tab underline's animation
    async with app.run_test(size=(100, 32)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        out["board_rows"] = app.screen.query_one(IncidentTable).row_count
        out["startup_to_board_s"] = round(time.perf_counter() - t0, 3)

        t = time.perf_counter()
        app.open_incident(big)
        await pilot.pause()
        assert isinstance(app.screen, WorkspaceScreen)
        out["open_100k_incident_s"] = round(time.perf_counter() - t, 3)

        t = time.perf_counter()
        await pilot.press("3")
        await pilot.pause()
        table = app.screen.query_one(TimelineTable)
        out["timeline_tab_s"] = round(time.perf_counter() - t, 3)
        out["timeline_rows_loaded"] = table.row_count

        # Scrolling: keys move the cursor; at the top an earlier page is read in a worker.
        t = time.perf_counter()
        for _ in range(20):
            await pilot.press("pageup")
        await pilot.pause()
        out["20_pageups_s"] = round(time.perf_counter() - t, 3)

        t = time.perf_counter()
        await pilot.press("ctrl+home")
        await app.workers.wait_for_complete()
        await pilot.pause()
        out["load_earlier_page_s"] = round(time.perf_counter() - t, 3)
        out["timeline_rows_after_earlier_page"] = table.row_count

        t = time.perf_counter()
        await pilot.press("ctrl+end")
        await pilot.pause()
        out["jump_to_end_s"] = round(time.perf_counter() - t, 3)

        # A rare kind: the filter reads back through all 100,000 in a worker.
        from textual.widgets import Select
        t = time.perf_counter()
        app.screen.query_one("#timeline-filter", Select).value = "decision"
        # The UI's event loop keeps turning while the worker scans: measure its lag.
        lags = []
        while any(w.is_running for w in app.workers) or time.perf_counter() - t < 0.1:
            tick = time.perf_counter()
            await asyncio.sleep(0.01)
            lags.append(time.perf_counter() - tick - 0.01)
        out["loop_lag_during_scan_max_ms"] = round(max(lags) * 1000, 1)
        out["loop_lag_during_scan_mean_ms"] = round(sum(lags) / len(lags) * 1000, 1)
        await app.workers.wait_for_complete()
        await pilot.pause()
        out["filter_full_scan_s"] = round(time.perf_counter() - t, 3)
        out["filter_rows"] = table.row_count
        await pilot.press("ctrl+q")

asyncio.run(main())
print(json.dumps(out))
"""


def build(db: Path, entries: int) -> str:
    from breachkit.core.timeline.chain import EntryContent
    from breachkit.services import Services
    from breachkit.store import timeline as tl
    from breachkit.store.db import write

    services = Services(db, org_path=db.parent / "none.toml", actor="bench")
    services.create_demo()
    big = services.create_demo()
    kinds = ("note", "action", "communication", "note", "action")
    started = time.perf_counter()
    with write(services.db) as conn:
        for i in range(entries):
            kind = "decision" if i % 10_000 == 0 else kinds[i % len(kinds)]
            tl.append(
                conn,
                big,
                EntryContent(
                    kind,
                    f"bench entry {i}: host-{i % 97:02d} checked, nothing found",
                    "2026-11-19T10:00:00+00:00",
                    "2026-11-19T10:00:00+00:00",
                    f"analyst{i % 7}",
                ),
            )
    print(
        f"setup: {entries:,} entries appended in {time.perf_counter() - started:.1f} s",
        file=sys.stderr,
    )
    services.close()
    return big


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="Build the database in DIR and keep it.")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="bk-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    db = folder / "bench.db"
    big = build(db, args.entries)
    results = []
    for _ in range(args.runs):
        child = subprocess.run(
            [sys.executable, "-c", CHILD, str(db), big], check=True, capture_output=True, text=True
        )
        results.append(json.loads(child.stdout.strip().splitlines()[-1]))
    for key in results[0]:
        values = [r[key] for r in results]
        print(f"{key:34} " + "  ".join(str(v) for v in values))


if __name__ == "__main__":
    main()
