"""The confidentiality path: how likely the disclosure of, or access to, the data is to
harm the people.

Who could read the data decides (:class:`Exposure`), then what protects them (state-of-the-
art encryption with a safe key, strongly hashed passwords) and what the recipients did
(deleted them, took them deliberately). An attacker who could read unencrypted data in
place is a loss of confidentiality to an unknown party whatever the logs say (EDPB
01/2021 case No. 01: its "no notification" rests on encryption at rest).
"""

from __future__ import annotations

from collections.abc import Callable

from breachkit.core.enums import Cause, DataCategory, Encryption, Exfiltration, PasswordStorage
from breachkit.core.incident.model import IncidentFacts
from breachkit.core.risk import basis as b
from breachkit.core.risk.facts import Resolved
from breachkit.core.risk.kinds import USES_PASSWORDS, Exposure
from breachkit.core.risk.model import Likelihood, Reason, reason
from breachkit.core.risk.thresholds import LONG_UNDETECTED_DAYS, OWN

Path = tuple[Likelihood, list[Reason]]

CASE_01_ACCESS = b.g0121("case No. 01, paras. 16, 19 to 21 and footnote 11")
"""Case 01: no notification because the attacker only had access to encrypted data (paras.
16, 20-21); data can leave without a trace in the logs (para. 19); access without
exfiltration can be as severe (footnote 11)."""
CB_CONF = f"{b.ENISA_CB}, confidentiality"


def confidentiality(r: Resolved, facts: IncidentFacts) -> Path:
    """How likely the disclosure is to harm the people."""
    if not r.confidentiality or r.exposure is Exposure.NONE:
        return Likelihood.NONE, _nobody(r)
    out = _protection(r, facts)
    if r.encrypted or not r.intelligible:
        return Likelihood.NONE, out
    by_exposure: dict[Exposure, Callable[[Resolved, IncidentFacts], Path]] = {
        Exposure.TRUSTED: _trusted,
        Exposure.LIMITED: _limited,
        Exposure.WIDE: _wide,
        Exposure.PUBLIC: _published,
    }
    likelihood, reasons = by_exposure[r.exposure](r, facts)
    return likelihood, out + reasons


def _nobody(r: Resolved) -> list[Reason]:
    """No one obtained the data: said only when no attacker could have read them."""
    if r.exfiltration is Exfiltration.RULED_OUT:
        text = (
            "Exfiltration is ruled out, no recipient is known and no one acting with "
            "malicious intent had access to the data, so no one obtained them"
        )
        return [reason("breach.exfiltration", "lowers", text, CB_CONF)]
    if r.confidentiality:
        return [
            reason(
                "breach.recipients", "lowers", "No one is known to have obtained the data", CB_CONF
            )
        ]
    return []


def _protection(r: Resolved, facts: IncidentFacts) -> list[Reason]:
    """Encryption and password hashing: credit where they make the data unreadable."""
    if r.encrypted:
        text = (
            "The data were encrypted with state-of-the-art encryption and the key was not "
            "compromised, so whoever obtained or reached them cannot read them"
        )
        basis = (
            f"{b.ART_34_3_A}; {b.g0121('case No. 01, paras. 16 and 20, and case No. 10')}; "
            f"{b.WP250B}, example i"
        )
        return [reason("protection.encryption", "lowers", text, basis)]
    out: list[Reason] = []
    protection = facts.protection
    weak = f"{b.ART_34_3_A}; {b.g0121('case No. 01, para. 20')}"
    if protection.encryption is Encryption.WEAK:
        text = "The data were only weakly encrypted, which does not make them unintelligible"
        out.append(reason("protection.encryption", "raises", text, weak))
    elif protection.encryption is Encryption.STATE_OF_THE_ART and protection.key_compromised:
        text = (
            "The data were encrypted but the key was compromised, so the encryption does not "
            "protect them"
        )
        out.append(reason("protection.key_compromised", "raises", text, weak))
    if r.hashed_credentials:
        text = "The passwords were stored as strong salted hashes, so they cannot be used to log in"
        out.append(reason("protection.password_storage", "lowers", text, b.g0121("case No. 06")))
    elif (
        protection.password_storage is PasswordStorage.STRONG_SALTED_HASH
        and DataCategory.CREDENTIALS in r.categories
        and r.cause in USES_PASSWORDS
    ):
        text = (
            "The attacker logged in with the people's own passwords, so storing them as strong "
            "salted hashes does not protect them"
        )
        out.append(reason("breach.cause", "raises", text, b.g0121("case No. 07")))
    return out


