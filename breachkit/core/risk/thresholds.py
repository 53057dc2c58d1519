"""breachkit's own thresholds: numbers that no law or guideline gives.

The GDPR and the EDPB speak of "a large number of people", data "restored quickly", a
breach that went unnoticed "for a long time"; they give no figures. breachkit needs
figures, so it chose these and calibrated them on the EDPB 01/2021 cases (see
tests/unit/test_risk_cases.py). Every reason that rests on one of them says it is
breachkit's own (:data:`OWN`), so that nobody reads it as the text of a guideline.
docs/risk.md ("breachkit's own thresholds") says why each was chosen.
"""

from __future__ import annotations

OWN = "breachkit's own threshold"
"""How a reason labels a figure that is breachkit's, not the law's or the EDPB's."""

LARGE_SCALE = 1000
"""From this many people affected, the number of people raises the risk one step."""

QUICK_RESTORE_HOURS = 24.0
"""Data restored within this many hours, with no or minor effect, were restored in good time."""

LONG_UNDETECTED_DAYS = 30.0
"""Data in identified hands unnoticed this long make misuse likely, not merely possible."""

PROFILE_KINDS = 4
"""This many kinds of simple data about the same people make a profile: data score + 1."""

TRIVIAL_STEPS = 2
"""A trivial detail per person (``data.detail = "trivial"``) lowers the data score this much."""

EXTENSIVE_STEPS = 1
"""A full file per person (``data.detail = "extensive"``) raises the data score this much."""

PUBLIC_STEPS = 1
"""Data already public before the breach (``data.already_public``) lower the score this much."""
