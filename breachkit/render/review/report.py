"""The after-action report as a PDF: what happened, what was decided and why, what was learned.

:func:`render_report` lays out a :class:`~breachkit.core.review.model.ReportData` (already
redacted when asked) on A4 with the shared styles. Every page's footer carries the
incident id, the generation time, page x of y and, on a second line, the SHA-256 of the
report's content: the full hash does not fit the one-line footer of
:mod:`breachkit.render.pdf`, so this module has its own two-line footer canvas.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from io import BytesIO
from typing import Any
from zoneinfo import ZoneInfo

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, StyleSheet1
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from breachkit.core.clocks.ids import GDPR_ART33
from breachkit.core.review.model import ReportData, TimelineLine
from breachkit.core.review.summary import OUTCOME_LABELS, RISK_LABELS, ItemKind, ItemStatus, label
from breachkit.core.times import show, show_duration
from breachkit.render.fonts import BOLD, FAMILY, register_fonts
from breachkit.render.pdf import INK, MARGIN, MUTED, RULE, markup, para, stylesheet
from breachkit.render.review.chart import GREEN, RED, timeline_chart

WIDTH = A4[0] - 2 * MARGIN
HEAD_FILL = colors.HexColor("#eef1f5")
ZEBRA = colors.HexColor("#f8f9fb")
TIMELINE_CHUNK = 150
TIMELINE_FONT_SIZE = 7
CELL_PAD = 2.5
"""Rows per timeline table: small tables split across pages fast."""


@dataclass(frozen=True, slots=True)
class RenderedPdf:
    pdf: bytes
    pages: int


def _styles() -> StyleSheet1:
    sheet = stylesheet()
    sheet["Heading"].keepWithNext = 1
    sheet["Subheading"].keepWithNext = 1
    base = sheet["Body"]
    sheet.add(ParagraphStyle("Lead", parent=base, fontSize=10.5, leading=15, spaceAfter=6))
    sheet.add(ParagraphStyle("Kicker", parent=base, fontSize=9, textColor=MUTED, spaceAfter=2))
    sheet.add(ParagraphStyle("Tiny", parent=base, fontSize=7, leading=8.6, spaceAfter=0))
    sheet.add(ParagraphStyle("Hash", parent=base, fontSize=6.4, leading=8, spaceAfter=0))
    sheet.add(ParagraphStyle("TinyMuted", parent=base, fontSize=6.6, leading=8, textColor=MUTED))
    sheet.add(ParagraphStyle("CellSmall", parent=base, fontSize=8, leading=10, spaceAfter=0))
    sheet.add(
        ParagraphStyle("CellHead", parent=base, fontName=BOLD, fontSize=8, leading=10, spaceAfter=0)
    )
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
            "Bullet",
            parent=base,
            fontSize=9,
            leading=12.5,
            leftIndent=10,
            bulletIndent=0,
            spaceAfter=2,
        )
    )
    return sheet


# -- small helpers ---------------------------------------------------------------------------


def _when(at: datetime | None, zone: ZoneInfo) -> str:
    return show(at, zone) if at is not None else "not stated"


def _stamp(at: datetime, zone: ZoneInfo) -> str:
    """Compact: ``2026-11-18 10:00 +01:00`` (the zone is named in the table's heading)."""
    local = at.astimezone(zone)
    offset = local.strftime("%z")
    return f"{local.strftime('%Y-%m-%d %H:%M')} {offset[:3]}:{offset[3:]}"


def _hash(text: str) -> str:
    """A SHA-256 in two lines of 32 hex digits."""
    return f"{text[:32]}\n{text[32:]}" if len(text) > 32 else text


def _table(
    header: Sequence[str],
    rows: Sequence[Sequence[Any]],
    widths: Sequence[float],
    sheet: StyleSheet1,
    *,
    style: str = "CellSmall",
    extra: Sequence[tuple[Any, ...]] = (),
) -> Table:
    """A table with a shaded header that repeats on every page; str cells are escaped."""
    cell = sheet[style]
    head = [Paragraph(markup(h), sheet["CellHead"]) for h in header]
    body = [[para(c, cell) if isinstance(c, str) else c for c in row] for row in rows]
    table = Table([head, *body], colWidths=list(widths), repeatRows=1, hAlign="LEFT")
    commands: list[tuple[Any, ...]] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BACKGROUND", (0, 0), (-1, 0), HEAD_FILL),
        ("LINEBELOW", (0, 0), (-1, 0), 0.6, MUTED),
        ("LINEBELOW", (0, 1), (-1, -1), 0.25, RULE),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]
    commands.extend(extra)
    table.setStyle(TableStyle(commands))
    return table


