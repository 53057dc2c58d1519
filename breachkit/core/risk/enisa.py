"""ENISA (2013) severity of a personal data breach: SE = DPC x EI + CB.

Source: ENISA, "Recommendations for a methodology of the assessment of severity of
personal data breaches", working document v1.0, December 2013. Read here through stored
copies of its summaries (the formula, the four data classes and their base scores 1-4,
EI 0.25/0.5/0.75/1, CB 0/0.25/0.5 for each of confidentiality, integrity and availability
plus 0.5 for malicious intent, SE < 2 low, 2-3 medium, 3-4 high, >= 4 very high). The
PDF's own tables were not read; the mapping of breachkit's data categories to the ENISA
classes and the two DPC adjustments below are breachkit's choices (docs/risk.md).
"""

from __future__ import annotations

from collections.abc import Collection

from breachkit.core.enums import AvailabilityLoss, DataCategory, Detail, Identifiability
from breachkit.core.risk import basis as b
from breachkit.core.risk.facts import Resolved
from breachkit.core.risk.kinds import SPECIAL, VULNERABLE, Exposure
from breachkit.core.risk.model import Reason, Severity, reason
from breachkit.core.risk.thresholds import (
    EXTENSIVE_STEPS,
    OWN,
    PROFILE_KINDS,
    PUBLIC_STEPS,
    TRIVIAL_STEPS,
)

C = DataCategory
DPC_BASE: dict[DataCategory, int] = {
    # simple data (1): who the person is and how to reach them
    C.IDENTITY: 1,
    C.CONTACT: 1,
    C.DEMOGRAPHIC: 1,
    C.EDUCATION: 1,
    C.EMPLOYMENT: 1,
    # behavioural data (2): what the person does, where, with whom
    C.LOCATION: 2,
    C.COMMUNICATIONS: 2,
    C.BEHAVIOURAL: 2,
    # financial data (3), and breachkit's choice: data that enable fraud or identity theft
    C.FINANCIAL: 3,
    C.BANK_ACCOUNT: 3,
    C.PAYMENT_CARD: 3,
    C.NATIONAL_ID: 3,
    C.OFFICIAL_DOCUMENT: 3,
    C.CREDENTIALS: 3,
    # sensitive data (4): Art. 9(1) special categories and Art. 10 data
    **dict.fromkeys(SPECIAL, 4),
}
CLASS_NAMES = {1: "simple", 2: "behavioural", 3: "financial", 4: "sensitive"}
LABELS: dict[DataCategory, str] = {
    C.IDENTITY: "identity details",
    C.CONTACT: "contact details",
    C.DEMOGRAPHIC: "demographic details",
    C.EDUCATION: "education details",
    C.EMPLOYMENT: "employment details",
    C.LOCATION: "location data",
    C.COMMUNICATIONS: "communications",
    C.BEHAVIOURAL: "behavioural data",
    C.FINANCIAL: "financial data",
    C.BANK_ACCOUNT: "bank account numbers",
    C.PAYMENT_CARD: "payment card data",
    C.NATIONAL_ID: "national identification numbers",
    C.OFFICIAL_DOCUMENT: "identity documents",
    C.CREDENTIALS: "log-in credentials",
    C.HEALTH: "health data",
    C.GENETIC: "genetic data",
    C.BIOMETRIC: "biometric data",
    C.RACIAL_ETHNIC: "racial or ethnic origin",
    C.POLITICAL: "political opinions",
    C.RELIGIOUS: "religious or philosophical beliefs",
    C.TRADE_UNION: "trade-union membership",
    C.SEX_LIFE: "sex life or sexual orientation",
    C.CRIMINAL: "criminal convictions or offences",
}
CAUSE_LABELS = {
    "ransomware": "a ransomware attack",
    "hacking": "hacking",
    "malware": "malware",
    "credential_stuffing": "credential stuffing",
    "malicious_insider": "a malicious insider",
    "lost_or_stolen": "a theft",
    "social_engineering": "social engineering",
}


def labels(categories: Collection[DataCategory]) -> str:
    """``a, b and c`` in words, in the order of the vocabulary."""
    names = [LABELS[c] for c in DataCategory if c in categories]
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


ASSUMED_DPC = 3
"""The DPC taken when the categories are not stated."""

EI_VALUES = {
    Identifiability.DIRECT: (1.0, "maximum"),
    Identifiability.INDIRECT: (0.75, "significant"),
    Identifiability.PSEUDONYMISED: (0.5, "limited"),
}
EI_UNREADABLE = (0.25, "negligible")

BANDS = ((2.0, "low"), (3.0, "medium"), (4.0, "high"))
DPC_BASIS = f"{b.ENISA_DPC}; {b.g0922(b.NATURE)}"


def band(score: float) -> str:
    """The ENISA severity level of a score: low < 2 <= medium < 3 <= high < 4 <= very_high."""
    for limit, name in BANDS:
        if score < limit:
            return name
    return "very_high"


def _scores(r: Resolved) -> dict[DataCategory, int]:
    """Each stated category's base; strongly hashed passwords reveal nothing usable, so they
    score as simple data (EDPB 01/2021 case No. 06)."""
    return {
        c: 1 if c is C.CREDENTIALS and r.hashed_credentials else DPC_BASE[c] for c in r.categories
    }


