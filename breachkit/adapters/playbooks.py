"""Loading playbooks: the bundled folder, then the organisation's own folder.

``load_playbooks(user_dir)`` parses every ``*.toml`` in breachkit's ``playbooks`` folder
and then in ``user_dir``: a user playbook with the id of a bundled one replaces it, one
with a new id is added. Every file is checked before anything is returned; all problems
are raised together as one :class:`~breachkit.core.errors.InputError` (exit code 2).
``user_playbooks_dir(option)`` resolves ``--playbooks DIR`` / ``BREACHKIT_PLAYBOOKS``.
"""

from __future__ import annotations

import os
from pathlib import Path

from breachkit.adapters.paths import bundled
from breachkit.core.errors import InputError, Problem
from breachkit.core.playbooks import Playbook, parse_playbook

ENV_VAR = "BREACHKIT_PLAYBOOKS"


def user_playbooks_dir(option: Path | None) -> Path | None:
    """``--playbooks DIR``, else ``BREACHKIT_PLAYBOOKS``, else None (bundled only)."""
    if option is not None:
        return option
    env = os.environ.get(ENV_VAR)
    return Path(env) if env else None


def load_playbooks(user_dir: Path | None = None) -> dict[str, Playbook]:
    """Every playbook by id, sorted by id: the bundled ones, overridden or added to by
    ``user_dir``'s. Raises InputError naming each bad file, step, key and line."""
    problems: list[Problem] = []
    found: dict[str, Playbook] = {}
    folders = [bundled("playbooks")]
    if user_dir is not None:
        if not user_dir.is_dir():
            raise InputError(Problem(str(user_dir), None, "the playbooks folder does not exist"))
        folders.append(user_dir)
    for folder in folders:
        here: dict[str, Playbook] = {}
        for path in sorted(folder.glob("*.toml")):
            playbook = _read(path, problems)
            if playbook is None:
                continue
            if playbook.id in here:
                problems.append(
                    Problem(
                        str(path),
                        "id",
                        f"playbook id '{playbook.id}' is also declared by "
                        f"{here[playbook.id].source}",
                    )
                )
                continue
            here[playbook.id] = playbook
        found.update(here)
    if problems:
        raise InputError(problems)
    return dict(sorted(found.items()))


def _read(path: Path, problems: list[Problem]) -> Playbook | None:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        problems.append(Problem(str(path), None, "not UTF-8 text"))
        return None
    except OSError as err:
        problems.append(Problem(str(path), None, f"cannot be read: {err.strerror}"))
        return None
    try:
        return parse_playbook(text, str(path))
    except InputError as err:
        problems.extend(err.problems)
        return None
