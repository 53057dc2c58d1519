"""The sources every reason cites, in one place so that the wording stays consistent.

What each citation rests on, and how far it was verified, is in docs/risk.md ("Sources
and what was verified"). In short: the GDPR articles and recitals were read in stored
copies; of EDPB Guidelines 01/2021 v2.0, paras. 9, 15 and case No. 01 (paras. 16, 19-21,
footnote 11) were read in a stored copy, the facts and outcomes of cases 08, 09, 13, 14,
16 and 18 in third-party summaries that quote the guidelines, the others are cited as
recalled and marked unverified there. The WP250 Annex B examples and the factor headings
of section IV.B are cited from WP250 rev.01 as recalled (unverified). ENISA's annex
numbers were never read, so they are not cited.
"""

from __future__ import annotations

ART_9_10 = "GDPR Art. 9(1) and Art. 10"
ART_26 = "GDPR Art. 26"
ART_33_1 = "GDPR Art. 33(1)"
ART_33_2 = "GDPR Art. 33(2)"
ART_33_4 = "GDPR Art. 33(4)"
ART_33_5 = "GDPR Art. 33(5)"
ART_34_1 = "GDPR Art. 34(1)"
ART_34_3_A = "GDPR Art. 34(3)(a)"
ART_34_3_B = "GDPR Art. 34(3)(b)"
ART_34_3_C = "GDPR Art. 34(3)(c)"
RECITAL_75 = "GDPR Recital 75"
RECITAL_76 = "GDPR Recital 76"
RECITAL_85 = "GDPR Recital 85"
"""Names identity theft and fraud among the damage a breach causes, and warns that a breach
"if not addressed in an appropriate and timely manner" may cause damage."""

G0922 = "EDPB Guidelines 9/2022, section IV.B"
"""Guidelines 9/2022 on breach notification (WP250 rev.01 as updated): "Factors to consider
when assessing risk". The factor names below are that section's headings."""
TYPE = "type of breach"
NATURE = "nature, sensitivity and volume of personal data"
IDENTIFICATION = "ease of identification of individuals"
CONSEQUENCES = "severity of consequences for individuals"
INDIVIDUAL = "special characteristics of the individual"
CONTROLLER = "special characteristics of the data controller"
NUMBER = "the number of affected individuals"

G0121 = "EDPB Guidelines 01/2021"
WP250B = "WP250 Annex B"

ENISA_DPC = "ENISA 2013 severity method, data processing context (DPC)"
ENISA_EI = "ENISA 2013 severity method, ease of identification (EI)"
ENISA_CB = "ENISA 2013 severity method, circumstances of the breach (CB)"
ENISA_SE = "ENISA 2013 severity method, SE = DPC x EI + CB and severity levels"


def g0121(detail: str) -> str:
    """``EDPB Guidelines 01/2021, <detail>`` (a case number or a paragraph)."""
    return f"{G0121}, {detail}"


def g0922(factor: str) -> str:
    """``EDPB Guidelines 9/2022, section IV.B (<factor>)``."""
    return f"{G0922} ({factor})"
