"""What every part of the services shares: the database (one connection per thread),
the clock, the actor, where the profile lives, and what is read once per session."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from breachkit.adapters import paths
from breachkit.core.errors import InputError, Problem
from breachkit.core.text import require_line
from breachkit.core.timesource import Clock

if TYPE_CHECKING:
    import ssl

    from breachkit.adapters.smtp import Retry
    from breachkit.core.organisation.authorities import Authority
    from breachkit.core.organisation.profile import Organisation
    from breachkit.store.db import Database
    from breachkit.store.evidence import EvidenceStore
    from breachkit.store.unit import Store


def default_actor() -> str:
    import getpass  # here: only a command that records asks (start-up)

    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no login name in some containers
        return "unknown"


class SystemClock:
    """The real clock. The only place breachkit asks the system for the time."""

    def now(self) -> datetime:
        return datetime.now(UTC)


class Context:
    """One session's shared state; every part of the services takes it."""

    def __init__(
        self,
        db_path: Path,
        *,
        org_path: Path | None = None,
        clock: Clock | None = None,
        actor: str | None = None,
    ) -> None:
        self.db_path = db_path
        self._org_path: Path | None = org_path
        self.clock: Clock = clock or SystemClock()
        self._actor = require_line(actor, "--actor", "actor") if actor else None
        self.local = threading.local()
        """Per thread: ``db``, ``store`` and, inside ``views_read_once``, ``views``."""
        self.create_db = True
        """Create the database file if it is missing (False: read-only use never creates it)."""
        self.make_db_folder = True
        """Create the database's folder if it is missing (False: a folder someone named)."""
        self.playbooks_dir: Path | None = None
        """The user's playbooks folder (None: the default one)."""
        self.send_retry: Retry | None = None
        """How hard a message is retried (None: the default; tests make the waits short)."""
        self.smtp_ssl_context: ssl.SSLContext | None = None
        """A TLS context to trust (tests: a certificate of their own); None: the system's."""
        self._evidence: EvidenceStore | None = None
        self._authorities: dict[str, Authority] | None = None

    @property
    def actor(self) -> str:
        """Who records: given, else the login name, looked up when first needed (a
        command that only reads never asks the system: issue 19, start-up)."""
        actor = self._actor
        if actor is None:
            actor = self._actor = require_line(default_actor(), "--actor", "actor")
        return actor

    @property
    def org_path(self) -> Path:
        """The profile's path: given, else found when first asked for (``list`` never
        asks, and so never loads platformdirs: issue 19, start-up)."""
        path = self._org_path
        if path is None:
            path = self._org_path = paths.org_path(None)
        return path

    @contextlib.contextmanager
    def views_read_once(self) -> Iterator[None]:
        """Inside, each incident's stored facts are read and parsed once, however many
        steps ask for them, and an organisation snapshot stored as the same text (the
        incidents opened under one profile) is parsed once. For reading only: a change
        made inside is not seen by a later read inside. (The snapshots parsed are kept
        per thread too, as ``organisations``.)"""
        outer = getattr(self.local, "views", None)
        if outer is None:
            self.local.views, self.local.organisations = {}, {}
        try:
            yield
        finally:
            if outer is None:
                self.local.views = self.local.organisations = None

    @property
    def db(self) -> Database:
        """This thread's connection, opened (and migrated) on first use."""
        db: Database | None = getattr(self.local, "db", None)
        if db is None:
            from breachkit.store.db import open_db
            from breachkit.store.unit import Store

            db = open_db(
                self.db_path,
                clock=self.clock.now,
                create=self.create_db,
                make_folder=self.make_db_folder,
            )
            self.local.db = db
            self.local.store = Store(db)
        return db

    @property
    def db_exists(self) -> bool:
        """Whether the database file is there (a read-only command does not create it)."""
        return self.db_path.exists()

    @property
    def store(self) -> Store:
        """This thread's repositories and unit of work (the only way to the tables)."""
        db = self.db
        store: Store = self.local.store
        assert store.db is db
        return store

    def close(self) -> None:
        db = getattr(self.local, "db", None)
        if db is not None:
            db.close()
            self.local.db = None
            self.local.store = None

    @property
    def evidence(self) -> EvidenceStore:
        if self._evidence is None:
            from breachkit.adapters.bundle_zip import clean_stale
            from breachkit.store.evidence import EvidenceStore, evidence_root

            store = EvidenceStore(evidence_root(self.db_path))
            clean_stale(store.root / "tmp")  # what an import killed midway left behind
            self._evidence = store
        return self._evidence

    def organisation(self) -> Organisation | None:
        """The organisation profile, or None when there is none yet. Bad profile: InputError."""
        from breachkit.core.organisation.profile import parse_organisation_text

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
        from breachkit.core.organisation.profile import Organisation

        current = self.organisation()
        if current is not None and (
            snapshot is None or not snapshot.name or current.name == snapshot.name
        ):
            return current, "profile"
        if snapshot is not None:
            return snapshot, "incident"
        return Organisation(), "none"

    @property
    def authorities(self) -> dict[str, Authority]:
        if self._authorities is None:
            from breachkit.core.organisation.authorities import parse_directory

            path = paths.bundled("notification_templates") / "authorities.toml"
            self._authorities = parse_directory(path.read_text(encoding="utf-8"), str(path))
        return self._authorities
