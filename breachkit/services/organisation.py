"""Use-cases on the organisation profile: write a commented one, show it, check it."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from breachkit.adapters.files import make_folder, write_private
from breachkit.core.errors import InputError, Problem
from breachkit.core.organisation.authorities import Authority
from breachkit.core.organisation.profile import Need, Organisation
from breachkit.services.base import ServiceBase
from breachkit.services.profile_template import PROFILE_TEMPLATE


@dataclass(frozen=True, slots=True)
class AuthorityCheck:
    authority: Authority
    lead: bool
    missing: tuple[Need, ...]


class OrganisationServices(ServiceBase):
    def org_init(self, *, force: bool = False) -> Path:
        """Write a commented profile to fill in. Refuses to overwrite unless ``force``."""
        path = self.org_path
        if path.exists() and not force:
            raise InputError(
                Problem(
                    str(path), None, "a profile already exists here (use --force to replace it)"
                )
            )
        make_folder(path.parent)
        write_private(path, PROFILE_TEMPLATE.encode("utf-8"))
        return path

    def require_organisation(self) -> Organisation:
        org = self.organisation()
        if org is None:
            raise InputError(
                Problem(
                    str(self.org_path),
                    None,
                    "no organisation profile here yet: run `breachkit org init` and fill it in",
                )
            )
        return org

    def org_check(self, org: Organisation | None = None) -> list[AuthorityCheck]:
        """What each authority's notification will need that the profile does not give.

        The lead authority comes first.
        """
        org = org or self.require_organisation()
        checks = [
            AuthorityCheck(a, a.id == org.lead_authority, tuple(a.missing(org)))
            for a in self.authorities.values()
        ]
        return sorted(
            checks, key=lambda c: (not c.lead, c.authority.id == "generic", c.authority.id)
        )

    def smtp_check(self, org: Organisation | None = None) -> list[str]:
        """What ``breachkit send`` would stumble on in the profile's ``[smtp]`` (never the
        password's value: only whether the variable it names is set)."""
        org = org or self.require_organisation()
        smtp = org.smtp
        if smtp is None:
            return ["no [smtp] table: `breachkit send` needs one to send the letters by e-mail"]
        notes = []
        if smtp.password_env and not os.environ.get(smtp.password_env):
            notes.append(
                f"smtp.password_env: the environment variable {smtp.password_env} is not set "
                "here; set it before `breachkit send`"
            )
        if not smtp.from_address and not org.dpo.email:
            notes.append("smtp.from: no sender address, and [dpo] email is empty")
        return notes
