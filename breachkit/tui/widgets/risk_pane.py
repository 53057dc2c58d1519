"""``RiskPane``: the engine's recommendation, its reasons, and the person's decision.

A banner says what to do (record only, notify the authority, also tell the people, or
inform the public), coloured by how serious it is; below it the latest decision, with a
warning when the facts have changed the recommendation since. The body shows the ENISA
severity with each component, every reason with its basis, the Art. 34(3) grounds, the
assumptions and what would change the answer. ``confirm`` and ``override`` open the
decision dialogs; a decision lands on the timeline and may start the Art. 34 clock.

Reading the assessment and the decisions takes ~20 ms on an incident with 100,000
timeline entries, so it stays on the UI thread (when the tab is shown, see ``LazyPane``).
"""

from __future__ import annotations

from collections.abc import Mapping
from zoneinfo import ZoneInfo

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from breachkit.core.errors import BreachkitError
from breachkit.core.risk.engine import RiskAssessment
from breachkit.core.times import show
from breachkit.services import IncidentView
from breachkit.services.risk import Decision
from breachkit.tui import risk_words as w
from breachkit.tui.context import app_of
from breachkit.tui.display import theme_style
from breachkit.tui.messages import IncidentChanged
from breachkit.tui.modals.decide import ConfirmDecisionModal, OverrideDecisionModal
from breachkit.tui.widgets.lazy import LazyPane
from breachkit.tui.words import missing_label


