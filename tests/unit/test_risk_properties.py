"""Properties of the risk engine over every combination of facts.

The order of outcomes is :attr:`Outcome.rank`: record_only 0 < notify_authority 1 < telling
the people 2 (individually or, under Art. 34(3)(c), publicly: the same level). Whatever
the other facts, the outcome never goes down when the data become more sensitive, more
people are affected, the breach becomes malicious, the recipients become unknown or the
encryption is removed; it never goes up when state-of-the-art encryption with an
uncompromised key is added. And breachkit never offers Art. 34(3)(b) below a high risk.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from hypothesis import example, given, settings
from hypothesis import strategies as st

from breachkit.core.enums import (
    AvailabilityLoss,
    Backup,
    BreachType,
    Cause,
    DataCategory,
    Detail,
    Encryption,
    Exfiltration,
    Identifiability,
    PasswordStorage,
    Recipients,
    ServiceImpact,
    SubjectGroup,
)
from breachkit.core.incident.model import BreachFacts, DataFacts, IncidentFacts, ProtectionFacts
from breachkit.core.risk.engine import Outcome, RiskLevel, assess


def maybe(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.none() | strategy


def subset(enum: Any, *, min_size: int = 0) -> st.SearchStrategy[tuple[Any, ...]]:
    return st.lists(st.sampled_from(list(enum)), min_size=min_size, unique=True).map(tuple)


BREACH = st.builds(
    BreachFacts,
    types=subset(BreachType),
    cause=maybe(st.sampled_from(Cause)),
    malicious=maybe(st.booleans()),
    exfiltration=maybe(st.sampled_from(Exfiltration)),
    recipients=maybe(st.sampled_from(Recipients)),
    recipient_confirmed_deletion=maybe(st.booleans()),
    availability_loss=maybe(st.sampled_from(AvailabilityLoss)),
    unavailable_hours=maybe(st.sampled_from([0.5, 6.0, 24.0, 30.0, 120.0])),
    service_impact=maybe(st.sampled_from(ServiceImpact)),
    misuse_observed=maybe(st.booleans()),
    undetected_days=maybe(st.sampled_from([0.0, 10.0, 30.0, 90.0])),
)
DATA = st.builds(
    DataFacts,
    categories=subset(DataCategory, min_size=1),
    data_subjects=maybe(st.integers(min_value=1, max_value=200_000)),
    subject_groups=subset(SubjectGroup),
    identifiability=maybe(st.sampled_from(Identifiability)),
    detail=maybe(st.sampled_from(Detail)),
    revealing_context=maybe(st.booleans()),
    already_public=maybe(st.booleans()),
)
PROTECTION = st.builds(
    ProtectionFacts,
    encryption=maybe(st.sampled_from(Encryption)),
    key_compromised=maybe(st.booleans()),
    password_storage=maybe(st.sampled_from(PasswordStorage)),
    backup=maybe(st.sampled_from(Backup)),
    restored=maybe(st.booleans()),
)
FACTS = st.builds(
    IncidentFacts,
    title=st.just("property"),
    aware_at=st.just(datetime(2026, 11, 19, 10, 0, tzinfo=UTC)),
    timezone=st.just("Europe/Luxembourg"),
    breach=BREACH,
    data=DATA,
    protection=PROTECTION,
)
DETAIL_ORDER = [Detail.TRIVIAL, None, Detail.ORDINARY, Detail.EXTENSIVE]


def rank(facts: IncidentFacts) -> int:
    return assess(facts).outcome.rank


def data(facts: IncidentFacts, **changes: Any) -> IncidentFacts:
    return replace(facts, data=replace(facts.data, **changes))


def breach(facts: IncidentFacts, **changes: Any) -> IncidentFacts:
    return replace(facts, breach=replace(facts.breach, **changes))


def protection(facts: IncidentFacts, **changes: Any) -> IncidentFacts:
    return replace(facts, protection=replace(facts.protection, **changes))


def test_the_order_of_outcomes_is_explicit() -> None:
    assert [o.rank for o in Outcome] == [0, 1, 2, 2]
    assert [r.rank for r in RiskLevel] == [0, 1, 2]


@settings(max_examples=300, deadline=None)
@given(FACTS, st.sampled_from(DataCategory))
def test_more_sensitive_categories_never_lower_the_outcome(
    facts: IncidentFacts, extra: DataCategory
) -> None:
    more = tuple(dict.fromkeys((*facts.data.categories, extra)))
    assert rank(data(facts, categories=more)) >= rank(facts)


@settings(max_examples=300, deadline=None)
@given(FACTS)
def test_more_revealing_data_never_lower_the_outcome(facts: IncidentFacts) -> None:
    position = DETAIL_ORDER.index(facts.data.detail)
    for deeper in DETAIL_ORDER[position + 1 :]:
        assert rank(data(facts, detail=deeper)) >= rank(facts), deeper
    assert rank(data(facts, revealing_context=True)) >= rank(facts)
    assert rank(data(facts, already_public=False)) >= rank(facts)


@settings(max_examples=300, deadline=None)
@given(FACTS, st.integers(min_value=1, max_value=500_000))
def test_more_people_never_lower_the_outcome(facts: IncidentFacts, more: int) -> None:
    fewer = data(facts, data_subjects=more)
    assert rank(data(facts, data_subjects=more * 2)) >= rank(fewer)


@settings(max_examples=300, deadline=None)
@given(FACTS)
def test_a_malicious_breach_is_never_better_than_an_accident(facts: IncidentFacts) -> None:
    assert rank(breach(facts, malicious=True)) >= rank(breach(facts, malicious=False))


# Found by this test on the engine before issue 14: an unknown party holding an encrypted
# copy lowered the ease of identification of data whose loss of access still hurt people.
ENCRYPTED_OUTAGE = IncidentFacts(
    title="example",
    aware_at=datetime(2026, 11, 19, 10, 0, tzinfo=UTC),
    timezone="Europe/Luxembourg",
    breach=BreachFacts(availability_loss=AvailabilityLoss.TEMPORARY),
    data=DataFacts(categories=(DataCategory.FINANCIAL,)),
    protection=ProtectionFacts(encryption=Encryption.STATE_OF_THE_ART, key_compromised=False),
)


@settings(max_examples=300, deadline=None)
@given(FACTS, st.sampled_from([None, Recipients.NONE, Recipients.TRUSTED, Recipients.IDENTIFIED]))
@example(ENCRYPTED_OUTAGE, None)
def test_unknown_recipients_are_never_better_than_known_ones(
    facts: IncidentFacts, known: Recipients | None
) -> None:
    unknown = breach(facts, recipients=Recipients.UNKNOWN)
    assert rank(unknown) >= rank(breach(facts, recipients=known))


@settings(max_examples=300, deadline=None)
@given(FACTS)
def test_removing_encryption_never_lowers_the_outcome(facts: IncidentFacts) -> None:
    assert rank(protection(facts, encryption=Encryption.NONE)) >= rank(facts)


@settings(max_examples=300, deadline=None)
@given(FACTS)
def test_adding_strong_encryption_with_a_safe_key_never_raises_the_outcome(
    facts: IncidentFacts,
) -> None:
    encrypted = protection(facts, encryption=Encryption.STATE_OF_THE_ART, key_compromised=False)
    assert rank(encrypted) <= rank(facts)


@settings(max_examples=300, deadline=None)
@given(FACTS)
def test_34_3_b_is_never_offered_below_a_high_risk(facts: IncidentFacts) -> None:
    result = assess(facts)
    if result.risk is not RiskLevel.HIGH:
        assert "34(3)(b)" not in result.exemptions
