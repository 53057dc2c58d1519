"""Fuzz the six kinds of hostile input for N minutes and print the figures.

    .venv/bin/python bench/fuzz.py --minutes 5
    .venv/bin/python bench/fuzz.py --minutes 1 --kinds bundle,template

The same strategies and harness as ``tests/fuzz`` (which CI runs with a few examples per
kind): an incident file, an organisation profile, an affected-people CSV, a playbook, a
bundle (built with zipfile: slips, links, duplicates, bombs, truncation, edited JSON) and
a user template, each run through the command a user would type, in this process. The
time is shared equally between the kinds. Printed per kind and in total: inputs tried,
accepted, clean errors (exit 2 with a message), exit 3, tracebacks, hangs (over
30 s) and files left behind; then the first bad cases, to replay.
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import os
import sys
import tempfile
import time
import warnings
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "fuzz"))

from fuzz_harness import KINDS, Outcome, Workspace  # noqa: E402
from fuzz_strategies import (  # noqa: E402
    bundle_mutations,
    incident_files,
    playbook_files,
    profiles,
    subjects_files,
    templates,
)
from hypothesis import HealthCheck, Phase, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

STRATEGIES: dict[str, st.SearchStrategy[Any]] = {
    "incident": incident_files,
    "profile": profiles,
    "subjects": subjects_files(),
    "playbook": playbook_files(),
    "bundle": bundle_mutations(),
    "template": templates(),
}


class _TimeUp(Exception):
    pass


def fuzz_kind(
    workspace: Workspace, kind: str, seconds: float, bad: list[tuple[str, Outcome, str, Any]]
) -> collections.Counter[Outcome]:
    counts: collections.Counter[Outcome] = collections.Counter()
    end = time.monotonic() + seconds

    @settings(
        max_examples=10**9,
        deadline=None,
        database=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=STRATEGIES[kind])
    def run(case: Any) -> None:
        if time.monotonic() > end:
            raise _TimeUp
        outcome, said = workspace.run(kind, case)
        counts[outcome] += 1
        if outcome not in (Outcome.ACCEPTED, Outcome.CLEAN_ERROR):
            bad.append((kind, outcome, said, case))

    with contextlib.suppress(_TimeUp):
        run()
    return counts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--minutes", type=float, default=5.0)
    parser.add_argument("--kinds", default=",".join(KINDS))
    args = parser.parse_args()
    kinds = [k for k in args.kinds.split(",") if k]
    warnings.simplefilter("ignore")
    with tempfile.TemporaryDirectory(prefix="breachkit-fuzz-") as folder:
        os.environ["XDG_STATE_HOME"] = str(Path(folder) / "state")
        os.environ["XDG_DATA_HOME"] = str(Path(folder) / "data")
        os.environ["XDG_CONFIG_HOME"] = str(Path(folder) / "config")
        workspace = Workspace(Path(folder))
        bad: list[tuple[str, Outcome, str, Any]] = []
        table: dict[str, collections.Counter[Outcome]] = {}
        started = time.monotonic()
        for kind in kinds:
            table[kind] = fuzz_kind(workspace, kind, args.minutes * 60 / len(kinds), bad)
            print(f"{kind:9s} {sum(table[kind].values()):6d} inputs", file=sys.stderr)
        elapsed = time.monotonic() - started
    columns = list(Outcome)
    print(f"{'kind':10s}{'tried':>8s}" + "".join(f"{c.value:>13s}" for c in columns))
    total: collections.Counter[Outcome] = collections.Counter()
    for kind, counts in table.items():
        total.update(counts)
        row = "".join(f"{counts[c]:13d}" for c in columns)
        print(f"{kind:10s}{sum(counts.values()):8d}{row}")
    row = "".join(f"{total[c]:13d}" for c in columns)
    print(f"{'total':10s}{sum(total.values()):8d}{row}")
    print(f"{elapsed:.0f} s, {sum(total.values()) / elapsed:.1f} inputs/s")
    for kind, outcome, said, case in bad[:10]:
        print(f"\n{kind}: {outcome}: {said}\n  case: {case!r}"[:2000])
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
