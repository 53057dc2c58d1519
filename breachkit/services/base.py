"""What every part of the services is: a small object over the shared :class:`Context`,
with a typed reference to the façade for the use-cases of the other parts."""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Concatenate, ParamSpec, TypeVar

from breachkit.core.timesource import Clock
from breachkit.services.context import Context, SystemClock, default_actor

if TYPE_CHECKING:
    from breachkit.core.organisation.authorities import Authority
    from breachkit.core.organisation.profile import Organisation
    from breachkit.services import Services
    from breachkit.store.db import Database
    from breachkit.store.evidence import EvidenceStore
    from breachkit.store.unit import Store

__all__ = ["Context", "OnContext", "Part", "SystemClock", "default_actor", "reads_once"]

P = ParamSpec("P")
R = TypeVar("R")
S = TypeVar("S", bound="Part")


def reads_once(method: Callable[Concatenate[S, P], R]) -> Callable[Concatenate[S, P], R]:
    """A use-case that only reads: each incident it looks at is loaded and parsed once,
    however many of its steps (and of the other parts it asks) look at it."""

    @functools.wraps(method)
    def once(self: S, /, *args: P.args, **kwargs: P.kwargs) -> R:
        with self.context.views_read_once():
            return method(self, *args, **kwargs)

    return once


class OnContext:
    """Read access to the shared context, as the parts and the façade both offer it."""

    context: Context

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
        """The organisation profile, or None when there is none yet. Bad profile: InputError."""
        return self.context.organisation()


class Part(OnContext):
    """One family of use-cases. ``services`` reaches the other families' use-cases."""

    def __init__(self, context: Context, services: Services) -> None:
        self.context = context
        self.services = services

    @property
    def _local(self) -> threading.local:
        return self.context.local

    def incident_organisation(self, snapshot: Organisation | None) -> tuple[Organisation, str]:
        """The organisation an incident's documents name (see the context's)."""
        return self.context.incident_organisation(snapshot)
