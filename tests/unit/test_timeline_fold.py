"""The record on the chain: change payloads, the pure fold, the table check."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from breachkit.core.timeline.chain import (
    EntryContent,
    RawEntry,
    chain_entry,
    genesis_hash,
    links_json,
    raw,
)
from breachkit.core.timeline.changes import (
    CHANGES,
    Change,
    ChangeError,
    Checkpoint,
    Decided,
    DocumentExported,
    DraftExported,
    EvidenceAdded,
    FactSet,
    FilingRecorded,
    LettersFinished,
    LettersStarted,
    MilestoneReached,
    Opened,
    ReviewAdded,
    ReviewClosed,
    StepMarked,
    apply_fact,
    get_fact,
    read_change,
)
from breachkit.core.timeline.compare import Check
from breachkit.core.timeline.fold import Fold, fold_all
from breachkit.core.timeline.projection import (
    FactChange,
    FilingRow,
    IncidentState,
    LetterBatchRow,
    ReviewItemRow,
    Row,
    Snapshot,
    snapshot_document,
    snapshot_from_document,
)

UID = "3d0c1f4e-0000-4000-8000-000000000001"
AT = "2026-11-19T10:00:00Z"
FACTS = {"title": "Laptop stolen", "aware_at": AT, "timezone": "UTC", "breach": {}}

EXAMPLES: list[Change] = [
    Opened(FACTS, {"organisation": {"name": "Example SA"}}),
    FactSet("breach.exfiltration", None, "likely"),
    StepMarked("ransomware", 2, "isolate-hosts", "done", "FS01 off"),
    EvidenceAdded("ab" * 32, "fw.log", 120, ""),
    FilingRecorded("gdpr-art33", "cnpd", AT, "CNPD-1", "", False, 5, 1, "cd" * 32),
    DraftExported("cnpd", "fr", "initial", 1, "pdf", "x.pdf", "ef" * 32, "01" * 32, True, ()),
    LettersStarted("people.csv", "aa" * 32, "/out", "pdf", AT),
    LettersFinished(
        7, 12, {"pdf": 12}, 1, "bb" * 32, "", "cc" * 32, 11, {"pdf": 11}, 11, 40, 0, ("x",)
    ),
    ReviewAdded("action", "Encrypt the HR share", "IT", "2027-01-31"),
    ReviewClosed(9, "done", "encrypted"),
    Decided(True, "high", "x", "high", "x", False, "", ("because",), ("a",), FACTS),
    MilestoneReached("contained", "FS01 unplugged"),
    DocumentExported("after-action-report", "r.pdf", "12" * 32, "34" * 32, {"pages": 8}),
]


def chain(changes: list[Change]) -> list[RawEntry]:
    entries, prev = [], genesis_hash(UID)
    for seq, change in enumerate(changes, start=1):
        content = EntryContent("system", f"entry {seq}", AT, AT, "alice", change.links())
        entry = chain_entry(UID, seq, content, prev)
        prev = entry.hash
        entries.append(raw(entry))
    return entries


@pytest.mark.parametrize("change", EXAMPLES, ids=lambda c: c.OP)
def test_every_change_survives_the_round_trip_through_stored_links(change: Change) -> None:
    stored = json.loads(links_json(change.links()))
    assert read_change(stored) == change


def test_every_kind_of_change_is_known_by_its_name() -> None:
    assert {type(c).OP for c in EXAMPLES} | {"incident.status", "playbook.use"} <= set(CHANGES)


@pytest.mark.parametrize(
    ("links", "message"),
    [
        ({"change": "fact.set", "v": 2}, "version 2"),
        ({"change": "teleport", "v": 1}, "unknown kind"),
        ({"change": "fact.set", "v": 1, "key": "x", "old": 1}, "has no 'new'"),
        (
            {
                "change": "evidence.add",
                "v": 1,
                "sha256": "a",
                "filename": "f",
                "size": "9",
                "note": "",
            },
            "'size' is str, not int",
        ),
        ({"change": "draft.export", "v": 1, "complete": 1}, "has no"),
    ],
)
def test_a_malformed_record_is_named_not_half_applied(
    links: dict[str, object], message: str
) -> None:
    with pytest.raises(ChangeError, match=message):
        read_change(links)


def test_links_without_a_change_change_nothing() -> None:
    assert read_change({"sha256": "ab"}) is None


@settings(deadline=None, max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.dictionaries(
        st.sampled_from(["title", "summary", "breach.cause", "data.records"]),
        st.one_of(st.none(), st.integers(), st.text(max_size=5)),
        max_size=4,
    )
)
def test_apply_fact_sets_exactly_one_key(values: dict[str, object]) -> None:
    document: dict[str, object] = {"title": "t", "breach": {"malicious": True}}
    for key, value in values.items():
        before = json.dumps(document, sort_keys=True)
        after = apply_fact(document, key, value)
        assert json.dumps(document, sort_keys=True) == before  # the input is not changed
        assert get_fact(after, key) == value
        document = after
    assert get_fact(document, "breach.malicious") is True


def test_the_fold_replays_facts_and_rows_and_knows_where_each_came_from() -> None:
    result = fold_all(
        chain(
            [
                Opened(FACTS, None),
                FactSet("breach.cause", None, "theft"),
                FactSet("title", "Laptop stolen", "Laptop stolen from a car"),
                FilingRecorded("gdpr-art33", "cnpd", AT, "CNPD-1", "", False, None, None, ""),
                ReviewAdded("lesson", "Lock the car", "", None),
                ReviewClosed(5, "dropped", "not ours"),
                LettersStarted("p.csv", "aa" * 32, "/o", "pdf", AT),
                LettersFinished(
                    7, 3, {"pdf": 3}, 0, "bb" * 32, "", "", 3, {"pdf": 3}, 3, None, 0, ()
                ),
            ]
        )
    )
    assert not result.problems and result.snapshot is not None
    incident = result.snapshot.incident
    assert incident.title == "Laptop stolen from a car" and incident.created_by == "alice"
    assert incident.facts["breach"] == {"cause": "theft"}
    assert result.sources["facts.breach.cause"] == 2 and result.sources["facts.aware_at"] == 1
    rows = result.snapshot.rows
    assert [c.entry_seq for c in rows["fact_changes"]] == [2, 3]
    assert rows["filings"] == (
        FilingRow(4, "gdpr-art33", "cnpd", AT, "CNPD-1", "", AT, "alice", None),
    )
    (item,) = rows["review_items"]
    assert isinstance(item, ReviewItemRow)
    assert (item.status, item.closed_seq, item.closing_note) == ("dropped", 6, "not ours")
    (batch,) = rows["letter_batches"]
    assert isinstance(batch, LetterBatchRow)
    assert (batch.start_seq, batch.entry_seq, batch.letters) == (7, 8, 3)


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        ([FactSet("title", None, "x")], "before the incident was opened"),
        ([Opened(FACTS, None), Opened(FACTS, None)], "opens the incident a second time"),
        ([Opened(FACTS, None), FactSet("title", "Wrong", "New")], "the record said"),
        ([Opened(FACTS, None), ReviewClosed(9, "done", "")], "does not hold"),
        (
            [Opened(FACTS, None), LettersFinished(9, 1, {}, 0, "", "", "", 1, {}, 1, None, 0, ())],
            "does not hold",
        ),
        (
            [
                Opened(FACTS, None),
                Checkpoint(
                    snapshot_document(
                        Snapshot(IncidentState("t", "open", AT, "x", FACTS, None, None), {})
                    )
                ),
            ],
            "checkpoint after changes",
        ),
    ],
)
def test_a_chain_that_contradicts_itself_is_named(changes: list[Change], problem: str) -> None:
    result = fold_all(chain(changes))
    assert any(problem in str(p) for p in result.problems), result.problems


def test_a_checkpoint_starts_the_fold_from_the_state_it_carries() -> None:
    state = IncidentState("Old", "closed", AT, "bob", FACTS, None, "ransomware")
    rows: dict[str, tuple[Row, ...]] = {
        "fact_changes": (FactChange("title", "a", "Old", "bob", AT, 3),)
    }
    checkpoint = Checkpoint(snapshot_document(Snapshot(state, rows)))
    legacy: list[Change] = [Opened(FACTS, None)]  # stands in for entries of the earlier release
    entries = chain(legacy)
    entries[0] = (*entries[0][:6], '{"aware_at":"x"}', *entries[0][7:])  # old-style links
    content = EntryContent("system", "checkpoint", AT, AT, "up", checkpoint.links())
    entries.append(raw(chain_entry(UID, 2, content, entries[0][9])))
    result = fold_all(entries)
    assert not result.problems and result.checkpoint == 2
    assert result.snapshot is not None and result.snapshot.incident == state
    assert result.snapshot.rows["fact_changes"] == rows["fact_changes"]


def test_a_malformed_checkpoint_is_named() -> None:
    with pytest.raises(ChangeError, match="incident"):
        snapshot_from_document({"incident": {"title": 1}})


def test_the_check_names_extra_missing_and_differing_rows_with_their_entry() -> None:
    expected = [
        FilingRow(4, "gdpr-art33", "cnpd", AT, "CNPD-1", "", AT, "alice", None),
        FilingRow(6, "gdpr-art34", "cnpd", AT, "CNPD-2", "", AT, "alice", None),
    ]
    stored = [
        FilingRow(2, "gdpr-art33", "cnpd", AT, "FAKE", "", AT, "mallory", None),
        FilingRow(4, "gdpr-art33", "cnpd", AT, "CNPD-X", "", AT, "alice", None),
    ]
    check = Check({"filings": stored})
    fold = Fold(emit=check.expect)
    for row in expected:
        check.expect(row)
    problems = [str(p) for p in check.finish(fold, "BK-1", None)]
    assert problems == [
        "filings: a row for entry 2 that the chain does not record (added or altered outside "
        "breachkit)",
        'filings, row of entry 4: reference is "CNPD-X"; entry 4 says "CNPD-1"',
        "filings: the row of entry 6 is missing (the chain records it; the table does not hold it)",
    ]
