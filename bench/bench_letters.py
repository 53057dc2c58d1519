"""Benchmark: letters to affected people, against the naive way, with peak memory.

    /work/venv/bin/python bench/bench_letters.py                  # 1k, 10k, 100k
    /work/venv/bin/python bench/bench_letters.py --sizes 1000,1000000 --modes combined

Modes, each measured in a fresh process so its peak RSS is its own:

* ``naive``: what a user would write first: for each person, one reportlab
  ``SimpleDocTemplate`` with the same font (DejaVu Sans) and the same words, one file
  each, one process;
* ``combined``: ``breachkit letters --combined`` (one print file, both cores);
* ``pdf``: ``breachkit letters`` (one PDF per person, both cores);
* ``eml``: ``breachkit letters --format eml`` (one message per person, both cores).

Each run times everything the command does once Python and the database are loaded
(about 0.4 s more for ``breachkit letters`` from the shell): reading and checking the
CSV, rendering, writing with fsync, the manifest, the timeline. Peak RSS is reported for
the main process and for the largest worker.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

NAMES = [
    ("Søren Ærø Åberg", "da", "DK", "Vesterbrogade 12, 3. th.", "1620", "København V"),
    ("Zażółć Gęślą-Jaźń", "fr", "FR", "12 rue de la Paix", "75002", "Paris"),
    ("Řehoř Šťastný", "de", "DE", "Hauptstraße 5", "10115", "Berlin"),
    ("Ștefan Țurcanu", "fr", "LU", "1, rue du Fort", "L-1234", "Luxembourg"),
    ("Γιώργος Παπαδόπουλος", "en", "GR", "Ermou 10", "10563", "Athina"),
    ("Анна Кузнецова", "nl", "BE", "Rue Haute 1", "1000", "Bruxelles"),
    ("Marie Dupont", "fr", "FR", "3 avenue Foch", "69006", "Lyon"),
    ("Jan Peeters", "nl", "BE", "Kerkstraat 4", "2000", "Antwerpen"),
]
PROFILE = """\
[organisation]
name = "Alzette Managed IT S.A."
address = ["7, rue des Exemples", "L-2999 Luxembourg"]
country = "LU"
timezone = "Europe/Luxembourg"
languages = ["fr", "en", "de"]
[dpo]
name = "Claire Weber"
email = "dpo@alzette-it.example"
phone = "+352 2799 0000"
[authority]
lead = "cnpd"
"""
INCIDENT = """\
title = "Customer portal breached"
timezone = "Europe/Luxembourg"
occurred_at = "2026-11-17T22:00"
aware_at = "2026-11-18T10:00"
[breach]
types = ["confidentiality"]
cause = "hacking"
exfiltration = "confirmed"
[data]
categories = ["identity", "contact", "credentials", "bank_account", "national_id"]
countries = ["LU", "FR", "DK", "BE"]
[response]
measures_taken = ["Portal taken offline"]
measures_proposed = ["Independent test of the portal"]
other_parties = ["police"]
[text.fr]
measures_taken = ["Portail mis hors ligne"]
measures_proposed = ["Test indépendant du portail"]
[text.da]
measures_taken = ["Portalen er taget offline"]
measures_proposed = ["Uafhængig test af portalen"]
[text.de]
measures_taken = ["Portal vom Netz genommen"]
measures_proposed = ["Unabhängiger Test des Portals"]
[text.nl]
measures_taken = ["Portaal offline gehaald"]
measures_proposed = ["Onafhankelijke test van het portaal"]
"""


def people_file(path: Path, count: int) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            ["name", "email", "address", "postal_code", "city", "country", "language", "reference"]
        )
        for i in range(count):
            name, language, country, street, code, city = NAMES[i % len(NAMES)]
            writer.writerow(
                [
                    f"{name} {i}",
                    f"p{i}@example.org",
                    street,
                    code,
                    city,
                    country,
                    language,
                    f"C-{i:07d}",
                ]
            )


def workspace(folder: Path) -> tuple[object, str]:
    from breachkit.services import Services

    (folder / "org.toml").write_text(PROFILE, encoding="utf-8")
    (folder / "incident.toml").write_text(INCIDENT, encoding="utf-8")
    services = Services(folder / "bk.db", org_path=folder / "org.toml", actor="bench")
    if not (folder / "id").exists():
        incident, _ = services.create_from_file(folder / "incident.toml")
        (folder / "id").write_text(incident)
    return services, (folder / "id").read_text()


def naive(folder: Path, subjects: Path, out: Path) -> tuple[int, float]:
    """One SimpleDocTemplate per letter, same font and words (the body is rendered by
    breachkit's templates once per plan, as a user's template engine would). Returns
    the count and when the letters started (after imports and setup)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

    from breachkit.core.letters.markup import Kind
    from breachkit.core.letters.people import Person
    from breachkit.render.letters.compose import LetterRenderer
    from breachkit.render.pdf import markup, stylesheet

    services, incident = workspace(folder)
    renderer = LetterRenderer(services.letter_setup(incident))  # type: ignore[attr-defined]
    sheet = stylesheet()
    style = {
        Kind.HEADING: sheet["Heading"],
        Kind.SUBHEADING: sheet["Subheading"],
        Kind.SMALL: sheet["Small"],
    }
    out.mkdir()
    count = 0
    started = time.perf_counter()
    with subjects.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        for line, row in enumerate(reader, start=2):
            person = Person(
                line,
                row["name"],
                row["language"],
                email=row["email"],
                address=(row["address"],),
                postal_code=row["postal_code"],
                city=row["city"],
                country=row["country"],
                reference=row["reference"],
            )
            variant = renderer.variant(renderer.plan(person))
            story = [
                Paragraph(markup(line_), sheet["Body"]) for line_ in renderer.address_lines(person)
            ]
            story += [
                Spacer(1, 20 * mm),
                Paragraph(markup(variant.title), sheet["Title"]),
                Paragraph(markup(renderer.greeting(person)), sheet["Body"]),
            ]
            for block in variant.blocks:
                text = ("• " if block.kind is Kind.ITEM else "") + block.text
                story.append(Paragraph(markup(text), style.get(block.kind, sheet["Body"])))
            path = out / f"{line:07d}.pdf"
            SimpleDocTemplate(str(path), pagesize=A4, title=variant.title).build(story)
            count += 1
    return count, started


