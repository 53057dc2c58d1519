"""The demo: a fictional Luxembourg managed-services provider hit by ransomware.

Everything here is invented (the organisation, the people, the addresses under the
reserved ``.example`` domain). Times are set relative to now so the clocks are live:
awareness 26 hours ago leaves 46 hours on the 72-hour clock.
"""

from __future__ import annotations

import tempfile
from datetime import datetime, timedelta
from pathlib import Path

from breachkit.core.clocks.ids import NIS2_EARLY_WARNING
from breachkit.core.enums import EntryKind
from breachkit.core.incident.parse import LoadedIncident, parse_incident_document
from breachkit.core.organisation.profile import parse_organisation_document
from breachkit.core.times import utc_iso
from breachkit.services.base import Part

DEMO_ORGANISATION = {
    "organisation": {
        "name": "Alzette Managed IT S.A.",
        "registration": "RCS Luxembourg B 299 999",
        "address": ["7, rue des Exemples", "L-2999 Luxembourg"],
        "country": "LU",
        "timezone": "Europe/Luxembourg",
        "languages": ["fr", "en", "de"],
        "sector": "managed ICT services",
        "website": "https://alzette-it.example",
        "text_language": "en",
    },
    "dpo": {
        "name": "Claire Weber",
        "email": "dpo@alzette-it.example",
        "phone": "+352 2799 0000",
        "address": ["7, rue des Exemples", "L-2999 Luxembourg"],
        "title_form": "feminine",
    },
    "text": {
        "fr": {"sector": "services informatiques infogérés"},
        "de": {"sector": "Managed-IT-Dienstleistungen"},
        "da": {"sector": "administrerede it-tjenester"},
        "nl": {"sector": "beheerde ICT-diensten"},
    },
    "representative": {"name": "Marc Hoffmann", "title": "Administrateur délégué"},
    "authority": {"lead": "cnpd"},
    "regimes": {"nis2": "important", "eprivacy": False, "dora": False},
    "processor": {"notify_controller_within_hours": 24},
}

FIREWALL_EXCERPT = """\
# fw-edge-01 export, filtered: src=10.20.0.15 (FS01), dst not in RFC1918
{day} 02:05:11 ACCEPT tcp 10.20.0.15:49822 -> 185.220.101.47:443 bytes=412337152
{day} 02:41:37 ACCEPT tcp 10.20.0.15:49861 -> 185.220.101.47:443 bytes=1288490188
{day} 03:12:09 ACCEPT tcp 10.20.0.15:49903 -> 185.220.101.47:443 bytes=1503238553
{day} 03:40:52 CLOSE  tcp 10.20.0.15:49903 -> 185.220.101.47:443
# total outbound to 185.220.101.47: 3.2 GB
"""


# Steps of the ransomware playbook the team has done by the time the demo opens.
DEMO_STEPS = [
    ("log-first-report", "EDR alert, entry 2"),
    ("alert-dpo", "C. Weber on the bridge from 19:00"),
    ("assemble-team", "CISO, on-call, DPO, managing director"),
    ("isolate-hosts", "FS01 off the network"),
    ("protect-backups", "Immutable backup checked: last clean copy the night before"),
    ("preserve-evidence", "Memory image and firewall export taken before any restore"),
    ("confirm-personal-data-breach", "HR share and client contact lists affected"),
    ("record-awareness", "Awareness = the DPO's decision, entry 6"),
    ("check-other-regimes", "NIS2 important entity (managed ICT services)"),
    ("nis2-significance", "Significant: service disruption for 14 client companies"),
    ("nis2-early-warning", "Early warning by phone to the CSIRT"),
    ("report-police-csirt", "Complaint filed with the police"),
]


