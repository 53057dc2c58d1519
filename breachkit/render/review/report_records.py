"""The report's record of what was done: filings, drafts and letters sent, lessons and
action items, the playbook's steps, the evidence."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from reportlab.lib.styles import StyleSheet1
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph

from breachkit.core.review.items import ItemKind, ItemStatus
from breachkit.core.review.model import ReportData
from breachkit.core.text import counted
from breachkit.core.times import show
from breachkit.render.pdf import markup, para
from breachkit.render.review.chart_marks import GREEN, RED
from breachkit.render.review.report_cells import coloured, hash_cell, table, when


def sent_section(data: ReportData, sheet: StyleSheet1) -> list[Flowable]:
    zone = ZoneInfo(data.timezone)
    return [
        para("Notifications and letters", sheet["Heading"]),
        para("Filings", sheet["Subheading"]),
        _filings(data, sheet, zone)
        if data.metrics.filings
        else para("No notification or report has been filed.", sheet["Body"]),
        para("Notification drafts", sheet["Subheading"]),
        _drafts(data, sheet, zone)
        if data.drafts
        else para("No notification draft was generated with breachkit.", sheet["Body"]),
        para("Letters to the people affected", sheet["Subheading"]),
        _letters(data, sheet, zone)
        if data.letters
        else para("No letters were sent with breachkit.", sheet["Body"]),
    ]


def _filings(data: ReportData, sheet: StyleSheet1, zone: ZoneInfo) -> Flowable:
    return table(
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


def _drafts(data: ReportData, sheet: StyleSheet1, zone: ZoneInfo) -> Flowable:
    return table(
        ["Generated", "Authority", "Phase, version", "Complete", "File", "SHA-256"],
        [
            [
                show(d.generated_at, zone),
                f"{d.authority} ({d.language})",
                f"{d.phase}, v{d.version}"
                + (f" (unchanged since v{d.unchanged_since})" if d.unchanged_since else ""),
                "yes" if d.complete else "no",
                d.filename,
                hash_cell(d.sha256, sheet),
            ]
            for d in data.drafts
        ],
        [28 * mm, 20 * mm, 22 * mm, 19 * mm, 25 * mm, 56 * mm],
        sheet,
    )


def _letters(data: ReportData, sheet: StyleSheet1, zone: ZoneInfo) -> Flowable:
    return table(
        ["Started", "Finished", "Letters", "Rows refused", "Format", "Manifest SHA-256"],
        [
            [
                show(b.started_at, zone),
                when(b.finished_at, zone) if b.finished_at else "not finished",
                f"{b.letters:,}",
                f"{b.bad_rows:,}",
                b.format,
                hash_cell(b.manifest_sha256 or "—", sheet),
            ]
            for b in data.letters
        ],
        [28 * mm, 28 * mm, 16 * mm, 18 * mm, 24 * mm, 56 * mm],
        sheet,
    )


def review_section(data: ReportData, sheet: StyleSheet1) -> list[Flowable]:
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
                status: Any = coloured(f"done {closed}", GREEN, sheet, False)
                if item.closing_note:
                    status = Paragraph(
                        f'<font color="{GREEN.hexval()}">done {closed}</font><br/>'
                        f"{markup(item.closing_note)}",
                        sheet["CellSmall"],
                    )
            elif item.status is ItemStatus.DROPPED:
                status = f"dropped: {item.closing_note}"
            elif item.overdue(today):
                status = coloured(
                    f"OVERDUE by {(today - item.due).days} d" if item.due else "overdue", RED, sheet
                )
            else:
                status = "open"
            rows.append([f"A{item.number}", item.text, item.owner, due, status])
        story.append(
            table(
                ["#", "Action", "Owner", "Due", "Status"],
                rows,
                [10 * mm, 76 * mm, 30 * mm, 20 * mm, 34 * mm],
                sheet,
            )
        )
    return story


def playbook_section(data: ReportData, sheet: StyleSheet1) -> list[Flowable]:
    zone = ZoneInfo(data.timezone)
    done = [s for s in data.steps if s.status == "done"]
    skipped = [s for s in data.steps if s.status == "skipped"]
    open_ = [s for s in data.steps if s.status == "open"]
    na = [s for s in data.steps if s.status == "not_applicable"]
    story: list[Flowable] = [
        para(f"Playbook: {data.playbook}", sheet["Heading"]),
        para(
            f"{counted(len(done), 'step')} done, {len(skipped)} skipped, {len(open_)} open, "
            f"{len(na)} not applicable.",
            sheet["Body"],
        ),
    ]
    if done:
        story.append(para("Done", sheet["Subheading"]))
        story.append(
            table(
                ["Phase", "Step", "Marked", "By", "Note"],
                [[s.phase, s.title, when(s.at, zone), s.actor, s.note or "—"] for s in done],
                [18 * mm, 44 * mm, 32 * mm, 26 * mm, 50 * mm],
                sheet,
            )
        )
    if skipped:
        story.append(para("Skipped, and why", sheet["Subheading"]))
        story.append(
            table(
                ["Phase", "Step", "Why", "By"],
                [[s.phase, s.title, s.note or "no reason given", s.actor] for s in skipped],
                [18 * mm, 50 * mm, 76 * mm, 26 * mm],
                sheet,
            )
        )
    if open_:
        story.append(para("Still open", sheet["Subheading"]))
        story.append(
            table(
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


def evidence_section(data: ReportData, sheet: StyleSheet1) -> list[Flowable]:
    zone = ZoneInfo(data.timezone)
    story: list[Flowable] = [para("Evidence", sheet["Heading"])]
    if not data.evidence:
        story.append(para("No evidence file was attached.", sheet["Body"]))
        return story
    story.append(
        table(
            ["Entry", "File", "Size", "Added", "SHA-256"],
            [
                [
                    str(e.seq),
                    f"{e.filename}\n{e.added_by}",
                    f"{e.size:,} B",
                    show(e.added_at, zone),
                    hash_cell(e.sha256, sheet),
                ]
                for e in data.evidence
            ],
            [11 * mm, 53 * mm, 16 * mm, 34 * mm, 56 * mm],
            sheet,
        )
    )
    return story