class RiskPane(LazyPane):
    """Recommendation banner, latest decision, and the reasoning (scrolls)."""

    DEFAULT_CSS = """
    RiskPane {
        & > #risk-banner {
            height: auto;
            padding: 0 1;
            background: $panel;
            &.-low { background: $success; color: auto 90%; }
            &.-medium { background: $warning; color: auto 90%; }
            &.-high { background: $error; color: auto 90%; }
        }
        & > #risk-decision {
            height: auto;
            padding: 0 1;
            background: $boost;
            &.-undecided { background: $warning 25%; }
            &.-stale { background: $error 30%; }
        }
        & > #risk-body { height: 1fr; padding: 0 1; }
        & > #risk-unavailable { color: $text-muted; padding: 1 2; display: none; }
        &.-unavailable > #risk-unavailable { display: block; }
        &.-unavailable > #risk-banner, &.-unavailable > #risk-decision,
        &.-unavailable > #risk-body { display: none; }
    }
    """

    def __init__(self, view: IncidentView, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self.view = view
        self.assessment: RiskAssessment | None = None
        self.decisions: list[Decision] = []

    def compose(self) -> ComposeResult:
        yield Static("", id="risk-banner", markup=False)
        yield Static("", id="risk-decision", markup=False)
        with VerticalScroll(id="risk-body"):
            yield Static("", id="risk-body-text")
        yield Static("", id="risk-unavailable", markup=False)

    def on_mount(self) -> None:
        self.watch(self.app, "theme", lambda: self._show_body(), init=False)

    def show(self, view: IncidentView) -> None:
        """A fresh reading of the incident: the recommendation may have changed."""
        self.view = view
        self.invalidate()

    def load(self) -> None:
        services = app_of(self).services
        try:
            self.assessment = services.assess_incident(self.view.id)
            self.decisions = services.decisions(self.view.id)
        except BreachkitError as err:
            self.assessment = None
            self.query_one("#risk-unavailable", Static).update(
                f"The risk cannot be assessed:\n{err.message}"
            )
        self.set_class(self.assessment is None, "-unavailable")
        self._show_banner()
        self._show_decision()
        self._show_body()

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.view.facts.timezone)

    @property
    def last(self) -> Decision | None:
        return self.decisions[-1] if self.decisions else None

    # -- the banner and the decision -------------------------------------------------------

    def _show_banner(self) -> None:
        """What to do: the latest decision, else the recommendation, coloured by weight."""
        banner = self.query_one("#risk-banner", Static)
        a, last = self.assessment, self.last
        if a is None:
            return
        outcome = last.outcome if last else a.outcome.value
        what, why = w.OUTCOME_BANNERS.get(outcome, (outcome.upper(), ""))
        css = w.OUTCOME_CLASSES.get(outcome, "-high")
        if last is not None and not last.personal_data_breach:
            (what, why), css = w.NOT_A_BREACH, "-low"
        title = "DECIDED" if last else "RECOMMENDED"
        banner.update(Text.assemble((f"{title}: {what}", "bold"), f" · {why}"))
        banner.remove_class(*set(w.OUTCOME_CLASSES.values()))
        banner.add_class(css)

    def _show_decision(self) -> None:
        line = self.query_one("#risk-decision", Static)
        a, last = self.assessment, self.last
        line.remove_class("-undecided", "-stale")
        if a is None:
            return
        if last is None:
            line.add_class("-undecided")
            line.update(
                Text.assemble(
                    ("Not decided yet. ", "bold"),
                    "The engine recommends; a person decides: c confirms, o overrides "
                    "(with a justification).",
                )
            )
            return
        head, what = self._decided(last)
        parts: list[str | tuple[str, str]] = [(head, "bold"), what]
        if last.justification:
            label = "Justification" if last.override else "Note"
            parts.append(f"\n{label}: {last.justification}")
        changed = w.changed_facts(last.facts, self.view.facts.to_document())
        now = (a.risk.value, a.outcome.value)
        decided = (last.risk, last.outcome) if last.personal_data_breach else None
        if (last.recommended_risk, last.recommended_outcome) == now:
            if changed:
                parts.append(
                    f"\nFacts changed since ({self._keys(changed)}); the recommendation is "
                    "the same."
                )
        elif decided == now:
            parts.append(
                f"\nFacts changed since ({self._keys(changed)}); the engine now recommends "
                "what was decided."
            )
        else:
            line.add_class("-stale")
            parts.append(
                (
                    f"\n⚠ The facts have changed since ({self._keys(changed)}): the engine now "
                    f"recommends {w.choice(a.risk.value, a.outcome.value)}, not "
                    f"{w.choice(last.recommended_risk, last.recommended_outcome)}. "
                    "Decide again: c confirms, o overrides.",
                    "bold",
                )
            )
        line.update(Text.assemble(*parts))

    def _decided(self, d: Decision) -> tuple[str, str]:
        """Who decided when (bold), and what."""
        head = f"Decided #{d.seq} by {d.actor}, {show(d.at, self.zone)}"
        if len(self.decisions) > 1:
            head += f" (the latest of {len(self.decisions)} decisions)"
        if not d.personal_data_breach:
            return f"{head}:", " not a personal data breach (overrides the recommendation)."
        if not d.override:
            return f"{head}:", f" {w.choice(d.risk, d.outcome)}, as recommended."
        return f"{head}:", (
            f" {w.choice(d.risk, d.outcome)} — OVERRIDES the recommendation, "
            f"{w.choice(d.recommended_risk, d.recommended_outcome)}."
        )

    @staticmethod
    def _keys(keys: list[str], most: int = 3) -> str:
        shown = ", ".join(missing_label(key) for key in keys[:most])
        return shown + (f" and {len(keys) - most} more" if len(keys) > most else "")

    # -- the reasoning -----------------------------------------------------------------------

    def _show_body(self) -> None:
        if self.assessment is None or not self.is_mounted:
            return
        self.query_one("#risk-body-text", Static).update(
            self._reasoning(self.assessment, self.app.get_css_variables())
        )

    def _reasoning(self, a: RiskAssessment, variables: Mapping[str, str]) -> RenderableType:
        return Group(
            *self._severity(a),
            *_why(a, variables),
            *_grounds(a),
            *_assumed(a, variables),
            *_levers(a),
            Text(
                "\nThis is a recommendation: a person decides (c confirms, o overrides).",
                style=MUTED,
            ),
        )

    def _severity(self, a: RiskAssessment) -> list[RenderableType]:
        s = a.severity
        grid = _grid()
        grid.add_row(Text(""), Text("band"), Text(""), self._bands(s.level))
        grid.add_row(Text(""), Text("DPC"), Text(f"{s.dpc:g}"), Text(s.dpc_basis, style=MUTED))
        grid.add_row(Text(""), Text("EI"), Text(f"{s.ei:g}"), Text(s.ei_basis, style=MUTED))
        cb = " · ".join(f"{name.replace('_', ' ')} {value:g}" for name, value in s.cb_parts)
        grid.add_row(Text(""), Text("CB"), Text(f"{s.cb:g}"), Text(cb, style=MUTED))
        return [
            Text.assemble(
                ("The engine recommends: ", "bold"),
                (w.outcome_label(a.outcome), "bold"),
                f" — the breach is {w.RISK_SENTENCES[a.risk]}.",
            ),
            Text.assemble(
                ("Severity ", "bold"),
                (f"{s.score:g}, {w.level_label(s.level)}", "bold"),
                (f"  ENISA 2013: SE = DPC × EI + CB = {s.dpc:g} × {s.ei:g} + {s.cb:g}", MUTED),
            ),
            grid,
        ]

    @staticmethod
    def _bands(level: str) -> Text:
        """``low < 2 · medium < 3 · high < 4 · very high ≥ 4``, the score's band shown."""
        text = Text()
        for i, (name, limit) in enumerate(w.SEVERITY_BANDS):
            if i:
                text.append("·", style="dim")
            label = f" {w.level_label(name)} {limit} "
            text.append(label, style="reverse bold" if name == level else "dim")
        return text

    # -- deciding ------------------------------------------------------------------------------

    def confirm(self) -> None:
        a = self.assessment
        if a is None:
            self.app.notify("The risk cannot be assessed; see the Risk tab.", timeout=5)
            return
        view = self.view

        def apply(note: str) -> None:
            entry = app_of(self).services.decide(view.id, justification=note)
            said = f"{w.choice(a.risk, a.outcome)}, as recommended."
            self.app.notify(said, title="Decision recorded", markup=False, timeout=6)
            self.post_message(IncidentChanged(view.id, entry))

        self.app.push_screen(ConfirmDecisionModal(a, apply))

    def override(self) -> None:
        a = self.assessment
        if a is None:
            self.app.notify("The risk cannot be assessed; see the Risk tab.", timeout=5)
            return
        view = self.view

        def apply(risk: str, outcome: str, justification: str, not_a_breach: bool) -> None:
            entry = app_of(self).services.decide(
                view.id,
                risk=None if not_a_breach else risk,
                outcome=None if not_a_breach else outcome,
                justification=justification,
                not_a_breach=not_a_breach,
            )
            said = "not a personal data breach." if not_a_breach else w.choice(risk, outcome) + "."
            self.app.notify(said, title="Decision recorded", markup=False, timeout=6)
            self.post_message(IncidentChanged(view.id, entry))

        self.app.push_screen(OverrideDecisionModal(a, apply))