def child(mode: str, folder: Path, subjects: Path) -> dict[str, object]:
    out = folder / f"out-{mode}-{time.time_ns()}"
    if mode == "naive":
        letters, started = naive(folder, subjects, out)
    else:
        services, incident = workspace(folder)  # imports and the database: not timed
        started = time.perf_counter()
        run = services.write_letters(  # type: ignore[attr-defined]
            incident,
            subjects,
            out,
            fmt="eml" if mode == "eml" else "pdf",
            combined=mode == "combined",
            workers=os.cpu_count(),
        )
        letters = run.letters
    elapsed = time.perf_counter() - started
    rss_main = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    rss_worker = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    size = int(
        subprocess.run(
            ["du", "-sb", str(out)], capture_output=True, text=True, check=True
        ).stdout.split()[0]
    )
    subprocess.run(["rm", "-rf", str(out)], check=True)
    return {
        "mode": mode,
        "letters": letters,
        "seconds": round(elapsed, 3),
        "per_second": round(letters / elapsed, 1),
        "rss_main_mb": round(rss_main, 1),
        "rss_worker_mb": round(rss_worker, 1),
        "output_mb": round(size / 1e6, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--modes", default="naive,combined,pdf,eml")
    parser.add_argument(
        "--naive-max",
        type=int,
        default=1000,
        help="largest size the naive way is run at (it is slow)",
    )
    parser.add_argument("--child", nargs=3, metavar=("MODE", "FOLDER", "CSV"))
    args = parser.parse_args()
    if args.child:
        mode, folder, subjects = args.child
        print(json.dumps(child(mode, Path(folder), Path(subjects))))
        return
    root = Path(tempfile.mkdtemp(prefix="bench-letters-"))
    print(f"cores: {os.cpu_count()}; work folder {root}")
    results = []
    try:
        for size in [int(s) for s in args.sizes.split(",")]:
            subjects = root / f"people-{size}.csv"
            people_file(subjects, size)
            for mode in args.modes.split(","):
                if mode == "naive" and size > args.naive_max:
                    continue
                done = subprocess.run(
                    [sys.executable, __file__, "--child", mode, str(root), str(subjects)],
                    capture_output=True,
                    text=True,
                    check=True,
                )
                result = json.loads(done.stdout.strip().splitlines()[-1]) | {"size": size}
                results.append(result)
                print(
                    f"{mode:9} {size:>9,} people: {result['letters']:>9,} files in "
                    f"{result['seconds']:8.2f} s = {result['per_second']:>8,.0f}/s; "
                    f"peak RSS main {result['rss_main_mb']} MB, worker "
                    f"{result['rss_worker_mb']} MB; output {result['output_mb']} MB",
                    flush=True,
                )
            subjects.unlink()
    finally:
        shutil.rmtree(root, ignore_errors=True)
    naive_rates = [r["per_second"] for r in results if r["mode"] == "naive"]
    if naive_rates:
        base = max(naive_rates)
        for r in results:
            if r["mode"] != "naive":
                print(f"{r['mode']:9} {r['size']:>9,}: {r['per_second'] / base:6.1f}× naive")


if __name__ == "__main__":
    main()