def dpc(r: Resolved) -> tuple[int, str, list[Reason]]:
    """Data processing context: the base of the most critical data, then ENISA's adjustments
    (the context, the volume of data per person, public availability, vulnerable people)."""
    reasons: list[Reason] = []
    if r.categories_assumed:
        value, basis = ASSUMED_DPC, f"{ASSUMED_DPC} (categories not stated: assumed)"
    else:
        value, basis, reasons = _base(r)
    for adjust in (_context, _profile, _detail, _public, _vulnerable):
        value, basis = adjust(r, value, basis, reasons)
    if value > 4:
        value = 4
        basis += "; capped at 4"
    return value, basis, reasons


def _base(r: Resolved) -> tuple[int, str, list[Reason]]:
    scores = _scores(r)
    base = max(scores.values())
    top = labels({c for c, score in scores.items() if score == base})
    words = {
        4: (
            "raises",
            f"The data include {top}, which the law protects most; ENISA scores them 4 of 4",
            f"{b.ART_9_10}; {DPC_BASIS}",
        ),
        3: (
            "raises",
            f"The data include {top}, which can be used for fraud or identity theft; "
            "breachkit scores them 3 of 4",
            f"{b.RECITAL_85}; {DPC_BASIS}",
        ),
        2: (
            "raises",
            f"The data include {top}, which reveal what people do; ENISA scores behavioural "
            "data 2 of 4",
            DPC_BASIS,
        ),
        1: (
            "lowers",
            f"The data are simple data ({top}), the least critical class; ENISA scores them 1 of 4",
            DPC_BASIS,
        ),
    }
    direction, sentence, basis = words[base]
    reasons = [reason("data.categories", direction, sentence, basis)]
    class_name = f"{CLASS_NAMES[base]} data"
    named = class_name if top == class_name else f"{class_name}: {top}"  # never "x data: x data"
    return base, f"base {base} ({named})", reasons


Adjust = tuple[int, str]


def _context(r: Resolved, value: int, basis: str, out: list[Reason]) -> Adjust:
    if not r.revealing_context or value >= 4:
        return value, basis
    out.append(
        reason(
            "data.revealing_context",
            "raises",
            "The context reveals a sensitive fact the data do not state (for example that the "
            "people are patients of a clinic), so the data score as sensitive data, 4 of 4",
            f"{b.ENISA_DPC}, context; {b.ART_9_10}; {b.g0922(b.CONTROLLER)}",
        )
    )
    return 4, f"{basis}; 4 (the context reveals a sensitive fact)"


def _profile(r: Resolved, value: int, basis: str, out: list[Reason]) -> Adjust:
    kinds = {c for c, score in _scores(r).items() if score == 1 and c is not C.CREDENTIALS}
    if value != 1 or len(kinds) < PROFILE_KINDS:
        return value, basis
    out.append(
        reason(
            "data.categories",
            "raises",
            f"The data combine {len(kinds)} kinds of personal details about the same people, "
            f"enough to build a profile ({OWN}: {PROFILE_KINDS} kinds), which adds 1 to the data "
            "score",
            f"{b.ENISA_DPC}, volume of data per individual; {b.g0121('case No. 05')}",
        )
    )
    return value + 1, f"{basis}; +1 ({len(kinds)} kinds of data about the same people)"


def _detail(r: Resolved, value: int, basis: str, out: list[Reason]) -> Adjust:
    if r.detail is Detail.TRIVIAL:
        lowered = max(1, value - TRIVIAL_STEPS)
        out.append(
            reason(
                "data.detail",
                "lowers",
                "The data reveal only a trivial detail about each person, which hints at a "
                f"category without revealing it; the data score drops by {TRIVIAL_STEPS} "
                f"({OWN}), to {lowered} of 4",
                f"{b.ENISA_DPC}, volume and nature of the data per individual; "
                f"{b.g0121('case No. 15')}",
            )
        )
        return lowered, f"{basis}; -{value - lowered} (a trivial detail per person)"
    if r.detail is Detail.EXTENSIVE and value < 4:
        out.append(
            reason(
                "data.detail",
                "raises",
                "The data are a full file about each person, which adds "
                f"{EXTENSIVE_STEPS} to the data score ({OWN})",
                f"{b.ENISA_DPC}, volume of data per individual",
            )
        )
        return value + EXTENSIVE_STEPS, f"{basis}; +{EXTENSIVE_STEPS} (a full file per person)"
    return value, basis


def _public(r: Resolved, value: int, basis: str, out: list[Reason]) -> Adjust:
    if not r.already_public or value <= 1:
        return value, basis
    out.append(
        reason(
            "data.already_public",
            "lowers",
            f"The same data were already public before the breach, which lowers the data score "
            f"by {PUBLIC_STEPS} ({OWN})",
            f"{b.ENISA_DPC}, public availability",
        )
    )
    return value - PUBLIC_STEPS, f"{basis}; -{PUBLIC_STEPS} (already public)"