def _grid(*, marks: bool = False) -> Table:
    grid = Table.grid(padding=(0, 1))
    if marks:
        grid.add_column(width=1, no_wrap=True)
        grid.add_column(ratio=1)
    else:
        grid.add_column(width=1, no_wrap=True)
        grid.add_column(width=4, no_wrap=True)
        grid.add_column(width=4, no_wrap=True, justify="right")
        grid.add_column(ratio=1)
    return grid


def _heading(title: str, hint: str, muted: str) -> Text:
    return Text.assemble("\n", (title, "bold underline"), (hint, muted))


MUTED = "dim"


def _why(a: RiskAssessment, variables: Mapping[str, str]) -> list[RenderableType]:
    reasons = _grid(marks=True)
    for reason in a.reasons:
        mark, colour = w.MARKS.get(reason.direction, ("·", ""))
        style = theme_style(variables, colour) if colour else ""
        body = Text(w.split_basis(reason.text, reason.basis))
        body.append(f"\n{reason.basis}", style=MUTED)
        reasons.add_row(Text(mark, style=style), body)
    return [_heading("Why", "  ▲ raises the risk · ▼ lowers it · ? assumed", MUTED), reasons]


def _grounds(a: RiskAssessment) -> list[RenderableType]:
    grounds = _grid(marks=True)
    for ground in a.exemptions:
        grounds.add_row(Text("•"), Text(f"Art. {ground}: {w.GROUNDS.get(ground, ground)}"))
    if not a.exemptions:
        none = (
            "none applies: the people must be told (Art. 34(1))"
            if a.risk.value == "high"
            else "none needed: the risk is not high"
        )
        grounds.add_row(Text("•"), Text(none, style=MUTED))
    return [_heading("Art. 34(3) grounds", "", MUTED), grounds]


def _assumed(a: RiskAssessment, variables: Mapping[str, str]) -> list[RenderableType]:
    assumed = _grid(marks=True)
    warn = theme_style(variables, "warning")
    for line in a.assumptions:
        assumed.add_row(Text("?", style=warn), Text(line))
    if not a.assumptions:
        assumed.add_row(
            Text("•"), Text("nothing: every fact the engine weighs is stated", style=MUTED)
        )
    heading = _heading("Assumed", "  facts not stated, taken at their worse value", MUTED)
    return [heading, assumed]


def _levers(a: RiskAssessment) -> list[RenderableType]:
    levers = _grid(marks=True)
    for line in a.would_change:
        levers.add_row(Text("→"), Text(line))
    if not a.would_change:
        levers.add_row(
            Text("•"), Text("no single fact the engine weighs would change it", style=MUTED)
        )
    return [_heading("What would change the answer", "", MUTED), levers]
