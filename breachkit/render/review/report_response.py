"""The report's account of the response: response times, facts and how they changed, the
risk decision."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from reportlab.lib.styles import StyleSheet1
from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from breachkit.core.review.model import ReportData
from breachkit.core.review.register import OUTCOME_LABELS, RISK_LABELS, DecisionRecord, label
from breachkit.core.times import show, show_duration
from breachkit.render.pdf import para
from breachkit.render.review.chart_marks import GREEN, RED
from breachkit.render.review.report_cells import bullets, coloured, facts_table, stamp, table, when


def metrics_section(data: ReportData, sheet: StyleSheet1) -> list[Flowable]:
    zone = ZoneInfo(data.timezone)
    story: list[Flowable] = [para("Response times", sheet["Heading"])]
    rows = []
    for interval in data.metrics.intervals:
        span = (
            f"from {stamp(interval.start, zone)}\nto {stamp(interval.end, zone)}"
            if interval.start and interval.end
            else ""
        )
        rows.append([interval.label, interval.text(), span])
    story.append(table(["Measure", "Time", "Between"], rows, [40 * mm, 70 * mm, 60 * mm], sheet))
    story.append(para("From awareness to each filing", sheet["Subheading"]))
    story.extend(_filings(data, sheet, zone))
    story.append(para("Each clock", sheet["Subheading"]))
    story.append(_clocks(data, sheet, zone))
    return story


def _filings(data: ReportData, sheet: StyleSheet1, zone: ZoneInfo) -> list[Flowable]:
    if not data.metrics.filings:
        return [para("Nothing has been filed.", sheet["Body"])]
    rows = []
    for item in data.metrics.filings:
        f = item.filing
        if item.late_by is not None:
            verdict: Any = coloured(f"late by {show_duration(item.late_by)}", RED, sheet)
        elif item.due is not None:
            verdict = coloured(
                f"on time, {show_duration(item.due - f.at)} to spare", GREEN, sheet, False
            )
        else:
            verdict = "no due time"
        rows.append(
            [
                f.recipient_name,
                item.clock_title,
                show(f.at, zone),
                show_duration(item.since_awareness),
                verdict,
            ]
        )
    return [
        table(
            ["Recipient", "For", "Filed", "After awareness", "Against the deadline"],
            rows,
            [26 * mm, 42 * mm, 36 * mm, 26 * mm, 40 * mm],
            sheet,
        )
    ]


def _clocks(data: ReportData, sheet: StyleSheet1, zone: ZoneInfo) -> Flowable:
    rows = []
    for clock in data.metrics.clocks:
        verdict: Any = clock.verdict
        if clock.late:
            verdict = coloured(clock.verdict, RED, sheet)
        elif clock.state == "met":
            verdict = coloured(clock.verdict, GREEN, sheet, False)
        if clock.reasons_for_delay:
            verdict = [verdict, para(f"Reasons given: {clock.reasons_for_delay}", sheet["Tiny"])]
        rows.append(
            [
                f"{clock.title}\n{clock.basis}",
                when(clock.due, zone) if clock.due else "—",
                when(clock.filed_at, zone) if clock.filed_at else "—",
                verdict,
            ]
        )
    return table(
        ["Clock", "Due", "Filed", "Outcome"], rows, [50 * mm, 34 * mm, 34 * mm, 52 * mm], sheet
    )


def facts_section(data: ReportData, sheet: StyleSheet1) -> list[Flowable]:
    zone = ZoneInfo(data.timezone)
    rows = [
        ("Occurred", when(data.occurred_at, zone)),
        ("Detected", when(data.detected_at, zone)),
        ("Became aware", show(data.aware_at, zone)),
        ("Contained", when(data.contained.at, zone) if data.contained else "not recorded"),
        *((line.label, line.value) for line in data.facts),
    ]
    story: list[Flowable] = [para("Facts as they stand", sheet["Heading"]), facts_table(rows)]
    story.append(para("How the facts changed", sheet["Subheading"]))
    if data.fact_changes:
        story.append(
            table(
                ["When", "Who", "Fact", "Before", "After"],
                [[show(c.at, zone), c.actor, c.key, c.old, c.new] for c in data.fact_changes],
                [34 * mm, 28 * mm, 36 * mm, 36 * mm, 36 * mm],
                sheet,
            )
        )
    else:
        story.append(para("No fact was changed after the incident was opened.", sheet["Body"]))
    return story


def decision_section(data: ReportData, sheet: StyleSheet1) -> list[Flowable]:
    zone = ZoneInfo(data.timezone)
    story: list[Flowable] = [para("The risk decision", sheet["Heading"])]
    decision = data.decision
    if decision is None:
        story.append(
            para(
                "No risk decision has been recorded. On the facts as they stand the engine "
                f"recommends: {label(RISK_LABELS, data.recommendation[0])}; "
                f"{label(OUTCOME_LABELS, data.recommendation[1])}. Record one with "
                "breachkit decide.",
                sheet["Body"],
            )
        )
        return story
    story.append(facts_table(_decision_rows(data, decision, zone)))
    if decision.reasons:
        story.append(
            para("Reasons, as the engine gave them when the decision was made", sheet["Subheading"])
        )
        story.extend(bullets(decision.reasons, sheet))
    if (decision.risk, decision.outcome) != data.recommendation and decision.personal_data_breach:
        story.append(
            para(
                "On the facts as they stand now the engine recommends "
                f"{label(RISK_LABELS, data.recommendation[0])}; "
                f"{label(OUTCOME_LABELS, data.recommendation[1])}.",
                sheet["Small"],
            )
        )
    if len(data.decisions) > 1:
        story.append(para("Earlier decisions", sheet["Subheading"]))
        story.append(_earlier(data, sheet, zone))
    return story


def _decision_rows(
    data: ReportData, decision: DecisionRecord, zone: ZoneInfo
) -> list[tuple[str, str]]:
    if decision.personal_data_breach:
        what = f"{label(RISK_LABELS, decision.risk)}; {label(OUTCOME_LABELS, decision.outcome)}"
    else:
        what = "not a personal data breach (kept in the register, Art. 33(5))"
    verb = "overridden" if decision.override else "confirmed"
    rows = [
        ("Decision", what),
        (
            "Engine's recommendation",
            f"{label(RISK_LABELS, decision.recommended_risk)}; "
            f"{label(OUTCOME_LABELS, decision.recommended_outcome)} ({verb})",
        ),
        ("Decided by", f"{decision.actor}, {show(decision.at, zone)} (entry {decision.seq})"),
    ]
    if decision.justification:
        rows.append(("Justification", decision.justification))
    if decision.exemptions:
        rows.append(("Art. 34(3) grounds met", ", ".join(f"Art. {g}" for g in decision.exemptions)))
    rows.append(("People informed", data.people_informed))
    return rows


def _earlier(data: ReportData, sheet: StyleSheet1, zone: ZoneInfo) -> Flowable:
    return table(
        ["When", "Who", "Risk / outcome", "Justification"],
        [
            [
                show(d.at, zone),
                d.actor,
                f"{d.risk} / {d.outcome}" if d.personal_data_breach else "not a breach",
                d.justification or "—",
            ]
            for d in data.decisions[:-1]
        ],
        [34 * mm, 30 * mm, 44 * mm, 62 * mm],
        sheet,
    )
