"""Issue 19 ("instant at any size"): every row of the issue's table, with its reference
measured in the same run. On demand:

    .venv/bin/python bench/bench_issue19.py [--against TREE] [--only ROW ...] [--full]
                                            [--entries N] [--big N] [--incidents N]

By default the sizes are small (20,000 entries, 200,000 for ``--big``, 200 incidents: a
run of a row takes seconds); ``--full`` measures at the issue's sizes (100,000, 1,000,000
and 1,000) and says beside each row with a goal whether it was met.

Rows: ``startup`` (``import breachkit.services``, ``list``, ``show``, ``clocks``,
``deadline``, ``log``, ``--help``; the floor is ``python -c "import click, sqlite3"``),
``timeline`` (100k entries to a file, plain and ``--json``), ``stream`` (``--big``
entries, ``--json`` and ``--jsonl``), ``report``
(``--entries``; the reference: 10k), ``register`` (``--incidents``, PDF; the reference:
CSV), ``verify`` (``--big`` entries; the reference: a raw SELECT of the rows), ``import``
(``--entries`` events by ``log --import``; the reference: one ``log`` process per event).

Every command runs as ``python -m breachkit`` in a fresh process; its CPU time and peak
memory are the child's own (``wait4``). The incidents are built once, with this tree's
code, and copied for each tree, so ``--against /path/to/main-checkout`` compares the code
before and after on the same data under the same load. A command a tree does not have
prints ``-``. On a shared machine compare CPU seconds. Children run with bytecode cached,
as an installed package's is (see ``bench/measure.py``), and without ``BREACHKIT_ORG``:
the profile is looked for where a user's is (an empty config folder here).
``--keep DIR`` keeps the built databases in DIR and uses them again on the next run
(building a million entries takes about half a minute); run one row at a time with
``--only`` to keep each run short.
A checkout to compare with: ``git archive main | tar -x -C /tmp/before``.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from measure import HERE, child_env, python_of, run, warm

Result = dict[str, object]

BUILD = r"""
from datetime import UTC, datetime, timedelta
from pathlib import Path
from breachkit.core.timeline.chain import EntryContent, chain_entry
from breachkit.core.times import utc_iso
from breachkit.core.timesource import FixedClock
from breachkit.services import Services
from breachkit.store import timeline as tl
from breachkit.store.db import write

ACTORS = ["j.muller (on-call)", "a.schmit (CISO)", "c.weber (DPO)", "p.thill (SOC)"]
TEXTS = [
    ("note", "EDR telemetry from host {n:05d} reviewed: no further encryption activity"),
    ("action", "Re-imaged workstation WS-{n:05d} from the golden image and rejoined the domain"),
    ("communication", "Client contact informed by phone (+352 2799 {n:04d}); follow-up by mail"),
    ("note", "Log line {n}: 10.20.{a}.{b} outbound to 185.220.101.{b} blocked at fw-edge-01"),
]
path, entries = Path(sys.argv[2]), int(sys.argv[3])
clock = FixedClock(datetime(2026, 11, 19, 12, tzinfo=UTC))
services = Services(path, org_path=path.parent / "none", clock=clock)
incident_id = services.create_demo()
services.mark_contained(incident_id, at=clock.now() - timedelta(hours=7), actor=ACTORS[0])
services.decide(incident_id, actor=ACTORS[2])
row = services.store.incidents.get(incident_id)
aware, recorded = clock.now() - timedelta(hours=30), utc_iso(clock.now())
seq, prev = row.head_seq, row.head_hash
with write(services.db) as db:
    for n in range(entries):
        kind, text = TEXTS[n % len(TEXTS)]
        content = EntryContent(kind, text.format(n=n, a=n % 250, b=(n * 7) % 250),
                               utc_iso(aware + timedelta(seconds=n % 100_000)), recorded,
                               ACTORS[n % len(ACTORS)])
        seq += 1
        entry = chain_entry(row.uid, seq, content, prev)
        tl.insert(db, incident_id, entry)
        prev = entry.hash
    db.execute("UPDATE incidents SET head_seq = ?, head_hash = ? WHERE id = ?",
               [seq, prev, incident_id])
