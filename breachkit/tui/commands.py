"""Command palette (ctrl+p): jump to an incident by id or title, open a new one; in an
incident's workspace, jump to a playbook step by its title."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.css.query import NoMatches

from breachkit.core.errors import BreachkitError
from breachkit.core.playbooks import StepView
from breachkit.core.text import display
from breachkit.services import IncidentSummary

if TYPE_CHECKING:
    from breachkit.tui.app import BreachkitApp
    from breachkit.tui.screens.workspace import WorkspaceScreen


class IncidentCommands(Provider):
    """Open any incident's workspace; start the new-incident wizard."""

    _incidents: list[IncidentSummary]

    @property
    def _app(self) -> BreachkitApp:
        return cast("BreachkitApp", self.app)

    async def startup(self) -> None:
        try:
            self._incidents = self._app.services.incidents()
        except BreachkitError:
            self._incidents = []

    def _commands(self) -> list[tuple[str, str, partial[Any]]]:
        commands: list[tuple[str, str, partial[Any]]] = [
            (
                "New incident",
                "Open the new-incident wizard",
                partial(self._app.action_new_incident),
            ),
        ]
        for incident in sorted(self._incidents, key=lambda i: i.id, reverse=True):
            commands.append(
                (
                    display(f"Open {incident.id}: {incident.title}", one_line=True),
                    f"{incident.status} · {incident.cause or 'cause not stated'}",
                    partial(self._app.open_incident, incident.id),
                )
            )
        return commands

    async def discover(self) -> Hits:
        for name, help_text, callback in self._commands():
            yield DiscoveryHit(name, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, callback in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback, text=name, help=help_text)


class StepCommands(Provider):
    """In a workspace: type part of a step's title to show it on the Playbook tab."""

    _steps: list[StepView]

    async def startup(self) -> None:
        from breachkit.tui.widgets.playbook_pane import PlaybookPane  # not needed at start

        self._steps = []
        try:
            pane = self.screen.query_one(PlaybookPane)
        except NoMatches:
            return
        status = pane.status
        if status is None:  # the Playbook tab has not been shown yet
            try:
                status = cast("BreachkitApp", self.app).services.playbook_status(pane.view.id)
            except BreachkitError:
                return
        self._steps = list(status.steps)

    async def search(self, query: str) -> Hits:
        from breachkit.tui.widgets.step_table import STATUS_WORDS

        matcher = self.matcher(query)
        screen = cast("WorkspaceScreen", self.screen)
        for view in self._steps:
            name = f"Step: {view.step.title}"
            score = matcher.match(name)
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(name),
                    partial(screen.show_step, view.step.id),
                    text=name,
                    help=f"{STATUS_WORDS[view.status]} · {view.step.phase} · {view.step.owner}",
                )
