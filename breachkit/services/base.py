"""What every use-case needs: the database (one connection per thread), clock, actor, data."""

from __future__ import annotations

import getpass
import threading
from datetime import UTC, datetime
from functools import cached_property
from pathlib import Path

from breachkit.adapters import paths
from breachkit.adapters.bundle_zip import clean_stale
from breachkit.core.errors import InputError, Problem
from breachkit.core.organisation.authorities import Authority, parse_directory
from breachkit.core.organisation.profile import Organisation, parse_organisation_text
from breachkit.core.text import require_line
from breachkit.core.timesource import Clock
from breachkit.store.db import Database, open_db
from breachkit.store.evidence import EvidenceStore, evidence_root
from breachkit.store.unit import Store


def default_actor() -> str:
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no login name in some containers
        return "unknown"


class SystemClock:
    """The real clock. The only place breachkit asks the system for the time."""

    def now(self) -> datetime:
        return datetime.now(UTC)


class ServiceBase:
    def __init__(
        self,
        db_path: Path,
        *,
        org_path: Path | None = None,
        clock: Clock | None = None,
        actor: str | None = None,
    ) -> None:
        self.db_path = db_path
        self.org_path = org_path if org_path is not None else paths.org_path(None)
        self.clock: Clock = clock or SystemClock()
        self.actor = require_line(actor or default_actor(), "--actor", "actor")
        self._local = threading.local()
        self.create_db = True
        """Create the database file if it is missing (False: read-only use never creates it)."""
        self.make_db_folder = True
        """Create the database's folder if it is missing (False: a folder someone named)."""

    @property
    def db(self) -> Database:
        """This thread's connection, opened (and migrated) on first use."""
        db = getattr(self._local, "db", None)
        if db is None:
            db = open_db(
                self.db_path,
                clock=self.clock.now,
                create=self.create_db,
                make_folder=self.make_db_folder,
            )
            self._local.db = db
            self._local.store = Store(db)
        return db

    @property
    def db_exists(self) -> bool:
        """Whether the database file is there (a read-only command does not create it)."""
        return self.db_path.exists()

    @property
    def store(self) -> Store:
        """This thread's repositories and unit of work (the only way to the tables)."""
        db = self.db
        store: Store = self._local.store
        assert store.db is db
        return store

    def close(self) -> None:
        db = getattr(self._local, "db", None)
        if db is not None:
            db.close()
            self._local.db = None
            self._local.store = None

    @cached_property
    def evidence(self) -> EvidenceStore:
        store = EvidenceStore(evidence_root(self.db_path))
        clean_stale(store.root / "tmp")  # what an import killed midway left behind
        return store

    def organisation(self) -> Organisation | None:
        """The organisation profile, or None when there is none yet. Bad profile: InputError."""
        path = self.org_path
        if not path.exists():
            return None
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as err:
            raise InputError(Problem(str(path), None, f"cannot read the profile: {err}")) from None
        return parse_organisation_text(text, str(path), self.authorities)

    def incident_organisation(self, snapshot: Organisation | None) -> tuple[Organisation, str]:
        """The organisation an incident's documents name: the current profile when it is the
        incident's organisation (or the snapshot names none), else the snapshot stored with
        the incident; with the source, ``profile``, ``incident`` or ``none``.

        A DPO who fills in a missing registration number or DPO e-mail after a first attempt
        expects the next draft, letter or notice to carry it; a profile for another
        organisation never leaks in."""
        current = self.organisation()
        if current is not None and (
            snapshot is None or not snapshot.name or current.name == snapshot.name
        ):
            return current, "profile"
        if snapshot is not None:
            return snapshot, "incident"
        return Organisation(), "none"

    @cached_property
    def authorities(self) -> dict[str, Authority]:
        path = paths.bundled("notification_templates") / "authorities.toml"
        return parse_directory(path.read_text(encoding="utf-8"), str(path))
