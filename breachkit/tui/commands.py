"""Command palette (ctrl+p): jump to an incident by id or title, open a new one."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider

from breachkit.core.errors import BreachkitError
from breachkit.services import IncidentSummary

if TYPE_CHECKING:
    from breachkit.tui.app import BreachkitApp


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
                    f"Open {incident.id}: {incident.title}",
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