def _kv(rows: Sequence[tuple[str, str]], sheet: StyleSheet1, key_width: float = 48 * mm) -> Table:
    data = [[para(k, sheet["CellHead"]), para(v, sheet["CellSmall"])] for k, v in rows]
    table = Table(data, colWidths=[key_width, WIDTH - key_width], hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                ("LEFTPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return table


def _coloured(text: str, colour: colors.Color, sheet: StyleSheet1, bold: bool = True) -> Paragraph:
    face = BOLD if bold else FAMILY
    return Paragraph(
        f'<font name="{face}" color="{colour.hexval()}">{markup(text)}</font>', sheet["CellSmall"]
    )


def _bullets(items: Sequence[str], sheet: StyleSheet1) -> list[Flowable]:
    return [Paragraph(markup(item), sheet["Bullet"], bulletText="•") for item in items]


# -- sections ------------------------------------------------------------------------------


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
    decision = data.decision
    if decision is None:
        risk = (
            f"no decision recorded; the engine recommends: "
            f"{label(OUTCOME_LABELS, data.recommendation[1])}"
        )
    elif not decision.personal_data_breach:
        risk = f"not a personal data breach, decided by {decision.actor} on " + _when(
            decision.at, zone
        )
    else:
        verb = "overriding" if decision.override else "confirming"
        risk = (
            f"{label(RISK_LABELS, decision.risk)}: {label(OUTCOME_LABELS, decision.outcome)}. "
            f"Decided by {decision.actor} on {show(decision.at, zone)}, {verb} the "
            "engine's recommendation."
        )
    clocks = {c.clock_id: c for c in data.metrics.clocks}
    main = clocks.get(GDPR_ART33)
    authority_filings = [f for f in data.metrics.filings if f.filing.clock_id == GDPR_ART33]
    if authority_filings:
        first = authority_filings[0]
        authority = (
            f"notified {first.filing.recipient_name} on {show(first.filing.at, zone)}"
            f"{', reference ' + first.filing.reference if first.filing.reference else ''}; "
            f"{show_duration(first.since_awareness)} after awareness"
        )
        if main:
            authority += f"; {main.verdict}"
    elif main:
        authority = f"not notified; 72-hour deadline {show(main.due, zone) if main.due else '-'}"
        authority += f" ({main.verdict})"
    else:
        authority = "no notification clock applies"
    contained = (
        f"{show(data.contained.at, zone)} ({data.contained.source})"
        if data.contained
        else "not recorded"
    )
    actions = [i for i in data.review_items if i.kind is ItemKind.ACTION]
    open_actions = [i for i in actions if i.status is ItemStatus.OPEN]
    overdue = [i for i in open_actions if i.overdue(data.generated_at.astimezone(zone).date())]
    lessons = [
        i for i in data.review_items if i.kind is ItemKind.LESSON and i.status is ItemStatus.OPEN
    ]
    follow = (
        f"{len(lessons)} lesson(s) learned; {len(actions)} action item(s): "
        f"{len(open_actions)} open, {len(overdue)} overdue"
    )
    done = sum(1 for s in data.steps if s.status in ("done", "skipped"))
    counted = sum(1 for s in data.steps if s.status != "not_applicable")
    facts = dict((line.label, line.value) for line in data.facts)
    rows = [
        ("Became aware", show(data.aware_at, zone)),
        ("Contained", contained),
        ("Risk decision", risk),
        ("Supervisory authority", authority),
        ("People affected", facts.get("People affected", "not stated")),
        ("People informed", data.people_informed),
        ("Playbook", f"{data.playbook}: {done} of {counted} steps closed"),
        ("Follow-up", follow),
    ]
    story: list[Flowable] = [para("Summary", sheet["Heading"])]
    if data.summary:
        story.append(para(data.summary, sheet["Lead"]))
    story.append(_kv(rows, sheet, 40 * mm))
    return story


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


def _metrics(data: ReportData, sheet: StyleSheet1) -> list[Flowable]:
    zone = ZoneInfo(data.timezone)
    story: list[Flowable] = [para("Response times", sheet["Heading"])]
    rows = []
    for interval in data.metrics.intervals:
        span = (
            f"from {_stamp(interval.start, zone)}\nto {_stamp(interval.end, zone)}"
            if interval.start and interval.end
            else ""
        )
        rows.append([interval.label, interval.text(), span])
    story.append(_table(["Measure", "Time", "Between"], rows, [40 * mm, 70 * mm, 60 * mm], sheet))
    story.append(para("From awareness to each filing", sheet["Subheading"]))
    if data.metrics.filings:
        rows = []
        extra: list[tuple[Any, ...]] = []
        for index, item in enumerate(data.metrics.filings, start=1):
            f = item.filing
            if item.late_by is not None:
                verdict: Any = _coloured(f"late by {show_duration(item.late_by)}", RED, sheet)
            elif item.due is not None:
                verdict = _coloured(
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
            del index
        story.append(
            _table(
                ["Recipient", "For", "Filed", "After awareness", "Against the deadline"],
                rows,
                [26 * mm, 42 * mm, 36 * mm, 26 * mm, 40 * mm],
                sheet,
                extra=extra,
            )
        )
    else:
        story.append(para("Nothing has been filed.", sheet["Body"]))
    story.append(para("Each clock", sheet["Subheading"]))
    rows = []
    for clock in data.metrics.clocks:
        verdict = (
            _coloured(clock.verdict, RED, sheet)
            if clock.late
            else (
                _coloured(clock.verdict, GREEN, sheet, False)
                if clock.state == "met"
                else clock.verdict
            )
        )
        if clock.reasons_for_delay:
            verdict = [verdict, para(f"Reasons given: {clock.reasons_for_delay}", sheet["Tiny"])]
        rows.append(
            [
                f"{clock.title}\n{clock.basis}",
                _when(clock.due, zone) if clock.due else "—",
                _when(clock.filed_at, zone) if clock.filed_at else "—",
                verdict,
            ]
        )
    story.append(
        _table(
            ["Clock", "Due", "Filed", "Outcome"], rows, [50 * mm, 34 * mm, 34 * mm, 52 * mm], sheet
        )
    )
    return story


def _facts(data: ReportData, sheet: StyleSheet1) -> list[Flowable]:
    zone = ZoneInfo(data.timezone)
    rows = [
        ("Occurred", _when(data.occurred_at, zone)),
        ("Detected", _when(data.detected_at, zone)),
        ("Became aware", show(data.aware_at, zone)),
        ("Contained", _when(data.contained.at, zone) if data.contained else "not recorded"),
        *((line.label, line.value) for line in data.facts),
    ]
    story: list[Flowable] = [para("Facts as they stand", sheet["Heading"]), _kv(rows, sheet)]
    story.append(para("How the facts changed", sheet["Subheading"]))
    if data.fact_changes:
        story.append(
            _table(
                ["When", "Who", "Fact", "Before", "After"],
                [[show(c.at, zone), c.actor, c.key, c.old, c.new] for c in data.fact_changes],
                [34 * mm, 28 * mm, 36 * mm, 36 * mm, 36 * mm],
                sheet,
            )
        )
    else:
        story.append(para("No fact was changed after the incident was opened.", sheet["Body"]))
    return story


def _decision(data: ReportData, sheet: StyleSheet1) -> list[Flowable]:
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
    story.append(_kv(rows, sheet))
    if decision.reasons:
        story.append(
            para("Reasons, as the engine gave them when the decision was made", sheet["Subheading"])
        )
        story.extend(_bullets(decision.reasons, sheet))
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
        story.append(
            _table(
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
        )
    return story


def _playbook(data: ReportData, sheet: StyleSheet1) -> list[Flowable]:
    zone = ZoneInfo(data.timezone)
    done = [s for s in data.steps if s.status == "done"]
    skipped = [s for s in data.steps if s.status == "skipped"]
    open_ = [s for s in data.steps if s.status == "open"]
    na = [s for s in data.steps if s.status == "not_applicable"]
    story: list[Flowable] = [
        para(f"Playbook: {data.playbook}", sheet["Heading"]),
        para(
            f"{len(done)} step(s) done, {len(skipped)} skipped, {len(open_)} open, "
            f"{len(na)} not applicable.",
            sheet["Body"],
        ),
    ]
    if done:
        story.append(para("Done", sheet["Subheading"]))
        story.append(
            _table(
                ["Phase", "Step", "Marked", "By", "Note"],
                [[s.phase, s.title, _when(s.at, zone), s.actor, s.note or "—"] for s in done],
                [18 * mm, 44 * mm, 32 * mm, 26 * mm, 50 * mm],
                sheet,
            )
        )
    if skipped:
        story.append(para("Skipped, and why", sheet["Subheading"]))
        story.append(
            _table(
                ["Phase", "Step", "Why", "By"],
                [[s.phase, s.title, s.note or "no reason given", s.actor] for s in skipped],
                [18 * mm, 50 * mm, 76 * mm, 26 * mm],
                sheet,
            )
        )
    if open_:
        story.append(para("Still open", sheet["Subheading"]))
        story.append(
            _table(
                ["Phase", "Step"],
                [[s.phase, s.title] for s in open_],
                [30 * mm, 140 * mm],
                sheet,
            )
        )
    if na:
        story.append(para("Not applicable to this incident", sheet["Subheading"]))
        story.append(para(", ".join(s.title for s in na) + ".", sheet["Small"]))
    return story


def _sent(data: ReportData, sheet: StyleSheet1) -> list[Flowable]:
    zone = ZoneInfo(data.timezone)
    story: list[Flowable] = [para("Notifications and letters", sheet["Heading"])]
    story.append(para("Filings", sheet["Subheading"]))
    if data.metrics.filings:
        story.append(
            _table(
                ["Filed", "Recipient", "For", "Reference", "Reasons for delay", "By"],
                [
                    [
                        show(f.filing.at, zone),
                        f.filing.recipient_name,
                        f.clock_title,
                        f.filing.reference or "—",
                        f.filing.reasons_for_delay or "—",
                        f.filing.actor,
                    ]
                    for f in data.metrics.filings
                ],
                [30 * mm, 20 * mm, 32 * mm, 36 * mm, 30 * mm, 22 * mm],
                sheet,
            )
        )
    else:
        story.append(para("No notification or report has been filed.", sheet["Body"]))
    story.append(para("Notification drafts", sheet["Subheading"]))
    if data.drafts:
        story.append(
            _table(
                ["Generated", "Authority", "Phase, version", "Complete", "File", "SHA-256"],
                [
                    [
                        show(d.generated_at, zone),
                        f"{d.authority} ({d.language})",
                        f"{d.phase}, v{d.version}",
                        "yes" if d.complete else "no",
                        d.filename,
                        Paragraph(markup(_hash(d.sha256)), sheet["Hash"]),
                    ]
                    for d in data.drafts
                ],
                [28 * mm, 20 * mm, 22 * mm, 19 * mm, 25 * mm, 56 * mm],
                sheet,
            )
        )
    else:
        story.append(para("No notification draft was generated with breachkit.", sheet["Body"]))
    story.append(para("Letters to the people affected", sheet["Subheading"]))
    if data.letters:
        story.append(
            _table(
                ["Started", "Finished", "Letters", "Rows refused", "Format", "Manifest SHA-256"],
                [
                    [
                        show(b.started_at, zone),
                        _when(b.finished_at, zone) if b.finished_at else "not finished",
                        f"{b.letters:,}",
                        f"{b.bad_rows:,}",
                        b.format,
                        Paragraph(markup(_hash(b.manifest_sha256 or "—")), sheet["Hash"]),
                    ]
                    for b in data.letters
                ],
                [28 * mm, 28 * mm, 16 * mm, 18 * mm, 24 * mm, 56 * mm],
                sheet,
            )
        )
    else:
        story.append(para("No letters were sent with breachkit.", sheet["Body"]))
    return story


def _review(data: ReportData, sheet: StyleSheet1) -> list[Flowable]:
    zone = ZoneInfo(data.timezone)
    today = data.generated_at.astimezone(zone).date()
    story: list[Flowable] = [para("Lessons learned and action items", sheet["Heading"])]
    lessons = [i for i in data.review_items if i.kind is ItemKind.LESSON]
    actions = [i for i in data.review_items if i.kind is ItemKind.ACTION]
    if not data.review_items:
        story.append(
            para(
                "None recorded yet. Add them in the Review pane or with breachkit review ID "
                "lesson TEXT / action TEXT --owner NAME --due DATE.",
                sheet["Body"],
            )
        )
        return story
    if lessons:
        story.append(para("Lessons learned", sheet["Subheading"]))
        for item in lessons:
            text = f"{item.text} — {item.actor}, {item.created_at.astimezone(zone).date()}"
            if item.status is ItemStatus.DROPPED:
                text = f"Withdrawn: {item.text} (reason: {item.closing_note})"
            story.append(Paragraph(markup(text), sheet["Bullet"], bulletText=f"L{item.number}"))
    if actions:
        story.append(para("Action items", sheet["Subheading"]))
        rows = []
        for item in actions:
            due = item.due.isoformat() if item.due else "—"
            if item.status is ItemStatus.DONE:
                closed = item.closed_at.astimezone(zone).date() if item.closed_at else "?"
                status: Any = _coloured(f"done {closed}", GREEN, sheet, False)
                if item.closing_note:
                    status = Paragraph(
                        f'<font color="{GREEN.hexval()}">done {closed}</font><br/>'
                        f"{markup(item.closing_note)}",
                        sheet["CellSmall"],
                    )
            elif item.status is ItemStatus.DROPPED:
                status = f"dropped: {item.closing_note}"
            elif item.overdue(today):
                status = _coloured(
                    f"OVERDUE by {(today - item.due).days} d" if item.due else "overdue", RED, sheet
                )
            else:
                status = "open"
            rows.append([f"A{item.number}", item.text, item.owner, due, status])
        story.append(
            _table(
                ["#", "Action", "Owner", "Due", "Status"],
                rows,
                [10 * mm, 76 * mm, 30 * mm, 20 * mm, 34 * mm],
                sheet,
            )
        )
    return story


def _evidence(data: ReportData, sheet: StyleSheet1) -> list[Flowable]:
    zone = ZoneInfo(data.timezone)
    story: list[Flowable] = [para("Evidence", sheet["Heading"])]
    if not data.evidence:
        story.append(para("No evidence file was attached.", sheet["Body"]))
        return story
    story.append(
        _table(
            ["Entry", "File", "Size", "Added", "SHA-256"],
            [
                [
                    str(e.seq),
                    f"{e.filename}\n{e.added_by}",
                    f"{e.size:,} B",
                    show(e.added_at, zone),
                    Paragraph(markup(_hash(e.sha256)), sheet["Hash"]),
                ]
                for e in data.evidence
            ],
            [11 * mm, 53 * mm, 16 * mm, 34 * mm, 56 * mm],
            sheet,
        )
    )
    return story


def _timeline(data: ReportData, sheet: StyleSheet1) -> list[Flowable]:
    zone = ZoneInfo(data.timezone)
    story: list[Flowable] = [
        PageBreak(),
        para(f"The full timeline ({len(data.timeline):,} entries)", sheet["Heading"]),
    ]
    if data.chain_ok:
        chain = (
            f"The hash chain was verified when this report was generated: every entry is as "
            f"it was recorded. Last entry's hash: {data.head_hash}."
        )
        story.append(para(chain, sheet["Small"]))
    else:
        story.append(
            Paragraph(
                f'<font color="{RED.hexval()}"><b>The hash chain does not verify:</b> '
                f"{markup(data.chain_problem)}</font>",
                sheet["Body"],
            )
        )
    story.append(
        para(
            f"Times in {data.timezone}. “Recorded” is shown when an entry was written down "
            "more than a minute after the time it gives.",
            sheet["Small"],
        )
    )
    header = ["#", "Occurred", "Recorded", "Kind", "Who", "What"]
    widths = [10 * mm, 18.5 * mm, 18.5 * mm, 20.5 * mm, 24 * mm, 78.5 * mm]
    wrap = _Wrapper(FAMILY, TIMELINE_FONT_SIZE)
    rows: list[list[Any]] = []
    for line in data.timeline:
        rows.append(_timeline_row(line, zone, wrap, widths))
        if len(rows) == TIMELINE_CHUNK:
            story.append(_timeline_table(header, rows, widths, sheet))
            rows = []
    if rows or not data.timeline:
        story.append(_timeline_table(header, rows, widths, sheet))
    return story


class _Wrapper:
    """Line breaking for plain-text table cells, with word widths cached.

    The timeline can hold tens of thousands of entries: plain strings broken here draw
    about twice as fast as Paragraphs (and need no markup escaping).
    """

    def __init__(self, font: str, size: float) -> None:
        self.font, self.size = font, size
        self.widths: dict[str, float] = {}
        self.space = stringWidth(" ", font, size)

    def width(self, word: str) -> float:
        known = self.widths.get(word)
        if known is None:
            known = self.widths[word] = stringWidth(word, self.font, self.size)
        return known

    def __call__(self, text: str, limit: float) -> str:
        out: list[str] = []
        for paragraph in text.split("\n"):
            line: list[str] = []
            used = 0.0
            for word in paragraph.split(" "):
                size = self.width(word)
                if size > limit:  # a hash or a path: break it where it must
                    if line:
                        out.append(" ".join(line))
                    pieces = self._pieces(word, limit)
                    out.extend(pieces[:-1])
                    line, used = [pieces[-1]], self.width(pieces[-1])
                elif line and used + self.space + size > limit:
                    out.append(" ".join(line))
                    line, used = [word], size
                else:
                    used += size + (self.space if line else 0.0)
                    line.append(word)
            out.append(" ".join(line))
        return "\n".join(out)

    def _pieces(self, word: str, limit: float) -> list[str]:
        pieces, current = [], ""
        for char in word:
            if current and stringWidth(current + char, self.font, self.size) > limit:
                pieces.append(current)
                current = ""
            current += char
        return [*pieces, current]


def _timeline_row(
    line: TimelineLine, zone: ZoneInfo, wrap: _Wrapper, widths: Sequence[float]
) -> list[str]:
    occurred = _stamp(line.occurred_at, zone)
    recorded = ""
    if abs(line.recorded_at - line.occurred_at) > timedelta(minutes=1):
        recorded = _stamp(line.recorded_at, zone)
    text = line.text
    if line.corrects is not None:
        text = f"(corrects entry {line.corrects}) {text}"
    pad = 2 * CELL_PAD
    return [
        str(line.seq),
        occurred.replace(" ", "\n", 1),
        recorded.replace(" ", "\n", 1),
        line.kind,
        wrap(line.actor, widths[4] - pad),
        wrap(text, widths[5] - pad),
    ]


def _timeline_table(
    header: Sequence[str], rows: list[list[Any]], widths: Sequence[float], sheet: StyleSheet1
) -> Table:
    table = Table(
        [[Paragraph(markup(h), sheet["CellHead"]) for h in header], *rows],
        colWidths=list(widths),
        repeatRows=1,
        hAlign="LEFT",
    )
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 1), (-1, -1), FAMILY, TIMELINE_FONT_SIZE, 8.6),
                ("TEXTCOLOR", (0, 1), (-1, -1), INK),
                ("TEXTCOLOR", (2, 1), (2, -1), MUTED),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BACKGROUND", (0, 0), (-1, 0), HEAD_FILL),
                ("LINEBELOW", (0, 0), (-1, 0), 0.6, MUTED),
                ("LINEBELOW", (0, 1), (-1, -1), 0.25, RULE),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                ("LEFTPADDING", (0, 0), (-1, -1), CELL_PAD),
                ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PAD),
            ]
        )
    )
    return table


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
    story.extend(_bullets(items, sheet))
    return story


