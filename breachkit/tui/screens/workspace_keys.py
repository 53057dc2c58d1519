"""The workspace's tabs and keys: their order, what takes the keyboard on each, the
bindings and the tab each action belongs to.

``TABS`` is the one list of tabs (key 1 is the first); the workspace, its help and the
tests take them from here (``screens.workspace`` re-exports ``TABS``).
"""

from __future__ import annotations

from textual.binding import Binding, BindingType

TABS = (
    "overview",
    "playbook",
    "timeline",
    "clocks",
    "risk",
    "notify",
    "letters",
    "evidence",
    "review",
)
"""In the order shown; key 1 is the first."""
TAB_TITLES = {
    "overview": "Overview",
    "playbook": "Playbook",
    "timeline": "Timeline",
    "clocks": "Clocks",
    "risk": "Risk",
    "notify": "Notify",
    "letters": "Letters",
    "evidence": "Evidence",
    "review": "Review",
}
FOCUS = {
    "overview": "#facts-table",
    "playbook": "#steps-table",
    "timeline": "#timeline-table",
    "clocks": "#clocks-table",
    "risk": "#risk-body",
    "notify": "#notify-checks",
    "letters": "#letters-rows",
    "evidence": "#evidence-table",
    "review": "#review-items",
}
"""What takes the keyboard when a tab is chosen: never a text field, so 1-9 go on
working (``a`` and ``o`` take the Evidence and Letters tabs' file fields)."""
BINDINGS: list[BindingType] = [
    Binding("escape", "back", "Board", tooltip="Back to the incident board.", id="workspace.back"),
    Binding(
        "l",
        "quick_log",
        "Log",
        tooltip="Record what happened (kind, text, time).",
        id="workspace.log",
    ),
    Binding(
        "e",
        "edit_fact",
        "Change fact",
        tooltip="Change the highlighted fact.",
        id="workspace.edit-fact",
    ),
    Binding(
        "k",
        "filter_kind",
        "Filter",
        tooltip="Show only one kind of entry.",
        id="workspace.filter",
    ),
    Binding(
        "f",
        "record_filing",
        "Record filing",
        tooltip="Record that a notification or report was sent.",
        id="workspace.record-filing",
    ),
    Binding(  # the same key, shown in the footer on the Evidence tab only
        "a",
        "attach_file",
        "Attach",
        tooltip="Type the path of the file to attach (Enter: then the note).",
        id="workspace.attach-file",
    ),
    Binding(
        "a",
        "attach",
        "Attach",
        tooltip="Attach a file as evidence (the Evidence tab).",
        show=False,
        id="workspace.attach",
    ),
    Binding(
        "v",
        "verify",
        "Verify",
        tooltip="Re-check the hash chain and evidence files.",
        show=False,
        id="workspace.verify",
    ),
    Binding(
        "d",
        "mark_step('done')",
        "Done",
        tooltip="Mark the highlighted step done (optional note; Enter records).",
        id="workspace.step-done",
    ),
    Binding(
        "s",
        "mark_step('skipped')",
        "Skip",
        tooltip="Skip the highlighted step (a reason is required).",
        id="workspace.step-skip",
    ),
    Binding(
        "x",
        "mark_step('not_applicable')",
        "N/A",
        tooltip="Mark the highlighted step not applicable (a reason is required).",
        id="workspace.step-not-applicable",
    ),
    Binding(
        "u",
        "mark_step('open')",
        "Reopen",
        tooltip="Open the highlighted step again.",
        show=False,
        id="workspace.step-reopen",
    ),
    Binding(
        "p",
        "choose_playbook",
        "Playbook",
        tooltip="Follow another playbook (progress on each is kept).",
        show=False,
        id="workspace.choose-playbook",
    ),
    Binding(
        "c",
        "confirm_risk",
        "Confirm",
        tooltip="Confirm the recommended risk and outcome as the decision.",
        id="workspace.risk-confirm",
    ),
    Binding(
        "o",
        "override_risk",
        "Override",
        tooltip="Decide another risk or outcome, or not a breach, with a justification.",
        id="workspace.risk-override",
    ),
    Binding(
        "x",
        "export_draft",
        "Export",
        tooltip="Write the draft (PDF, Markdown, JSON) and record it on the timeline.",
        id="workspace.draft-export",
    ),
    Binding(
        "f",
        "draft_filing",
        "Record filing",
        tooltip="Record that the draft was sent to this authority (linked to its latest export).",
        id="workspace.draft-filing",
    ),
    Binding(
        "o",
        "letters_file",
        "File",
        tooltip="Type the path of the affected-people CSV (Enter checks it).",
        id="workspace.letters-file",
    ),
    Binding(
        "ctrl+r",
        "write_letters",
        "Write letters",
        tooltip="Write a letter to every person in the file, in a worker.",
        id="workspace.letters-write",
    ),
    Binding(
        "s",
        "stop_letters",
        "Stop",
        tooltip="Stop the batch between chunks (run it again to continue).",
        id="workspace.letters-stop",
    ),
    Binding(
        "n",
        "add_review_item('lesson')",
        "Lesson",
        tooltip="Record a lesson learned.",
        id="workspace.review-lesson",
    ),
    Binding(
        "A",
        "add_review_item('action')",
        "Action",
        tooltip="Record an action item: who does what by when.",
        id="workspace.review-action",
    ),
    Binding(
        "d",
        "close_review_item('done')",
        "Done",
        tooltip="Mark the highlighted action done (optional note).",
        show=False,
        id="workspace.review-done",
    ),
    Binding(
        "delete",
        "close_review_item('dropped')",
        "Drop",
        tooltip="Drop the highlighted lesson or action (a reason is required).",
        show=False,
        id="workspace.review-drop",
    ),
    Binding(
        "m",
        "mark_contained",
        "Contained",
        tooltip="Record when the breach was contained (default now).",
        show=False,
        id="workspace.review-contained",
    ),
    Binding(
        "x",
        "export_report",
        "Report",
        tooltip="Write the after-action report (PDF; full or redacted) in a worker.",
        id="workspace.review-report",
    ),
    *(
        Binding(str(n), f"tab('{tab}')", TAB_TITLES[tab], show=False, id=f"workspace.tab-{tab}")
        for n, tab in enumerate(TABS, 1)
    ),
]
"""Every key of the workspace; ``TAB_ACTIONS`` says which tab each action belongs to."""
TAB_ACTIONS: dict[str, str] = {
    "edit_fact": "overview",
    "mark_step": "playbook",
    "choose_playbook": "playbook",
    "filter_kind": "timeline",
    "record_filing": "clocks",
    "confirm_risk": "risk",
    "override_risk": "risk",
    "export_draft": "notify",
    "draft_filing": "notify",
    "letters_file": "letters",
    "attach_file": "evidence",
    "write_letters": "letters",
    "stop_letters": "letters",
    "add_review_item": "review",
    "close_review_item": "review",
    "mark_contained": "review",
    "export_report": "review",
}
"""The tab each action acts on; the others hide it from the footer (``check_action``)."""