def _trusted(r: Resolved, facts: IncidentFacts) -> Path:
    if r.deletion_confirmed and not r.special:
        text = (
            "The data went only to a trusted recipient bound to secrecy, who confirmed deleting "
            "them"
        )
        return Likelihood.NONE, [
            reason("breach.recipient_confirmed_deletion", "lowers", text, b.g0121("case No. 09"))
        ]
    text = (
        "The data went to a trusted recipient bound to secrecy who confirmed deleting them, "
        "but they include special categories, so breachkit does not treat that as harmless"
        if r.deletion_confirmed
        else "The data went to a trusted recipient bound to secrecy, who has not confirmed "
        "deleting them"
    )
    return Likelihood.REMOTE, [reason("breach.recipients", "lowers", text, b.g0121("case No. 09"))]


def _limited(r: Resolved, facts: IncidentFacts) -> Path:
    """Identified people: deliberate (an insider), or by mistake (a misdirected letter)."""
    if r.malicious:
        took = (
            "had access to the data with malicious intent; logs that show no copy do not undo that"
            if r.access_only
            else "took the data deliberately"
        )
        text = f"An identified person {took} and can be expected to use them"
        return Likelihood.LIKELY, [
            reason("breach.recipients", "raises", text, f"{b.g0121('case No. 08')}; {CB_CONF}")
        ]
    if r.deletion_confirmed:
        text = "The data reached identified recipients by mistake, who confirmed deleting them"
        basis = b.g0121("cases No. 13 and 15")
        return Likelihood.REMOTE, [
            reason("breach.recipient_confirmed_deletion", "lowers", text, basis)
        ]
    text = "The data reached identified recipients by mistake, who have not confirmed deleting them"
    out = [
        reason("breach.recipients", "raises", text, f"{b.g0121('cases No. 13 to 16')}; {CB_CONF}")
    ]
    days = r.undetected_days
    if days is None or days < LONG_UNDETECTED_DAYS:
        return Likelihood.POSSIBLE, out
    text = (
        f"The breach went unnoticed for {days:g} days, more than the {LONG_UNDETECTED_DAYS:g} "
        f"days that breachkit treats as long ({OWN}), which makes misuse likely"
    )
    basis = f"{b.RECITAL_85}; {b.g0922(b.CONSEQUENCES)}"
    out.append(reason("breach.undetected_days", "raises", text, basis))
    return Likelihood.LIKELY, out


def _wide(r: Resolved, facts: IncidentFacts) -> Path:
    """Unknown third parties: exfiltrated, lost or stolen, or reached in place by an attacker."""
    if r.access_only:
        logs = (
            "the logs show no exfiltration"
            if r.exfiltration is Exfiltration.RULED_OUT
            else "no exfiltration is known"
        )
        how = (
            "ransomware, which reads"
            if r.cause is Cause.RANSOMWARE
            else "an attacker who could read"
        )
        text = (
            f"The data were not encrypted and were reached by {how} them; although {logs}, "
            "that is a loss of confidentiality to an unknown party, whatever the logs say: "
            "data can leave without a trace, and access alone can be as harmful"
        )
        return Likelihood.LIKELY, [reason("breach.exfiltration", "raises", text, CASE_01_ACCESS)]
    how = {
        Exfiltration.CONFIRMED: "were exfiltrated and are",
        Exfiltration.LIKELY: "were probably exfiltrated and are",
    }.get(facts.breach.exfiltration or Exfiltration.NOT_APPLICABLE, "may be")
    text = f"The data {how} in the hands of unknown third parties, who can misuse them"
    basis = f"{b.g0121('cases No. 04 and 05')}; {b.WP250B}, example ii; {CB_CONF}"
    return Likelihood.LIKELY, [reason("breach.recipients", "raises", text, basis)]


def _published(r: Resolved, facts: IncidentFacts) -> Path:
    text = "The data were published, so anyone can read and misuse them"
    basis = f"{b.WP250B}, example vi; {CB_CONF}"
    return Likelihood.LIKELY, [reason("breach.recipients", "raises", text, basis)]
