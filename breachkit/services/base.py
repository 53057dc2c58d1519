"""What every part of the services is: a small object over the shared :class:`Context`,
with a typed reference to the façade for the use-cases of the other parts."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING

from breachkit.core.timesource import Clock
from breachkit.services.context import Context, SystemClock, default_actor

if TYPE_CHECKING:
    from breachkit.core.organisation.authorities import Authority
    from breachkit.core.organisation.profile import Organisation
    from breachkit.services import Services
    from breachkit.store.db import Database
    from breachkit.store.evidence import EvidenceStore
    from breachkit.store.unit import Store

__all__ = ["Context", "Part", "SystemClock", "default_actor"]


class Part:
    """One family of use-cases. ``services`` reaches the other families' use-cases."""

    def __init__(self, context: Context, services: Services) -> None:
        self.context = context
        self.services = services

    @property
    def db_path(self) -> Path:
        return self.context.db_path

    @property
    def org_path(self) -> Path:
        return self.context.org_path

    @property
    def clock(self) -> Clock:
        return self.context.clock

    @property
    def actor(self) -> str:
        return self.context.actor

    @property
    def _local(self) -> threading.local:
        return self.context.local

    @property
    def db(self) -> Database:
        return self.context.db

    @property
    def db_exists(self) -> bool:
        return self.context.db_exists

    @property
    def store(self) -> Store:
        return self.context.store

    @property
    def evidence(self) -> EvidenceStore:
        return self.context.evidence

    @property
    def authorities(self) -> dict[str, Authority]:
        return self.context.authorities

    def organisation(self) -> Organisation | None:
        return self.context.organisation()