def _vulnerable(r: Resolved, value: int, basis: str, out: list[Reason]) -> Adjust:
    vulnerable = " and ".join(str(g) for g in sorted(r.groups) if g in VULNERABLE)
    if not vulnerable:
        return value, basis
    cite = f"{b.RECITAL_75}; {b.g0922(b.INDIVIDUAL)}; {b.ENISA_DPC}"
    if value >= 4:
        text = (
            f"The people include {vulnerable}, who are vulnerable; the data are already scored "
            "at the maximum"
        )
        out.append(reason("data.subject_groups", "raises", text, cite))
        return value, f"{basis}; vulnerable people ({vulnerable}), already at the maximum"
    text = f"The people include {vulnerable}, who are vulnerable, which adds 1 to the data score"
    out.append(reason("data.subject_groups", "raises", text, cite))
    return value + 1, f"{basis}; +1 ({vulnerable})"


def ei(r: Resolved) -> tuple[float, str, list[Reason]]:
    """Ease of identification; negligible when whoever got the data cannot read them and
    nothing else befell the data (their loss or alteration affects people who are as
    identifiable as the data say, whoever else holds an unreadable copy)."""
    if r.unreadable and r.exposure is not Exposure.NONE and not (r.availability or r.integrity):
        value, name = EI_UNREADABLE
        return value, f"{name} ({value:g}): the data cannot be read by whoever obtained them", []
    value, name = EI_VALUES[r.identifiability]
    direction = "raises" if r.identifiability is Identifiability.DIRECT else "lowers"
    words = {
        Identifiability.DIRECT: "directly identify the people",
        Identifiability.INDIRECT: "identify the people only with other information",
        Identifiability.PSEUDONYMISED: "are pseudonymised",
    }[r.identifiability]
    text = f"The data {words}: ease of identification is {name} ({value:g})"
    basis = f"{b.ENISA_EI}; {b.g0922(b.IDENTIFICATION)}"
    return (
        value,
        f"{name} ({value:g}): {r.identifiability}",
        [reason("data.identifiability", direction, text, basis)],
    )


def cb(r: Resolved) -> tuple[tuple[tuple[str, float], ...], list[Reason]]:
    """Circumstances of the breach: each lost security property, plus malicious intent."""
    reasons: list[Reason] = []
    if not r.confidentiality or r.exposure is Exposure.NONE or r.unreadable:
        conf = 0.0
    elif r.exposure is Exposure.TRUSTED:
        conf = 0.0 if r.deletion_confirmed else 0.25
    elif r.exposure is Exposure.LIMITED:
        conf = 0.25
    else:
        conf = 0.5
    if not r.integrity:
        integ = 0.0
    elif r.restored:
        integ = 0.25 if r.misuse else 0.0
    else:
        integ = 0.5 if r.misuse else 0.25
    if not r.availability:
        avail = 0.0
    elif r.availability_loss is AvailabilityLoss.PERMANENT:
        avail = 0.5
    else:
        avail = 0.0 if r.quick_restore else 0.25
    malice = 0.5 if r.malicious else 0.0
    cause = f" ({CAUSE_LABELS[r.cause]})" if r.cause and r.cause in CAUSE_LABELS else ""
    if r.malicious:
        reasons.append(
            reason(
                "breach.malicious",
                "raises",
                f"The breach was deliberate{cause}, which adds 0.5 to the circumstances score",
                f"{b.ENISA_CB}, malicious intent; {b.g0922(b.TYPE)}",
            )
        )
    else:
        reasons.append(
            reason(
                "breach.malicious",
                "lowers",
                "The breach was an accident without malicious intent, which adds nothing to the "
                "circumstances score",
                f"{b.ENISA_CB}, malicious intent",
            )
        )
    parts = (
        ("confidentiality", conf),
        ("integrity", integ),
        ("availability", avail),
        ("malicious_intent", malice),
    )
    return parts, reasons


def severity(r: Resolved) -> tuple[Severity, list[Reason]]:
    """The ENISA severity of the resolved facts, and the reasons for its components."""
    dpc_value, dpc_basis, reasons = dpc(r)
    ei_value, ei_basis, ei_reasons = ei(r)
    parts, cb_reasons = cb(r)
    cb_value = sum(value for _, value in parts)
    score = dpc_value * ei_value + cb_value  # multiples of 1/16: exact in binary floats
    level = band(score)
    shown = " + ".join(f"{value:g} {name.replace('_', ' ')}" for name, value in parts if value)
    reasons.insert(
        0,
        reason(
            "severity",
            "lowers" if level == "low" else "raises",
            f"ENISA severity SE = DPC x EI + CB = {dpc_value:g} x {ei_value:g} + "
            f"{cb_value:g} = {score:g}, level {level.replace('_', ' ')}"
            + (f", with CB = {shown}" if shown else ""),
            b.ENISA_SE,
        ),
    )
    reasons += ei_reasons + cb_reasons
    return (
        Severity(
            score=score,
            level=level,
            dpc=float(dpc_value),
            dpc_basis=dpc_basis,
            ei=ei_value,
            ei_basis=ei_basis,
            cb=cb_value,
            cb_parts=parts,
        ),
        reasons,
    )