services.close()
done(incident=incident_id)
"""

REGISTER_BUILD = r"""
from datetime import UTC, datetime
from pathlib import Path
from breachkit.core.timesource import FixedClock
from breachkit.services import Services
path, count = Path(sys.argv[2]), int(sys.argv[3])
clock = FixedClock(datetime(2026, 11, 19, 12, tzinfo=UTC))
services = Services(path, org_path=path.parent / "none", clock=clock)
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

RAW_SELECT = r"""
import sqlite3
conn = sqlite3.connect(sys.argv[2])
start()
n = 0
for _row in conn.execute("SELECT seq, kind, text, occurred_at, recorded_at, actor, links,"
                         " corrects, prev_hash, hash FROM timeline WHERE incident_id = ?"
                         " ORDER BY seq", [sys.argv[3]]):
    n += 1
done(rows=n)
"""

EVENTS = r"""
import csv
path, count = sys.argv[2], int(sys.argv[3])
with open(path, "w", newline="", encoding="utf-8") as handle:
    out = csv.writer(handle)
    out.writerow(["message", "datetime", "timestamp_desc"])
    for n in range(count):
        out.writerow([f"Process powershell.exe started on WS-{n % 500:05d} (pid {n})",
                      f"2026-11-18T{(n // 3600) % 24:02d}:{(n // 60) % 60:02d}:{n % 60:02d}Z",
                      "Event Recorded"])
done()
"""


def cli(tree: Path, db: Path, args: Sequence[str], stdout: Path | None = None) -> Result | None:
    """``python -m breachkit --db DB ARGS`` in ``tree``: wall, CPU (user+system), peak MB;
    None when the command failed (a command this tree does not have)."""
    # no organisation profile, found the way a user's is: in the (empty) config folder
    env = child_env(tree, XDG_CONFIG_HOME=str(db.parent / "config"))
    warm(tree)
    command = [python_of(tree), "-m", "breachkit", "--db", str(db), *args]
    sink = stdout.open("wb") if stdout else subprocess.DEVNULL
    try:
        started = time.perf_counter()
        child = subprocess.Popen(command, stdout=sink, stderr=subprocess.PIPE, cwd=tree, env=env)
        _pid, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - started
        err = child.stderr.read().decode(errors="replace") if child.stderr else ""
        if child.stderr:
            child.stderr.close()
    finally:
        if stdout:
            sink.close()  # type: ignore[union-attr]
    if os.waitstatus_to_exitcode(status) != 0:
        if "No such command" not in err and "No such option" not in err:
            print(f"    ({tree.name}: {' '.join(args[:3])} failed: {err.strip()[-300:]})")
        return None
    return {
        "wall_s": round(wall, 3),
        "cpu_s": round(usage.ru_utime + usage.ru_stime, 3),
        "peak_mb": round(usage.ru_maxrss / 1024),
    }


