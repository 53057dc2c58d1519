"""The fixed case every draft test renders: a Luxembourg provider, people in four countries.

Everything is fictional. The clock is frozen, so the drafts (times, version, hashes) are
the same on every run.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from breachkit.core.timesource import FixedClock
from breachkit.services import Services

NOW = datetime(2026, 11, 19, 12, 0, tzinfo=UTC)

PAIRS = [
    ("cnpd", "fr"),
    ("cnpd", "en"),
    ("cnpd", "de"),
    ("cnil", "fr"),
    ("datatilsynet", "da"),
    ("datatilsynet", "en"),
    ("apd", "nl"),
    ("apd", "fr"),
    ("apd", "de"),
    ("ico", "en"),
    ("dpc", "en"),
    ("generic", "en"),
]
IDS = [f"{authority}-{language}" for authority, language in PAIRS]

PROFILE = """\
[organisation]
name = "Moselle Cloud Services S.A."
registration = "B 301 555"
address = ["12, rue de la Moselle", "L-6701 Grevenmacher"]
country = "LU"
timezone = "Europe/Luxembourg"
languages = ["fr", "de", "en"]
sector = "managed hosting"
website = "https://moselle-cloud.example"
text_language = "en"

[dpo]
name = "Anne-Sophie Kieffer"
email = "dpo@moselle-cloud.example"
title_form = "feminine"
phone = "+352 7500 1234"
address = ["12, rue de la Moselle", "L-6701 Grevenmacher"]

[representative]
name = "Jean Reuter"
title = "Administrateur délégué"

[authority]
lead = "cnpd"

[regimes]
nis2 = "important"

[text.fr]
sector = "hébergement infogéré"
[text.de]
sector = "Managed Hosting"
[text.da]
sector = "administreret hosting"
[text.nl]
sector = "beheerde hosting"
"""

INCIDENT = """\
title = "Customer database copied through a vulnerable web portal"
summary = "An attacker used a flaw in the customer portal to copy the customer database."
timezone = "Europe/Luxembourg"
occurred_at = "2026-11-17T23:40:00+01:00"
detected_at = "2026-11-18T07:55:00+01:00"
aware_at = "2026-11-18T10:30:00+01:00"

[breach]
types = ["confidentiality"]
cause = "hacking"
malicious = true
exfiltration = "confirmed"
recipients = "unknown"

[data]
categories = ["identity", "contact", "credentials", "health"]
data_subjects = 1240
records = 5800
subject_groups = ["customers", "users"]
identifiability = "direct"
countries = ["LU", "FR", "BE", "DK"]

[protection]
encryption = "none"
password_storage = "strong_salted_hash"
backup = "available"

[response]
measures_taken = ["Portal taken offline & patched", "Blocked <noreply@attacker.example>"]
measures_proposed = ["Penetration test of the portal"]
people_informed = "planned"
other_parties = ["police", "csirt"]

[text.fr]
title = "Base de données clients copiée par une faille du portail web"
summary = "Un attaquant a exploité une faille du portail clients pour copier la base clients."
measures_taken = ["Portail mis hors ligne & corrigé", "Blocage de <noreply@attacker.example>"]
measures_proposed = ["Test d'intrusion du portail"]

[text.de]
title = "Kundendatenbank über eine Schwachstelle im Webportal kopiert"
summary = "Ein Angreifer hat über eine Lücke im Kundenportal die Kundendatenbank kopiert."
measures_taken = ["Portal vom Netz genommen & gepatcht", "<noreply@attacker.example> gesperrt"]
measures_proposed = ["Penetrationstest des Portals"]

[text.da]
title = "Kundedatabase kopieret via en sårbarhed i webportalen"
summary = "En angriber udnyttede en sårbarhed i kundeportalen til at kopiere kundedatabasen."
measures_taken = ["Portalen taget offline & opdateret", "<noreply@attacker.example> blokeret"]
measures_proposed = ["Penetrationstest af portalen"]

[text.nl]
title = "Klantendatabank gekopieerd via een lek in het webportaal"
summary = "Een aanvaller heeft via een lek in het klantenportaal de klantendatabank gekopieerd."
measures_taken = ["Portaal offline gehaald & gepatcht", "<noreply@attacker.example> geblokkeerd"]
measures_proposed = ["Penetratietest van het portaal"]
"""


Case = tuple[Services, str]
"""Services and the id of the incident they hold."""


def build(tmp_path: Path, *, incident: str = INCIDENT) -> Case:
    """Services on a fresh database with the profile, the incident, a decision, a filing."""
    (tmp_path / "organisation.toml").write_text(PROFILE, encoding="utf-8")
    services = Services(
        tmp_path / "drafts.db",
        org_path=tmp_path / "organisation.toml",
        clock=FixedClock(NOW),
        actor="tester",
    )
    source = tmp_path / "incident.toml"
    source.write_text(incident, encoding="utf-8")
    incident_id, _ = services.create_from_file(source)
    services.decide(incident_id)
    services.record_filing(
        incident_id,
        authority="csirt",
        clock_id="nis2-early-warning",
        at="2026-11-18T14:00:00+01:00",
        reference="phone call",
        reasons_for_delay="The on-call engineer waited for the CISO's confirmation.",
    )
    return services, incident_id
