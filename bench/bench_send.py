"""Benchmark: `breachkit send` to a local SMTP sink, no rate limit, with peak memory.

    .venv/bin/python bench/bench_send.py                # 10,000 messages
    .venv/bin/python bench/bench_send.py --count 2000

The sink is aiosmtpd in its own process on 127.0.0.1 (it takes every message and keeps
only a count), so sender and server use one core each. Timed: everything
``Services.send_letters`` does once the batch exists — checking every file against the
manifest, one SMTP transaction per message, the ledger's two commits per message, the
per-message log as evidence and the timeline record. Not timed: writing the letters.
"""

from __future__ import annotations

import argparse
import csv
import multiprocessing
import resource
import socket
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

PROFILE = """\
[organisation]
name = "Bench ApS"
address = ["Nørregade 7", "1165 København K"]
country = "DK"
timezone = "Europe/Copenhagen"
languages = ["da", "en"]
[dpo]
name = "Mette Sørensen"
email = "dpo@bench.example"
[authority]
lead = "datatilsynet"
[smtp]
host = "127.0.0.1"
port = {port}
security = "none"
rate_per_minute = 0
"""
INCIDENT = """\
title = "Kundedatabase kopieret"
text_language = "da"
timezone = "Europe/Copenhagen"
aware_at = "2026-11-19T09:00"
[breach]
types = ["confidentiality"]
cause = "hacking"
exfiltration = "confirmed"
recipients = "unknown"
[data]
categories = ["identity", "contact"]
countries = ["DK"]
data_subjects = {count}
[response]
measures_taken = ["Serveren er lukket ned."]
measures_proposed = ["Ekstern gennemgang af sikkerheden."]
"""


def _sink(port: int, ready: Any, counter: Any) -> None:
    from aiosmtpd.controller import Controller

    class Count:
        async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
            with counter.get_lock():
                counter.value += 1
            return "250 OK"

    controller = Controller(Count(), hostname="127.0.0.1", port=port)
    controller.start()
    ready.set()
    while True:
        time.sleep(3600)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=10_000)
    args = parser.parse_args()
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from breachkit.services import Services

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    ctx = multiprocessing.get_context("spawn")
    ready, counter = ctx.Event(), ctx.Value("i", 0)
    server = ctx.Process(target=_sink, args=(port, ready, counter), daemon=True)
    server.start()
    ready.wait(30)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "org.toml").write_text(PROFILE.replace("{port}", str(port)), encoding="utf-8")
        (root / "incident.toml").write_text(
            INCIDENT.replace("{count}", str(args.count)), encoding="utf-8"
        )
        with (root / "people.csv").open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["name", "email", "reference"])
            for i in range(args.count):
                writer.writerow([f"Person {i}", f"p{i}@bench.example", f"C{i:06d}"])
        services = Services(root / "bk.db", org_path=root / "org.toml", actor="bench")
        incident, _ = services.create_from_file(root / "incident.toml")
        services.decide(incident)
        t = time.perf_counter()
        services.write_letters(incident, root / "people.csv", root / "letters", fmt="eml")
        print(f"letters written: {args.count:,} in {time.perf_counter() - t:.1f} s (not timed)")
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        t = time.perf_counter()
        run = services.send_letters(incident, root / "letters", rate=0)
        elapsed = time.perf_counter() - t
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        assert run.tally.sent == args.count == counter.value, (run.tally, counter.value)
        print(
            f"sent {run.tally.sent:,} in {elapsed:.2f} s: {run.tally.sent / elapsed:,.0f} "
            f"messages/s; sink received {counter.value:,}; peak RSS {peak / 1024:.0f} MB "
            f"(before sending {before / 1024:.0f} MB)"
        )
        services.close()
    server.terminate()


if __name__ == "__main__":
    main()