def median(runs: list[Result | None]) -> Result | None:
    done = [r for r in runs if r is not None]
    if not done:
        return None
    done.sort(key=lambda r: float(r["cpu_s"]))  # type: ignore[arg-type]
    return done[len(done) // 2]


def floor_run() -> Result:
    """One run of the start-up floor: ``python -c "import click, sqlite3"``."""
    started = time.perf_counter()
    command = [sys.executable, "-c", "import click, sqlite3"]
    child = subprocess.Popen(command, env=child_env(HERE))
    _pid, _status, usage = os.wait4(child.pid, 0)
    return {
        "wall_s": round(time.perf_counter() - started, 3),
        "cpu_s": round(usage.ru_utime + usage.ru_stime, 3),
        "peak_mb": round(usage.ru_maxrss / 1024),
    }


class Bench:
    """The data, built once with this tree's code, and the trees to measure on it."""

    def __init__(self, folder: Path, trees: list[tuple[str, Path]], args: argparse.Namespace):
        self.folder = folder
        self.trees = trees
        self.args = args
        self.built: dict[str, tuple[Path, str]] = {}
        self.rows: list[tuple[str, str, Result | None, str]] = []

    def incident(self, entries: int) -> tuple[Path, str]:
        """A database with one incident of ``entries`` extra entries (built once)."""
        key = f"incident-{entries}"
        path = self.folder / f"{key}.db"
        if key not in self.built and path.exists():  # --keep: built by an earlier run
            with contextlib.closing(sqlite3.connect(path)) as conn:
                self.built[key] = (
                    path,
                    str(conn.execute("SELECT id FROM incidents").fetchone()[0]),
                )
        if key not in self.built:
            built = run(BUILD, HERE, path, entries)
            print(f"  built {entries:,} entries in {built['wall_s']} s")
            self.built[key] = (path, str(built["incident"]))
        return self.built[key]

    def copy(self, source: Path, name: str) -> Path:
        target = self.folder / name
        for suffix in ("", "-wal", "-shm"):
            Path(f"{target}{suffix}").unlink(missing_ok=True)
        shutil.copy(source, target)
        return target

    def add(self, what: str, tree: str, result: Result | None, note: str = "") -> None:
        self.rows.append((what, tree, result, note))

    def each(self, what: str, measure: Callable[[str, Path], tuple[Result | None, str]]) -> None:
        for name, tree in self.trees:
            result, note = measure(name, tree)
            self.add(what, name, result, note)


def rate(count: int, result: Result | None) -> str:
    """Entries a second, of wall time and of CPU time (on a shared machine: the CPU's)."""
    if result is None:
        return ""
    wall, cpu = float(result["wall_s"]), float(result["cpu_s"])  # type: ignore[arg-type]
    return f"{count / max(wall, 1e-9):,.1f}/s wall, {count / max(cpu, 1e-9):,.1f}/s CPU"


def imports(tree: Path, module: str) -> Result | None:
    """``python -c "import MODULE"`` in ``tree``: wall, CPU, peak MB."""
    warm(tree)
    started = time.perf_counter()
    command = [python_of(tree), "-c", f"import {module}"]
    child = subprocess.Popen(command, cwd=tree, env=child_env(tree))
    _pid, status, usage = os.wait4(child.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        return None
    return {
        "wall_s": round(time.perf_counter() - started, 3),
        "cpu_s": round(usage.ru_utime + usage.ru_stime, 3),
        "peak_mb": round(usage.ru_maxrss / 1024),
    }


def bench_startup(bench: Bench) -> None:
    """Each command in every tree, then the floor, in turn ``--repeat`` times (so that
    before, after and the floor share the machine's load of the moment); medians."""
    path, incident = bench.incident(0)
    repeat = bench.args.repeat
    floors: list[Result | None] = []
    steps: dict[str, Callable[[str, Path], Result | None]] = {
        "import breachkit.services (issue 18)": lambda name, tree: imports(
            tree, "breachkit.services"
        )
    }
    commands = {
        "list": ["list"],
        "show": ["show", incident],
        "clocks": ["clocks", incident],
        "deadline": ["deadline", "--aware", "2026-11-19T10:00", "--tz", "Europe/Luxembourg"],
        "log": ["log", incident, "bench note"],
        "--help": ["--help"],
    }
    dbs = {name: bench.copy(path, f"startup-{name}.db") for name, _tree in bench.trees}
    for label, args in commands.items():
        steps[label] = lambda name, tree, args=args: cli(tree, dbs[name], args)
    found: list[tuple[str, str, Result | None]] = []
    for label, step in steps.items():
        for name, tree in bench.trees:
            step(name, tree)  # untimed: any bytecode not yet cached is written now
        runs: dict[str, list[Result | None]] = {name: [] for name, _tree in bench.trees}
        for _ in range(repeat):
            for name, tree in bench.trees:
                runs[name].append(step(name, tree))
            floors.append(floor_run())
        found += [(f"start-up: {label}", name, median(runs[name])) for name, _ in bench.trees]
    ref = median(floors)
    assert ref is not None
    bench.add("start-up floor: python -c 'import click, sqlite3'", "ref", ref)
    for what, name, result in found:  # the goal: about 3x the floor (100 ms on 2 cores)
        note = f"{float(str(result['cpu_s'])) / float(str(ref['cpu_s'])):.2f}x floor CPU"
        bench.add(what, name, result, note if result else "")


def bench_timeline(bench: Bench) -> None:
    entries = bench.args.entries
    path, incident = bench.incident(entries)
    out = bench.folder / "timeline.out"
    for label, extra in (("plain", []), ("--json", ["--json"]), ("--jsonl", ["--jsonl"])):

        def measure(name: str, tree: Path, extra: list[str] = extra) -> tuple[Result | None, str]:
            return cli(tree, path, ["timeline", incident, *extra], out), ""

        bench.each(f"timeline {entries:,} entries to a file, {label}", measure)


def bench_stream(bench: Bench) -> None:
    big = bench.args.big
    path, incident = bench.incident(big)
    out = bench.folder / "stream.out"
    for label in ("--jsonl", "--json"):

        def measure(name: str, tree: Path, label: str = label) -> tuple[Result | None, str]:
            return cli(tree, path, ["timeline", incident, label], out), ""

        bench.each(f"timeline {big:,} entries {label}", measure)
    bench.add(
        f"raw SELECT of {big:,} rows (reference)", "ref", run(RAW_SELECT, HERE, path, incident)
    )


def bench_report(bench: Bench) -> None:
    for entries in (bench.args.entries // 10, bench.args.entries):
        path, incident = bench.incident(entries)

        def measure(
            name: str, tree: Path, path: Path = path, incident: str = incident
        ) -> tuple[Result | None, str]:
            db = bench.copy(path, f"report-{name}.db")
            target = bench.folder / f"report-{name}.pdf"
            return cli(tree, db, ["report", incident, "-o", str(target)]), ""

        bench.each(f"report, {entries:,} entries", measure)


def bench_register(bench: Bench) -> None:
    count = bench.args.incidents
    path = bench.folder / f"register-{count}.db"
    if not path.exists():
        built = run(REGISTER_BUILD, HERE, path, count)
        print(f"  built {count:,} incidents in {built['wall_s']} s")
    for fmt in ("csv", "pdf"):

        def measure(name: str, tree: Path, fmt: str = fmt) -> tuple[Result | None, str]:
            db = bench.copy(path, f"register-{name}.db")
            target = bench.folder / f"register-{name}.{fmt}"
            return cli(tree, db, ["register", "-o", str(target), "--format", fmt]), ""

        bench.each(f"register, {count:,} incidents, {fmt}", measure)


def bench_verify(bench: Bench) -> None:
    big = bench.args.big
    path, incident = bench.incident(big)
    raw = run(RAW_SELECT, HERE, path, incident)
    bench.add(f"raw SELECT of {big:,} rows (reference)", "ref", raw, rate(big, raw))

    def measure(name: str, tree: Path) -> tuple[Result | None, str]:
        result = cli(tree, path, ["verify", incident])
        return result, rate(big, result)

    bench.each(f"verify, {big:,} entries", measure)


def bench_import(bench: Bench) -> None:
    entries = bench.args.entries
    path, incident = bench.incident(0)
    events = bench.folder / "events.csv"
    run(EVENTS, HERE, events, entries)
    single = 10

    def one_by_one(name: str, tree: Path) -> tuple[Result | None, str]:
        db = bench.copy(path, f"log-{name}.db")
        runs = [cli(tree, db, ["log", incident, f"event {n}"]) for n in range(single)]
        if any(r is None for r in runs):
            return None, ""
        total = {
            k: round(sum(float(r[k]) for r in runs if r), 3)  # type: ignore[arg-type]
            for k in ("wall_s", "cpu_s")
        }
        total["peak_mb"] = max(int(r["peak_mb"]) for r in runs if r)  # type: ignore[arg-type]
        return total, rate(single, total)

    bench.each(f"{single} events, one `log` process each (reference)", one_by_one)

    def measure(name: str, tree: Path) -> tuple[Result | None, str]:
        db = bench.copy(path, f"import-{name}.db")
        result = cli(tree, db, ["log", incident, "--import", str(events)])
        return result, rate(entries, result)

    bench.each(f"log --import of {entries:,} events (CSV)", measure)


ROWS = {
    "startup": bench_startup,
    "timeline": bench_timeline,
    "stream": bench_stream,
    "report": bench_report,
    "register": bench_register,
    "verify": bench_verify,
    "import": bench_import,
}


FULL = (100_000, 1_000_000, 1_000)
"""The issue's sizes: --entries, --big, --incidents."""


def _wall(result: Result) -> float:
    return float(str(result["wall_s"]))


GOALS: dict[str, tuple[str, Callable[[Result], bool]]] = {
    "register, 1,000 incidents, pdf": ("goal < 2 s", lambda r: _wall(r) < 2),
    "report, 100,000 entries": (
        "goal < 8 s, < 250 MB",
        lambda r: _wall(r) < 8 and int(str(r["peak_mb"])) < 250,
    ),
    "verify, 1,000,000 entries": (
        "goal >= 300,000/s",
        lambda r: 1_000_000 / _wall(r) >= 300_000,
    ),
}
"""Issue 19's goals, for the rows measured at its sizes (wall time, as the issue says it;
on a shared machine read the CPU seconds beside it)."""


def goal(what: str, result: Result) -> str:
    found = GOALS.get(what)
    if found is None:
        return ""
    text, met = found
    return f"  [{text}: {'met' if met(result) else 'NOT met'}]"


def print_table(rows: list[tuple[str, str, Result | None, str]]) -> None:
    print(f"\n{'what':58} {'tree':>7} {'wall s':>8} {'cpu s':>8} {'peak MB':>8}  rate")
    for what, tree, result, note in rows:
        if result is None:
            print(f"{what:58} {tree:>7} {'-':>8} {'-':>8} {'-':>8}")
            continue
        print(
            f"{what:58} {tree:>7} {result['wall_s']:>8} {result['cpu_s']:>8} "
            f"{result['peak_mb']:>8}  {note}{goal(what, result)}"
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--against", type=Path, help="another checkout to measure (before)")
    parser.add_argument("--only", nargs="*", choices=sorted(ROWS), help="these rows only")
    parser.add_argument("--entries", type=int, default=20_000, help="--full: 100,000")
    parser.add_argument("--big", type=int, default=200_000, help="--full: 1,000,000")
    parser.add_argument("--incidents", type=int, default=200, help="--full: 1,000")
    parser.add_argument(
        "--full", action="store_true", help="the issue's sizes (and its goals checked)"
    )
    parser.add_argument("--repeat", type=int, default=5, help="start-up runs (the median)")
    parser.add_argument("--keep", type=Path, help="build the data in this folder and keep it")
    args = parser.parse_args()
    if args.full:
        args.entries, args.big, args.incidents = FULL
    trees = [("before", args.against.resolve())] if args.against else []
    trees.append(("after" if args.against else "this", HERE))
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        bench = Bench(folder, trees, args)
        for name in args.only or list(ROWS):
            print(f"{name} ...", flush=True)
            ROWS[name](bench)
    print_table(bench.rows)


if __name__ == "__main__":
    main()