# The free text in the languages the demo's drafts and letters are written in (issue 14).
DEMO_TEXT = {
    "fr": {
        "title": "Rançongiciel sur le serveur de fichiers FS01 (partages clients et RH)",
        "summary": (
            "Un rançongiciel a chiffré le serveur de fichiers FS01, qui contient les lecteurs "
            "partagés de 14 entreprises clientes et notre partage RH interne. Les sauvegardes "
            "sont intactes. Les journaux du pare-feu montrent que 3,2 Go ont été envoyés de FS01 "
            "vers un hôte inconnu pendant la nuit\u00a0: l'exfiltration n'est donc pas exclue."
        ),
        "measures_taken": [
            "Serveur FS01 isolé du réseau",
            "Mots de passe des administrateurs du domaine réinitialisés et double "
            "authentification imposée",
            "Restauration du partage RH à partir de la sauvegarde immuable en cours",
        ],
        "measures_proposed": [
            "Analyse forensique de FS01 par un prestataire externe",
            "Chiffrement au repos du partage RH",
        ],
    },
    "de": {
        "title": "Ransomware auf dem Dateiserver FS01 (Kunden- und Personalfreigaben)",
        "summary": (
            "Ransomware hat den Dateiserver FS01 verschlüsselt, auf dem die Netzlaufwerke von "
            "14 Kundenunternehmen und unsere interne Personalfreigabe liegen. Die Sicherungen "
            "sind intakt. Laut Firewall-Protokollen wurden in der Nacht 3,2 GB von FS01 an "
            "einen unbekannten Server gesendet; ein Datenabfluss ist daher nicht ausgeschlossen."
        ),
        "measures_taken": [
            "FS01 vom Netz getrennt",
            "Passwörter der Domänenadministratoren zurückgesetzt, Zwei-Faktor-Anmeldung "
            "verpflichtend",
            "Wiederherstellung der Personalfreigabe aus der unveränderlichen Sicherung begonnen",
        ],
        "measures_proposed": [
            "Forensische Untersuchung von FS01 durch ein externes Unternehmen",
            "Verschlüsselung der Personalfreigabe im Ruhezustand",
        ],
    },
    "da": {
        "title": "Ransomware på filserveren FS01 (kunde- og HR-drev)",
        "summary": (
            "Ransomware krypterede filserveren FS01, som rummer de delte drev for 14 "
            "kundevirksomheder og vores interne HR-drev. Sikkerhedskopierne er intakte. "
            "Firewall-loggen viser, at 3,2 GB blev sendt fra FS01 til en ukendt server i løbet "
            "af natten, så det kan ikke udelukkes, at oplysninger er kopieret."
        ),
        "measures_taken": [
            "FS01 er afbrudt fra netværket",
            "Adgangskoder til domæneadministratorer er nulstillet, og totrinsbekræftelse er "
            "gjort obligatorisk",
            "Genskabelse af HR-drevet fra den uforanderlige sikkerhedskopi er startet",
        ],
        "measures_proposed": [
            "Forensisk undersøgelse af FS01 ved et eksternt firma",
            "Kryptering af HR-drevet",
        ],
    },
    "nl": {
        "title": "Ransomware op bestandsserver FS01 (klanten- en hr-schijven)",
        "summary": (
            "Ransomware heeft bestandsserver FS01 versleuteld, waarop de gedeelde schijven van "
            "14 klantbedrijven en onze interne hr-schijf staan. De back-ups zijn intact. Volgens "
            "de firewalllogs is 's nachts 3,2 GB van FS01 naar een onbekende server verstuurd; "
            "dat gegevens zijn gekopieerd, is dus niet uitgesloten."
        ),
        "measures_taken": [
            "FS01 losgekoppeld van het netwerk",
            "Wachtwoorden van de domeinbeheerders opnieuw ingesteld en tweestapsverificatie "
            "verplicht gemaakt",
            "Herstel van de hr-schijf uit de onveranderlijke back-up gestart",
        ],
        "measures_proposed": [
            "Forensisch onderzoek van FS01 door een extern bedrijf",
            "Versleuteling van de hr-schijf",
        ],
    },
}


def _facts(now: datetime) -> dict[str, object]:
    aware = (now - timedelta(hours=26)).replace(second=0, microsecond=0)
    return {
        "title": "Ransomware on file server FS01 (client and HR shares)",
        "summary": (
            "Ransomware encrypted the file server FS01, which holds the shared drives of 14 "
            "client companies and our internal HR share. Backups are intact. Firewall logs show "
            "3.2 GB sent from FS01 to an unknown host during the night, so exfiltration is not "
            "ruled out."
        ),
        "role": "controller",
        "timezone": "Europe/Luxembourg",
        "occurred_at": utc_iso(aware - timedelta(hours=9, minutes=25)),
        "detected_at": utc_iso(aware - timedelta(hours=8, minutes=16)),
        "aware_at": utc_iso(aware),
        "breach": {
            "types": ["availability", "confidentiality"],
            "cause": "ransomware",
            "malicious": True,
            "exfiltration": "unknown",
            "recipients": "unknown",
            "availability_loss": "temporary",
            "unavailable_hours": 30,
            "service_impact": "significant",
            "misuse_observed": False,
            "undetected_days": 0,
        },
        "data": {
            "categories": ["identity", "contact", "employment", "bank_account", "national_id"],
            "data_subjects": 1240,
            "records": 5800,
            "subject_groups": ["employees", "customers"],
            "identifiability": "direct",
            "countries": ["LU", "FR", "BE", "DE"],
        },
        "protection": {
            "encryption": "none",
            "key_compromised": False,
            "password_storage": "not_applicable",
            "backup": "available",
            "restored": False,
        },
        "response": {
            "measures_taken": [
                "FS01 isolated from the network",
                "Domain administrator passwords reset and MFA enforced",
                "Restore of the HR share from the immutable backup started",
            ],
            "measures_proposed": [
                "Forensic analysis of FS01 by an external firm",
                "Encryption at rest for the HR share",
            ],
            "people_informed": "not_yet",
            "other_parties": ["police", "csirt"],
        },
        "text_language": "en",
        "text": DEMO_TEXT,
    }