# -- the document ----------------------------------------------------------------------------


def _canvas_class(first_line: str, second_line: str, pages: list[int]) -> type[Canvas]:
    class ReportCanvas(Canvas):  # type: ignore[misc]
        """Draws the two-line footer once the page count is known."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._states: list[dict[str, Any]] = []

        def showPage(self) -> None:  # noqa: N802 - reportlab's name
            self._states.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._states)
            pages.append(total)
            for state in self._states:
                self.__dict__.update(state)
                self._footer(total)
                super().showPage()
            super().save()

        def _footer(self, total: int) -> None:
            width, _ = self._pagesize
            self.saveState()
            self.setStrokeColor(RULE)
            self.line(MARGIN, 15 * mm, width - MARGIN, 15 * mm)
            self.setFillColor(MUTED)
            self.setFont(FAMILY, 7)
            self.drawString(MARGIN, 11 * mm, first_line)
            self.drawRightString(width - MARGIN, 11 * mm, f"Page {self._pageNumber} of {total}")
            self.setFont(FAMILY, 6.3)
            self.drawString(MARGIN, 7.5 * mm, second_line)
            self.restoreState()

    return ReportCanvas


def render_report(data: ReportData, content_sha256: str) -> RenderedPdf:
    """The report's PDF bytes (deterministic for the same data) and its page count."""
    register_fonts()
    sheet = _styles()
    zone = ZoneInfo(data.timezone)
    story: list[Flowable] = [
        *_title(data, sheet),
        *_glance(data, sheet),
        KeepTogether(_chart(data, sheet)),
        *_metrics(data, sheet),
        *_facts(data, sheet),
        *_decision(data, sheet),
        *_sent(data, sheet),
        *_review(data, sheet),
        *_playbook(data, sheet),
        *_evidence(data, sheet),
        *_timeline(data, sheet),
        *_about(data, sheet, content_sha256),
    ]
    edition = "redacted" if data.redacted else "contains personal data"
    first = (
        f"{data.incident_id} · after-action report ({edition}) · generated "
        f"{show(data.generated_at, zone)}"
    )
    second = f"Content SHA-256 {content_sha256}"
    pages: list[int] = []
    buffer = BytesIO()
    doc = BaseDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=22 * mm,
        title=f"After-action report {data.incident_id}",
        author="breachkit",
        subject=data.title,
        invariant=1,
    )
    frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="body")
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame])])
    doc.build(story, canvasmaker=_canvas_class(first, second, pages))
    return RenderedPdf(buffer.getvalue(), pages[0] if pages else 0)
