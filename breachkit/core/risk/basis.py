"""The sources every reason cites, in one place so that the wording stays consistent.

Verification status (see docs/risk.md, "Sources"): the GDPR articles and EDPB Guidelines
01/2021 paragraphs 9, 15 and 19-25 (case 01) were read in stored copies; the other 01/2021
case outcomes, the WP250 Annex B table and the section numbering of Guidelines 9/2022 are
cited from the published documents as recalled and should be checked against the PDFs.
"""

from __future__ import annotations

ART_33_1 = "GDPR Art. 33(1)"
ART_33_2 = "GDPR Art. 33(2)"
ART_33_4 = "GDPR Art. 33(4)"
ART_33_5 = "GDPR Art. 33(5)"
ART_34_1 = "GDPR Art. 34(1)"
ART_34_3_A = "GDPR Art. 34(3)(a)"
ART_34_3_B = "GDPR Art. 34(3)(b)"
ART_34_3_C = "GDPR Art. 34(3)(c)"
ART_9_10 = "GDPR Art. 9(1) and Art. 10"
ART_26 = "GDPR Art. 26"
RECITAL_75 = "GDPR Recital 75"
RECITAL_76 = "GDPR Recital 76"
RECITAL_85 = "GDPR Recital 85"

G0922 = "EDPB Guidelines 9/2022, section IV.B"
"""Guidelines 9/2022 on breach notification (WP250 rev.01 as updated), factors for risk."""
G0121 = "EDPB Guidelines 01/2021"
WP250B = "WP250 Annex B"

ENISA_DPC = "ENISA 2013 severity method, DPC (Annex 1)"
ENISA_EI = "ENISA 2013 severity method, EI (Annex 2)"
ENISA_CB = "ENISA 2013 severity method, CB (Annex 3)"
ENISA_SE = "ENISA 2013 severity method, SE = DPC x EI + CB and severity levels"


def g0121(detail: str) -> str:
    """``EDPB Guidelines 01/2021, <detail>`` (a case number or a paragraph)."""
    return f"{G0121}, {detail}"


def g0922(factor: str) -> str:
    """``EDPB Guidelines 9/2022, section IV.B (<factor>)``."""
    return f"{G0922} ({factor})"