DEMO_ACTOR = "breachkit demo"
"""Who opens the demo incident: how a later run finds it instead of adding a second."""


class DemoServices(Part):
    def open_demo(self) -> tuple[str, bool]:
        """This database's demo incident, and whether it was created now: the one already
        there if there is one (a second run never adds a second), else a new one."""
        for row in self.store.incidents.all():
            if row.created_by == DEMO_ACTOR:
                return row.id, False
        return self.create_demo(), True

    def create_demo(self) -> str:
        """Create the demo incident with a realistic first day on its timeline."""
        now = self.clock.now()
        loaded: LoadedIncident = parse_incident_document(_facts(now), "demo")
        org = parse_organisation_document(DEMO_ORGANISATION, "demo organisation")
        facts = loaded.facts
        assert facts.detected_at is not None
        incident_id = self.services.create_incident(
            loaded, source="breachkit demo", organisation=org, actor=DEMO_ACTOR
        )
        detected, aware = facts.detected_at, facts.aware_at
        for at, actor, kind, text in _first_day(detected, aware):
            self.services.log(incident_id, text, kind=kind, at=at, actor=actor)
        self.services.record_filing(
            incident_id,
            authority="csirt",
            clock_id=NIS2_EARLY_WARNING,
            at=aware + timedelta(hours=1),
            reference="early warning by phone to the CSIRT",
            actor=CISO,
        )
        for step, note in DEMO_STEPS:
            self.services.mark_step(incident_id, step, "done", note=note, actor=DPO)
        with tempfile.TemporaryDirectory() as tmp:
            excerpt = Path(tmp) / "fw-edge-01-outbound-FS01.log"
            excerpt.write_text(
                FIREWALL_EXCERPT.format(day=(detected - timedelta(hours=1)).date().isoformat()),
                encoding="utf-8",
            )
            self.services.attach(
                incident_id,
                excerpt,
                actor=CISO,
                note="Firewall export: 3.2 GB outbound from FS01 during the encryption window",
            )
        return incident_id


ONCALL, DPO, CISO = "j.muller (on-call)", "c.weber (DPO)", "a.schmit (CISO)"


def _first_day(detected: datetime, aware: datetime) -> list[tuple[datetime, str, str, str]]:
    """The demo's first day on the timeline: when, who, what kind, what."""
    return [
        (
            detected,
            ONCALL,
            EntryKind.NOTE,
            "EDR alert on FS01: mass file renames to *.lockd on \\\\FS01\\clients and \\\\FS01\\hr",
        ),
        (
            detected + timedelta(minutes=19),
            ONCALL,
            EntryKind.ACTION,
            "Isolated FS01: switch port shut, VM network adapter disconnected",
        ),
        (
            detected + timedelta(hours=2),
            CISO,
            EntryKind.ACTION,
            "Reset all domain administrator passwords; MFA enforced on the VPN",
        ),
        (
            aware - timedelta(minutes=40),
            CISO,
            EntryKind.NOTE,
            "Ransom note README_RESTORE.txt found; it claims data were copied",
        ),
        (
            aware,
            DPO,
            EntryKind.DECISION,
            "Treated as a personal data breach: the HR share and client contact lists are "
            "affected. Awareness set to this time.",
        ),
        (
            aware + timedelta(hours=1),
            CISO,
            EntryKind.COMMUNICATION,
            "CIRCL (national CSIRT) informed by phone",
        ),
        (
            aware + timedelta(hours=3),
            DPO,
            EntryKind.COMMUNICATION,
            "Complaint filed with the Police grand-ducale, Luxembourg-Ville",
        ),
        (
            aware + timedelta(hours=5),
            ONCALL,
            EntryKind.ACTION,
            "Restore of the HR share from the immutable backup started",
        ),
    ]
