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

from breachkit.core.enums import AvailabilityLoss, DataCategory, Identifiability
from breachkit.core.risk import basis as b
from breachkit.core.risk.facts import SPECIAL, VULNERABLE, Exposure, Resolved
from breachkit.core.risk.model import Reason, Severity, reason

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


def labels(categories: object) -> str:
    """``a, b and c`` in words, in the order of the vocabulary."""
    names = [LABELS[c] for c in DataCategory if c in categories]  # type: ignore[operator]
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


ASSUMED_DPC = 3
"""The DPC taken when the categories are not stated."""
BREADTH = 4
"""This many kinds of simple data about the same people make a profile: DPC + 1."""

EI_VALUES = {
    Identifiability.DIRECT: (1.0, "maximum"),
    Identifiability.INDIRECT: (0.75, "significant"),
    Identifiability.PSEUDONYMISED: (0.5, "limited"),
}
EI_UNREADABLE = (0.25, "negligible")

BANDS = ((2.0, "low"), (3.0, "medium"), (4.0, "high"))


def band(score: float) -> str:
    """The ENISA severity level of a score: low < 2 <= medium < 3 <= high < 4 <= very_high."""
    for limit, name in BANDS:
        if score < limit:
            return name
    return "very_high"


def dpc(r: Resolved) -> tuple[int, str, list[Reason]]:
    """Data processing context: the base of the most critical data, then adjustments."""
    reasons: list[Reason] = []
    if r.categories_assumed:
        base = ASSUMED_DPC
        basis = f"{ASSUMED_DPC} (categories not stated: assumed)"
        return base, basis, reasons
    # Strongly hashed passwords cannot be used: the other data set the score (EDPB case 06).
    scored = [c for c in r.categories if not (c is C.CREDENTIALS and r.hashed_credentials)] or list(
        r.categories
    )
    base = max(DPC_BASE[c] for c in scored)
    top_set = {c for c in scored if DPC_BASE[c] == base}
    top = labels(top_set)
    basis = f"base {base} ({CLASS_NAMES[base]} data: {top})"
    value = base
    if base == 4:
        reasons.append(
            reason(
                "data.categories",
                "raises",
                f"The data include {top}, which the law protects most; ENISA scores them 4 of 4",
                f"{b.ART_9_10}; {b.ENISA_DPC}; {b.g0922('nature and sensitivity')}",
            )
        )
    elif base == 3:
        reasons.append(
            reason(
                "data.categories",
                "raises",
                f"The data include {top}, which can be used for fraud or identity theft; "
                "breachkit scores them 3 of 4",
                f"{b.RECITAL_85}; {b.ENISA_DPC}; {b.g0922('nature and sensitivity')}",
            )
        )
    elif base == 2:
        reasons.append(
            reason(
                "data.categories",
                "raises",
                f"The data include {top}, which reveal what people do; ENISA scores "
                "behavioural data 2 of 4",
                f"{b.ENISA_DPC}; {b.g0922('nature and sensitivity')}",
            )
        )
    else:
        reasons.append(
            reason(
                "data.categories",
                "lowers",
                f"The data are simple data ({top}), the least critical class; "
                "ENISA scores them 1 of 4",
                f"{b.ENISA_DPC}; {b.g0922('nature and sensitivity')}",
            )
        )
    simple_kinds = {c for c in scored if DPC_BASE[c] == 1}
    if base == 1 and len(simple_kinds) >= BREADTH:
        value += 1
        basis += f"; +1 ({len(simple_kinds)} kinds of data about the same people)"
        reasons.append(
            reason(
                "data.categories",
                "raises",
                f"The data combine {len(simple_kinds)} kinds of personal details about the same "
                "people, enough to build a profile, which adds 1 to the data score",
                f"{b.ENISA_DPC}, volume of data per individual; {b.g0121('case No. 05')}",
            )
        )
    vulnerable = " and ".join(str(g) for g in sorted(r.groups) if g in VULNERABLE)
    if vulnerable:
        effect = "which adds 1 to the data score" if value < 4 else "already scored at maximum"
        reasons.append(
            reason(
                "data.subject_groups",
                "raises",
                f"The people include {vulnerable}, who are vulnerable; the data are {effect}"
                if value >= 4
                else f"The people include {vulnerable}, who are vulnerable, {effect}",
                f"{b.RECITAL_75}; {b.g0922('special characteristics of the individual')}; "
                f"{b.ENISA_DPC}",
            )
        )
        if value < 4:
            value += 1
            basis += f"; +1 ({vulnerable})"
        else:
            basis += f"; vulnerable people ({vulnerable}), already at the maximum"
    if value > 4:
        value = 4
        basis += "; capped at 4"
    return value, basis, reasons


def ei(r: Resolved) -> tuple[float, str, list[Reason]]:
    """Ease of identification; negligible when whoever got the data cannot read them."""
    if r.unreadable and r.exposure is not Exposure.NONE:
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
    basis = f"{b.ENISA_EI}; {b.g0922('ease of identification')}"
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
                f"{b.ENISA_CB}, malicious intent; {b.g0922('type of breach')}",
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
