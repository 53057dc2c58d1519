"""Running a bench step in a fresh interpreter, on this tree or another checkout.

A step is a small Python program (``CHILD`` text) run with ``python -c``; it prints one
JSON object. :func:`run` adds the step's wall time, CPU time and peak memory (the child's
own high-water mark, so steps do not mix), and puts ``tree`` first on ``sys.path`` so the
same step can measure the code of another checkout (``--against /work/main``), with that
checkout's own ``.venv`` when it has one: before and after in the same run, under the
same load.

Bytecode: a child runs WITHOUT ``PYTHONDONTWRITEBYTECODE`` (:func:`child_env`), and
:func:`warm` compiles a tree's ``breachkit`` package once before anything of it is timed.
An installed breachkit has its ``.pyc`` files (pip compiles them at install); a child that
compiled every module from source would add ~30 ms of ``compile`` to each start-up that
no user pays. Start-up rows also run each command once, untimed, before timing it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent

PRELUDE = r"""
import json, resource, sys, time
sys.path.insert(0, sys.argv[1])
_wall, _cpu = time.perf_counter(), time.process_time()
def start():
    # time from here (after the imports and the setup)
    global _wall, _cpu
    _wall, _cpu = time.perf_counter(), time.process_time()
def done(**values):
    values["wall_s"] = round(time.perf_counter() - _wall, 3)
    values["cpu_s"] = round(time.process_time() - _cpu, 3)
    values["peak_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    print(json.dumps(values))
"""


def child_env(tree: Path, **extra: str) -> dict[str, str]:
    """The environment of a child: ``tree`` on the path, bytecode written and read as an
    installed package's is (never ``PYTHONDONTWRITEBYTECODE``)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update(PYTHONPATH=str(tree), **extra)
    return env


_warmed: set[Path] = set()


def warm(tree: Path) -> None:
    """Compile ``tree``'s package to bytecode once (untimed), as pip does at install."""
    if tree in _warmed:
        return
    _warmed.add(tree)
    subprocess.run(
        [python_of(tree), "-m", "compileall", "-q", str(tree / "breachkit")],
        env=child_env(tree),
        check=False,
        stdout=subprocess.DEVNULL,
    )


def python_of(tree: Path) -> str:
    """The tree's own interpreter (its ``.venv``, with its dependencies), else this one."""
    own = tree / ".venv" / "bin" / "python"
    return str(own) if own.exists() else sys.executable


def run(step: str, tree: Path, *args: object) -> dict[str, object]:
    """Run ``step`` (after the prelude) with ``tree`` on the path; its JSON result."""
    warm(tree)
    done = subprocess.run(
        [python_of(tree), "-c", PRELUDE + step, str(tree), *map(str, args)],
        capture_output=True,
        text=True,
        env=child_env(tree),
        cwd=tree,
    )
    if done.returncode != 0:
        raise SystemExit(f"bench step failed in {tree}:\n{done.stderr}")
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def median_of(step: str, tree: Path, repeat: int, *args: object) -> dict[str, object]:
    """The run with the median wall time of ``repeat`` runs."""
    runs = [run(step, tree, *args) for _ in range(repeat)]
    runs.sort(key=lambda r: float(r["wall_s"]))  # type: ignore[arg-type]
    return runs[len(runs) // 2]


def table(title: str, rows: list[tuple[str, dict[str, object]]], extra: str = "") -> None:
    """Print ``rows`` as a table: wall, CPU, peak memory and ``extra``."""
    print(f"\n{title}")
    head = f"{'':44} {'wall s':>8} {'cpu s':>8} {'peak MB':>8}"
    print(head + (f" {extra:>10}" if extra else ""))
    for label, result in rows:
        line = f"{label:44} {result['wall_s']:>8} {result['cpu_s']:>8} {result['peak_mb']:>8}"
        print(line + (f" {result.get(extra, ''):>10}" if extra else ""))


def ratio(numerator: dict[str, object], denominator: dict[str, object], key: str) -> str:
    top, bottom = float(numerator[key]), float(denominator[key])  # type: ignore[arg-type]
    return f"{top / bottom:.2f}x" if bottom else "-"
