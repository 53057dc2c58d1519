"""Benchmark: a processor's notices to 1,000 controllers (PDF + e-mail + JSON each).

    .venv/bin/python bench/bench_notices.py                 # 1,000 controllers
    .venv/bin/python bench/bench_notices.py --controllers 5000

Times ``Services.write_notices`` as ``breachkit notices ID --format both`` runs it, once
Python and the database are loaded: reading and recording the controllers file, composing
and rendering each notice in its language (five languages, each controller with its own
figures, so no two bodies are alike), writing every file with fsync, the manifest, the
timeline entry. Goal (issue 16): under 10 s for 1,000 controllers on two cores.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from breachkit.core.timesource import FixedClock  # noqa: E402
from breachkit.services import Services  # noqa: E402
from tests.controllers.conftest import INCIDENT, PROFILE  # noqa: E402

ROWS = [
    (
        "fr",
        "LU",
        "Boulangerie Muller S.à r.l.",
        "Anne Müller",
        "1 rue Haute",
        "L-1111",
        "Luxembourg",
    ),
    ("da", "DK", "Nordisk Fisk A/S", "Søren Østergaard", "Havnegade 3", "1058", "København K"),
    ("de", "DE", "Rheinwerk GmbH", "Jörg Weiß", "Rheinallee 7", "55116", "Mainz"),
    ("nl", "NL", "Bakkerij Jansen B.V.", "", "Dorpsstraat 1", "3511 AB", "Utrecht"),
    ("en", "GB", "Acme Trading Ltd", "Sam Smith", "1 High Street", "SW1A 1AA", "London"),
]


def controllers_file(path: Path, count: int) -> None:
    lines = [
        "id,name,email,contact_name,address,postal_code,city,country,language,"
        "window_hours,contract_reference,people,records,categories,systems"
    ]
    for i in range(count):
        lang, country, name, contact, street, code, city = ROWS[i % len(ROWS)]
        cats = "contact;credentials" if i % 2 else "identity;contact"
        lines.append(
            f'C-{i:05d},"{name} {i}",dpo{i}@customer{i}.example,{contact},{street},{code},'
            f"{city},{country},{lang},{24 if i % 3 else 48},DPA-{i:05d},{100 + i * 7},"
            f"{300 + i * 11},{cats},Webshop;Mail"
        )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--controllers", type=int, default=1000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "org.toml").write_text(PROFILE, encoding="utf-8")
        (root / "incident.toml").write_text(INCIDENT, encoding="utf-8")
        controllers_file(root / "controllers.csv", args.controllers)
        clock = FixedClock(datetime(2026, 10, 24, 15, 0, tzinfo=UTC))
        services = Services(root / "bk.db", org_path=root / "org.toml", clock=clock)
        incident, _ = services.create_from_file(root / "incident.toml")
        before = _cpu()
        started = time.perf_counter()
        run = services.write_notices(incident, root / "controllers.csv", root / "out")
        elapsed = time.perf_counter() - started
        cpu = _cpu() - before
        files = sum(run.outputs.values())
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(
            f"{run.controllers:,} controllers: {files:,} files ({run.outputs}) in {elapsed:.2f} s "
            f"({run.controllers / elapsed:,.0f} controllers/s), CPU {cpu:.2f} s "
            f"(all processes), peak RSS {peak:.0f} MB, load average {os.getloadavg()[0]:.1f}"
        )
        services.close()


if __name__ == "__main__":
    main()
