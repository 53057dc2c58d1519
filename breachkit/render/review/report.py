"""The after-action report as a PDF: what happened, what was decided and why, what was learned.

:class:`ReportDocument` lays out a :class:`~breachkit.core.review.model.ReportData` (already
redacted when asked) on the shared skeleton (:class:`~breachkit.render.pdf.PdfDocument`).
Every page's footer carries the incident id, the generation time, page x of y, the
SHA-256 of the report's content and, when given, the timeline's chain head. The sections
are in :mod:`.report_response`, :mod:`.report_records` and :mod:`.report_timeline`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle, StyleSheet1
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Spacer

from breachkit.core.clocks.ids import GDPR_ART33
from breachkit.core.review.items import ItemKind, ItemStatus
from breachkit.core.review.model import ReportData
from breachkit.core.review.register import OUTCOME_LABELS, RISK_LABELS, label
from breachkit.core.text import counted
from breachkit.core.times import show, show_duration
from breachkit.render.pdf import MUTED, Footer, Metadata, PdfDocument, para
from breachkit.render.review.chart import timeline_chart
from breachkit.render.review.report_cells import WIDTH, bullets, facts_table, when
from breachkit.render.review.report_records import (
    evidence_section,
    playbook_section,
    review_section,
    sent_section,
)
from breachkit.render.review.report_response import (
    decision_section,
    facts_section,
    metrics_section,
)
from breachkit.render.review.report_timeline import timeline_section


@dataclass(frozen=True, slots=True)
class RenderedPdf:
    pdf: bytes
    pages: int


class ReportDocument(PdfDocument):
    """The after-action report of one incident."""

    def __init__(self, data: ReportData, content_sha256: str, *, chain_head: str = "") -> None:
        self.data = data
        self.content_sha256 = content_sha256
        self.chain_head = chain_head
        super().__init__()

    def stylesheet(self) -> StyleSheet1:
        sheet = super().stylesheet()
        sheet["Heading"].keepWithNext = 1
        sheet["Subheading"].keepWithNext = 1
        base = sheet["Body"]
        sheet.add(ParagraphStyle("Lead", parent=base, fontSize=10.5, leading=15, spaceAfter=6))
        sheet.add(ParagraphStyle("Kicker", parent=base, fontSize=9, textColor=MUTED, spaceAfter=2))
        sheet.add(ParagraphStyle("Tiny", parent=base, fontSize=7, leading=8.6, spaceAfter=0))
        sheet.add(ParagraphStyle("Hash", parent=base, fontSize=6.4, leading=8, spaceAfter=0))
        sheet.add(
            ParagraphStyle(
                "Notice",
                parent=base,
                fontSize=8.5,
                leading=11,
                backColor=colors.HexColor("#fff4e0"),
                borderColor=colors.HexColor("#e59400"),
                borderWidth=0.6,
                borderPadding=(4, 6, 4, 6),
                spaceBefore=4,
                spaceAfter=10,
            )
        )
        sheet.add(
            ParagraphStyle(
                "Bullet", parent=base, fontSize=9, leading=12.5, leftIndent=10, spaceAfter=2
            )
        )
        return sheet

    def story(self) -> Iterator[Flowable]:
        data, sheet = self.data, self.sheet
        yield from _title(data, sheet)
        yield from _glance(data, sheet)
        yield KeepTogether(_chart(data, sheet))
        for section in (
            metrics_section,
            facts_section,
            decision_section,
            sent_section,
            review_section,
            playbook_section,
            evidence_section,
            timeline_section,
        ):
            yield from section(data, sheet)
        yield from _about(data, sheet, self.content_sha256)

    def footer(self) -> Footer:
        data = self.data
        edition = "redacted" if data.redacted else "contains personal data"
        return Footer(
            document=f"{data.incident_id} · after-action report ({edition})",
            generated=f"generated {show(data.generated_at, ZoneInfo(data.timezone))}",
            content_sha256=self.content_sha256,
            chain_head=self.chain_head,
        )

    def metadata(self) -> Metadata:
        data = self.data
        return Metadata(f"After-action report {data.incident_id}", subject=data.title)


def render_report(data: ReportData, content_sha256: str, *, chain_head: str = "") -> RenderedPdf:
    """The report's PDF bytes (deterministic for the same data) and its page count."""
    document = ReportDocument(data, content_sha256, chain_head=chain_head)
    pdf = document.render()
    return RenderedPdf(pdf, document.pages)


# -- the sections on the first pages ---------------------------------------------------------


def _title(data: ReportData, sheet: StyleSheet1) -> list[Flowable]:
    zone = ZoneInfo(data.timezone)
    org = data.organisation or "organisation not stated"
    edition = "redacted edition" if data.redacted else "full edition: contains personal data"
    story: list[Flowable] = [
        para(f"After-action report · {data.incident_id} · {edition}", sheet["Kicker"]),
        para(data.title, sheet["Title"]),
        para(
            f"{org} · lead authority {data.lead_authority or 'not stated'} · incident "
            f"{data.status} · generated {show(data.generated_at, zone)} by {data.generated_by}",
            sheet["Small"],
        ),
        Spacer(1, 3 * mm),
    ]
    if data.redacted:
        story.append(
            para(
                "Redacted edition. People are named by labels (DPO, Representative, Person 1, "
                "…) used consistently throughout; e-mail addresses, phone numbers, IBANs and "
                "IP addresses are removed. The full edition is kept by the DPO.",
                sheet["Notice"],
            )
        )
    return story


