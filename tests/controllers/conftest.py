# ruff: noqa: E501
"""A processor's incident and its controllers file, shared by the controllers tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from breachkit.core.timesource import FixedClock
from breachkit.services import Services

Processor = tuple[Services, str, Path]
"""(services, the processor's incident id, its controllers file)."""


def clock_of(services: Services) -> FixedClock:
    """The test's clock (a FixedClock, set by the shared services fixture)."""
    assert isinstance(services.clock, FixedClock)
    return services.clock


PROFILE = """\
[organisation]
name = "Nuage Hébergement S.A."
address = ["12, rue du Nuage", "L-1234 Luxembourg"]
country = "LU"
timezone = "Europe/Luxembourg"
languages = ["fr", "en", "de"]
website = "https://nuage.example"
[dpo]
name = "Jeanne Exemple"
email = "dpo@nuage.example"
phone = "+352 20 00 00 00"
[authority]
lead = "cnpd"
[processor]
notify_controller_within_hours = 24
"""

INCIDENT = """\
title = "Hosting platform: customer databases copied"
summary = "An attacker used a stolen administrator password to copy customer databases from the shared hosting platform."
role = "processor"
timezone = "Europe/Luxembourg"
occurred_at = "2026-10-23T22:00"
aware_at = "2026-10-24T10:00"
[breach]
types = ["confidentiality"]
cause = "hacking"
exfiltration = "likely"
recipients = "unknown"
[data]
categories = ["identity", "contact", "credentials"]
data_subjects = 5000
records = 12000
countries = ["LU", "FR", "DK"]
[protection]
encryption = "none"
password_storage = "strong_salted_hash"
[response]
measures_taken = ["Administrator accounts locked and passwords reset", "Database servers isolated"]
measures_proposed = ["Two-step login for every administrator account"]
"""

CONTROLLERS = """\
id,name,email,contact_name,address,postal_code,city,country,language,window_hours,contract_reference,people,records,categories,systems
C-001,Boulangerie Muller S.à r.l.,dpo@muller.example,Anne Muller,1 rue Haute,L-1111,Luxembourg,LU,,24,DPA-2024-17,1200,3400,contact;credentials,Boutique en ligne
C-002,Nordisk Fisk A/S,privacy@fisk.example,Søren Østergaard,Havnegade 3,1058,København K,DK,,48,DPA-DK-9,800,,identity;contact,Webshop;CRM
C-003,Rheinwerk GmbH,datenschutz@rheinwerk.example,Jörg Weiß,,,,DE,de,,RW-2025-3,,,,
C-004,Bakkerij Jansen B.V.,avg@jansen.example,,,,,NL,nl,24,,150,,contact,
C-005,Acme Trading Ltd,dpo@acme.example,Sam Smith,,,,GB,en,48,,,,,
bad,,nobody@x.example,,,,,,,,,,,,
"""


@pytest.fixture
def processor(tmp_path: Path, services: Services) -> Processor:
    """(services, the processor's incident id, its controllers file)."""
    services.org_path.write_text(PROFILE, encoding="utf-8")
    source = tmp_path / "incident.toml"
    source.write_text(INCIDENT, encoding="utf-8")
    incident, _ = services.create_from_file(source)
    controllers = tmp_path / "controllers.csv"
    controllers.write_text(CONTROLLERS, encoding="utf-8")
    return services, incident, controllers
