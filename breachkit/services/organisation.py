"""Use-cases on the organisation profile: write a commented one, show it, check it."""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from breachkit.adapters.files import make_folder, write_private
from breachkit.core.errors import InputError, Problem
from breachkit.core.organisation.authorities import Authority
from breachkit.core.organisation.profile import (
    Need,
    Organisation,
    parse_organisation_document,
    parse_organisation_text,
)
from breachkit.services.base import Part
from breachkit.services.profile_form import document, fill, form_values
from breachkit.services.profile_template import PROFILE_TEMPLATE
from breachkit.services.profile_texts import TextLanguage, text_languages


@dataclass(frozen=True, slots=True)
class AuthorityCheck:
    authority: Authority
    lead: bool
    missing: tuple[Need, ...]
    sector_not_in: tuple[str, ...] = ()
    """The authority's languages the profile's sector is not written in: its draft in one
    of them prints the sector in the profile's own language, marked, and lists it as
    missing."""


class OrganisationServices(Part):
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
            AuthorityCheck(
                a,
                a.id == org.lead_authority,
                tuple(a.missing(org)),
                tuple(code for code in a.languages if org.sector and not org.sector_in(code)[1]),
            )
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

    # -- the profile form (TUI) ----------------------------------------------------------------

    def org_form_values(self) -> tuple[dict[str, str], str]:
        """The form's values from the profile, and why they could not be read ("" if
        they could, or if there is no profile yet: the form then starts empty)."""
        try:
            return form_values(self.organisation()), ""
        except InputError as err:
            return form_values(None), err.message

    def org_text_languages(
        self, values: Mapping[str, str], extra: Iterable[str] = ()
    ) -> list[TextLanguage]:
        """The languages the form asks the sector and the DPO's title in (the lead
        authority's, the organisation's, the file's, ``extra``), with who reads each."""
        return text_languages(values, self.authorities, extra)

    def org_preview(
        self, values: Mapping[str, str]
    ) -> tuple[tuple[Problem, ...], list[AuthorityCheck]]:
        """What is wrong with the typed values (as the file would be read), else what
        each authority will still need: ``org check`` beside the form."""
        try:
            org = self._org_from(values)
        except InputError as err:
            return tuple(err.problems), []
        return (), self.org_check(org)

    def org_save(self, values: Mapping[str, str]) -> Path:
        """Write the typed values into the profile (its comments and other keys kept; the
        commented template when there is none), atomically, 0600; InputError when they
        are not a valid profile. The file is read back before it replaces the old one."""
        org = self._org_from(values)
        path = self.org_path
        try:
            base = path.read_text(encoding="utf-8-sig") if path.exists() else PROFILE_TEMPLATE
        except (OSError, UnicodeDecodeError) as err:
            raise InputError(Problem(str(path), None, f"cannot read the profile: {err}")) from None
        text = fill(base, document(values))
        saved = parse_organisation_text(text, str(path), self.authorities)
        if form_values(saved) != form_values(org):  # pragma: no cover - a bug in fill()
            raise InputError(Problem(str(path), None, "the profile would not read back as typed"))
        make_folder(path.parent)
        write_private(path, text.encode("utf-8"))
        return path

    def _org_from(self, values: Mapping[str, str]) -> Organisation:
        return parse_organisation_document(document(values), str(self.org_path), self.authorities)
