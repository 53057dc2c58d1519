"""`breachkit notices` killed (SIGKILL) at several moments: each notice exactly once."""

from __future__ import annotations

import csv
import hashlib
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.controllers.conftest import INCIDENT, PROFILE

COUNT = 240


def _controllers(path: Path) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "name", "email", "language", "people", "window_hours"])
        for i in range(COUNT):
            lang = ("fr", "da", "de", "nl", "en")[i % 5]
            writer.writerow([f"C-{i:04d}", f"Customer {i}", f"dpo{i}@c{i}.example", lang, i, 24])


@pytest.mark.slow
def test_killed_notices_run_writes_each_notice_exactly_once(tmp_path: Path) -> None:
    org, source, controllers = tmp_path / "org.toml", tmp_path / "i.toml", tmp_path / "c.csv"
    org.write_text(PROFILE, encoding="utf-8")
    source.write_text(INCIDENT, encoding="utf-8")
    _controllers(controllers)
    base = [sys.executable, "-m", "breachkit", "--db", str(tmp_path / "bk.db"), "--org", str(org)]
    made = subprocess.run([*base, "new", "--from", str(source)], capture_output=True, text=True)
    assert made.returncode == 0, made.stderr
    incident = made.stdout.strip()
    out = tmp_path / "out"
    command = [*base, "notices", incident, "--controllers", str(controllers), "--out", str(out)]
    total = COUNT * 3
    seen = []
    for threshold in (total // 10, total // 2):
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 60
        manifest = out / "manifest.csv"
        while time.monotonic() < deadline and process.poll() is None:
            rows = manifest.read_bytes().count(b"\n") - 1 if manifest.exists() else -1
            if rows >= threshold:
                break
            time.sleep(0.005)
        process.send_signal(signal.SIGKILL)
        process.wait()
        seen.append(manifest.read_bytes().count(b"\n") - 1 if manifest.exists() else -1)
    finished = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert finished.returncode == 0, finished.stderr
    assert 0 < seen[0] < total, seen  # the first kill landed during the run
    lines = (out / "manifest.csv").read_text(encoding="utf-8").splitlines()[1:]
    keys = [tuple(line.split(",")[:4]) for line in lines]
    assert len(keys) == len(set(keys)) == total
    for line in lines:
        cells = line.split(",")
        assert hashlib.sha256((out / cells[4]).read_bytes()).hexdigest() == cells[7]
    for folder in ("pdf", "eml", "json"):
        assert len(list((out / folder).iterdir())) == COUNT
    assert not (out / ".tmp").exists()
    timeline = subprocess.run([*base, "timeline", incident], capture_output=True, text=True)
    assert timeline.stdout.count("Notices to 240 controller(s) written") == 1