def _glance(data: ReportData, sheet: StyleSheet1) -> list[Flowable]:
    zone = ZoneInfo(data.timezone)
    contained = (
        f"{show(data.contained.at, zone)} ({data.contained.source})"
        if data.contained
        else "not recorded"
    )
    done = sum(1 for s in data.steps if s.status in ("done", "skipped"))
    counted = sum(1 for s in data.steps if s.status != "not_applicable")
    facts = dict((line.label, line.value) for line in data.facts)
    rows = [
        ("Became aware", show(data.aware_at, zone)),
        ("Contained", contained),
        ("Risk decision", _risk_line(data, zone)),
        ("Supervisory authority", _authority_line(data, zone)),
        ("People affected", facts.get("People affected", "not stated")),
        ("People informed", data.people_informed),
        ("Playbook", f"{data.playbook}: {done} of {counted} steps closed"),
        ("Follow-up", _follow_up(data, zone)),
    ]
    if data.controllers_told:  # a processor's incident (Art. 33(2))
        told = "\n".join((data.controllers_told, *data.controllers))
        rows.insert(6, ("Controllers told (Art. 33(2))", told))
    story: list[Flowable] = [para("Summary", sheet["Heading"])]
    if data.summary:
        story.append(para(data.summary, sheet["Lead"]))
    story.append(facts_table(rows, 40 * mm))
    return story


def _risk_line(data: ReportData, zone: ZoneInfo) -> str:
    decision = data.decision
    if decision is None:
        return (
            f"no decision recorded; the engine recommends: "
            f"{label(OUTCOME_LABELS, data.recommendation[1])}"
        )
    if not decision.personal_data_breach:
        return f"not a personal data breach, decided by {decision.actor} on " + when(
            decision.at, zone
        )
    verb = "overriding" if decision.override else "confirming"
    return (
        f"{label(RISK_LABELS, decision.risk)}: {label(OUTCOME_LABELS, decision.outcome)}. "
        f"Decided by {decision.actor} on {show(decision.at, zone)}, {verb} the "
        "engine's recommendation."
    )


def _authority_line(data: ReportData, zone: ZoneInfo) -> str:
    clocks = {c.clock_id: c for c in data.metrics.clocks}
    main = clocks.get(GDPR_ART33)
    filings = [f for f in data.metrics.filings if f.filing.clock_id == GDPR_ART33]
    if filings:
        first = filings[0]
        authority = (
            f"notified {first.filing.recipient_name} on {show(first.filing.at, zone)}"
            f"{', reference ' + first.filing.reference if first.filing.reference else ''}; "
            f"{show_duration(first.since_awareness)} after awareness"
        )
        return authority + (f"; {main.verdict}" if main else "")
    if main:
        due = show(main.due, zone) if main.due else "-"
        return f"not notified; 72-hour deadline {due} ({main.verdict})"
    return "no notification clock applies"


def _follow_up(data: ReportData, zone: ZoneInfo) -> str:
    actions = [i for i in data.review_items if i.kind is ItemKind.ACTION]
    open_actions = [i for i in actions if i.status is ItemStatus.OPEN]
    overdue = [i for i in open_actions if i.overdue(data.generated_at.astimezone(zone).date())]
    lessons = [
        i for i in data.review_items if i.kind is ItemKind.LESSON and i.status is ItemStatus.OPEN
    ]
    return (
        f"{counted(len(lessons), 'lesson')} learned; {counted(len(actions), 'action item')}: "
        f"{len(open_actions)} open, {len(overdue)} overdue"
    )


def _chart(data: ReportData, sheet: StyleSheet1) -> list[Flowable]:
    return [
        para("Timeline against the deadlines", sheet["Heading"]),
        timeline_chart(data, WIDTH),
        para(
            "Times in the incident's zone. Bars: the time between two events, and each "
            "clock from its start to the filing (diamond) or to its due time (upright mark).",
            sheet["Small"],
        ),
    ]


def _about(data: ReportData, sheet: StyleSheet1, content_sha256: str) -> list[Flowable]:
    story: list[Flowable] = [
        CondPageBreak(60 * mm),
        para("About this report", sheet["Heading"]),
    ]
    items = [
        "Times are in the incident's time zone with their UTC offset. Durations are elapsed "
        "time: nights, weekends and holidays count.",
        *(f"{i.label}: {i.definition}" for i in data.metrics.intervals),
        "Containment is the time recorded with breachkit contained (the latest such entry); "
        "without one, the time the last step of the playbook's contain phase was closed.",
        "A clock is met when the first filing for it is sent before its due time; the "
        "margin or the delay is measured from that due time.",
        f"Content SHA-256 (on every page): {content_sha256}. It is the hash of everything "
        "this report shows, in canonical JSON, and is recorded on the incident's timeline "
        "with the hash of this PDF file when the report is exported.",
    ]
    story.extend(bullets(items, sheet))
    return story
